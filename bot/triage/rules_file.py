"""Reading rules.yml: schema check at start-up, with errors that name the line.

A safeguarding lead edits rules.yml, not code; a mistake there must stop the bot from
starting with a message they can act on, e.g.
    rules.yml line 212: pattern 'crisis.pills_stockpile' has no 'description'
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError

from core.checked_yaml import line_of

DEFAULT_RULES = Path(__file__).with_name("rules.yml")
ROUTE_SECTIONS = ("emergency", "crisis", "safeguarding", "urgent", "medical", "check")
EFFECTS = ("ignore", "check", "crisis", "safeguarding", "urgent", "medical")
RULE_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
MAX_RULES_BYTES = 5_000_000


class RulesError(ValueError):
    """rules.yml is broken; the message names the file and line."""


_TEXT_LIST = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
_RULE = {
    "type": "object",
    "required": ["id", "description"],
    "properties": {
        "id": {"type": "string", "pattern": RULE_ID},
        "description": {"type": "string", "minLength": 3},
        "phrases": _TEXT_LIST,
        "patterns": _TEXT_LIST,
        "all_of": {"type": "array", "items": {"type": "string", "pattern": RULE_ID}, "minItems": 2},
        "when_negated": {"enum": ["check", "ignore"]},
    },
    "additionalProperties": False,
}
_EXCLUSION = {
    **_RULE,
    "properties": {
        **{k: v for k, v in _RULE["properties"].items() if k not in ("all_of", "when_negated")},
        "routes": {"type": "array", "items": {"enum": [*ROUTE_SECTIONS, "signal"]}, "minItems": 1},
        "effect": {"enum": list(EFFECTS)},
    },
}
_CUE = {**_RULE, "properties": {k: v for k, v in _RULE["properties"].items() if k not in ("all_of", "when_negated")}}
_ROUTE = {
    "type": "object",
    "required": ["when_negated", "rules"],
    "properties": {"when_negated": {"enum": ["check", "ignore"]}, "rules": {"type": "array", "items": _RULE}},
    "additionalProperties": False,
}
SCHEMA = {
    "type": "object",
    "required": ["version", "limits", "words", "rewrites", "fuzzy", "negation", "exclusions", "signals", "routes"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "limits": {
            "type": "object",
            "required": ["max_chars"],
            "properties": {"max_chars": {"type": "integer", "minimum": 100, "maximum": 100000}},
            "additionalProperties": False,
        },
        "words": {
            "type": "object",
            "required": ["clause_end"],
            "additionalProperties": {**_TEXT_LIST},
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
        },
        "rewrites": {
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1},
            "propertyNames": {"pattern": "^[a-z0-9]+('[a-z]+)*$"},
        },
        "rewrites_between_words": {
            "type": "object",
            "additionalProperties": {"type": "string", "minLength": 1},
            "propertyNames": {"pattern": "^[a-z0-9]+$"},
        },
        "fuzzy": {
            "type": "object",
            "required": ["min_length", "words"],
            "properties": {"min_length": {"type": "integer", "minimum": 4}, "words": _TEXT_LIST},
            "additionalProperties": False,
        },
        "negation": {
            "type": "object",
            "required": ["window", "cues", "not_negation", "gap_stops", "scope_ends"],
            "properties": {
                "window": {"type": "integer", "minimum": 0, "maximum": 10},
                "cues": {"type": "array", "items": _CUE},
                "not_negation": {"type": "array", "items": _CUE},
                "gap_stops": _TEXT_LIST,
                "scope_ends": _TEXT_LIST,
            },
            "additionalProperties": False,
        },
        "exclusions": {"type": "array", "items": _EXCLUSION},
        "signals": {"type": "array", "items": _CUE},
        "routes": {
            "type": "object",
            "required": list(ROUTE_SECTIONS),
            "properties": {name: _ROUTE for name in ROUTE_SECTIONS},
            "additionalProperties": False,
        },
    },
}


@dataclass(frozen=True)
class RuleSpec:
    """One entry of rules.yml, with where it came from."""

    id: str
    kind: str  # route name, "check", "signal", "exclusion", "cue" or "not_negation"
    description: str
    line: int
    phrases: tuple[tuple[str, int], ...] = ()
    patterns: tuple[tuple[str, int], ...] = ()
    all_of: tuple[str, ...] = ()
    when_negated: str = "ignore"
    effect: str = "ignore"
    applies_to: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RuleBook:
    source: Path
    max_chars: int
    words: dict[str, list[str]]
    rewrites: dict[str, str]
    rewrites_between_words: dict[str, str]
    fuzzy_min_length: int
    fuzzy_words: list[str]
    negation_window: int
    gap_stops: list[str]
    scope_ends: list[str]
    rules: list[RuleSpec] = field(default_factory=list)

    def where(self, line: int) -> str:
        return f"{self.source.name} line {line}"


def load_rules(path: str | Path | None = None) -> RuleBook:
    source = Path(path) if path is not None else DEFAULT_RULES
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise RulesError(f"{source}: cannot read the triage rules ({error.strerror or error})") from error
    if len(raw) > MAX_RULES_BYTES:
        raise RulesError(f"{source.name}: file is too large to be a rules file")
    try:
        data = YAML(typ="rt").load(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise RulesError(f"{source.name}: not UTF-8 text ({error.reason})") from error
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise RulesError(f"{source.name} line {line}: YAML syntax error: {error.problem or error}") from error
    except Exception as error:  # ruamel raises a few unmarked errors on junk input
        raise RulesError(f"{source.name}: not a YAML rules file ({error})") from error
    check_schema(data, source.name)
    book = build_book(data, source)
    check_references(book)
    return book


def check_schema(data: object, name: str) -> None:
    validator = jsonschema.Draft7Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: (line_of(data, list(e.absolute_path)), e.message))
    if errors:
        first = errors[0]
        raise RulesError(f"{name} line {line_of(data, list(first.absolute_path))}: {explain(first, data)}")


def explain(error: jsonschema.ValidationError, data: object) -> str:
    node = error.instance
    what = f"pattern '{node['id']}'" if isinstance(node, dict) and isinstance(node.get("id"), str) else "this entry"
    where = "/".join(str(part) for part in error.absolute_path) or "top level"
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"{what} has no '{missing}'"
    if error.validator == "additionalProperties":
        return f"{what}: {error.message} (check the spelling of the key)"
    if error.validator == "pattern" and error.absolute_path and error.absolute_path[-1] == "id":
        return f"rule id {node!r} must look like 'route.short_name' (lower case, dots, underscores)"
    return f"{where}: {error.message}"


def _texts(node: CommentedMap, key: str) -> tuple[tuple[str, int], ...]:
    items = node.get(key) or []
    return tuple((str(text), items.lc.item(i)[0] + 1) for i, text in enumerate(items))


def _spec(node: CommentedMap, kind: str, **extra) -> RuleSpec:
    return RuleSpec(
        id=str(node["id"]),
        kind=kind,
        description=str(node["description"]),
        line=node.lc.line + 1,
        phrases=_texts(node, "phrases"),
        patterns=_texts(node, "patterns"),
        all_of=tuple(str(ref) for ref in node.get("all_of") or ()),
        **extra,
    )


def build_book(data: CommentedMap, source: Path) -> RuleBook:
    rules: list[RuleSpec] = []
    negation = data["negation"]
    rules += [_spec(node, "cue") for node in negation["cues"]]
    rules += [_spec(node, "not_negation") for node in negation["not_negation"]]
    rules += [_spec(node, "signal") for node in data["signals"]]
    for node in data["exclusions"]:
        applies = frozenset(node.get("routes") or (*ROUTE_SECTIONS, "signal"))
        rules.append(_spec(node, "exclusion", effect=str(node.get("effect", "ignore")), applies_to=applies))
    for route in ROUTE_SECTIONS:
        section = data["routes"][route]
        for node in section["rules"]:
            negated = str(node.get("when_negated", section["when_negated"]))
            rules.append(_spec(node, route, when_negated=negated))
    return RuleBook(
        source=source,
        max_chars=int(data["limits"]["max_chars"]),
        words={name: [str(word) for word in words] for name, words in data["words"].items()},
        rewrites={str(key): str(value) for key, value in data["rewrites"].items()},
        rewrites_between_words={str(k): str(v) for k, v in (data.get("rewrites_between_words") or {}).items()},
        fuzzy_min_length=int(data["fuzzy"]["min_length"]),
        fuzzy_words=[str(word) for word in data["fuzzy"]["words"]],
        negation_window=int(negation["window"]),
        gap_stops=[str(word) for word in negation["gap_stops"]],
        scope_ends=[str(word) for word in negation["scope_ends"]],
        rules=rules,
    )


def check_references(book: RuleBook) -> None:
    seen: dict[str, RuleSpec] = {}
    for rule in book.rules:
        if rule.id in seen:
            raise RulesError(f"{book.where(rule.line)}: id '{rule.id}' is used twice (first at line {seen[rule.id].line})")
        seen[rule.id] = rule
        if not (rule.phrases or rule.patterns or rule.all_of):
            raise RulesError(f"{book.where(rule.line)}: pattern '{rule.id}' has no 'phrases', 'patterns' or 'all_of'")
    signals = {rule.id for rule in book.rules if rule.kind == "signal"}
    for rule in book.rules:
        for ref in rule.all_of:
            if ref not in signals:
                raise RulesError(f"{book.where(rule.line)}: pattern '{rule.id}' uses '{ref}', which is not a signal")


def every_word(book: RuleBook) -> Iterable[str]:
    """Words the rules themselves use, so fuzzy correction never 'corrects' them."""
    for words in book.words.values():
        yield from words
    for value in book.rewrites.values():
        yield from value.split()
    yield from book.fuzzy_words
