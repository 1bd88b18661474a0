"""The REST channel (`/webhooks/rest/webhook`) with a safety net.

Rasa handles the message as usual. If that fails (database down, a crash) or gives no
reply (the conversation is paused while a handoff is pending), the channel answers by
itself: a risk message still gets its route's reply from the domain, a paused
conversation is told what happens next, and anything else gets a short apology with the
council's number. Message text is never written to the logs.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import lru_cache

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.triage import TriageResult, load_triage
from bot.triage.result import ROUTES_A_QUESTION_FOLLOWS
from core.vocabulary import NO_ROUTE, RISK_ROUTES, UNKNOWN_ABOUT, channel_of

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 100_000
# "/intent" payloads skip NLU. Safety intents come only from the triage rules, never from a payload.
SAFETY_PAYLOAD = re.compile(r"^\s*/+(?=\s*triage_)", re.IGNORECASE)


class SafetyNetRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint("safety_net_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            body = _json_body(request)
            if body is None or not isinstance(body.get("message", ""), str) or not body.get("sender"):
                return response.json({"error": 'Send JSON like {"sender": "id", "message": "text"}.'}, status=400)
            sender, text = str(body["sender"])[:200], body.get("message") or ""
            text = SAFETY_PAYLOAD.sub("", text[:MAX_MESSAGE_CHARS])
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = CollectingOutputChannel()
            if not text.strip():  # nothing to read: say so, and leave the conversation as it was
                await utter(request.app.ctx.agent, collector, sender, ["utter_empty_message"])
                return response.json(collector.messages)
            failed = False
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except Exception as error:  # the safety net below must still answer
                failed = True
                logger.error("REST message handling failed (%s); answering from the safety net", type(error).__name__)
            if not collector.messages:
                await answer_from_safety_net(request.app.ctx.agent, collector, sender, text, failed, metadata)
            return response.json(collector.messages)

        return webhook


def _json_body(request: Request) -> dict | None:
    try:
        body = request.json
    except Exception:
        return None
    return body if isinstance(body, dict) else None


async def answer_from_safety_net(agent, collector: CollectingOutputChannel, sender: str, text: str, failed: bool,
                                 metadata: dict | None = None) -> None:
    result = load_triage().triage(text)
    route = result.route
    if failed and route in RISK_ROUTES:
        # The dialogue (and its handoff action) never ran: keep the referral safe in the spool.
        await asyncio.get_running_loop().run_in_executor(None, spool_referral, sender, text, result, metadata)
    tracker = None
    if not failed:
        try:
            tracker = await agent.tracker_store.retrieve(sender)
        except Exception as error:
            logger.error("tracker store unavailable in the safety net (%s)", type(error).__name__)
    paused = tracker is not None and tracker.is_paused()
    names = safety_replies(result)
    if paused:
        names.append("utter_handoff_pending")
    elif not names:
        names.append("utter_technical_problem" if failed or tracker is None else "utter_default")
    await utter(agent, collector, sender, names, tracker)


def safety_replies(result: TriageResult) -> list[str]:
    """The route's reply and any safety question, as the dialogue would give them (triage_policy.py)."""
    names = [f"utter_route_{result.route}"] if result.route != NO_ROUTE else []
    if result.route in ROUTES_A_QUESTION_FOLLOWS and result.check:
        names.append("utter_check_suicidal_thoughts")
    elif result.route in ROUTES_A_QUESTION_FOLLOWS and result.check_route:
        names.append(f"utter_check_{result.check_route}")
    elif result.check_route == "emergency" and result.route != "emergency":
        names.insert(0, "utter_danger_999")
    return names


async def utter(agent, collector: CollectingOutputChannel, sender: str, names: list[str],
                tracker: DialogueStateTracker | None = None) -> None:
    """Send responses from the domain by name, filled from the tracker's slots (or their defaults)."""
    slots_tracker = tracker or DialogueStateTracker.from_events(sender, [], slots=agent.domain.slots)
    for name in names:
        message = await agent.nlg.generate(name, slots_tracker, SafetyNetRestInput.name())
        if message:
            await collector.send_response(sender, message)


@lru_cache(maxsize=1)
def _referral_store():
    from bot.referrals import open_store

    return open_store()


def spool_referral(sender: str, text: str, result, metadata: dict | None) -> None:
    """Submit a referral straight from the channel; with the database down it lands in the spool,
    and the action server's retrier stores it once the database is back."""
    from bot.hours import handoff_plan
    from bot.referrals import NewReferral

    try:
        plan = handoff_plan(result.route)
        digest = hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:16]
        outcome = _referral_store().submit(NewReferral(
            referral_key=f"{sender}:{result.route}:safety-net:{digest}", route=result.route,
            reasons=[reason.describe() for reason in result.reasons],
            channel=channel_of((metadata or {}).get("channel")), about=UNKNOWN_ABOUT,
            transcript=[{"who": "resident", "text": text, "at": datetime.now(UTC).isoformat()}],
            in_hours=plan.in_hours, team=plan.team, conversation_id=sender))
        logger.warning("safety net referral for route %s: stored=%s spooled=%s", result.route, outcome.stored,
                       outcome.spooled)
    except Exception as error:
        logger.error("safety net could not keep a referral (%s)", type(error).__name__)
