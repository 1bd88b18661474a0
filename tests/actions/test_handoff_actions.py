"""Handoffs: the referral is stored before the person is told; contact details only with consent."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import ConversationPaused, FollowupAction, SlotSet

from actions import services
from actions.conversation import ActionNotUnderstood
from actions.handoff import ActionCompleteContact, ActionHandoff, ValidateContactForm
from tests.support.trackers import make_tracker, responses, user_event

SAFEGUARDING = {"route": "safeguarding", "check": False,
                "reasons": [{"rule": "safeguarding.financial_family", "route": "safeguarding",
                             "matched": "taking money out of my bank account"}]}
EMERGENCY = {"route": "emergency", "check": False,
             "reasons": [{"rule": "emergency.overdose_taken", "route": "emergency", "matched": "swallowed pills"}]}


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


@pytest.fixture
def weekday_morning(database, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_NOW", "2026-11-24T10:30")
    services.reset()
    return database


def test_safeguarding_in_hours_is_stored_then_told(weekday_morning, dispatcher, domain):
    text = "my daughter keeps taking money out of my bank account"
    tracker = make_tracker(text=text, intent="triage_safeguarding", triage=SAFEGUARDING,
                           slots={"about": "self", "what_matters": "my money"})
    events = run(ActionHandoff(), dispatcher, tracker, domain)
    [view] = services.referral_store().list()
    assert events == [SlotSet("handoff_reference", view.id)]
    [told] = dispatcher.messages
    assert told["response"] == "utter_handoff_in_hours" and told["reference"] == view.id
    assert told["when_text"] == "today" and told["team_phone"] == "01632 960 200"
    record = view.to_dict()
    assert record["route"] == "safeguarding" and record["in_hours"] is True and record["what_matters"] == "my money"
    assert record["transcript"][-1]["text"] == text
    assert "safeguarding.financial_family" in str(record["reasons"])


def test_out_of_hours_says_when_the_team_will_pick_it_up(database, dispatcher, domain, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_NOW", "2026-12-25T22:00")
    services.reset()
    tracker = make_tracker(text="he hits me", intent="triage_safeguarding", triage=SAFEGUARDING)
    run(ActionHandoff(), dispatcher, tracker, domain)
    [told] = dispatcher.messages
    assert told["response"] == "utter_handoff_out_of_hours" and told["when_text"] == "on Tuesday 29 December"


def test_emergency_handoff_pauses_the_conversation(weekday_morning, dispatcher, domain):
    tracker = make_tracker(text="I've swallowed all my pills", intent="triage_emergency", triage=EMERGENCY)
    events = run(ActionHandoff(), dispatcher, tracker, domain)
    assert events[-1] == ConversationPaused()
    assert responses(dispatcher) == ["utter_handoff_emergency", "utter_handoff_what_next"]


def test_database_down_still_keeps_the_referral_and_gives_the_number(database, dispatcher, domain, monkeypatch,
                                                                     tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://nobody@127.0.0.1:9/none")
    services.reset()
    tracker = make_tracker(text="he hits me", intent="triage_safeguarding", triage=SAFEGUARDING)
    events = run(ActionHandoff(), dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_handoff_spooled"]
    assert dispatcher.messages[0]["team_phone"].startswith("01632")
    assert events[0]["name"] == "handoff_reference" and events[0]["value"]
    assert list((tmp_path / "var" / "spool" / "referrals").glob("*.json"))


def test_the_same_message_never_makes_two_referrals(weekday_morning, dispatcher, domain):
    tracker = make_tracker(text="he hits me", intent="triage_safeguarding", triage=SAFEGUARDING)
    run(ActionHandoff(), dispatcher, tracker, domain)
    run(ActionHandoff(), dispatcher, tracker, domain)
    assert len(services.referral_store().list()) == 1


def test_no_consent_means_no_number_is_asked(dispatcher, domain):
    slots = ValidateContactForm().validate_contact_consent(False, dispatcher, make_tracker(), domain)
    assert slots == {"contact_consent": False, "callback_phone": "skipped", "callback_time": "skipped"}


def test_phone_numbers_are_checked(dispatcher, domain):
    form = ValidateContactForm()
    assert form.validate_callback_phone("07700 900123", dispatcher, make_tracker(), domain) == {
        "callback_phone": "07700 900123"}
    assert form.validate_callback_phone("call me", dispatcher, make_tracker(text="call me"), domain) == {
        "callback_phone": None}
    assert responses(dispatcher) == ["utter_phone_not_valid"]


def test_number_joins_the_referral_then_the_chat_pauses(weekday_morning, dispatcher, domain):
    tracker = make_tracker(text="he hits me", intent="triage_safeguarding", triage=SAFEGUARDING)
    [reference] = [e["value"] for e in run(ActionHandoff(), dispatcher, tracker, domain)]
    done = make_tracker(slots={"handoff_reference": reference, "contact_consent": True,
                               "callback_phone": "07700 900123", "callback_time": "mornings"})
    events = run(ActionCompleteContact(), type(dispatcher)(), done, domain)
    assert events[-1] == ConversationPaused()
    assert SlotSet("callback_phone", None) in events  # the number lives in the referral, not the chat
    view = services.referral_store().get(reference)
    assert view.to_dict()["contact"] == {"phone": "07700 900123", "best_time": "mornings"}
    assert view.to_dict()["consent"] is True


def test_asking_for_a_person_makes_a_callback_referral(weekday_morning, dispatcher, domain):
    tracker = make_tracker(slots={"contact_consent": True, "callback_phone": "01632 960123", "callback_time": "any time",
                                  "what_matters": "help with shopping"})
    events = run(ActionCompleteContact(), dispatcher, tracker, domain)
    [view] = services.referral_store().list()
    assert view.route == "callback" and view.to_dict()["contact"]["phone"] == "01632 960123"
    assert responses(dispatcher) == ["utter_callback_recorded"]
    assert dispatcher.messages[0]["reference"] == view.id
    assert ConversationPaused() not in events


def test_declining_a_call_back_records_nothing(weekday_morning, dispatcher, domain):
    tracker = make_tracker(slots={"contact_consent": False, "callback_phone": "skipped"})
    run(ActionCompleteContact(), dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_contact_declined"]
    assert services.referral_store().list() == []


def test_an_unclear_first_message_is_their_situation(dispatcher, domain):
    tracker = make_tracker(text="husband parkinsons worn out")
    events = run(ActionNotUnderstood(), dispatcher, tracker, domain)
    assert responses(dispatcher) == ["utter_greet"]  # the form reads it and hears it back
    assert events == [FollowupAction("good_conversation_form")]


def test_second_misunderstanding_in_a_row_offers_choices(dispatcher, domain):
    earlier = [user_event("qwx"), {"event": "bot", "text": "Sorry", "metadata": {"utter_action": "utter_default"}}]
    run(ActionNotUnderstood(), dispatcher, make_tracker(text="zzz", events=earlier), domain)
    assert responses(dispatcher) == ["utter_default_with_options"]


def test_first_misunderstanding_asks_again(dispatcher, domain):
    earlier = [{"event": "bot", "text": "Hello", "metadata": {"utter_action": "utter_greet"}}]
    run(ActionNotUnderstood(), dispatcher, make_tracker(text="zzz", events=earlier), domain)
    assert responses(dispatcher) == ["utter_default"]


def test_yes_to_the_examples_safety_question_hands_off_on_that_route(weekday_morning, dispatcher, domain):
    """The example layer only asked; the person's yes makes the referral, with why in the record."""
    asked = {"route": "none", "check": True, "check_route": "safeguarding",
             "reasons": [{"layer": "examples", "route": "safeguarding", "similar_to": "safeguarding.seed_0001",
                          "score": 0.61}]}
    question = user_event("he listens to all my calls and chooses my clothes", "triage_check_safeguarding", asked)
    tracker = make_tracker(text="yes", intent="affirm", events=[question],
                           triage={"route": "none", "check": False, "check_route": None, "reasons": []})
    run(ActionHandoff(), dispatcher, tracker, domain)
    [view] = services.referral_store().list()
    record = view.to_dict()
    assert record["route"] == "safeguarding"
    assert "similar to example safeguarding.seed_0001" in str(record["reasons"])
    assert dispatcher.messages[0]["response"] == "utter_handoff_in_hours"


