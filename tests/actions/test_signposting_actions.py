"""Suggesting services, sending the list and asking if it helped."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import SlotSet

from actions import services
from actions.signposting import (
    ActionRecordFeedback,
    ActionSendList,
    ActionSuggestServices,
    ValidateFeedbackForm,
    ValidateSendListForm,
    need_text,
)
from bot.insights.store import feedback, unmet_needs
from directory.sample import load_sample_if_empty
from tests.support.smtp import smtp_server
from tests.support.trackers import make_tracker, responses

ANSWERS = {"about": "self", "what_matters": "I don't see anyone from one week to the next", "working_well": "skipped",
           "people_around": "skipped", "enjoys": "I used to sing in a choir", "would_help": "meeting people",
           "location": "SB1 2AB", "postcode": "SB1 2AB", "access_needs": "none", "access_flags": []}


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


@pytest.fixture
def directory(database, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_NOW", "2026-11-24T10:30")
    services.reset()
    assert load_sample_if_empty(database) > 0
    return database


def test_need_text_uses_the_persons_words_but_not_skips():
    tracker = make_tracker(slots=ANSWERS)
    assert need_text(tracker) == "I don't see anyone from one week to the next. meeting people. I used to sing in a choir"
    assert need_text(make_tracker(slots={"what_matters": "skipped"})) == "community groups and support near me"


def test_three_explained_matches_then_next_steps(directory, dispatcher, domain):
    events = run(ActionSuggestServices(), dispatcher, make_tracker(slots=ANSWERS, intent="deny"), domain)
    said = responses(dispatcher)
    assert said[0] == "utter_results_intro" and said.count("utter_service_match") == 3
    assert said[-1] == "utter_results_next"
    matches = [m for m in dispatcher.messages if m.get("response") == "utter_service_match"]
    assert all(m["contact"] and m["why"] and m["when"] and m["cost"] for m in matches)
    suggested = next(e for e in events if e["name"] == "suggested_services")["value"]
    assert [s["name"] for s in suggested] == [m["name"] for m in matches]


def test_more_options_moves_to_the_next_page(directory, dispatcher, domain):
    first = run(ActionSuggestServices(), dispatcher, make_tracker(slots=ANSWERS), domain)
    shown = next(e for e in first if e["name"] == "suggested_services")["value"]
    more = make_tracker(slots={**ANSWERS, "results_offset": 0, "suggested_services": shown}, intent="more_options")
    again = type(dispatcher)()
    events = run(ActionSuggestServices(), again, more, domain)
    assert SlotSet("results_offset", 3) in events
    new_names = {m["name"] for m in again.messages if m.get("response") == "utter_service_match"}
    assert new_names and not new_names & {s["name"] for s in shown}


def test_struggling_at_home_brings_the_councils_offer(directory, dispatcher, domain):
    slots = {**ANSWERS, "what_matters": "I'm struggling at home and worried about falling on the stairs",
             "would_help": "equipment to help me get about"}
    run(ActionSuggestServices(), dispatcher, make_tracker(slots=slots), domain)
    assert "utter_early_intervention" in responses(dispatcher)


def test_nothing_fits_is_said_honestly_and_recorded(directory, dispatcher, domain):
    slots = {**ANSWERS, "what_matters": "somewhere to practise the bagpipes at midnight", "would_help": "skipped",
             "enjoys": "skipped"}
    run(ActionSuggestServices(), dispatcher, make_tracker(slots=slots), domain)
    said = responses(dispatcher)
    assert "utter_no_match" in said and "utter_no_match_person" in said
    [need] = unmet_needs(services.engine())
    assert need["area"] == "SB1" and need["recorded_on"] == "2026-11-24"


def test_directory_down_gets_a_phone_number_not_a_crash(database, dispatcher, domain, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://nobody@127.0.0.1:9/none")
    services.reset()
    assert run(ActionSuggestServices(), dispatcher, make_tracker(slots=ANSWERS), domain) == []
    assert responses(dispatcher) == ["utter_search_unavailable"]


def test_no_consent_means_no_email_is_asked(dispatcher, domain):
    slots = ValidateSendListForm().validate_list_consent(False, dispatcher, make_tracker(), domain)
    assert slots == {"list_consent": False, "email": "skipped"}


def test_a_bad_email_is_asked_again(dispatcher, domain):
    tracker = make_tracker(text="jo at example")
    assert ValidateSendListForm().validate_email("jo at example", dispatcher, tracker, domain) == {"email": None}
    assert responses(dispatcher) == ["utter_email_not_valid"]


def test_the_list_is_emailed_and_the_address_forgotten(database, dispatcher, domain, monkeypatch):
    shown = [{"id": "s1", "name": "Memory Cafe", "organization": "Sample", "why": "memory loss",
              "contact": "01632 960 111", "where": "Church Hall", "when": "open now", "cost": "free"}]
    with smtp_server() as (port, inbox):
        monkeypatch.setenv("FRONTDOOR_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("FRONTDOOR_SMTP_PORT", str(port))
        services.reset()
        tracker = make_tracker(slots={"list_consent": True, "email": "jo@example.org", "suggested_services": shown})
        events = run(ActionSendList(), dispatcher, tracker, domain)
    assert events == [SlotSet("email", None)]
    assert responses(dispatcher) == ["utter_list_sent", "utter_results_next"]
    [(to, message)] = inbox.messages
    assert to == ["jo@example.org"] and "Memory Cafe" in message.get_content()


def test_mail_server_down_is_said_plainly(database, dispatcher, domain, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FRONTDOOR_SMTP_PORT", "9")
    services.reset()
    tracker = make_tracker(slots={"list_consent": True, "email": "jo@example.org",
                                  "suggested_services": [{"name": "x", "why": "", "contact": "", "where": "",
                                                          "when": "", "cost": "", "organization": ""}]})
    assert run(ActionSendList(), dispatcher, tracker, domain) == [SlotSet("email", None)]
    assert responses(dispatcher)[0] == "utter_list_not_sent"


def test_feedback_is_recorded_and_staff_get_a_case_note(database, dispatcher, domain):
    comment = ValidateFeedbackForm().validate_feedback_comment("more in the evenings please", dispatcher,
                                                             make_tracker(text="more in the evenings please"), domain)
    tracker = make_tracker(slots={**ANSWERS, "helped": "partly", **comment, "channel_mode": "staff"})
    run(ActionRecordFeedback(), dispatcher, tracker, domain)
    assert feedback(services.engine())[0] | {"recorded_on": None} == {
        "recorded_on": None, "helped": "partly", "comment": "more in the evenings please", "channel": "staff"}
    [note] = [m["custom"]["case_note"] for m in dispatcher.messages if m.get("custom")]
    assert "What matters most: I don't see anyone" in note["text"]
    assert responses(dispatcher) == ["utter_case_note_ready", "utter_close"]


def test_residents_get_no_case_note(database, dispatcher, domain):
    run(ActionRecordFeedback(), dispatcher, make_tracker(slots={"helped": "yes", "channel_mode": "web"}), domain)
    assert responses(dispatcher) == ["utter_close"]
    assert not [m for m in dispatcher.messages if m.get("custom")]
