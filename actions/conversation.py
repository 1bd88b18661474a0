"""The good conversation: validating answers, keeping the person's words, going back and starting again."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions import services
from bot.conversation.answers import (
    clean_answer,
    has_words,
    is_anywhere,
    is_skip,
    read_about,
    read_access_needs,
    them_from_text,
)
from bot.conversation.casenote import SKIPPED
from bot.conversation.places import find_place
from core.postcodes import parse_postcode
from core.vocabulary import ABOUT_ANSWERS
from directory.postcodes import is_known

log = logging.getLogger(__name__)

STRENGTHS = ["working_well", "people_around", "enjoys"]
FORM_ANSWERS = ["about", "them", "what_matters", *STRENGTHS, "would_help", "location", "access_needs"]
SEARCH_RESETS = {  # what to ask again when the person wants a different search
    "different_area": ["location", "postcode"],
    "different_need": ["what_matters", "would_help"],
    "narrow_down": ["access_needs", "access_flags"],
}


def voice_for(channel_mode: str | None, about: str | None) -> str:
    if channel_mode == "staff":
        return "staff"
    return "them" if about in ("someone_else", "professional") else "you"


def latest_intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def carrying_on(intent: str | None, text: str) -> bool:
    """A short "carry on" / "go on" in a form: the person is ready for the question, not answering it."""
    return intent == "continue_conversation" and len(text.split()) <= 5


def outside_the_directory(postcode: str) -> bool:
    """True when the directory's postcode table cannot place it (e.g. another council's area)."""
    try:
        with Session(services.engine(), future=True) as session:
            return is_known(session, parse_postcode(postcode)) is False
    except Exception as error:  # the search still works, just without distances
        log.error("postcode look-up failed (%s)", type(error).__name__)
        return False


class ValidateGoodConversationForm(FormValidationAction):
    def name(self) -> str:
        return "validate_good_conversation_form"

    async def required_slots(self, domain_slots: list[str], dispatcher, tracker: Tracker, domain: DomainDict) -> list[str]:
        if tracker.get_slot("about") == "someone_else":
            return list(domain_slots)
        return [slot for slot in domain_slots if slot != "them"]

    def validate_about(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        text = tracker.latest_message.get("text") or ""
        read = read_about(text)
        about = value if value in ABOUT_ANSWERS else (read.about if read else None)
        if read and read.them and not text.startswith("/"):
            about = read.about  # a relation named in the words ("me mam") beats the classifier's guess
        if about is None:
            return {"about": None}
        them = read.them if read and read.about == about else None
        if about == "professional" and not them:
            them = "the person you support"
        events = {"about": about, "voice": voice_for(tracker.get_slot("channel_mode"), about)}
        if them:
            events["them"] = them
        return events

    def validate_them(self, value: Any, dispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        return {"them": them_from_text(str(value or ""))}

    def validate_what_matters(self, value, dispatcher, tracker, domain) -> dict:
        return self._answer("what_matters", value, dispatcher, tracker)

    def validate_working_well(self, value, dispatcher, tracker, domain) -> dict:
        return self._answer("working_well", value, dispatcher, tracker)

    def validate_people_around(self, value, dispatcher, tracker, domain) -> dict:
        return self._answer("people_around", value, dispatcher, tracker)

    def validate_enjoys(self, value, dispatcher, tracker, domain) -> dict:
        return self._answer("enjoys", value, dispatcher, tracker)

    def validate_would_help(self, value, dispatcher, tracker, domain) -> dict:
        return self._answer("would_help", value, dispatcher, tracker)

    def validate_location(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict:
        text = clean_answer(str(value or ""))
        if latest_intent(tracker) in ("skip", "just_find_something") or is_anywhere(text):
            dispatcher.utter_message(response="utter_location_anywhere")
            return {"location": "anywhere", "postcode": None}
        place = find_place(text)
        if place is None and carrying_on(latest_intent(tracker), text):
            return {"location": None}
        if place is None:
            dispatcher.utter_message(response="utter_postcode_not_recognised")
            return {"location": None}
        if outside_the_directory(place):
            dispatcher.utter_message(response="utter_postcode_outside_area", place=place)
            return {"location": None}
        return {"location": place, "postcode": place}

    def validate_access_needs(self, value, dispatcher, tracker, domain) -> dict:
        text = clean_answer(str(value or ""))
        flags = [] if latest_intent(tracker) in ("skip", "just_find_something") else read_access_needs(text)
        return {"access_needs": text or "none", "access_flags": flags}

    def _answer(self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict:
        intent = latest_intent(tracker)
        text = clean_answer(str(value or ""))
        if carrying_on(intent, text) or not has_words(text):
            return {slot: None}  # "carry on" after a digression, or "???", is not the answer: ask again
        if intent == "just_find_something":
            skipped = {name: SKIPPED for name in [*STRENGTHS, "would_help"] if not tracker.get_slot(name)}
            return {**skipped, slot: tracker.get_slot(slot) or SKIPPED}
        if intent == "skip" or is_skip(text):
            dispatcher.utter_message(response="utter_skipped")
            return {slot: SKIPPED}
        return {slot: text or None}


class ActionNoteSituation(Action):
    """Someone opens with their situation: keep their words as what matters, then carry on."""

    def name(self) -> str:
        return "action_note_situation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        text = clean_answer(tracker.latest_message.get("text"))
        if not has_words(text):  # "🙂" or "???" as an opening: nothing to keep
            return []
        dispatcher.utter_message(response="utter_thanks_for_sharing")
        return [SlotSet("what_matters", text)]


def greet_if_first(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Greet someone whose first words were "go back" or "start again": the greeting says what this
    is and that it is not for emergencies. True if it greeted."""
    if any(e.get("event") == "bot" for e in tracker.events):
        return False
    dispatcher.utter_message(response="utter_greet")
    return True