def test_words_that_are_not_yes_or_no_at_the_call_back_question_carry_on(dispatcher, domain):
    tracker = make_tracker(text="I want to get back to my knitting group", intent="describe_situation")
    slots = ValidateContactForm().validate_contact_consent("I want to get back to my knitting group", dispatcher,
                                                           tracker, domain)
    assert slots == {"contact_consent": False, "callback_phone": "skipped", "callback_time": "skipped", "carry_on": True}


def test_after_an_urgent_handoff_the_chat_does_not_pause(weekday_morning, dispatcher, domain):
    urgent = {"route": "urgent", "reasons": [{"rule": "care_breaking_down"}]}
    tracker = make_tracker(text="my carer hasn't come and I can't get up", intent="triage_urgent", triage=urgent)
    [reference] = [e["value"] for e in run(ActionHandoff(), dispatcher, tracker, domain)]
    done = make_tracker(slots={"handoff_reference": reference, "contact_consent": False, "callback_phone": "skipped",
                               "carry_on": True}, events=tracker.events)
    quiet = type(dispatcher)()
    events = run(ActionCompleteContact(), quiet, done, domain)
    assert ConversationPaused() not in events and SlotSet("carry_on", True) in events
    assert responses(quiet) == ["utter_contact_declined", "utter_handoff_team_has_it"] or \
        responses(quiet) == ["utter_handoff_team_has_it"]
