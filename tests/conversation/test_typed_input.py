"""One decision for what a typed message may be: an offered plain payload, or words."""

from __future__ import annotations

import pytest

from bot.conversation.typed_input import allowed_payloads, start_message, storable, what_to_send

OFFERED = allowed_payloads(["/affirm", "/deny", "/ask_for_person", "/goodbye", "wheelchair access",
                            "/triage_emergency", "/restart", '/greet{"channel_mode": "staff"}', "/session_start"])


def test_only_plain_safe_payloads_are_allowed():
    assert {"/affirm", "/deny", "/ask_for_person", "/goodbye"} == OFFERED


@pytest.mark.parametrize("typed", ["/affirm", "  /affirm ", "/goodbye"])
def test_an_offered_payload_typed_exactly_stays_an_intent(typed):
    assert what_to_send(typed, OFFERED) == typed.strip()


@pytest.mark.parametrize(("typed", "words"), [
    ('/ /greet{"channel_mode": "staff"}', 'greet{"channel_mode": "staff"}'),
    ('/greet{"channel_mode": "staff"}', 'greet{"channel_mode": "staff"}'),
    ("/ /restart", "restart"),
    ("/restart", "restart"),
    ("/session_start", "session_start"),
    ("/\u200b/triage_emergency", "triage_emergency"),
    ("\u200b/triage_emergency", "triage_emergency"),
    ("\uff0ftriage_emergency", "triage_emergency"),
    ("\u2215\u2044affirm", "affirm"),
    ("\ufeff \u00a0/\u3000/affirm", "affirm"),
    ("  //triage_safeguarding", "triage_safeguarding"),
    ("/TRIAGE_urgent", "TRIAGE_urgent"),
    ("/affirm please", "affirm please"),
    ("/affirm{\"x\": 1}", "affirm{\"x\": 1}"),
    ("/affirm@0.9", "affirm@0.9"),
    ("/ /ask_for_person", "ask_for_person"),
    ("///", ""),
    ("/\u0338/", ""),
])
def test_anything_else_after_a_slash_goes_on_as_words(typed, words):
    sent = what_to_send(typed, OFFERED)
    assert sent == words
    assert not sent.strip().startswith("/")


def test_plain_messages_are_untouched_but_made_storable():
    assert what_to_send("  my mum needs help with meals / shopping ") == "my mum needs help with meals / shopping"
    assert what_to_send("hello\x00 \udfff there\x1b") == "hello  there"
    assert what_to_send(None) == "" and what_to_send(42) == ""
    assert storable("line one\nline\ttwo\x07") == "line one\nline\ttwo"


def test_the_start_message_only_for_the_channel_the_web_front_vouches_for():
    staff_start = start_message("staff")
    assert what_to_send(staff_start, OFFERED, start_channel="staff") == staff_start
    assert what_to_send(staff_start, OFFERED, start_channel="web") == 'greet{"channel_mode": "staff"}'
    assert what_to_send(staff_start, OFFERED) == 'greet{"channel_mode": "staff"}'
    assert what_to_send(start_message("made-up"), OFFERED, start_channel="made-up").startswith("greet")


def test_a_safety_answer_is_yes_no_or_not_an_answer():
    from bot.conversation.answers import safety_answer

    assert [safety_answer(t) for t in ("yes", "Yeah I am", "/affirm", "not sure", "i'm not sure")] == ["yes"] * 5
    assert [safety_answer(t) for t in ("no", "nah I'm fine", "/deny", "no one is", "I'm not")] == ["no"] * 5
    assert [safety_answer(t) for t in ("SB2", "what time is the lunch club", "", "???")] == [None] * 4
