"""The good conversation: validating answers, keeping the person's words, going back and starting again."""

from __future__ import annotations

import logging
from abc import ABC
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
from bot.conversation.listening import Heard, read_message, reflect
from bot.conversation.places import find_place
from core.postcodes import parse_postcode
from core.vocabulary import ABOUT_ANSWERS
from directory.postcodes import is_known

log = logging.getLogger(__name__)

STRENGTHS = ["working_well", "people_around", "enjoys"]
FORM_ANSWERS = ["about", "them", "what_matters", *STRENGTHS, "would_help", "location", "access_needs"]
TOLD = ["what_matters", *STRENGTHS, "would_help", "location"]  # answers worth hearing back
SEARCH_RESETS = {  # what to ask again when the person wants a different search
    "different_area": ["location", "postcode"],
    "different_need": ["what_matters", "would_help"],
    "narrow_down": ["access_needs", "access_flags"],
}


# Messages that are not answers: a form must let their rules run (interruptions, safety routes).
NOT_AN_ANSWER = {
    "triage_emergency", "triage_crisis", "triage_safeguarding", "triage_urgent", "triage_medical", "triage_check",
    "triage_check_emergency", "triage_check_crisis", "triage_check_safeguarding", "triage_check_urgent",
    "start_again", "change_answer", "ask_for_person", "ask_personal_alarm", "ask_cost", "ask_confidential",
    "bot_challenge", "more_options", "different_area", "different_need", "narrow_down", "send_list",
}
NOT_A_MISS = NOT_AN_ANSWER | {"continue_conversation", "just_find_something"}  # asked again, but not misunderstood
# Earlier messages routed to these are not read for the conversation: the person is being helped by a team.
NOT_READ_ROUTES = {"emergency", "crisis", "safeguarding"}
# After two misses, a third: the form takes this and moves on rather than ask again.
GIVE_UP_VALUES = {"about": "self", "location": "anywhere"}


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


def heard_in(tracker: Tracker) -> Heard:
    """What the latest message told, or, when the form is starting, the whole conversation so far
    (the latest message first): someone who carries on after a route has already said a lot."""
    if latest_intent(tracker) in NOT_AN_ANSWER:
        return Heard()
    texts = [tracker.latest_message.get("text") or ""]
    if not tracker.get_slot("requested_slot"):
        texts += [e.get("text") or "" for e in reversed(tracker.events[:-1]) if e.get("event") == "user"
                  and ((e.get("parse_data") or {}).get("triage") or {}).get("route") not in NOT_READ_ROUTES]
    merged: dict = {}
    for number, text in enumerate(texts):
        intent = latest_intent(tracker) if number == 0 else None
        for name, value in read_message(text, intent).__dict__.items():
            merged.setdefault(name, value) if value is not None else None
    return Heard(**merged)


