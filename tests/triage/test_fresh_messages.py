"""Messages written after the rules, by someone who had not read them (a generalisation check)."""

from __future__ import annotations

import pytest

from bot.triage import load_engine

FRESH = [
    ("been cutting again, the scars are getting worse", "crisis"),
    ("a man from church has been touching my sister who has learning disabilities", "safeguarding"),
    ("i dont think i can keep going, ive written letters to my kids", "crisis"),
    ("I'm on my own since my wife died and I don't see anyone from one week to the next", "none"),
    ("my wife who looked after me died yesterday and I'm on my own and can't manage", "urgent"),
    ("I was cutting the grass again today", "none"),
    ("that film was touching, my mum cried", "none"),
    ("the story has touched my mum", "none"),
    ("he keeps touching my daughter and she is scared", "safeguarding"),
    # Found by the NLU data checks: a paper round is not a kept passport.
    ("my neighbour gets my paper for me", "none"),
    ("they have my papers and I cant leave", "safeguarding"),
    # A professional calling from a surgery is not unwell; what they report still counts.
    ("I'm calling from the GP surgery", "none"),
    ("I need to call the GP", "medical"),
    ("calling from the gp, the patient has collapsed and is not breathing", "emergency"),
    # Self-neglect with no refusal of help: not eating and not leaving home.
    ("she wont eat and has not left her flat in weeks", "safeguarding"),
    ("my neighbour has stopped eating and never leaves the house", "safeguarding"),
    ("he never goes out and does not eat meat", "none"),
]


@pytest.fixture(scope="module")
def engine():
    return load_engine()


@pytest.mark.parametrize(("text", "route"), FRESH)
def test_fresh_message(engine, text, route):
    assert engine.triage(text).route == route
