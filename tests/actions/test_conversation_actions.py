"""The good conversation's validation and navigation actions."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import ActiveLoop, AllSlotsReset, SlotSet

from actions.conversation import (
    ActionAskAbout,
    ActionAskLocation,
    ActionChangeAnswer,
    ActionChangeSearch,
    ActionStartAgain,
    ValidateGoodConversationForm,
)
from tests.support.trackers import make_tracker, responses

form = ValidateGoodConversationForm()


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def test_someone_else_named_in_free_text_sets_them_and_voice(dispatcher, domain):
    tracker = make_tracker(text="it's for my mum really", intent="inform_for_someone")
    slots = form.validate_about("someone_else", dispatcher, tracker, domain)
    assert slots == {"about": "someone_else", "voice": "them", "them": "your mum"}


def test_me_button_keeps_the_you_voice(dispatcher, domain):
    tracker = make_tracker(text="/inform_for_self", intent="inform_for_self")
    assert form.validate_about("self", dispatcher, tracker, domain) == {"about": "self", "voice": "you"}


def test_staff_mode_always_uses_the_staff_voice(dispatcher, domain):
    tracker = make_tracker(text="my dad", intent="inform_for_someone", slots={"channel_mode": "staff"})
    assert form.validate_about("someone_else", dispatcher, tracker, domain)["voice"] == "staff"


def test_a_relation_in_the_words_beats_the_classifier(dispatcher, domain):
    tracker = make_tracker(text="me mam", intent="inform_for_self")
    slots = form.validate_about("self", dispatcher, tracker, domain)
    assert slots == {"about": "someone_else", "voice": "them", "them": "your mam"}


def test_unclear_answer_to_who_is_it_for_asks_again(dispatcher, domain):
    tracker = make_tracker(text="the weather is nice", intent="nlu_fallback")
    assert form.validate_about("the weather is nice", dispatcher, tracker, domain) == {"about": None}


def test_them_is_asked_only_when_it_is_for_someone_else(domain):
    base = list(domain["forms"]["good_conversation_form"]["required_slots"])
    someone = asyncio.run(form.required_slots(base, None, make_tracker(slots={"about": "someone_else"}), domain))
    me = asyncio.run(form.required_slots(base, None, make_tracker(slots={"about": "self"}), domain))
    assert someone[:3] == ["about", "them", "what_matters"] and me[:2] == ["about", "what_matters"]


def test_answers_keep_the_persons_words(dispatcher, domain):
    words = "I'd love to get back to my garden club"
    tracker = make_tracker(text=words, intent="describe_situation")
    assert form.validate_enjoys(words, dispatcher, tracker, domain) == {"enjoys": words}


def test_skip_marks_the_answer_skipped_and_says_so(dispatcher, domain):
    tracker = make_tracker(text="not sure", intent="skip")
    assert form.validate_working_well("not sure", dispatcher, tracker, domain) == {"working_well": "skipped"}
    assert responses(dispatcher) == ["utter_skipped"]


def test_just_find_something_skips_the_remaining_strength_questions(dispatcher, domain):
    tracker = make_tracker(text="let's just find something", intent="just_find_something",
                           slots={"what_matters": "getting out more"})
    slots = form.validate_working_well("let's just find something", dispatcher, tracker, domain)
    assert slots == {"working_well": "skipped", "people_around": "skipped", "enjoys": "skipped",
                     "would_help": "skipped"}


@pytest.fixture
def sample_postcodes(database):
    from sqlalchemy import create_engine

    from directory.postcodes import load_sample_outcodes

    with create_engine(database).begin() as connection:
        load_sample_outcodes(connection)
    return database


def test_postcode_in_a_sentence_is_found(dispatcher, domain, sample_postcodes):
    tracker = make_tracker(text="I live at sb1 2ab")
    assert form.validate_location("I live at sb1 2ab", dispatcher, tracker, domain) == {
        "location": "SB1 2AB", "postcode": "SB1 2AB"}


def test_a_postcode_outside_the_area_says_so_and_asks_again(dispatcher, domain, sample_postcodes):
    tracker = make_tracker(text="LS1 4AP")
    assert form.validate_location("LS1 4AP", dispatcher, tracker, domain) == {"location": None}
    assert dispatcher.messages[0]["response"] == "utter_postcode_outside_area"
    assert dispatcher.messages[0]["place"] == "LS1 4AP"


def test_with_no_postcodes_loaded_any_real_postcode_is_accepted(dispatcher, domain, database):
    tracker = make_tracker(text="LS1 4AP")
    assert form.validate_location("LS1 4AP", dispatcher, tracker, domain) == {"location": "LS1 4AP", "postcode": "LS1 4AP"}


def test_not_a_postcode_is_not_kept(dispatcher, domain):
    tracker = make_tracker(text="the big house by the church")
    assert form.validate_location("the big house by the church", dispatcher, tracker, domain) == {"location": None}
    assert responses(dispatcher) == []  # the question's next wording (action_ask_location) says so


def test_anywhere_searches_the_whole_area(dispatcher, domain):
    slots = form.validate_location("anywhere", dispatcher, make_tracker(text="anywhere"), domain)
    assert slots == {"location": "anywhere", "postcode": None}


def test_carry_on_after_a_question_is_not_the_answer(dispatcher, domain):
    tracker = make_tracker(text="carry on", intent="continue_conversation")
    assert form.validate_working_well("carry on", dispatcher, tracker, domain) == {"working_well": None}
    assert form.validate_location("ok carry on", dispatcher, tracker, domain) == {"location": None}
    assert dispatcher.messages == []  # no "not a postcode" telling-off: the question is simply asked again


def test_an_opening_with_no_words_is_not_kept_as_their_situation(dispatcher, domain):
    events = run(form, dispatcher, make_tracker(text="🙂🙂"), domain)
    assert not [e for e in events if e.get("name") == "what_matters"] and "utter_acknowledge" not in responses(dispatcher)


def test_no_words_is_not_an_answer(dispatcher, domain):
    tracker = make_tracker(text="???", intent="nlu_fallback")
    assert form.validate_what_matters("???", dispatcher, tracker, domain) == {"what_matters": None}


def test_a_real_answer_that_sounds_like_carrying_on_is_kept(dispatcher, domain):
    text = "my club keeps me going and the neighbours are good to me"
    tracker = make_tracker(text=text, intent="continue_conversation")
    assert form.validate_working_well(text, dispatcher, tracker, domain) == {"working_well": text}


def test_access_needs_become_flags(dispatcher, domain):
    text = "I use a wheelchair and it needs to be free"
    slots = form.validate_access_needs(text, dispatcher, make_tracker(text=text), domain)
    assert slots["access_flags"] == ["wheelchair", "free"]


def answering(slot: str, text: str, intent: str = "nlu_fallback", **slots):
    """A tracker as the form's validation action sees it after Rasa's from_text mapping filled `slot`."""
    tracker = make_tracker(text=text, intent=intent, slots={"requested_slot": slot, **slots})
    tracker.events.append({"event": "slot", "name": slot, "value": text})
    tracker.slots[slot] = text
    return tracker


def slots_from(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_opening_words_are_kept_as_what_matters_and_heard_back(dispatcher, domain):
    tracker = make_tracker(text="I'm lonely since my wife died", intent="describe_situation")
    slots = slots_from(run(form, dispatcher, tracker, domain))
    assert slots["what_matters"] == "I'm lonely since my wife died" and slots["about"] == "self"
    assert responses(dispatcher) == ["utter_acknowledge"]
    assert dispatcher.messages[0]["heard"] == "you're lonely since your wife died"


def test_a_whole_story_as_the_first_message_answers_several_questions(dispatcher, domain):
    text = "im ringing about my dad hes 91 and keeps falling, hes not hurt but im worried"
    slots = slots_from(run(form, dispatcher, make_tracker(text=text, intent="inform_for_someone"), domain))
    assert slots["about"] == "someone_else" and slots["them"] == "your dad" and slots["voice"] == "them"
    assert slots["what_matters"] == text
    assert dispatcher.messages[0]["heard"] == "your dad he's 91 and keeps falling, he's not hurt but you're worried"


def test_a_district_nurse_is_a_professional_calling_about_a_named_patient(dispatcher, domain):
    text = "I'm a district nurse calling about a patient of mine, Mr B, 80, lonely and not eating well"
    slots = slots_from(run(form, dispatcher, make_tracker(text=text), domain))
    assert slots["about"] == "professional" and slots["them"] == "Mr B" and slots["what_matters"] == text


def test_a_carer_worn_out_is_asking_for_themselves(dispatcher, domain):
    text = "My husband has Parkinson's and I'm with him day and night, I'm worn out and I never see my friends"
    slots = slots_from(run(form, dispatcher, make_tracker(text=text, intent="describe_situation"), domain))
    assert slots["about"] == "self" and slots["what_matters"] == text


def test_someone_who_visits_is_a_strength_not_who_it_is_for(dispatcher, domain):
    tracker = answering("about", "my son visits on Sundays", "describe_situation", what_matters="I'm worn out")
    slots = slots_from(run(form, dispatcher, tracker, domain))
    assert slots.get("about") is None and slots["people_around"] == "my son visits on Sundays"
    assert slots["misses"] == 1


def test_a_feeling_at_who_is_it_for_answers_it_and_what_matters(dispatcher, domain):
    tracker = answering("about", "I just feel lonely", "describe_situation")
    slots = slots_from(run(form, dispatcher, tracker, domain))
    assert slots["about"] == "self" and slots["what_matters"] == "I just feel lonely"
    assert slots["requested_slot"] == "working_well"


def test_the_third_miss_moves_on_instead_of_asking_again(dispatcher, domain):
    tracker = answering("about", "no", "deny", misses=2)
    slots = slots_from(run(form, dispatcher, tracker, domain))
    assert slots["about"] == "self" and slots["misses"] == 0 and slots["requested_slot"] == "what_matters"
    assert "utter_moving_on" in responses(dispatcher)


def test_the_third_miss_at_where_looks_everywhere(dispatcher, domain):
    tracker = answering("location", "by the park", misses=2, about="self", what_matters="x", working_well="x",
                        people_around="x", enjoys="x", would_help="x")
    slots = slots_from(run(form, dispatcher, tracker, domain))
    assert slots["location"] == "anywhere" and "utter_location_anywhere" in responses(dispatcher)


@pytest.mark.parametrize(("misses", "response"), [(0, "utter_ask_about"), (1, "utter_ask_about_again"),
                                                  (2, "utter_ask_about_choices")])
def test_a_question_is_never_asked_the_same_way_three_times(dispatcher, domain, misses, response):
    run(ActionAskAbout(), dispatcher, make_tracker(slots={"misses": misses}), domain)
    assert responses(dispatcher) == [response]


def test_after_two_misses_at_where_buttons_offer_anywhere_and_a_person(dispatcher, domain):
    run(ActionAskLocation(), dispatcher, make_tracker(slots={"misses": 2}), domain)
    assert responses(dispatcher) == ["utter_ask_location_choices"]
    buttons = [b["payload"] for b in domain["responses"]["utter_ask_location_choices"][-1]["buttons"]]
    assert "/ask_for_person" in buttons and "anywhere" in buttons


def test_an_interruption_is_left_to_its_rule(dispatcher, domain):
    tracker = make_tracker(text="how much does it cost", intent="ask_cost", slots={"requested_slot": "about"})
    events = run(form, dispatcher, tracker, domain)
    assert [e for e in events if e["name"] != "requested_slot"] == []  # nothing taken: the form is rejected


def test_start_again_forgets_answers_but_keeps_the_channel(dispatcher, domain):
    tracker = make_tracker(text="start again", intent="start_again", slots={"channel_mode": "staff"})
    events = run(ActionStartAgain(), dispatcher, tracker, domain)
    assert events == [ActiveLoop(None), AllSlotsReset(), SlotSet("channel_mode", "staff"), SlotSet("voice", "staff")]


def test_change_answer_forgets_the_latest_answer(dispatcher, domain):
    earlier = [{"event": "slot", "name": "what_matters", "value": "x"},
               {"event": "slot", "name": "working_well", "value": "my garden"}]
    tracker = make_tracker(text="go back", intent="change_answer", events=earlier,
                           slots={"what_matters": "x", "working_well": "my garden"})
    assert run(ActionChangeAnswer(), dispatcher, tracker, domain) == [SlotSet("working_well", None)]
    assert responses(dispatcher) == ["utter_change_answer"]


def test_different_area_asks_for_the_place_again(dispatcher, domain):
    tracker = make_tracker(text="somewhere else", intent="different_area", slots={"location": "SB1", "postcode": "SB1"})
    events = run(ActionChangeSearch(), dispatcher, tracker, domain)
    assert SlotSet("location", None) in events and SlotSet("postcode", None) in events


def test_go_back_or_start_again_as_first_words_still_get_the_greeting(dispatcher, domain):
    run(ActionChangeAnswer(), dispatcher, make_tracker(text="go back", intent="change_answer"), domain)
    run(ActionStartAgain(), dispatcher, make_tracker(text="start again", intent="start_again"), domain)
    assert responses(dispatcher) == ["utter_greet", "utter_greet"]