class ActionNotUnderstood(Action):
    """An unclear message outside a form. As someone's first words it is their situation: greet them
    and keep it. Otherwise ask them to put it another way; the second time in a row, offer choices."""

    def name(self) -> str:
        return "action_not_understood"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if greet_if_first(dispatcher, tracker):
            events = await ActionNoteSituation().run(dispatcher, tracker, domain)
            return [*events, FollowupAction("good_conversation_form")]
        said = [e for e in tracker.events if e.get("event") == "bot"]
        again = (said[-1].get("metadata") or {}).get("utter_action") in ("utter_default", "utter_default_with_options")
        dispatcher.utter_message(response="utter_default_with_options" if again else "utter_default")
        return []


class ActionStartAgain(Action):
    def name(self) -> str:
        return "action_start_again"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if not greet_if_first(dispatcher, tracker):
            dispatcher.utter_message(response="utter_start_again")
        channel = tracker.get_slot("channel_mode")
        return [ActiveLoop(None), AllSlotsReset(), SlotSet("channel_mode", channel),
                SlotSet("voice", voice_for(channel, None))]


class ActionChangeAnswer(Action):
    """Go back one question: forget the latest answer so the form asks it again."""

    def name(self) -> str:
        return "action_change_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        for event in reversed(tracker.events):
            name = event.get("name")
            if event.get("event") == "slot" and name in FORM_ANSWERS and tracker.get_slot(name) is not None:
                dispatcher.utter_message(response="utter_change_answer")
                extra = [SlotSet("postcode", None)] if name == "location" else []
                return [SlotSet(name, None), *extra]
        if not greet_if_first(dispatcher, tracker):
            dispatcher.utter_message(response="utter_nothing_to_change")
        return []


class ActionChangeSearch(Action):
    """A different area, a different need or a narrower search: ask just those questions again."""

    def name(self) -> str:
        return "action_change_search"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if latest_intent(tracker) == "narrow_down":
            dispatcher.utter_message(response="utter_narrow_down")
        slots = SEARCH_RESETS.get(latest_intent(tracker), [])
        return [SlotSet(name, None) for name in slots] + [SlotSet("results_offset", 0)]
