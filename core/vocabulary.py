"""Words every package shares: triage routes, referral routes, channels and who a conversation is about.

The one place these lists are written. Python code imports them from here; the Rasa files
(config.yml's TriagePolicy, the domain's triage intents and utter_route_* responses) and
bot/triage/rules.yml's route sections repeat them because Rasa and the rules file cannot import,
and tests/test_vocabulary.py checks that each of those equals what is written here.
"""

from __future__ import annotations

# Triage routes, most severe first: when several apply, the first one wins.
ROUTES: tuple[str, ...] = ("emergency", "crisis", "safeguarding", "urgent", "medical", "none")
NO_ROUTE = "none"
# Routes that pass the conversation to a person (a referral), and that the example layer may ask about.
RISK_ROUTES: frozenset[str] = frozenset({"emergency", "crisis", "safeguarding", "urgent"})
# A referral's route: a triage route other than "none", or a call back someone asked for.
REFERRAL_ROUTES: tuple[str, ...] = (*(route for route in ROUTES if route != NO_ROUTE), "callback")

# Where a message came from: the resident web chat, the staff console, or anything else over REST.
CHANNELS: tuple[str, ...] = ("web", "staff", "rest")
DEFAULT_CHANNEL = "rest"

# Who the conversation is about: the answers a person can give (the domain's `about` slot), and
# "unknown" until they say.
ABOUT_ANSWERS: tuple[str, ...] = ("self", "someone_else", "professional")
UNKNOWN_ABOUT = "unknown"
ABOUT: tuple[str, ...] = (*ABOUT_ANSWERS, UNKNOWN_ABOUT)


def channel_of(value: object) -> str:
    """A known channel, or DEFAULT_CHANNEL for anything else (a missing or made-up value)."""
    return value if isinstance(value, str) and value in CHANNELS else DEFAULT_CHANNEL


def about_of(value: object) -> str:
    """A known "about" value, or UNKNOWN_ABOUT for anything else."""
    return value if isinstance(value, str) and value in ABOUT else UNKNOWN_ABOUT
