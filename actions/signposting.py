"""Suggesting services from the directory, sending the list, and asking if it helped."""

from __future__ import annotations

import logging

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions import services
from actions.conversation import latest_intent
from bot.conversation.answers import clean_answer, is_skip, valid_email
from bot.conversation.casenote import SKIPPED, build_case_note
from bot.conversation.results import describe_match
from bot.insights.store import record_feedback, record_unmet_need
from bot.mailer import MailError, send_service_list
from core.clock import now
from directory.api import get_service
from directory.early_intervention import early_intervention_service_ids, offer_early_intervention
from directory.search import search_services

log = logging.getLogger(__name__)
PAGE = 3
NEED_SLOTS = ("what_matters", "would_help", "enjoys")
GENERAL_NEED = "community groups and support near me"


def need_text(tracker: Tracker) -> str:
    """The person's own words about what they need, as the search reads them."""
    parts = [tracker.get_slot(name) for name in NEED_SLOTS]
    return ". ".join(p for p in parts if p and p != SKIPPED) or GENERAL_NEED


def triage_routes(tracker: Tracker) -> list[str]:
    return [e["parse_data"]["triage"]["route"] for e in tracker.events
            if e.get("event") == "user" and ((e.get("parse_data") or {}).get("triage") or {}).get("route", "none") != "none"]


def council_offer(session, text: str, routes: list[str], about: str | None) -> dict | None:
    """The council's early-intervention service, when its rules say to offer it: {name, contact}."""
    if not offer_early_intervention(text, routes[-1] if routes else None, about):
        return None
    for service_id in early_intervention_service_ids(session, text):
        status, service = get_service(session, service_id)
        if status == 200:
            phones = [p.get("number") for p in service.get("phones") or [] if p.get("number")]
            contact = " / ".join([*phones[:1], *(x for x in (service.get("email"), service.get("url")) if x)])
            return {"name": service["name"], "contact": contact or services.council().council_asc_phone}
    return None


class ActionSuggestServices(Action):
    def name(self) -> str:
        return "action_suggest_services"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        more = latest_intent(tracker) == "more_options"
        offset = int(tracker.get_slot("results_offset") or 0) + (PAGE if more else 0)
        flags = tracker.get_slot("access_flags") or []
        postcode = tracker.get_slot("postcode")
        moment = now(services.settings())
        text = need_text(tracker)
        try:
            with Session(services.engine(), future=True) as session:
                found = search_services(session, text, postcode=postcode, free_only="free" in flags, limit=PAGE,
                                        offset=offset, now=moment, access_needs=tuple(flags))
                shown = [describe_match(m, moment) for m in found.matches]
                alternatives, early = [], None
                if not shown and not more:
                    wider = search_services(session, text, limit=2, now=moment)
                    alternatives = [describe_match(m, moment) for m in wider.matches]
                if shown and offset == 0:
                    early = council_offer(session, text, triage_routes(tracker), tracker.get_slot("about"))
        except Exception as error:
            log.error("directory search failed (%s)", type(error).__name__)
            dispatcher.utter_message(response="utter_search_unavailable")
            return []
        if shown:
            dispatcher.utter_message(response="utter_results_intro")
            for service in shown:
                dispatcher.utter_message(response="utter_service_match", **service)
            if early is not None:
                dispatcher.utter_message(response="utter_early_intervention", **early)
        elif more:
            dispatcher.utter_message(response="utter_no_more_results")
        else:
            self._no_match(dispatcher, found.needs, postcode, alternatives, moment)
        dispatcher.utter_message(response="utter_results_next")
        suggested = (tracker.get_slot("suggested_services") or []) + shown + alternatives
        return [SlotSet("results_offset", offset), SlotSet("suggested_services", suggested)]

    @staticmethod
    def _no_match(dispatcher, needs, postcode, alternatives, moment) -> None:
        try:
            record_unmet_need(services.engine(), [str(n) for n in needs], postcode, moment.date())
        except Exception as error:
            log.error("could not record an unmet need (%s)", type(error).__name__)
        dispatcher.utter_message(response="utter_no_match")
        if alternatives:
            dispatcher.utter_message(response="utter_nearest_alternatives")
            for service in alternatives:
                dispatcher.utter_message(response="utter_service_match", **service)
        dispatcher.utter_message(response="utter_no_match_person")


class ValidateSendListForm(FormValidationAction):
    def name(self) -> str:
        return "validate_send_list_form"

    def validate_list_consent(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict:
        if value is False:
            dispatcher.utter_message(response="utter_list_print")
            return {"list_consent": False, "email": SKIPPED}
        return {"list_consent": value}

    def validate_email(self, value, dispatcher: CollectingDispatcher, tracker, domain) -> dict:
        text = str(value or "")
        if latest_intent(tracker) == "skip" or is_skip(text):
            dispatcher.utter_message(response="utter_list_print")
            return {"email": SKIPPED}
        address = valid_email(text)
        if address is None:
            dispatcher.utter_message(response="utter_email_not_valid")
        return {"email": address}


class ActionSendList(Action):
    """E-mail the suggested services; the address is used once and then forgotten."""

    def name(self) -> str:
        return "action_send_list"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        address = tracker.get_slot("email")
        suggested = tracker.get_slot("suggested_services") or []
        if tracker.get_slot("list_consent") and address and address != SKIPPED and suggested:
            try:
                send_service_list(address, suggested, services.council(), services.settings())
                dispatcher.utter_message(response="utter_list_sent", email=address)
            except MailError as error:
                log.error("list e-mail not sent (%s)", error)
                dispatcher.utter_message(response="utter_list_not_sent")
        dispatcher.utter_message(response="utter_results_next")
        return [SlotSet("email", None)]


class ValidateFeedbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_feedback_form"

    def validate_feedback_comment(self, value, dispatcher, tracker, domain) -> dict:
        text = clean_answer(str(value or ""))
        return {"feedback_comment": SKIPPED if is_skip(text) or latest_intent(tracker) in ("skip", "deny") else text}


class ActionRecordFeedback(Action):
    """Store the answer to "did this help?"; in staff mode, hand over the case note; then close."""

    def name(self) -> str:
        return "action_record_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        moment = now(services.settings())
        comment = tracker.get_slot("feedback_comment")
        try:
            record_feedback(services.engine(), tracker.get_slot("helped") or "no",
                            None if comment == SKIPPED else comment, tracker.get_slot("channel_mode"), moment.date())
        except Exception as error:
            log.error("could not record feedback (%s)", type(error).__name__)
        if tracker.get_slot("channel_mode") == "staff":
            note = build_case_note(tracker.current_slot_values(), tracker.events, moment)
            dispatcher.utter_message(response="utter_case_note_ready")
            dispatcher.utter_message(json_message={"case_note": {"text": note.text, "data": note.data}})
        dispatcher.utter_message(response="utter_close")
        return []
