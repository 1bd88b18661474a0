"""What the triage engine says about one message."""

from __future__ import annotations

from dataclasses import dataclass, field

# Most severe first: when several apply, the first one wins.
ROUTES: tuple[str, ...] = ("emergency", "crisis", "safeguarding", "urgent", "medical", "none")
RISK_ROUTES: frozenset[str] = frozenset({"emergency", "crisis", "safeguarding", "urgent"})
# Routes whose reply already deals with suicidal thoughts, so a separate check adds nothing.
ROUTES_THAT_COVER_CHECK: frozenset[str] = frozenset({"emergency", "crisis"})


def severity(route: str) -> int:
    """0 for the most severe route; lower sorts first."""
    return ROUTES.index(route)


@dataclass(frozen=True)
class Reason:
    """One rule that fired: its id, the route it supports, and the words it matched.

    `route` is the route this reason points to. A suicidal phrase that was negated
    ("I'm not going to hurt myself") or low-level language ("I feel hopeless") points to
    "none" and sets `check` on the result instead of routing.
    `matched` holds the resident's own words: never write it to logs.
    """

    rule: str
    route: str
    matched: str

    def to_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "route": self.route, "matched": self.matched}


@dataclass(frozen=True)
class TriageResult:
    """The route for one message, whether to gently check for suicidal thoughts, and why."""

    route: str
    check: bool
    reasons: list[Reason] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"route": self.route, "check": self.check, "reasons": [reason.to_dict() for reason in self.reasons]}

    @property
    def is_risk(self) -> bool:
        return self.route in RISK_ROUTES
