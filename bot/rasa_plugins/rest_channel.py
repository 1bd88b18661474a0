"""The REST channel (`/webhooks/rest/webhook`) with a safety net.

Before Rasa sees a request it must be JSON (415 otherwise), at most 256 kB (413), within the rate
per sender and per client (429), with a sender id that can be stored (400): see webhook_guard.py.
What was typed passes through `what_to_send` (bot/conversation/typed_input.py), so no typed text
becomes an intent, a slot or a metadata switch; only our web front may say which channel it is.

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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.conversation.typed_input import allowed_payloads, what_to_send
from bot.rasa_plugins.webhook_guard import (
    CHANNEL_KEY_HEADER,
    RateLimiter,
    Refusal,
    from_web_front,
    normalise_sender,
    parse_object,
    refuse_body,
)
from bot.triage import TriageResult, load_triage
from bot.triage.result import ROUTES_A_QUESTION_FOLLOWS
from core import log_privacy
from core.settings import Settings
from core.vocabulary import NO_ROUTE, RISK_ROUTES, UNKNOWN_ABOUT, channel_of

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 100_000


class SafetyNetRestInput(RestInput):
    def __init__(self) -> None:
        super().__init__()
        self._guard_state: _Guard | None = None
        self._payloads_of: tuple[object, frozenset[str]] = (None, frozenset())

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        log_privacy.install()  # Rasa loads this channel as it starts: from here on no log line quotes a message
        self._guard()
        webhook = Blueprint("safety_net_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refusal, message = self._check(request)
            if refusal is not None:
                headers = {"Retry-After": str(refusal.retry_after)} if refusal.retry_after else None
                return response.json({"error": refusal.message}, status=refusal.status, headers=headers)
            sender, text, metadata = message
            collector = CollectingOutputChannel()
            if not text:  # nothing to read: say so, and leave the conversation as it was
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

    def _check(self, request: Request) -> tuple[Refusal | None, tuple[str, str, dict | None]]:
        """Refuse what must not reach Rasa; otherwise the sender, the text to pass on and the metadata."""
        guard = self._guard()
        nothing = ("", "", None)
        refusal = refuse_body(request.headers.get("content-type"), request.headers.get("content-length"), request.body)
        if refusal is not None:
            return refusal, nothing
        trusted = from_web_front(request.headers.get(CHANNEL_KEY_HEADER), guard.secret)
        client = request.ip or "unknown"
        if not trusted and not guard.per_client.allow(client):
            return Refusal(429, TOO_MANY, guard.per_client.retry_after(client)), nothing
        body = parse_object(request.body)
        if body is None or not isinstance(body.get("message", ""), (str, type(None))) or "sender" not in body:
            return Refusal(400, 'Send JSON like {"sender": "id", "message": "text"}.'), nothing
        sender = normalise_sender(body["sender"])
        if isinstance(sender, Refusal):
            return sender, nothing
        if not guard.per_sender.allow(sender):
            return Refusal(429, TOO_MANY, guard.per_sender.retry_after(sender)), nothing
        # Metadata switches (which channel this is) only from our own web front, never from a body.
        raw_metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else {}
        channel = channel_of(raw_metadata.get("channel")) if trusted else None
        metadata = {"channel": channel} if channel else None
        text = what_to_send((body.get("message") or "")[:MAX_MESSAGE_CHARS], self._payloads(request),
                            start_channel=channel)
        return None, (sender, text, metadata)

    def _guard(self) -> _Guard:
        if self._guard_state is None:
            settings = Settings.from_env()
            if not settings.channel_secret:
                logger.warning("no channel secret (FRONTDOOR_CHANNEL_SECRET or FRONTDOOR_RASA_TOKEN): "
                               "every REST request is treated as anonymous")
            self._guard_state = _Guard(RateLimiter(settings.webhook_rate_per_sender),
                                       RateLimiter(settings.webhook_rate_per_client), settings.channel_secret)
        return self._guard_state

    def _payloads(self, request: Request) -> frozenset[str]:
        """The plain button payloads the domain offers, collected once per loaded domain."""
        domain = getattr(request.app.ctx.agent, "domain", None)
        if domain is None:
            return frozenset()
        if self._payloads_of[0] is not domain:
            offered = (button.get("payload") for variations in domain.responses.values()
                       for variation in variations for button in (variation.get("buttons") or [])
                       if isinstance(button, dict))
            self._payloads_of = (domain, allowed_payloads(offered))
        return self._payloads_of[1]


@dataclass(frozen=True)
class _Guard:
    per_sender: RateLimiter
    per_client: RateLimiter
    secret: str | None


TOO_MANY = "Too many messages in a short time. Please wait a moment and try again."


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
