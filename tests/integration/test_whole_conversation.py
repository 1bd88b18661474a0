"""A whole conversation over REST against the running servers and the sample directory."""

from __future__ import annotations

import time

import pytest

from tests.support.smtp import smtp_server
from tests.support.stack import running_stack, say, texts

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack_and_inbox(tmp_path_factory):
    with smtp_server() as (port, inbox):
        env = {"FRONTDOOR_SMTP_HOST": "127.0.0.1", "FRONTDOOR_SMTP_PORT": str(port),
               "FRONTDOOR_NOW": "2026-11-24T10:30"}
        with running_stack(tmp_path_factory.mktemp("whole"), env=env, servers=("actions", "rasa")) as stack:
            yield stack, inbox


def converse(stack, sender: str, turns: list[str], metadata: dict | None = None) -> list[list[dict]]:
    return [say(stack, sender, turn, metadata) for turn in turns]


def service_blocks(messages: list[dict]) -> list[str]:
    return [m["text"] for m in messages if "Why:" in m.get("text", "")]


def test_for_myself_three_explained_matches_and_the_list_by_email(stack_and_inbox):
    stack, inbox = stack_and_inbox
    replies = converse(stack, "whole-me", [
        "hello", "/inform_for_self", "I'm on my own since my wife died and I don't see anyone from one week to the next",
        "my allotment", "skip", "I used to sing in a choir", "I'd like to meet people and have a chat",
        "SB1 2AB", "no, nothing else",
    ])
    assert "automated helper" in texts(replies[0]) and "is this for you" in texts(replies[0])
    assert "What matters most to you right now?" in texts(replies[1])
    results = replies[-1]
    blocks = service_blocks(results)
    assert len(blocks) == 3, texts(results)
    for block in blocks:
        assert "Contact:" in block and ("01632" in block or "@" in block or "http" in block)
        assert "Where:" in block and "When:" in block and "Cost:" in block
    assert "What would you like to do next?" in texts(results)
    consent = texts(say(stack, "whole-me", "/send_list"))
    assert "only use your email address" in consent
    say(stack, "whole-me", "/affirm")
    sent = texts(say(stack, "whole-me", "jo.bloggs@example.org"))
    assert "I've sent the list to jo.bloggs@example.org" in sent
    deadline = time.monotonic() + 10
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    [(recipients, message)] = inbox.messages
    assert recipients == ["jo.bloggs@example.org"]
    body = message.get_content()
    first_service = blocks[0].splitlines()[0].split(" (")[0]
    assert first_service in body
    assert "999" in body


def test_for_someone_else_the_wording_follows(stack_and_inbox):
    stack, _ = stack_and_inbox
    replies = converse(stack, "whole-mum", ["hello", "it's for my mum"])
    assert "What matters most to your mum right now?" in texts(replies[1])
    replies = converse(stack, "whole-mum", [
        "she has dementia and dad is worn out looking after her", "skip", "skip", "skip",
        "a break for dad and something mum can enjoy", "anywhere", "no",
    ])
    assert len(service_blocks(replies[-1])) >= 1


def test_staff_mode_guides_the_worker_and_gives_a_case_note(stack_and_inbox):
    stack, _ = stack_and_inbox
    staff = {"channel": "staff"}
    first = texts(say(stack, "whole-staff", "hello", staff))
    assert "Ask who they are calling about" in first
    replies = converse(stack, "whole-staff", [
        "/inform_for_self", "she is struggling with the stairs and worried about falling",
        "her daughter visits", "skip", "skip", "to feel safe at home", "SB2", "no",
    ], staff)
    assert service_blocks(replies[-1])
    texts_so_far = texts(replies[1])
    assert "Ask what is working well" in texts_so_far
    say(stack, "whole-staff", "/goodbye", staff)
    say(stack, "whole-staff", "/affirm", staff)
    closing = say(stack, "whole-staff", "skip", staff)
    [note] = [m["custom"]["case_note"] for m in closing if "custom" in m]
    assert "What matters most: she is struggling with the stairs" in note["text"]
    assert note["data"]["triage"]["outcome"] in ("none", "urgent")
    assert note["data"]["services_suggested"]


def test_asking_for_a_person_records_a_callback_with_consent(stack_and_inbox):
    stack, _ = stack_and_inbox
    converse(stack, "whole-callback", ["hello"])
    consent = texts(say(stack, "whole-callback", "can I speak to a real person please"))
    assert "We'll only use it for this call" in consent
    say(stack, "whole-callback", "/affirm")
    say(stack, "whole-callback", "01632 960123")
    done = texts(say(stack, "whole-callback", "mornings"))
    assert "call you back" in done and "FD-" in done


def no_price(block: str) -> bool:
    return "£" not in block.split("Cost:")[-1]  # free, or pay as you feel


@pytest.mark.parametrize(("button", "fits"), [
    ("free of charge", no_price), ("wheelchair access", bool), ("no, nothing else", bool)])
def test_each_access_button_is_taken_as_the_answer(stack_and_inbox, button, fits):
    # The buttons send text, so the classifier must not read "free of charge" as a question about cost.
    stack, _ = stack_and_inbox
    sender = f"access-{button.split()[0]}"
    replies = converse(stack, sender, ["hello", "/inform_for_self", "company", "skip", "skip", "skip",
                                       "meeting new people at a club", "SB1 2AB", button])
    blocks = service_blocks(replies[-1])
    assert blocks, [texts(reply) for reply in replies]
    assert all(fits(block) for block in blocks), texts(replies[-1])
