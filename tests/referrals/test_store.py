"""The referral store on SQLite and PostgreSQL: what the duty team sees, and that nothing is
duplicated or lost when many conversations hand off at once."""

from __future__ import annotations

import json
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.referrals import NewReferral, ReferralError
from tests.referrals.samples import new_referral


def test_a_submitted_referral_keeps_everything_the_duty_worker_needs(store):
    outcome = store.submit(new_referral("conv-1:1700000000.0", route="safeguarding"))
    assert outcome.stored and not outcome.spooled
    assert re.fullmatch(r"FD-[2-9A-HJKMNP-TV-Z]{6}", outcome.referral_id)
    view = store.get(outcome.referral_id)
    assert view.route == "safeguarding" and view.priority == 2
    assert view.status == "new" and view.claimed_by is None
    assert [turn["who"] for turn in view.transcript] == ["bot", "resident"]
    assert "no food for two days" in view.transcript[1]["text"]
    assert view.reasons == ["no_food", "lives_alone"]
    assert view.what_matters == "Staying in my own home"
    assert view.contact == {"phone": "07700 900123", "name": "Pat Example"} and view.consent
    assert (view.in_hours, view.team, view.channel, view.about) == (True, "duty_team", "web", "self")
    assert view.created_at.tzinfo is not None
    assert [(entry["who"], entry["action"]) for entry in view.audit] == [("front door", "created")]


def test_contact_details_are_not_kept_without_consent(store):
    outcome = store.submit(new_referral("conv-2:1", consent=False))
    view = store.get(outcome.referral_id)
    assert view.contact is None and view.consent is False
    assert "no consent" in view.audit[0]["detail"]


def test_the_same_key_twice_gives_the_same_referral(store):
    first = store.submit(new_referral("conv-3:1"))
    second = store.submit(new_referral("conv-3:1", what_matters="changed"))
    assert first.referral_id == second.referral_id
    assert len(store.list()) == 1
    assert store.get(first.referral_id).what_matters == "Staying in my own home"


def test_the_queue_shows_the_most_urgent_first_then_the_newest(store):
    ids = {}
    for key, route in [("a", "callback"), ("b", "urgent"), ("c", "emergency"), ("d", "urgent"), ("e", "medical")]:
        ids[key] = store.submit(new_referral(key, route=route)).referral_id
    assert [view.id for view in store.list()] == [ids["c"], ids["d"], ids["b"], ids["e"], ids["a"]]
    assert [view.id for view in store.list(route="urgent")] == [ids["d"], ids["b"]]
    assert len(store.list(limit=2)) == 2


def test_claim_then_close_moves_through_the_statuses_and_is_audited(store):
    rid = store.submit(new_referral("conv-4:1")).referral_id
    claimed = store.claim(rid.lower(), "Sam Jones")  # staff may type the reference in lower case
    assert (claimed.status, claimed.claimed_by) == ("claimed", "Sam Jones")
    assert [view.id for view in store.list(status="new")] == []
    assert [view.id for view in store.list(status="claimed")] == [rid]
    noted = store.add_note(rid, "Sam Jones", "Rang back, no answer; will try again at 2pm")
    assert noted.notes[0]["text"].startswith("Rang back") and noted.notes[0]["by"] == "Sam Jones"
    closed = store.close(rid, "Alex Smith", "Food parcel arranged; care assessment booked", may_reassign=True)
    assert (closed.status, closed.closed_by, closed.outcome) == (
        "closed", "Alex Smith", "Food parcel arranged; care assessment booked")
    assert [(e["who"], e["action"]) for e in closed.audit] == [
        ("front door", "created"), ("Sam Jones", "claimed"), ("Sam Jones", "noted"), ("Alex Smith", "closed")]
    assert closed.audit[-1]["at"] >= closed.audit[0]["at"]


def test_a_new_referral_can_be_closed_without_a_claim(store):
    rid = store.submit(new_referral("conv-5:1")).referral_id
    assert store.close(rid, "Sam", "Duplicate of a phone call").status == "closed"


@pytest.mark.parametrize(
    "steps, message",
    [
        ([("claim", "Sam"), ("claim", "Alex")], "already claimed by Sam"),
        ([("close", "Sam"), ("claim", "Alex")], "is closed"),
        ([("close", "Sam"), ("close", "Alex")], "already closed by Sam"),
    ],
)
def test_wrong_order_is_refused_with_a_clear_message_and_changes_nothing(store, steps, message):
    rid = store.submit(new_referral("conv-6:1")).referral_id
    first, refused = steps
    _act(store, rid, *first)
    before = store.get(rid)
    with pytest.raises(ReferralError, match=message):
        _act(store, rid, *refused)
    assert store.get(rid) == before


