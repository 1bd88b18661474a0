"""Scoring the engine against a labelled set, the same way for the tests and the bench.

The targets (see tests/triage/test_labelled_set.py):
- every emergency, crisis, safeguarding or urgent message is caught by some risk route;
- every emergency message is routed to emergency;
- the exact route is right for at least 95% of messages;
- at most 3% of benign ("none") messages are given a risk route (false alarms).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.triage.engine import TriageEngine
from bot.triage.result import RISK_ROUTES, ROUTES, TriageResult


@dataclass(frozen=True)
class Labelled:
    text: str
    route: str
    check: bool | None = None


@dataclass
class Scores:
    total: int = 0
    exact: int = 0
    risk_total: int = 0
    risk_caught: int = 0
    emergency_total: int = 0
    emergency_exact: int = 0
    benign_total: int = 0
    false_alarms: int = 0
    check_total: int = 0
    check_right: int = 0
    confusion: Counter = field(default_factory=Counter)  # (expected, got) -> count
    wrong: list[tuple[Labelled, TriageResult]] = field(default_factory=list)

    @staticmethod
    def percent(part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 100.0

    @property
    def exact_percent(self) -> float:
        return self.percent(self.exact, self.total)

    @property
    def risk_recall_percent(self) -> float:
        return self.percent(self.risk_caught, self.risk_total)

    @property
    def emergency_recall_percent(self) -> float:
        return self.percent(self.emergency_exact, self.emergency_total)

    @property
    def false_alarm_percent(self) -> float:
        return 100.0 * self.false_alarms / self.benign_total if self.benign_total else 0.0

    def as_dict(self) -> dict:
        return {
            "messages": self.total,
            "exact_percent": round(self.exact_percent, 2),
            "risk_recall_percent": round(self.risk_recall_percent, 2),
            "emergency_recall_percent": round(self.emergency_recall_percent, 2),
            "false_alarm_percent": round(self.false_alarm_percent, 2),
            "check_agreement_percent": round(self.percent(self.check_right, self.check_total), 2),
        }

    def summary(self) -> str:
        """A confusion table and every miss, for a failing test's output."""
        lines = ["expected \\ got  " + " ".join(f"{route[:6]:>6}" for route in ROUTES)]
        for expected in ROUTES:
            row = " ".join(f"{self.confusion[(expected, got)]:>6}" for got in ROUTES)
            lines.append(f"{expected:<15} {row}")
        lines.append(", ".join(f"{key} {value}" for key, value in self.as_dict().items()))
        for item, result in self.wrong:
            rules = ", ".join(reason.rule for reason in result.reasons[:3]) or "no rule"
            check = f" check {item.check}->{result.check}" if item.check is not None else ""
            lines.append(f"  {item.route} -> {result.route}{check}: {item.text[:100]!r} ({rules})")
        return "\n".join(lines)


def load_labelled(path: str | Path) -> list[Labelled]:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    items = []
    for entry in raw:
        if entry["route"] not in ROUTES:
            raise ValueError(f"{path}: unknown route {entry['route']!r} for {entry['text']!r}")
        items.append(Labelled(str(entry["text"]), entry["route"], entry.get("check")))
    return items


def score(engine: TriageEngine, items: Iterable[Labelled]) -> Scores:
    scores = Scores()
    for item in items:
        result = engine.triage(item.text)
        scores.total += 1
        scores.confusion[(item.route, result.route)] += 1
        right = result.route == item.route
        scores.exact += right
        if item.route in RISK_ROUTES:
            scores.risk_total += 1
            scores.risk_caught += result.route in RISK_ROUTES
        if item.route == "emergency":
            scores.emergency_total += 1
            scores.emergency_exact += right
        if item.route == "none":
            scores.benign_total += 1
            scores.false_alarms += result.route in RISK_ROUTES
        if item.check is not None:
            scores.check_total += 1
            scores.check_right += result.check == item.check
        if not right or (item.check is not None and result.check != item.check):
            scores.wrong.append((item, result))
    return scores
