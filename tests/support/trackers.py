"""Building rasa_sdk trackers and reading what a dispatcher said, for unit tests of custom actions."""

from __future__ import annotations

import time

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher


def user_event(text: str, intent: str = "nlu_fallback", triage: dict | None = None) -> dict:
    parse = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    if triage:
        parse["triage"] = triage
    return {"event": "user", "text": text, "timestamp": time.time(), "parse_data": parse}


def make_tracker(slots: dict | None = None, text: str = "", intent: str = "nlu_fallback", events: list | None = None,
                 sender: str = "test-sender", active_loop: str | None = None, triage: dict | None = None) -> Tracker:
    latest = user_event(text, intent, triage)
    return Tracker(
        sender_id=sender,
        slots={"voice": "you", "channel_mode": "web", **(slots or {})},
        latest_message=latest["parse_data"] | {"text": text},
        events=[*(events or []), latest],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages if m.get("response")]