def _act(store, rid, action, who):
    return store.claim(rid, who) if action == "claim" else store.close(rid, who, "done")


def test_unknown_reference_is_reported(store):
    for action in (lambda: store.claim("FD-ZZZZZZ", "Sam"), lambda: store.close("FD-ZZZZZZ", "Sam", "x"),
                   lambda: store.add_note("FD-ZZZZZZ", "Sam", "x")):
        with pytest.raises(ReferralError, match="no referral FD-ZZZZZZ"):
            action()
    assert store.get("FD-ZZZZZZ") is None


@pytest.mark.parametrize("name, text, message", [
    ("", "a note", "your name"), ("   ", "a note", "your name"), ("Sam", "", "text of the note"),
    ("Sam", "x" * 6000, "too long"), ("S" * 101, "a note", "too long"), ("\x00\x01", "a note", "your name"),
])
def test_bad_staff_input_is_refused_and_changes_nothing(store, name, text, message):
    rid = store.submit(new_referral("conv-7:1")).referral_id
    before = store.get(rid)
    with pytest.raises(ReferralError, match=message):
        store.add_note(rid, name, text)
    assert store.get(rid) == before


def test_unknown_filters_are_refused(store):
    with pytest.raises(ReferralError, match="Status must be one of"):
        store.list(status="open")
    with pytest.raises(ReferralError, match="Route must be one of"):
        store.list(route="lunch")


@pytest.mark.parametrize("field, value", [("route", "lunch"), ("channel", "fax"), ("about", "cat"),
                                          ("transcript", [{"who": "robot", "text": "hi"}]), ("referral_key", "  ")])
def test_a_malformed_referral_is_refused_when_built(field, value):
    with pytest.raises(ValueError, match=field.split("_")[0] if field != "transcript" else "who"):
        new_referral("conv-8:1", **{field: value})


def test_awkward_text_is_stored_and_read_back(store):
    awkward = [
        "<script>alert('x')</script> & <b>bold</b>",
        "Rwy'n byw ar fy mhen fy hun. Нет еды. لا يوجد طعام. 我没有食物。",
        "help 😢🙏🏽 please",
        "NUL\x00byte and a lone surrogate \ud800 here",
        "a" * 50_000,
    ]
    transcript = [{"who": "resident", "text": text, "at": None} for text in awkward]
    rid = store.submit(new_referral("conv-9:1", transcript=transcript, what_matters="é" * 9000)).referral_id
    stored = [turn["text"] for turn in store.get(rid).transcript]
    assert stored[:3] == awkward[:3]
    assert stored[3] == "NULbyte and a lone surrogate ? here"
    assert stored[4].endswith("[shortened]") and len(stored[4]) == 10_000
    assert len(store.get(rid).what_matters) == 5_000


def test_the_view_is_json_ready(store):
    rid = store.submit(new_referral("conv-10:1")).referral_id
    store.add_note(rid, "Sam", "Called")
    data = json.loads(json.dumps(store.get(rid).to_dict()))
    for field in ("id", "referral_key", "created_at", "route", "priority", "reasons", "channel", "about",
                  "transcript", "what_matters", "contact", "consent", "in_hours", "team", "status", "claimed_by",
                  "outcome", "notes", "audit", "conversation_id"):
        assert field in data
    assert data["notes"][0]["text"] == "Called" and data["audit"][-1]["action"] == "noted"


def test_a_very_long_key_still_deduplicates(store):
    key = "conversation-" + "x" * 500
    assert store.submit(new_referral(key)).referral_id == store.submit(new_referral(key)).referral_id
    assert store.get_by_key(key) is not None


def test_fifty_simultaneous_handoffs_are_all_stored_with_their_own_transcript(store):
    keys = [f"conv-{n}:1700000000.{n}" for n in range(50)]
    barrier = threading.Barrier(50)

    def submit(key):
        barrier.wait()
        return store.submit(new_referral(key))

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(submit, keys))
    assert all(outcome.stored for outcome in outcomes)
    assert len({outcome.referral_id for outcome in outcomes}) == 50
    views = store.list(limit=1000)
    assert len(views) == 50
    for view in views:
        assert view.referral_key in view.transcript[1]["text"]
    assert store.pending_spool() == 0


