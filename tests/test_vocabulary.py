"""core/vocabulary.py is the one list of routes, channels and "about" values; the files Rasa and
the rules engine read cannot import it, so each is checked against it here."""

from __future__ import annotations

import yaml

from bot.hours import load_hours
from bot.referrals.models import ROUTE_PRIORITY
from bot.triage import rules_file, similarity
from core.paths import REPO_ROOT
from core.vocabulary import (
    ABOUT,
    ABOUT_ANSWERS,
    CHANNELS,
    DEFAULT_CHANNEL,
    NO_ROUTE,
    REFERRAL_ROUTES,
    RISK_ROUTES,
    ROUTES,
    UNKNOWN_ABOUT,
    about_of,
    channel_of,
)

ROUTED = [route for route in ROUTES if route != NO_ROUTE]
# Every intent the triage rules can set: a route, the suicidal-thoughts check, or a check for a risk route.
TRIAGE_INTENTS = {f"triage_{route}" for route in ROUTED} | {"triage_check"} | {f"triage_check_{r}" for r in RISK_ROUTES}


def _yaml(path: str):
    return yaml.safe_load((REPO_ROOT / path).read_text(encoding="utf-8"))


def _domain() -> dict:
    merged: dict = {"intents": [], "responses": {}, "slots": {}}
    for path in sorted((REPO_ROOT / "domain").glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["intents"] += [i if isinstance(i, str) else next(iter(i)) for i in part.get("intents") or []]
        merged["responses"].update(part.get("responses") or {})
        merged["slots"].update(part.get("slots") or {})
    return merged


def test_routes_are_most_severe_first_with_the_risk_routes_leading():
    assert ROUTES[-1] == NO_ROUTE
    assert set(ROUTES[: len(RISK_ROUTES)]) == RISK_ROUTES
    assert (*ROUTED, "callback") == REFERRAL_ROUTES


def test_config_route_actions_are_the_triage_intents():
    policy = next(p for p in _yaml("config.yml")["policies"] if p["name"].endswith("TriagePolicy"))
    assert set(policy["route_actions"]) == TRIAGE_INTENTS
    for route in ROUTED:
        assert policy["route_actions"][f"triage_{route}"][0] == f"utter_route_{route}"
    for route in RISK_ROUTES:
        assert policy["route_actions"][f"triage_check_{route}"] == [f"utter_check_{route}"]


def test_domain_triage_intents_and_route_responses_follow_the_vocabulary():
    domain = _domain()
    assert {intent for intent in domain["intents"] if intent.startswith("triage_")} == TRIAGE_INTENTS
    assert {name for name in domain["responses"] if name.startswith("utter_route_")} == {f"utter_route_{r}" for r in ROUTED}
    assert {f"utter_check_{route}" for route in RISK_ROUTES} <= set(domain["responses"])


def test_training_rules_cover_every_triage_intent():
    steps = [step for rule in _yaml("data/rules/triage.yml")["rules"] for step in rule["steps"]]
    assert {step["intent"] for step in steps if str(step.get("intent", "")).startswith("triage_")} == TRIAGE_INTENTS


def test_rules_file_route_sections_are_the_routes_then_check():
    assert list(_yaml("bot/triage/rules.yml")["routes"]) == [*ROUTED, "check"]
    assert (*ROUTED, "check") == rules_file.ROUTE_SECTIONS


def test_example_layer_asks_about_the_risk_routes():
    assert set(similarity.RISKS) == RISK_ROUTES


def test_referral_routes_have_a_priority_and_an_office_hours_rule():
    assert tuple(ROUTE_PRIORITY) == REFERRAL_ROUTES
    assert tuple(_yaml("config/hours.yml")["routes"]) == REFERRAL_ROUTES
    assert set(load_hours().routes) == set(REFERRAL_ROUTES)


def test_channels_and_about_values():
    assert DEFAULT_CHANNEL in CHANNELS and UNKNOWN_ABOUT in ABOUT
    assert [channel_of(c) for c in ("web", "staff", "rest", None, "sms", ["web"])] == [
        "web", "staff", "rest", "rest", "rest", "rest"]
    assert [about_of(a) for a in ("self", "someone_else", "professional", None, "cat")] == [
        "self", "someone_else", "professional", "unknown", "unknown"]
    assert (*ABOUT_ANSWERS, UNKNOWN_ABOUT) == ABOUT
    assert tuple(_domain()["slots"]["about"]["values"]) == ABOUT_ANSWERS