class ValidateGoodConversationForm(FormValidationAction):
    """Each message is read for everything it tells (the extract_<slot> methods), so questions already
    answered are skipped; the person hears their words back first; no question is asked a third time."""

    def name(self) -> str:
        return "validate_good_conversation_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        before = dict(tracker.slots)
        self._heard = (tracker.sender_id, heard_in(tracker))
        try:
            events = await super().run(dispatcher, tracker, domain)
        finally:
            heard, self._heard = self._heard[1], None
        now = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        learned = [n for n in TOLD if n != requested and before.get(n) is None and now.get(n) not in (None, SKIPPED)]
        said = heard.situation or (tracker.latest_message.get("text") if learned else None)
        ahead: list[EventType] = []
        if said and (learned or not requested) and now.get("what_matters") != SKIPPED:
            staff = tracker.get_slot("channel_mode") == "staff"
            heard = reflect(said) if not staff else clean_answer(said)[:300]
            dispatcher.utter_message(response="utter_acknowledge", heard=heard)
        if tracker.get_slot("carry_on"):
            events = [*events, SlotSet("carry_on", None)]  # carried on: the yes/no question is behind us
        if not requested or latest_intent(tracker) in NOT_A_MISS:
            return events
        if now.get(requested) is not None or learned and requested not in ("about", "location"):
            return [*events, SlotSet("misses", 0)]
        misses = int(tracker.get_slot("misses") or 0) + 1
        if misses >= 3:  # never a third time in a row: take the likeliest answer and move on
            value = GIVE_UP_VALUES.get(requested, SKIPPED)
            if requested == "location":
                dispatcher.utter_message(response="utter_location_anywhere")
            else:
                dispatcher.utter_message(response="utter_moving_on")
            extra = {"voice": voice_for(tracker.get_slot("channel_mode"), "self")} if requested == "about" else {}
            ahead = [SlotSet(requested, value), *(SlotSet(k, v) for k, v in extra.items()), SlotSet("misses", 0)]
            tracker.add_slots(ahead)
            following = await self.next_requested_slot(dispatcher, tracker, domain)
            return [*events, *ahead, *([following] if following else [])]
        return [*events, SlotSet("misses", misses)]

    def _read(self, tracker: Tracker) -> Heard:
        cached = getattr(self, "_heard", None)
        return cached[1] if cached and cached[0] == tracker.sender_id else heard_in(tracker)

    def _extract(self, slot: str, field: str, tracker: Tracker) -> dict:
        """A slot the person has not been asked yet, filled from what they said."""
        if tracker.get_slot(slot) is not None or tracker.get_slot("requested_slot") == slot:
            return {}
        value = getattr(self._read(tracker), field)
        return {slot: value} if value is not None else {}

    def extract_about(self, dispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        heard = self._read(tracker)
        if tracker.get_slot("about") is not None or tracker.get_slot("requested_slot") == "about" or not heard.about:
            return {}
        return {"about": heard.about}  # validate_about adds voice and them

    def extract_what_matters(self, dispatcher, tracker, domain) -> dict:
        return self._extract("what_matters", "situation", tracker)

    def extract_people_around(self, dispatcher, tracker, domain) -> dict:
        return self._extract("people_around", "people_around", tracker)

    def extract_enjoys(self, dispatcher, tracker, domain) -> dict:
        return self._extract("enjoys", "enjoys", tracker)

    def extract_working_well(self, dispatcher, tracker, domain) -> dict:
        return self._extract("working_well", "working_well", tracker)

    def extract_would_help(self, dispatcher, tracker, domain) -> dict:
        return self._extract("would_help", "would_help", tracker)

    def extract_location(self, dispatcher, tracker, domain) -> dict:
        found = self._extract("location", "postcode", tracker)
        if found and outside_the_directory(found["location"]):
            return {}
        return {**found, "postcode": found["location"]} if found else {}

    def _about(self, about: str, them: str | None, tracker: Tracker) -> dict:
        if about == "professional" and not them:
            them = "the person you support"
        events = {"about": about, "voice": voice_for(tracker.get_slot("channel_mode"), about)}
        if them:
            events["them"] = them
        return events

    async def required_slots(self, domain_slots: list[str], dispatcher, tracker: Tracker, domain: DomainDict) -> list[str]:
        if tracker.get_slot("about") == "someone_else":
            return list(domain_slots)
        return [slot for slot in domain_slots if slot != "them"]

    def validate_about(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict:
        text = tracker.latest_message.get("text") or ""
        if value in ABOUT_ANSWERS and text.startswith("/") and tracker.get_slot("requested_slot") == "about":
            return self._about(value, tracker.get_slot("them"), tracker)  # a button
        heard = self._read(tracker)
        read = read_about(text)
        if heard.about is None and heard.people_around:
            return {"about": None}  # "my son visits on Sundays" says who is around, not who it is for
        about = heard.about or (read.about if read else None)
        if about is None and value in ABOUT_ANSWERS and not is_skip(text):
            about = value  # the classifier's reading of a short answer such as "someone else"
        if about is None:
            return {"about": None}
        them = heard.them if heard.about == about else (read.them if read and read.about == about else None)
        return self._about(about, them, tracker)

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
        if place is None:  # asked again: the question's next wording says it was not recognised
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


class ActionAskAgainAware(Action, ABC):
    """Ask a form question: the first time as written, after one miss with a short sorry, after two
    with buttons for the likely answers and a person (never the same words a third time)."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        misses = int(tracker.get_slot("misses") or 0)
        suffix = "" if misses == 0 else "_again" if misses == 1 else "_choices"
        dispatcher.utter_message(response=f"utter_ask_{self.slot}{suffix}")
        return []


class ActionAskAbout(ActionAskAgainAware):
    slot = "about"


class ActionAskLocation(ActionAskAgainAware):
    slot = "location"


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
        if greet_if_first(dispatcher, tracker):  # the form reads their words and acknowledges them
            return [FollowupAction("good_conversation_form")]
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
