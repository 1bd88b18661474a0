"""Foundation: the real servers hold a conversation over the REST webhook, on SQLite."""

from __future__ import annotations

import sqlite3

import pytest

from tests.support.stack import running_stack, say, texts

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("rest"), servers=("actions", "rasa")) as running:
        yield running


def test_greeting_says_it_is_automated_and_points_to_999(stack):
    reply = texts(say(stack, "greet-1", "hello"))
    assert "automated helper" in reply
    assert "999" in reply
    assert "is this for you, or for someone else?" in reply


def test_thanks_bot_question_and_goodbye(stack):
    assert "welcome" in texts(say(stack, "talk-1", "thanks very much")).lower()
    bot = texts(say(stack, "talk-1", "are you a real person?"))
    assert "not a person" in bot and "01632 960 100" in bot  # the sample council's number, from configuration
    assert "Did this help?" in texts(say(stack, "talk-1", "bye"))


def test_out_of_scope_tells_how_to_reach_the_team(stack):
    reply = texts(say(stack, "scope-1", "can you book me a train ticket to leeds"))
    assert "01632 960 100" in reply


@pytest.mark.parametrize(
    "message",
    ["", "   ", "x" * 100_000, "\x00\x01\x02 hello \x1b[31m", "<script>alert('x')</script>", "🙂🙂🙂", "Ffaeleg ydw i"],
    ids=["empty", "spaces", "100kB", "control", "html", "emoji", "welsh"],
)
def test_bad_input_gets_a_friendly_reply(stack, message):
    reply = texts(say(stack, f"bad-{abs(hash(message))}", message))
    assert reply.strip(), "every message gets an answer"
    assert "<script>" not in reply
    assert "gone wrong" not in reply, "bad input is not a technical problem"
    if not message.strip():
        assert "didn't get any words" in reply


def test_an_empty_message_mid_form_changes_nothing(stack):
    say(stack, "empty-1", "hello")
    asked = texts(say(stack, "empty-1", "it's for me"))
    reply = texts(say(stack, "empty-1", "   "))
    assert "didn't get any words" in reply and "gone wrong" not in reply
    assert "What's working well" in texts(say(stack, "empty-1", "getting out more")), "the question was still open"
    assert "What matters most" in asked


def test_risk_message_gets_999_reply(stack):
    assert "call 999 now" in texts(say(stack, "risk-1", "I've just swallowed a whole packet of pills"))


def test_conversation_survives_a_restart(stack):
    say(stack, "keep-1", "hello")
    database = stack.database_url.removeprefix("sqlite:///")
    with sqlite3.connect(database) as db:
        before = db.execute("select count(*) from events where sender_id = 'keep-1'").fetchone()[0]
    assert before > 0, "conversation stored in the SQL tracker store"
    stack.stop_one("rasa")
    stack.start(("rasa",))
    say(stack, "keep-1", "thank you")
    with sqlite3.connect(database) as db:
        after = db.execute("select count(*) from events where sender_id = 'keep-1'").fetchone()[0]
    assert after > before
