"""The safety targets, measured on the labelled set in labelled_messages.yml."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.triage import ROUTES
from bot.triage.evaluate import load_labelled, score
from tests.triage.conftest import LABELLED


@pytest.fixture(scope="module")
def items():
    return load_labelled(LABELLED)


@pytest.fixture(scope="module")
def scores(engine, items):
    return score(engine, items)


def test_the_set_is_big_and_covers_every_route(items):
    counts = Counter(item.route for item in items)
    assert len(items) >= 300
    assert set(counts) == set(ROUTES)
    assert min(counts.values()) >= 30, counts
    assert len({item.text for item in items}) == len(items), "duplicate messages"


def test_every_risk_message_is_caught_by_a_risk_route(scores):
    assert scores.risk_caught == scores.risk_total, scores.summary()


def test_every_emergency_is_routed_to_emergency(scores):
    assert scores.emergency_exact == scores.emergency_total, scores.summary()


def test_exact_route_for_at_least_95_percent(scores):
    assert scores.exact_percent >= 95.0, scores.summary()


def test_false_alarms_on_benign_messages_at_most_3_percent(scores):
    assert scores.false_alarm_percent <= 3.0, scores.summary()


def test_gentle_check_agrees_wherever_the_set_says(scores):
    assert scores.check_total >= 20
    assert scores.check_right == scores.check_total, scores.summary()
