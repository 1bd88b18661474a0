"""The REST channel (`/webhooks/rest/webhook`) with a safety net.

Rasa handles the message as usual. If that fails (database down, a crash) or gives no
reply (the conversation is paused while a handoff is pending), the channel answers by
itself: a risk message still gets its route's reply from the domain, a paused
conversation is told what happens next, and anything else gets a short apology with the
council's number. Message text is never written to the logs.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.triage import load_engine

logger = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 100_000


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
            if len(text) > MAX_MESSAGE_CHARS:
                text = text[:MAX_MESSAGE_CHARS]
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            collector = CollectingOutputChannel()
            failed = False
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata))
            except Exception as error:  # the safety net below must still answer
                failed = True
                logger.error("REST message handling failed (%s); answering from the safety net", type(error).__name__)
            if not collector.messages:
                await answer_from_safety_net(request.app.ctx.agent, collector, sender, text, failed)
            return response.json(collector.messages)

        return webhook


def _json_body(request: Request) -> dict | None:
    try:
        body = request.json
    except Exception:
        return None
    return body if isinstance(body, dict) else None


async def answer_from_safety_net(agent, collector: CollectingOutputChannel, sender: str, text: str, failed: bool) -> None:
    route = load_engine().triage(text).route
    tracker = None
    if not failed:
        try:
            tracker = await agent.tracker_store.retrieve(sender)
        except Exception as error:
            logger.error("tracker store unavailable in the safety net (%s)", type(error).__name__)
    paused = tracker is not None and tracker.is_paused()
    names = [f"utter_route_{route}"] if route != "none" else []
    if paused:
        names.append("utter_handoff_pending")
    elif not names:
        names.append("utter_technical_problem" if failed or tracker is None else "utter_default")
    slots_tracker = tracker or DialogueStateTracker.from_events(sender, [], slots=agent.domain.slots)
    for name in names:
        message = await agent.nlg.generate(name, slots_tracker, SafetyNetRestInput.name())
        if message:
            await collector.send_response(sender, message)
