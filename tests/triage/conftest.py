"""Fixtures for the triage tests: one engine, built once for the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage import load_engine

LABELLED = Path(__file__).with_name("labelled_messages.yml")


@pytest.fixture(scope="session")
def engine():
    return load_engine()


@pytest.fixture(scope="session")
def route_of(engine):
    return lambda text: engine.triage(text).route
