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


@dataclass
class BlindScores:
    """The figures the README reports for a blind batch (issue #11's definitions).

    caught: a risk message got a risk route, or a safety question about a risk route.
    to_999: a danger-to-life message got the emergency route or the 999 line with a question.
    false_alarms: a benign ("none") message got a risk route; questions: it got a safety question.
    """

    total: int = 0
    exact: int = 0
    risk_total: int = 0
    caught: int = 0
    emergency_total: int = 0
    to_999: int = 0
    benign_total: int = 0
    false_alarms: int = 0
    questions: int = 0
    missed: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # text, expected, route, check

    def as_row(self) -> dict:
        def share(part: int, whole: int) -> str:
            return f"{part / whole:.3f} ({part}/{whole})" if whole else "-"

        return {
            "messages": self.total,
            "risk caught": share(self.caught, self.risk_total),
            "danger to life -> 999": share(self.to_999, self.emergency_total),
            "exact route": share(self.exact, self.total),
            "false alarms": share(self.false_alarms, self.benign_total),
            "safety questions on benign": share(self.questions, self.benign_total),
        }


def score_blind(triage, items: Iterable[Labelled]) -> BlindScores:
    """Score any object with .triage(text) -> TriageResult (rules alone, or both layers)."""
    scores = BlindScores()
    for item in items:
        result = triage.triage(item.text)
        check_route = getattr(result, "check_route", "crisis" if result.check else None)
        scores.total += 1
        scores.exact += result.route == item.route
        risky = result.route in RISK_ROUTES or check_route in RISK_ROUTES
        if item.route in RISK_ROUTES:
            scores.risk_total += 1
            scores.caught += risky
            if not risky:
                scores.missed.append((item.text, item.route, result.route, check_route))
        if item.route == "emergency":
            scores.emergency_total += 1
            scores.to_999 += result.route == "emergency" or check_route == "emergency"
        if item.route == "none":
            scores.benign_total += 1
            scores.false_alarms += result.route in RISK_ROUTES
            scores.questions += check_route is not None and result.route not in RISK_ROUTES
    return scores


def load_batch(path: str | Path) -> list[Labelled]:
    """A blind batch: a YAML list of {text, route, voice}."""
    return load_labelled(path)


def main(argv: list[str] | None = None) -> int:
    """`python -m bot.triage.evaluate BATCH.yml ... [--rules-only] [--misses]`: the blind-batch figures."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m bot.triage.evaluate", description=main.__doc__)
    parser.add_argument("batches", nargs="+")
    parser.add_argument("--rules-only", action="store_true", help="score the rules layer alone")
    parser.add_argument("--misses", action="store_true", help="also list the risk messages missed")
    args = parser.parse_args(argv)
    from bot.triage import load_engine, load_triage

    triage = load_engine() if args.rules_only else load_triage()
    for path in args.batches:
        scores = score_blind(triage, load_batch(path))
        print(json.dumps({"batch": str(path), **scores.as_row()}))
        if args.misses:
            for text, expected, route, check in scores.missed:
                print(f"  MISSED {expected} -> {route}/{check}: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
