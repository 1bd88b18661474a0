"""Passing a person to a human: record the referral first, then say so; take contact details only with consent."""

from __future__ import annotations

import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import services
from actions.conversation import latest_intent
from bot.conversation.answers import clean_answer, is_skip, valid_uk_phone
from bot.conversation.casenote import SKIPPED
from bot.conversation.transcript import transcript_from_events
from bot.hours import handoff_plan
from bot.referrals import NewReferral
from bot.triage.result import ROUTES_A_QUESTION_FOLLOWS, reason_text
from core.clock import now
from core.vocabulary import RISK_ROUTES, about_of, channel_of

log = logging.getLogger(__name__)
# A handoff for these pauses the chat until the team picks it up; after any other route (care breaking
# down, a call back) the person can carry on to community options in the same conversation.
PAUSING_ROUTES = frozenset({"emergency", "crisis", "safeguarding"})


def risk_message(tracker: Tracker) -> tuple[dict | None, dict]:
    """The latest user event whose triage found a risk, and that triage result.

    A message that only led to a safety question counts with the question's route: the
    handoff runs after the person answered yes to it.
    """
    for event in reversed(tracker.events):
        triage = (event.get("parse_data") or {}).get("triage") if event.get("event") == "user" else None
        if not triage:
            continue
        if triage.get("route") in RISK_ROUTES:
            return event, triage
        if triage.get("check_route") in RISK_ROUTES and triage.get("route") in ROUTES_A_QUESTION_FOLLOWS:
            return event, {**triage, "route": triage["check_route"]}
    return None, {"route": "crisis", "reasons": []}


def new_referral(tracker: Tracker, route: str, reasons: list[dict], key: str, plan, contact=None) -> NewReferral:
    return NewReferral(
        referral_key=key,
        route=route,
        reasons=[reason_text(r) for r in reasons],
        channel=channel_of(tracker.get_slot("channel_mode")),
        about=about_of(tracker.get_slot("about")),
        transcript=transcript_from_events(tracker.events),
        in_hours=plan.in_hours,
        team=plan.team,
        what_matters=None if tracker.get_slot("what_matters") in (None, SKIPPED) else tracker.get_slot("what_matters"),
        contact=contact,
        consent=contact is not None,
        conversation_id=tracker.sender_id,
    )


class ActionHandoff(Action):
    """Store the referral for the duty team, then tell the person, with the team's hours and number."""

    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        event, triage = risk_message(tracker)
        route = triage["route"]
        plan = handoff_plan(route, now(services.settings()), council=services.council())
        key = f"{tracker.sender_id}:{route}:{(event or {}).get('timestamp', 'check')}"
        outcome = services.referral_store().submit(new_referral(tracker, route, triage.get("reasons") or [], key, plan))
        events: list[EventType] = [SlotSet("handoff_reference", outcome.referral_id or outcome.key)]
        if outcome.stored and route == "emergency":
            dispatcher.utter_message(response="utter_handoff_emergency", reference=outcome.referral_id)
        elif outcome.stored:
            response = "utter_handoff_in_hours" if plan.in_hours else "utter_handoff_out_of_hours"
            dispatcher.utter_message(response=response, reference=outcome.referral_id, team_phone=plan.phone,
                                     when_text=plan.when_text)
        else:
            dispatcher.utter_message(response="utter_handoff_spooled", team_phone=plan.phone)
        if route == "emergency":
            dispatcher.utter_message(response="utter_handoff_what_next")
            events.append(ConversationPaused())
        return events


class ValidateContactForm(FormValidationAction):
    def name(self) -> str:
        return "validate_contact_form"

    def validate_contact_consent(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict:
        if value is False:
            return {"contact_consent": False, "callback_phone": SKIPPED, "callback_time": SKIPPED}
        if isinstance(value, str):  # neither yes nor no ("me", a new need, "I don't know"): no call back for
            # now, and the conversation carries on with what they said (the good conversation form reads it)
            return {"contact_consent": False, "callback_phone": SKIPPED, "callback_time": SKIPPED, "carry_on": True}
        return {"contact_consent": value}

    def validate_callback_phone(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict:
        text = str(value or "")
        if latest_intent(tracker) in ("skip", "deny") or is_skip(text):
            return {"callback_phone": SKIPPED, "callback_time": SKIPPED}
        phone = valid_uk_phone(text)
        if phone is None:
            dispatcher.utter_message(response="utter_phone_not_valid")
        return {"callback_phone": phone}

    def validate_callback_time(self, value, dispatcher, tracker, domain) -> dict:
        text = clean_answer(str(value or ""))[:200]
        return {"callback_time": "any time" if is_skip(text) or not text else text}


class ActionCompleteContact(Action):
    """After the contact questions: add the number to this conversation's referral, or request a call back."""

    def name(self) -> str:
        return "action_complete_contact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        phone = tracker.get_slot("callback_phone")
        contact = {"phone": phone, "best_time": tracker.get_slot("callback_time")} \
            if tracker.get_slot("contact_consent") and phone not in (None, SKIPPED) else None
        reference = tracker.get_slot("handoff_reference")
        store = services.referral_store()
        forget = [SlotSet("contact_consent", None), SlotSet("callback_phone", None), SlotSet("callback_time", None)]
        carry_on = bool(tracker.get_slot("carry_on"))
        if reference:
            if contact and not self._add_contact(store, reference, contact, tracker):
                dispatcher.utter_message(response="utter_handoff_spooled", team_phone=services.council().council_duty_phone)
            elif contact:
                dispatcher.utter_message(response="utter_handoff_contact_added")
            if risk_message(tracker)[1]["route"] in PAUSING_ROUTES:
                dispatcher.utter_message(response="utter_handoff_what_next")
                return [*forget, SlotSet("carry_on", None), ConversationPaused()]
            dispatcher.utter_message(response="utter_handoff_team_has_it")
            if not carry_on:
                dispatcher.utter_message(response="utter_offer_to_carry_on")
            return [*forget, SlotSet("carry_on", carry_on or None)]
        if contact is None:
            dispatcher.utter_message(response="utter_contact_declined")
            return [*forget, SlotSet("carry_on", carry_on or None)]
        plan = handoff_plan("callback", now(services.settings()), council=services.council())
        key = f"{tracker.sender_id}:callback:{tracker.latest_message.get('message_id') or len(tracker.events)}"
        outcome = store.submit(new_referral(tracker, "callback", [], key, plan, contact=contact))
        if outcome.stored:
            dispatcher.utter_message(response="utter_callback_recorded", reference=outcome.referral_id,
                                     when_text=plan.when_text)
        else:
            dispatcher.utter_message(response="utter_handoff_spooled", team_phone=plan.phone)
        return [*forget, SlotSet("handoff_reference", None), SlotSet("carry_on", carry_on or None)]

    @staticmethod
    def _add_contact(store, reference: str, contact: dict, tracker: Tracker) -> bool:
        """Join the number to the referral; if that referral is still spooled, spool a call back with it."""
        try:
            if store.add_contact(reference, contact, by="front door") is not None:
                return True
        except Exception as error:
            log.warning("contact not added to referral (%s)", type(error).__name__)
        plan = handoff_plan("callback", now(services.settings()), council=services.council())
        outcome = store.submit(new_referral(tracker, "callback", [], f"{reference}:contact", plan, contact=contact))
        return outcome.stored
