"""A conversation the database cannot store is an error for the caller, never SystemExit."""

from __future__ import annotations

import asyncio

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_plugins.tracker_store import DatabaseUrlTrackerStore, TrackerStoreError


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'conversations.db'}")
    return DatabaseUrlTrackerStore(domain=Domain.empty())


def _tracker(sender: str, text: str = "hello") -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [UserUttered(text, {"name": "greet", "confidence": 1.0})])


def test_rasa_alone_turns_an_encoding_error_into_system_exit(store):
    # Why our class exists: Rasa's own session_scope exits the process.
    with pytest.raises(SystemExit), SQLTrackerStore.session_scope(store):
        "\udfff".encode()


def test_an_unstorable_sender_is_a_tracker_store_error_naming_only_its_type(store, caplog):
    with pytest.raises(TrackerStoreError) as raised:
        asyncio.run(store.save(_tracker("\udfff", "my secret text")))
    assert str(raised.value) == "UnicodeEncodeError"
    assert "my secret text" not in caplog.text


def test_the_store_still_works_after_an_error(store):
    with pytest.raises(TrackerStoreError):
        asyncio.run(store.retrieve("\udfff"))
    asyncio.run(store.save(_tracker("fine-1")))
    assert asyncio.run(store.retrieve("fine-1")).sender_id == "fine-1"
