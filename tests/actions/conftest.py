"""Tracker, dispatcher and domain fixtures for unit tests of custom actions."""

from __future__ import annotations

from functools import lru_cache

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import services
from core.paths import REPO_ROOT
from tests.support.trackers import make_tracker


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
