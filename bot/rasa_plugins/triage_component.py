"""NLU graph component: run both triage layers on every message.

It runs last in the pipeline. A route from the rules replaces whatever the intent
classifier guessed with `triage_<route>` at confidence 1.0. When the rules give no route
but a safety question is due, the intent is `triage_check` (the rules' gentle question
about suicidal thoughts) or `triage_check_<route>` (a risk the example layer saw). With
no route and no question, any `triage_*` guess from the classifier is removed, so the
intent classifier can neither raise nor suppress a safety route.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.conversation.answers import has_words
from bot.triage import load_triage

TRIAGE_PREFIX = "triage_"
CHECK_INTENT = "triage_check"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class TriageRouter(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"rules_file": None}

    def __init__(self, config: dict[str, Any]) -> None:
        # Loading checks the rules, the example bank and the model's hashes: a fault stops start-up here.
        self._triage = load_triage(config.get("rules_file"))

    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> TriageRouter:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._route(message)
        return messages

    def _route(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        result = self._triage.triage(text)
        message.set("triage", result.to_dict(), add_to_output=True)
        ranking = [i for i in message.get(INTENT_RANKING_KEY) or [] if not i["name"].startswith(TRIAGE_PREFIX)]
        if result.route != "none":
            chosen = {"name": f"{TRIAGE_PREFIX}{result.route}", "confidence": 1.0}
        elif result.check:
            chosen = {"name": CHECK_INTENT, "confidence": 1.0}
        elif result.check_route:
            chosen = {"name": f"{CHECK_INTENT}_{result.check_route}", "confidence": 1.0}
        elif not has_words(text):  # "???", "...", emoji only: no words to guess from, so never "yes"
            chosen = {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
        else:
            # No risk: drop every triage_* guess, also lower in the ranking (behind a fallback).
            guessed = message.get(INTENT) or {}
            if not str(guessed.get("name", "")).startswith(TRIAGE_PREFIX):
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
                return
            chosen = ranking[0] if ranking else {"name": DEFAULT_NLU_FALLBACK_INTENT_NAME, "confidence": 1.0}
        message.set(INTENT, chosen, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [chosen, *[i for i in ranking if i["name"] != chosen["name"]]], add_to_output=True)