def test_ten_simultaneous_submits_of_one_handoff_make_one_referral(store):
    barrier = threading.Barrier(10)

    def submit(_n):
        barrier.wait()
        return store.submit(new_referral("conv-same:1700000000.0"))

    with ThreadPoolExecutor(max_workers=10) as pool:
        outcomes = list(pool.map(submit, range(10)))
    assert all(outcome.stored for outcome in outcomes)
    assert len({outcome.referral_id for outcome in outcomes}) == 1
    assert len(store.list()) == 1
    assert len(store.get(outcomes[0].referral_id).audit) == 1


def test_two_workers_cannot_both_claim_a_referral(store):
    rid = store.submit(new_referral("conv-claim:1")).referral_id
    barrier = threading.Barrier(8)

    def claim(n):
        barrier.wait()
        try:
            return store.claim(rid, f"Worker {n}").claimed_by
        except ReferralError:
            return None

    with ThreadPoolExecutor(max_workers=8) as pool:
        winners = [name for name in pool.map(claim, range(8)) if name]
    assert len(winners) == 1
    assert store.get(rid).claimed_by == winners[0]
    assert [e["action"] for e in store.get(rid).audit].count("claimed") == 1


def test_new_referral_fields_are_keyword_only():
    with pytest.raises(TypeError):
        NewReferral("key", "urgent")  # positional use would silently swap fields


def test_structured_triage_reasons_are_kept_as_given(store):
    reasons = [{"rule": "no_food", "matched": "no food for two days", "score": 0.92}, "lives_alone"]
    rid = store.submit(new_referral("conv-reasons:1", reasons=reasons)).referral_id
    assert store.get(rid).reasons == reasons


def test_a_claimed_referral_is_closed_only_by_its_claimer_or_a_manager(store):
    rid = store.submit(new_referral("conv-claim-rule:1")).referral_id
    store.claim(rid, "Sam Jones")
    with pytest.raises(ReferralError, match="claimed by Sam Jones: only they, or a manager, can close it"):
        store.close(rid, "Alex Smith", "Not mine to close")
    view = store.get(rid)
    assert (view.status, view.outcome) == ("claimed", None)
    assert [e["action"] for e in view.audit] == ["created", "claimed"]
    assert store.close(rid, "Sam Jones", "Carer visit arranged").closed_by == "Sam Jones"


def test_nothing_changes_a_closed_referral_but_a_reopen_with_a_reason(store):
    rid = store.submit(new_referral("conv-closed:1")).referral_id
    store.close(rid, "Sam", "Duplicate of a phone call")
    before = store.get(rid)
    for act in (lambda: store.add_note(rid, "Alex", "late note"),
                lambda: store.add_contact(rid, {"phone": "07700 900123"}, by="front door"),
                lambda: store.record_resume(rid, "Alex"),
                lambda: store.claim(rid, "Alex"),
                lambda: store.close(rid, "Alex", "again", may_reassign=True)):
        with pytest.raises(ReferralError):
            act()
    after = store.get(rid)
    assert (after.notes, after.contact, after.audit, after.status) == (before.notes, before.contact, before.audit,
                                                                         "closed")
    with pytest.raises(ReferralError, match="reason"):
        store.reopen(rid, "Alex", "  ")
    reopened = store.reopen(rid, "Alex", "The family rang: he is not safe after all")
    assert (reopened.status, reopened.closed_by, reopened.outcome) == ("new", None, None)
    assert [(e["who"], e["action"], e["detail"]) for e in reopened.audit][-2:] == [
        ("Sam", "closed", "outcome: Duplicate of a phone call"),
        ("Alex", "reopened", "reason: The family rang: he is not safe after all")]
    with pytest.raises(ReferralError, match="not closed"):
        store.reopen(rid, "Alex", "twice")
    assert store.add_note(rid, "Alex", "Rang the family").notes[-1]["text"] == "Rang the family"


def test_each_staff_action_has_its_own_audit_entry(store):
    rid = store.submit(new_referral("conv-audit:1")).referral_id
    store.claim(rid, "Sam")
    store.add_note(rid, "Sam", "Left a voicemail")
    store.record_resume(rid, "Sam")
    store.add_contact(rid, {"phone": "07700 900123"}, by="front door")
    store.close(rid, "Sam", "Done")
    store.reopen(rid, "Sam", "Closed by mistake")
    assert [e["action"] for e in store.get(rid).audit] == [
        "created", "claimed", "noted", "resumed", "contact added", "closed", "reopened"]
