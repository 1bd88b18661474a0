"""Tracker, dispatcher and domain fixtures for unit tests of custom actions."""

from __future__ import annotations

import time
from functools import lru_cache

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from core.paths import REPO_ROOT


@lru_cache(maxsize=1)
def _domain() -> dict:
    from rasa.shared.core.domain import Domain

    return Domain.load(str(REPO_ROOT / "domain")).as_dict()


@pytest.fixture
def domain() -> dict:
    return _domain()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


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


@pytest.fixture
def tracker_for():
    return make_tracker


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A private SQLite database with the full schema, seen by the actions through DATABASE_URL."""
    from core.db import upgrade

    url = f"sqlite:///{tmp_path / 'frontdoor.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("FRONTDOOR_VAR_DIR", str(tmp_path / "var"))
    upgrade(url)
    services.reset()
    yield url
    services.reset()


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages if m.get("response")]
