"""What triage says about one message: a route, an optional safety question, and why."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from core.vocabulary import RISK_ROUTES, ROUTES  # most severe first: when several apply, the first wins

# Routes whose reply already deals with suicidal thoughts, so a separate check adds nothing.
ROUTES_THAT_COVER_CHECK: frozenset[str] = frozenset({"emergency", "crisis"})
# Routes whose reply the bot gives and then asks a safety question after it (none: only the question).
ROUTES_A_QUESTION_FOLLOWS: frozenset[str] = frozenset({"none", "medical"})


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
        return {"layer": "rules", "rule": self.rule, "route": self.route, "matched": self.matched}

    def describe(self) -> str:
        """For a referral record: the rule and the words that matched."""
        return f"{self.rule}: {self.matched}"


@dataclass(frozen=True)
class ExampleReason:
    """The example layer's view: the message means much the same as a reviewed example of `route`."""

    route: str
    similar_to: str  # the example's id in bot/triage/examples.yml
    score: float  # cosine similarity to the examples of that route (see similarity.py)

    def to_dict(self) -> dict:
        return {"layer": "examples", "route": self.route, "similar_to": self.similar_to, "score": round(self.score, 3)}

    def describe(self) -> str:
        return f"similar to example {self.similar_to} ({self.route}, {self.score:.2f})"


@dataclass(frozen=True)
class TriageResult:
    """The route for one message, the safety question to ask (if any), and why.

    `check` is the rules' own gentle question about suicidal thoughts (low mood, negated
    suicidal words). `check_route` is the route any safety question is about: "crisis" for
    that gentle check, or a risk the example layer saw that the rules did not route.
    """

    route: str
    check: bool
    reasons: list[Reason | ExampleReason] = field(default_factory=list)
    check_route: str | None = None

    def __post_init__(self) -> None:
        if self.check and self.check_route is None:
            object.__setattr__(self, "check_route", "crisis")

    def to_dict(self) -> dict:
        return {
            "route": self.route,
            "check": self.check_route is not None,
            "check_route": self.check_route,
            "reasons": [reason.to_dict() for reason in self.reasons],
        }

    @property
    def is_risk(self) -> bool:
        return self.route in RISK_ROUTES

    def with_examples(self, check_route: str | None, reason: ExampleReason) -> TriageResult:
        return replace(self, check_route=check_route or self.check_route, reasons=[*self.reasons, reason])


def reason_text(reason: dict) -> str:
    """A reason as stored in a tracker (a dict from to_dict), in words for a referral record."""
    if reason.get("layer") == "examples":
        return f"similar to example {reason.get('similar_to')} ({reason.get('route')}, {reason.get('score')})"
    return f"{reason.get('rule')}: {reason.get('matched')}"
