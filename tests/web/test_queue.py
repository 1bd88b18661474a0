"""The duty queue on the real referral store (SQLite in a temporary folder)."""

from __future__ import annotations

import itertools
import time

import pytest

from bot.referrals import NewReferral, open_store
from tests.support.web_front import STAFF_NAME, csrf_from, run, sign_in

_keys = itertools.count()


@pytest.fixture
def store(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'referrals.db'}", tmp_path / "spool")
    yield store
    store.dispose()


def submit(store, route: str, **overrides) -> str:
    fields = dict(
        referral_key=f"test-{next(_keys)}", route=route, reasons=[f"{route} words"], channel="web", about="self",
        transcript=[{"who": "resident", "text": "I need someone to call me", "at": None}],
        in_hours=True, team="Adult social care duty team",
    )
    fields.update(overrides)
    outcome = store.submit(NewReferral(**fields))
    assert outcome.stored
    time.sleep(0.01)  # distinct created_at, so "newest first" is observable
    return outcome.referral_id


def queue_ids(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-referral="')[1:]]


def test_most_urgent_first_then_newest(front, store):
    old_callback = submit(store, "callback")
    crisis = submit(store, "crisis")
    new_callback = submit(store, "callback")
    emergency = submit(store, "emergency")

    async def scenario():
        async with front(referral_store=store) as (client, _):
            await sign_in(client)
            html = await (await client.get("/staff/queue")).text()
            assert queue_ids(html) == [emergency, crisis, new_callback, old_callback]

    run(scenario())


def test_filters_by_status_and_route(front, store):
    crisis = submit(store, "crisis")
    callback = submit(store, "callback")
    store.claim(callback, "someone")
    closed = submit(store, "crisis")
    store.close(closed, "someone", "Sorted")

    async def scenario():
        async with front(referral_store=store) as (client, _):
            await sign_in(client)
            assert set(queue_ids(await (await client.get("/staff/queue")).text())) == {crisis, callback}
            assert queue_ids(await (await client.get("/staff/queue?status=claimed")).text()) == [callback]
            assert queue_ids(await (await client.get("/staff/queue?status=closed")).text()) == [closed]
            assert queue_ids(await (await client.get("/staff/queue?status=all&route=crisis")).text()) == [
                closed, crisis]
            # Nonsense filters fall back to the default instead of failing.
            odd = await client.get("/staff/queue?status=<script>&route=%00")
            assert odd.status == 200 and set(queue_ids(await odd.text())) == {crisis, callback}

    run(scenario())


def test_claim_note_and_close_are_done_by_the_signed_in_person_and_audited(front, store):
    referral = submit(store, "safeguarding")

    async def scenario():
        async with front(referral_store=store) as (client, _):
            await sign_in(client)
            page = await (await client.get(f"/staff/queue/{referral}")).text()
            token = csrf_from(page)
            claimed = await client.post(f"/staff/queue/{referral}/claim", data={"csrf_token": token})
            assert "You have claimed this referral" in await claimed.text()
            noted = await client.post(f"/staff/queue/{referral}/note",
                                      data={"csrf_token": token, "note": "Left a voicemail"})
            assert "Left a voicemail" in await noted.text()
            closed = await client.post(f"/staff/queue/{referral}/close",
                                       data={"csrf_token": token, "outcome": "Called back; assessment booked"})
            assert "The referral is closed" in await closed.text()

    run(scenario())
    view = store.get(referral)
    assert (view.status, view.claimed_by, view.outcome) == ("closed", STAFF_NAME, "Called back; assessment booked")
    assert [note["by"] for note in view.notes] == [STAFF_NAME]
    assert {entry["who"] for entry in view.audit if entry["action"] != "created"} == {STAFF_NAME}


def test_actions_without_the_csrf_token_change_nothing(front, store):
    referral = submit(store, "urgent")

    async def scenario():
        async with front(referral_store=store) as (client, _):
            await sign_in(client)
            response = await client.post(f"/staff/queue/{referral}/close", data={"outcome": "forged"})
            assert response.status == 403

    run(scenario())
    assert store.get(referral).status == "new"


def test_refused_actions_and_empty_text_are_explained_not_crashed(front, store):
    referral = submit(store, "medical")
    store.close(referral, "someone else", "Done already")

    async def scenario():
        async with front(referral_store=store) as (client, _):
            await sign_in(client)
            token = csrf_from(await (await client.get(f"/staff/queue/{referral}")).text())
            again = await client.post(f"/staff/queue/{referral}/claim", data={"csrf_token": token})
            assert again.status == 409 and "There is a problem" in await again.text()
            empty = await client.post(f"/staff/queue/{referral}/note", data={"csrf_token": token, "note": "  \x00 "})
            assert empty.status == 400 and "Please write a note" in await empty.text()
            missing = await client.get("/staff/queue/FD-ZZZZZZ")
            assert missing.status == 404 and "no referral with that reference" in await missing.text()
            weird = await client.get("/staff/queue/..%2F..%2Fetc")
            assert weird.status == 404

    run(scenario())
    assert store.get(referral).notes == []


def test_what_people_wrote_is_escaped_and_contact_needs_consent(front, store):
    with_consent = submit(store, "callback", what_matters="<script>alert('x')</script>",
                          contact={"phone": "07700 900123"}, consent=True)
    without = submit(store, "callback", contact={"phone": "07700 900999"}, consent=False)

    async def scenario():
        async with front(referral_store=store) as (client, _):
            await sign_in(client)
            page = await (await client.get(f"/staff/queue/{with_consent}")).text()
            assert "<script>alert" not in page and "&lt;script&gt;alert" in page
            assert "07700 900123" in page
            assert "07700 900999" not in await (await client.get(f"/staff/queue/{without}")).text()
            # The list shows what triage needs, not contact details or what was said.
            queue = await (await client.get("/staff/queue")).text()
            assert "07700 900123" not in queue and "I need someone to call me" not in queue

    run(scenario())


class BrokenStore:
    def list(self, status=None, route=None, limit=200):
        raise OSError("database is down")

    def get(self, referral_id):
        raise OSError("database is down")


def test_a_broken_store_gives_a_plain_message_not_a_stack_trace(front):
    async def scenario():
        async with front(referral_store=BrokenStore()) as (client, _):
            await sign_in(client)
            response = await client.get("/staff/queue")
            assert response.status == 503
            text = await response.text()
            assert "cannot reach the referral store" in text and "Traceback" not in text

    run(scenario())


def test_resuming_a_paused_chat_goes_to_the_bot_with_its_token_and_is_audited(front, store):
    referral = submit(store, "safeguarding", conversation_id="chat-123")
    conversation = "chat-123"

    async def scenario():
        async with front(env={"FRONTDOOR_RASA_TOKEN": "t0ken"}, referral_store=store) as (client, rasa):
            await sign_in(client)
            token = csrf_from(await (await client.get(f"/staff/queue/{referral}")).text())
            resumed = await client.post(f"/staff/queue/{referral}/resume", data={"csrf_token": token})
            assert "The chat is resumed" in await resumed.text()
            return rasa.received

    [call] = run(scenario())
    assert call == {"conversation": conversation, "token": "t0ken",
                    "events": [{"event": "resume"}, {"event": "action", "name": "action_listen"}]}
    assert any(entry["who"] == STAFF_NAME and entry["action"] == "resumed" for entry in store.get(referral).audit)


def test_a_colleagues_claim_cannot_be_closed_or_noted_once_closed_from_the_console(front, store):
    referral = submit(store, "safeguarding")
    store.claim(referral, "someone else")

    async def scenario():
        async with front(referral_store=store) as (client, _):
            await sign_in(client)
            token = csrf_from(await (await client.get(f"/staff/queue/{referral}")).text())
            refused = await client.post(f"/staff/queue/{referral}/close", data={"csrf_token": token, "outcome": "mine"})
            assert refused.status == 409 and "only they, or a manager, can close it" in await refused.text()
            store.close(referral, "someone else", "Done")
            late = await client.post(f"/staff/queue/{referral}/note", data={"csrf_token": token, "note": "late"})
            assert late.status == 409 and "reopen it" in await late.text()

    run(scenario())
    view = store.get(referral)
    assert (view.status, view.closed_by, view.notes) == ("closed", "someone else", [])
    assert [entry["action"] for entry in view.audit] == ["created", "claimed", "closed"]
