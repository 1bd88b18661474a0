"""The TriageRouter: deterministic rules decide safety intents, never the classifier."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.triage_component import TriageRouter


@pytest.fixture(scope="module")
def router():
    return TriageRouter({"rules_file": None})


def classified(text: str, *ranking: tuple[str, float]) -> Message:
    message = Message(data={TEXT: text})
    names = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message.set(INTENT, names[0])
    message.set(INTENT_RANKING_KEY, names)
    return message


def routed(router, message: Message) -> tuple[str, list[str]]:
    router.process([message])
    return message.get(INTENT)["name"], [i["name"] for i in message.get(INTENT_RANKING_KEY)]


def router_triage(router, text: str) -> dict:
    message = classified(text, ("greet", 1.0))
    router.process([message])
    return message.get("triage")


def test_a_risk_overrides_a_confident_classifier_guess(router):
    intent, ranking = routed(router, classified("my husband hits me", ("greet", 0.99), ("deny", 0.01)))
    assert intent == "triage_safeguarding"
    assert ranking[0] == "triage_safeguarding"
    assert router_triage(router, "my husband hits me")["route"] == "safeguarding"


def test_a_classifier_guess_of_a_risk_is_dropped_when_the_rules_find_none(router):
    intent, ranking = routed(router, classified("he was a keen fisherman", ("triage_emergency", 0.6), ("describe_situation", 0.4)))
    assert intent == "describe_situation"
    assert not any(name.startswith("triage_") for name in ranking)


def test_a_risk_guess_hidden_behind_a_fallback_is_dropped_too(router):
    message = classified("not at the moment", ("nlu_fallback", 0.3), ("triage_check", 0.2), ("deny", 0.19))
    intent, ranking = routed(router, message)
    assert intent == "nlu_fallback"
    assert ranking == ["nlu_fallback", "deny"]


def test_low_mood_asks_the_gentle_question(router):
    intent, _ = routed(router, classified("I feel like a burden to everyone", ("describe_situation", 0.9)))
    assert intent == "triage_check"


def test_an_empty_message_is_a_fallback_not_a_guess(router):
    intent, _ = routed(router, classified("   ", ("greet", 0.9)))
    assert intent == "nlu_fallback"


@pytest.mark.parametrize("text", ["???", "...", "🙂🙂", "-"])
def test_no_words_is_a_fallback_never_a_yes(router, text):
    intent, _ = routed(router, classified(text, ("affirm", 0.33), ("greet", 0.08)))
    assert intent == "nlu_fallback"


def test_a_risk_only_the_examples_see_becomes_a_safety_question(router):
    text = "he listens to all my calls and chooses my clothes"
    intent, ranking = routed(router, classified(text, ("describe_situation", 0.8), ("greet", 0.2)))
    assert intent == "triage_check_safeguarding" and ranking[0] == intent
    assert router_triage(router, text)["check_route"] == "safeguarding"


def test_the_rules_gentle_check_keeps_its_own_question(router):
    assert routed(router, classified("I feel so hopeless", ("greet", 1.0)))[0] == "triage_check"
