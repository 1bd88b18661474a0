"""A risk buried at the end of a very long message is still found."""

from __future__ import annotations

import pytest

from bot.triage import load_engine
from bot.triage.windows import message_windows

FILLER = "I went to the shops this morning and bought some bread and milk. "


@pytest.fixture(scope="module")
def engine():
    return load_engine()


@pytest.mark.parametrize(("ending", "route"), [("I want to kill myself.", "crisis"),
                                               ("My son hits me when he wants money.", "safeguarding"),
                                               ("He has collapsed and is not breathing.", "emergency")])
def test_risk_at_the_end_of_100_kb(engine, ending, route):
    assert engine.triage(FILLER * 1600 + ending).route == route


def test_long_harmless_message_stays_none(engine):
    result = engine.triage(FILLER * 1600)
    assert (result.route, result.check) == ("none", False)


def test_most_severe_route_in_any_window_wins(engine):
    text = "My hip is sore and swollen. " + FILLER * 200 + "She is unconscious on the floor."
    assert engine.triage(text).route == "emergency"


def test_windows_overlap_so_a_sentence_cut_in_two_is_still_read():
    text = "a " * 3000 + "I want to kill myself " + "b " * 3000
    pieces = message_windows(text, 5000)
    assert len(pieces) > 1 and all(len(piece) <= 5000 for piece in pieces)
    assert any("I want to kill myself" in piece for piece in pieces)
