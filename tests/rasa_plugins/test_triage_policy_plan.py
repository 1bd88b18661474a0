"""What the TriagePolicy plays when the example layer adds a question or the 999 line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.rasa_plugins.rest_channel import safety_replies
from bot.rasa_plugins.triage_policy import triage_plan
from bot.triage.result import ExampleReason, TriageResult

CONFIG = yaml.safe_load((Path(__file__).resolve().parents[2] / "config.yml").read_text())
POLICY = next(p for p in CONFIG["policies"] if p["name"].endswith("TriagePolicy"))
ACTIONS, DANGER = POLICY["route_actions"], POLICY["danger_line"]


def test_a_medical_reply_is_followed_by_the_question_not_the_offer():
    plan = triage_plan("triage_medical", "emergency", ACTIONS, DANGER)
    assert plan == ["utter_route_medical", "utter_check_emergency"]


@pytest.mark.parametrize("route", ["crisis", "safeguarding", "urgent"])
def test_danger_to_life_puts_the_999_line_before_a_risk_route(route):
    plan = triage_plan(f"triage_{route}", "emergency", ACTIONS, DANGER)
    assert plan == ["utter_danger_999", *ACTIONS[f"triage_{route}"]]  # the route's own plan is untouched


@pytest.mark.parametrize("route", ["emergency", "crisis", "safeguarding", "urgent"])
def test_each_question_is_its_own_plan(route):
    assert triage_plan(f"triage_check_{route}", route, ACTIONS, DANGER) == [f"utter_check_{route}"]


def test_no_question_leaves_the_route_plan_alone():
    for intent, plan in ACTIONS.items():
        assert triage_plan(intent, None, ACTIONS, DANGER) == plan


def test_the_channel_safety_net_gives_the_same_question():
    seen = ExampleReason("urgent", "urgent.seed_0001", 0.6)
    asked = TriageResult("none", False, [seen], check_route="urgent")
    assert safety_replies(asked) == ["utter_check_urgent"]
    medical = TriageResult("medical", False, [seen], check_route="emergency")
    assert safety_replies(medical) == ["utter_route_medical", "utter_check_emergency"]
    risky = TriageResult("safeguarding", False, [seen], check_route="emergency")
    assert safety_replies(risky) == ["utter_danger_999", "utter_route_safeguarding"]
    assert safety_replies(TriageResult("none", True)) == ["utter_check_suicidal_thoughts"]
    assert safety_replies(TriageResult("none", False)) == []
