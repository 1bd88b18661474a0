"""Issue 17's five situations over REST: the first message is heard, nothing is asked twice, no loops,
and a route is not the end of the conversation."""

from __future__ import annotations

import pytest

from tests.support.stack import running_stack, say, texts

pytestmark = pytest.mark.integration

WHO = "is this for you, or for someone else?"


def opening(stack, sender: str, message: str) -> str:
    """The reply to a first message; if the triage examples ask a safety question first ("Is someone in
    danger right now?"), answer no and carry on, as a resident would."""
    reply = texts(say(stack, sender, message))
    if "right now?" in reply or "today?" in reply:
        say(stack, sender, "no")
        reply = texts(say(stack, sender, "/continue_conversation"))
    return reply


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running_stack(tmp_path_factory.mktemp("listening"), servers=("actions", "rasa")) as running:
        yield running


def test_a_whole_story_first_is_heard_back_and_not_asked_again(stack):
    reply = opening(stack, "dad-1", "im ringing about my dad hes 91 and keeps falling, hes not hurt but im worried")
    assert "You said your dad he's 91 and keeps falling, he's not hurt but you're worried." in reply
    assert WHO not in reply and "What matters most" not in reply
    assert "your dad" in reply.split("Thank you for telling me.")[-1], "the next question is about him"


def test_unsure_then_a_feeling_never_brings_the_same_question_three_times(stack):
    say(stack, "loop-1", "hello")
    replies = [texts(say(stack, "loop-1", m)) for m in
               ["I'm not sure really, everything's a bit much", "no", "I just feel lonely"]]
    assert sum(WHO in r for r in replies) == 0, replies
    assert "You said you're not sure really, everything's a bit much." in replies[0]


def test_two_misses_at_who_bring_buttons_and_a_person(stack):
    say(stack, "miss-1", "hello")
    first = say(stack, "miss-1", "no")
    second = say(stack, "miss-1", "hmm")
    assert "didn't catch" in texts(first)
    buttons = [b["payload"] for m in second for b in m.get("buttons", [])]
    assert "/ask_for_person" in buttons and "/inform_for_self" in buttons
    third = texts(say(stack, "miss-1", "whatever"))
    assert "choose one" not in third.lower() and "didn't catch" not in third, "never a third time"


def test_after_a_route_to_the_duty_team_the_person_carries_on(stack):
    reply = texts(say(stack, "hip-1", "I'm 78 and since my hip operation I can't get in and out of the bath and "
                                      "I've stopped going to my knitting group because the bus is too hard"))
    if "call you back" not in reply:
        pytest.skip("not routed to the duty team by today's triage rules")
    after = texts(say(stack, "hip-1", "me"))
    assert "didn't quite understand" not in after and "pause" not in after
    replies = [after] + [texts(say(stack, "hip-1", m)) for m in
                         ["I want to get back to my knitting group", "I don't know", "anywhere", "no"]]
    assert not any("didn't quite understand" in r for r in replies), replies
    assert any("Here are some places" in r or "help at home from the council" in r for r in replies), replies


def test_a_carer_and_the_son_who_visits(stack):
    first = opening(stack, "carer-1", ("My husband has Parkinson's and I'm with him day and night, "
                                        "I'm worn out and I never see my friends"))
    assert "You said your husband has Parkinson's" in first and WHO not in first
    after = texts(say(stack, "carer-1", "my son visits on Sundays"))
    assert "your son" not in after.lower().replace("you said your son", "")


def test_a_district_nurse_is_heard_as_a_professional(stack):
    reply = opening(stack, "nurse-1", ("I'm a district nurse calling about a patient of mine, Mr B, 80, "
                                        "lonely and not eating well"))
    assert "didn't quite understand" not in reply and WHO not in reply
    assert "Mr B" in reply


def test_where_gets_choices_after_two_answers_that_are_not_postcodes(stack):
    say(stack, "where-1", "hello")
    for message in ["it's for me", "getting out more", "skip", "skip", "skip", "meeting people"]:
        reply = texts(say(stack, "where-1", message))
    assert "Where should I look?" in reply
    first = texts(say(stack, "where-1", "no"))
    second = say(stack, "where-1", "the big house by the church")
    assert "don't recognise" in first
    assert "/ask_for_person" in [b["payload"] for m in second for b in m.get("buttons", [])]
    assert "whole area" in texts(say(stack, "where-1", "near the shops")), "the third miss looks everywhere"
