"""Staff sign-in, lock-out, sessions, CSRF and the guided-script conversation."""

from __future__ import annotations

import re

from tests.support.web_front import STAFF_NAME, STAFF_PASSWORD, csrf_from, run, sign_in
from tests.web.fake_rasa import FakeRasa
from web import keys
from web.limits import LoginThrottle


def with_case_note(body: dict) -> list[dict]:
    return [
        {"recipient_id": body["sender"], "text": "Ask what matters most to them right now."},
        {"recipient_id": body["sender"], "custom": {"case_note": {
            "text": "Caller: daughter.\nNeeds: help with meals.", "data": {"about": "someone_else", "urgent": False}}}},
    ]


async def chat_csrf(client) -> str:
    html = await (await client.get("/staff/conversation")).text()
    return re.search(r'data-csrf="([^"]+)"', html).group(1)


def test_without_a_session_pages_redirect_to_sign_in_and_json_gets_401(front):
    async def scenario():
        async with front() as (client, rasa):
            for path in ["/staff/queue", "/staff/conversation", "/staff/queue/FD-234567"]:
                response = await client.get(path, allow_redirects=False)
                assert response.status == 303
                assert response.headers["Location"] == f"/staff/login?next={path}"
            chat = await client.post("/staff/chat", json={"message": "hi"})
            assert chat.status == 401 and (await chat.json())["error"] == "login_required"
            claim = await client.post("/staff/queue/FD-234567/claim", data={}, allow_redirects=False)
            assert claim.status == 303
            assert rasa.received == []

    run(scenario())


def test_with_no_accounts_the_sign_in_page_explains_how_to_add_one(front, tmp_path):
    async def scenario():
        async with front(users_file=tmp_path / "none.yml") as (client, _):
            html = await (await client.get("/staff/login")).text()
            assert "python -m web add-staff" in html
            assert 'name="password"' not in html

    run(scenario())


def test_sign_in_sets_a_strict_session_cookie_and_goes_where_asked(front):
    async def scenario():
        async with front() as (client, _):
            response = await sign_in(client, next_page="/staff/conversation")
            assert response.status == 303 and response.headers["Location"] == "/staff/conversation"
            cookie = response.cookies["fd_staff"]
            assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/staff"
            assert not cookie["secure"]
            page = await client.get("/staff/queue")
            assert page.status == 200 and f"Signed in as {STAFF_NAME}" in await page.text()

    run(scenario())


def test_cookie_is_secure_when_configured_and_offsite_next_pages_are_ignored(front):
    async def scenario():
        async with front(env={"FRONTDOOR_COOKIE_SECURE": "1"}) as (client, _):
            page = await client.get("/staff/login")
            login_cookie = page.cookies["fd_login"]
            assert login_cookie["secure"]
            # The test client speaks plain HTTP, so it would not send a Secure cookie back by itself.
            response = await client.post(
                "/staff/login", cookies={"fd_login": login_cookie.value}, allow_redirects=False,
                data={"username": STAFF_NAME, "password": STAFF_PASSWORD, "csrf_token": csrf_from(await page.text()),
                      "next": "//evil.example/staff"})
            assert response.cookies["fd_staff"]["secure"]
            assert response.headers["Location"] == "/staff/queue"

    run(scenario())


def test_sign_in_without_the_forms_csrf_token_is_refused(front):
    async def scenario():
        async with front() as (client, _):
            response = await client.post("/staff/login", data={"username": STAFF_NAME, "password": STAFF_PASSWORD,
                                                                "csrf_token": "made-up"}, allow_redirects=False)
            assert response.status == 400 and "expired" in await response.text()
            assert "fd_staff" not in response.cookies

    run(scenario())


def test_wrong_password_says_so_without_saying_which_part_was_wrong(front):
    async def scenario():
        async with front() as (client, _):
            wrong_password = await sign_in(client, password="not the password")
            unknown_user = await sign_in(client, username="nobody")
            for response in (wrong_password, unknown_user):
                assert response.status == 401
                assert "The username or password is not right" in await response.text()

    run(scenario())


def test_five_wrong_passwords_lock_the_account_on_that_client_for_15_minutes(front):
    clock = [1000.0]

    async def scenario():
        async with front() as (client, _):
            client.app[keys.LOGIN_THROTTLE] = LoginThrottle(clock=lambda: clock[0])
            statuses = [(await sign_in(client, password=f"guess {i}")).status for i in range(5)]
            assert statuses == [401] * 4 + [429]
            locked = await sign_in(client)  # even the right password is refused while locked
            assert locked.status == 429 and "Please wait 15 minutes" in await locked.text()
            clock[0] += 14 * 60
            assert (await sign_in(client)).status == 429
            clock[0] += 61
            assert (await sign_in(client)).status == 303

    run(scenario())


def test_sign_out_needs_the_csrf_token_and_really_ends_the_session(front):
    async def scenario():
        async with front() as (client, _):
            await sign_in(client)
            page = await (await client.get("/staff/queue")).text()
            refused = await client.post("/staff/logout", data={"csrf_token": "wrong"}, allow_redirects=False)
            assert refused.status == 403
            assert (await client.get("/staff/queue", allow_redirects=False)).status == 200
            stolen = client.session.cookie_jar.filter_cookies(client.make_url("/staff/"))["fd_staff"].value
            out = await client.post("/staff/logout", data={"csrf_token": csrf_from(page)}, allow_redirects=False)
            assert out.status == 303
            # Replaying the old cookie after sign-out does not get back in.
            client.session.cookie_jar.update_cookies({"fd_staff": stolen})
            assert (await client.get("/staff/queue", allow_redirects=False)).status == 303

    run(scenario())


def test_guided_conversation_uses_the_staff_channel_and_shows_case_notes(front):
    async def scenario():
        async with front(rasa=FakeRasa(reply=with_case_note)) as (client, rasa):
            await sign_in(client)
            token = await chat_csrf(client)
            no_token = await client.post("/staff/chat", json={"message": "caller is worried"})
            assert no_token.status == 403 and rasa.received == []
            response = await client.post("/staff/chat", json={"message": "caller is worried"},
                                         headers={"X-CSRF-Token": token})
            body = await response.json()
            assert body["messages"][0] == {"text": "Ask what matters most to them right now."}
            assert body["messages"][1]["case_note"] == {
                "text": "Caller: daughter.\nNeeds: help with meals.", "data": {"about": "someone_else", "urgent": "no"}}
            assert rasa.received[0]["metadata"] == {"channel": "staff"}

    run(scenario())


def test_staff_restart_starts_a_new_conversation(front):
    async def scenario():
        async with front() as (client, rasa):
            await sign_in(client)
            headers = {"X-CSRF-Token": await chat_csrf(client)}
            await client.post("/staff/chat/start", json={}, headers=headers)
            await client.post("/staff/chat", json={"message": "one"}, headers=headers)
            await client.post("/staff/chat", json={"message": "two"}, headers=headers)
            assert (await client.post("/staff/chat/restart", json={}, headers=headers)).status == 200
            await client.post("/staff/chat", json={"message": "three"}, headers=headers)
            # The opening greeting tells the bot it is talking to staff (payloads skip Rasa's NLU pipeline).
            assert rasa.messages[0] == '/greet{"channel_mode": "staff"}'
            senders = [body["sender"] for body in rasa.received]
            assert senders[0] == senders[1] == senders[2] != senders[3]

    run(scenario())
