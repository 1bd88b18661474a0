"""Rules-based triage of every message a resident types: the product's safety core.

    from bot.triage import load_engine, ROUTES
    engine = load_engine()                  # once, at start-up (about a second)
    result = engine.triage("I've just swallowed a whole packet of pills")
    result.route, result.check, result.to_dict()

Deterministic: rules live in rules.yml (reviewed by a safeguarding lead), no machine
learning decides a route. A message longer than `limits.max_chars` (5,000 characters) is
read in overlapping windows of that size, and the most severe route wins (windows.py).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bot.triage.engine import TriageEngine, build_engine
from bot.triage.result import RISK_ROUTES, ROUTES, Reason, TriageResult
from bot.triage.rules_file import DEFAULT_RULES, RulesError

__all__ = ["ROUTES", "RISK_ROUTES", "Reason", "RulesError", "TriageEngine", "TriageResult", "load_engine"]


def load_engine(path: str | Path | None = None) -> TriageEngine:
    """The engine for a rules file (default: bot/triage/rules.yml), built once per path.

    Raises RulesError, naming the line, when the rules file is broken.
    """
    return _cached_engine(str(Path(path or DEFAULT_RULES).resolve()))


@lru_cache(maxsize=8)
def _cached_engine(resolved_path: str) -> TriageEngine:
    return build_engine(resolved_path)
