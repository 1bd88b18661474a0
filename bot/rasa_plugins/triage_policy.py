"""Dialogue policy that makes a triage route's safety reply win, whatever else is going on.

When the latest user message carries a `triage_*` intent, this policy plays that
route's actions (from config.yml, so they can be reviewed as data) and then listens.
When the example layer asks a safety question as well (`check_route` in the message's
triage), a medical reply is followed by that question instead of the offer to carry on,
and a risk route's reply is preceded by the 999 line if the question is about danger to life.
If a form was active it is deactivated after the safety reply (before a lone question);
the person can carry on later. It outranks RulePolicy (priority 7 > 6) and claims the same "no user"
precedence that RulePolicy uses for active forms, so a form can never swallow a risk.
Everything it predicts runs inside the Rasa server: no action server is needed for
the numbers to reach the person.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction, confidence_scores_for
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_DEACTIVATE_LOOP_NAME, ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, Restarted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.conversation.answers import safety_answer


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class TriagePolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7, "route_actions": {}, "danger_line": None, "question_answers": {}, "unanswered": []}

    def train(self, training_trackers: list, domain: Domain, **kwargs: Any) -> Resource:
        wanted = [a for acts in self.config["route_actions"].values() for a in acts] + [self.config["danger_line"]]
        wanted += [a for q, answers in self.config["question_answers"].items() for a in [q, *sum(answers.values(), [])]]
        wanted += self.config["unanswered"]
        missing = [a for a in wanted if a and a not in domain.action_names_or_texts]
        if missing:
            raise ValueError(f"TriagePolicy route_actions not in the domain: {missing}")
        with self._model_storage.write_to(self._resource):
            pass
        return self._resource

    def predict_action_probabilities(
        self, tracker: DialogueStateTracker, domain: Domain, rule_only_data: dict | None = None, **kwargs: Any
    ) -> PolicyPrediction:
        action = next_triage_action(tracker, self.config["route_actions"], self.config["danger_line"])
        if action is None:
            action = next_answer_action(tracker, self.config["question_answers"], self.config["unanswered"])
        if action is None or action not in domain.action_names_or_texts:
            return self._prediction(self._default_predictions(domain))
        return self._prediction(confidence_scores_for(action, 1.0, domain), is_no_user_prediction=True)


def next_triage_action(tracker: DialogueStateTracker, route_actions: dict[str, list[str]],
                       danger_line: str | None = None) -> str | None:
    """The next action of the route's plan since the latest user message, or None if not ours."""
    message = tracker.latest_message
    intent = (message.intent or {}).get("name") if message else None
    if intent not in route_actions:
        return None
    check_route = ((message.parse_data or {}).get("triage") or {}).get("check_route") if message else None
    plan = triage_plan(intent, check_route, route_actions, danger_line)
    done = _actions_since_last_user_message(tracker)
    if _loop_active_when_user_spoke(tracker):
        # After the safety reply, but never after the plan's last step: that is the question the
        # person answers next ("Is that something you're feeling?"), and the rules expect it last.
        plan.insert(min(1, len(plan) - 1), ACTION_DEACTIVATE_LOOP_NAME)
    if done != plan[: len(done)]:
        return None  # something else has taken over this turn; stay out of its way
    return plan[len(done)] if len(done) < len(plan) else ACTION_LISTEN_NAME


def next_answer_action(tracker: DialogueStateTracker, question_answers: dict[str, dict[str, list[str]]],
                       unanswered: list[str]) -> str | None:
    """After a safety question: the next action for a yes, a no, or a reply that is neither."""
    message = tracker.latest_message
    intent = str((message.intent or {}).get("name") or "") if message else ""
    if not message or intent.startswith("triage_"):
        return None  # the reply raises a route or question of its own: the route plan handles it
    question = _bot_action_before_last_user_message(tracker)
    if question not in question_answers:
        return None
    answer = safety_answer(message.text)
    plan = list(question_answers[question][{"yes": "affirm", "no": "deny"}[answer]] if answer else unanswered)
    form = _loops_when_user_spoke(tracker)[-2:-1]
    if not answer and form and form[0]:
        plan = [*plan[:1], form[0]]  # the question came mid-form: carry on with the form's question
    done = _actions_since_last_user_message(tracker)
    if done != plan[: len(done)]:
        return None
    return plan[len(done)] if len(done) < len(plan) else ACTION_LISTEN_NAME


def _bot_action_before_last_user_message(tracker: DialogueStateTracker) -> str | None:
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                return None
            seen_user = True
        elif seen_user and isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            return event.action_name
    return None


def triage_plan(intent: str, check_route: str | None, route_actions: dict[str, list[str]],
                danger_line: str | None) -> list[str]:
    """The route's actions, with the example layer's question or 999 line where it adds one."""
    plan = list(route_actions[intent])
    question = route_actions.get(f"triage_check_{check_route}") if check_route else None
    if intent == "triage_medical" and question:
        return plan[:1] + list(question)  # the medical reply, then the question (asked last)
    if check_route == "emergency" and danger_line and intent in (
            "triage_crisis", "triage_safeguarding", "triage_urgent"):
        return [danger_line, *plan]
    return plan


def _loop_active_when_user_spoke(tracker: DialogueStateTracker) -> bool:
    """Was a form running when the person sent their latest message?"""
    loops = _loops_when_user_spoke(tracker)
    return bool(loops) and loops[-1] is not None


def _loops_when_user_spoke(tracker: DialogueStateTracker) -> list[str | None]:
    """For each message of the person's, the form that was running when they sent it (or None)."""
    active, loops = None, []
    for event in tracker.events:
        if isinstance(event, ActiveLoop):
            active = event.name
        elif isinstance(event, (Restarted, SessionStarted)):
            active = None
        elif isinstance(event, UserUttered):
            loops.append(active)
    return loops


def _actions_since_last_user_message(tracker: DialogueStateTracker) -> list[str]:
    done: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            done.append(event.action_name)
    return list(reversed(done))
