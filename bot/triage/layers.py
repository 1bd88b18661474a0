"""Both triage layers together: the rules decide the route; the examples may add a safety question.

    from bot.triage import load_triage
    result = load_triage().triage("I've sorted my will and found the dog a new home")
    result.route, result.check_route   # "none", "crisis": ask gently, with the crisis number

The example layer can never remove or soften a route the rules gave:
- rules say none or medical, examples point to a risk: ask a safety question about that risk
  (after the medical reply, when there is one);
- rules give a risk route, examples point to danger to life: that reply is preceded by the 999 line;
- otherwise the examples' view is kept as a reason only (the duty team sees it in the referral).
"""

from __future__ import annotations

from bot.triage.engine import TriageEngine
from bot.triage.result import RISK_ROUTES, ROUTES_A_QUESTION_FOLLOWS, TriageResult, severity
from bot.triage.similarity import ExampleLayer


class Triage:
    def __init__(self, rules: TriageEngine, examples: ExampleLayer | None):
        self.rules = rules
        self.examples = examples

    def triage(self, text: object) -> TriageResult:
        """Route one message. Never raises: anything unreadable is route none."""
        result = self.rules.triage(text)
        if self.examples is None or result.route == "emergency" or not isinstance(text, str):
            return result
        seen = self.examples.assess(text)
        if seen is None or severity(seen.route) >= severity(result.route):
            return result
        if result.route in ROUTES_A_QUESTION_FOLLOWS:
            asked = result.check_route
            more_severe = asked is None or severity(seen.route) < severity(asked)
            return result.with_examples(seen.route if more_severe else asked, seen)
        if seen.route == "emergency" and result.route in RISK_ROUTES:
            return result.with_examples("emergency", seen)
        return result.with_examples(None, seen)
