"""The example bank (examples.yml): short messages in people's own words, each with a route and an id.

The second triage layer compares a message with these by meaning (similarity.py). A
safeguarding lead reads and extends the bank without code; a mistake in it stops start-up
with the file and line, like rules.yml. Besides its own examples, the bank takes every
example of the bot's ordinary intents (data/nlu/, except the safety intents) as `none`,
so ordinary answers ("my mum", "yes please", a postcode) never look like a risk.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

from bot.triage.result import ROUTES
from core.checked_yaml import line_of

DEFAULT_BANK = Path(__file__).with_name("examples.yml")
NLU_DIR = Path(__file__).resolve().parents[2] / "data" / "nlu"
EXAMPLE_ID = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$"
MAX_BANK_BYTES = 10_000_000

_THRESHOLD = {"type": "number", "minimum": 0, "maximum": 1}
SCHEMA = {
    "type": "object",
    "required": ["version", "thresholds", "examples"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "thresholds": {
            "type": "object",
            "required": ["neighbours", "margin", "min_score"],
            "additionalProperties": False,
            "properties": {
                "neighbours": {"type": "integer", "minimum": 1, "maximum": 20},
                "margin": {"type": "number", "minimum": -1, "maximum": 1},
                "min_score": {
                    "type": "object",
                    "required": ["emergency", "crisis", "safeguarding", "urgent"],
                    "additionalProperties": False,
                    "properties": {route: _THRESHOLD for route in ("emergency", "crisis", "safeguarding", "urgent")},
                },
            },
        },
        "ordinary_intents_from_nlu": {"type": "boolean"},
        "examples": {
            "type": "object",
            "additionalProperties": False,
            "required": list(ROUTES),
            "properties": {
                route: {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "required": ["id", "text"],
                        "additionalProperties": False,
                        "properties": {
                            "id": {"type": "string", "pattern": EXAMPLE_ID},
                            "text": {"type": "string", "minLength": 2, "maxLength": 1000},
                        },
                    },
                }
                for route in ROUTES
            },
        },
    },
}


class BankError(ValueError):
    """examples.yml is broken; the message names the file and line."""


@dataclass(frozen=True)
class Example:
    id: str
    route: str
    text: str


@dataclass(frozen=True)
class Thresholds:
    neighbours: int
    margin: float
    min_score: dict[str, float]


@dataclass(frozen=True)
class Bank:
    examples: tuple[Example, ...]
    thresholds: Thresholds
    source: Path

    @property
    def fingerprint(self) -> str:
        """Changes whenever any example's id, route or text does (keys the vector cache)."""
        digest = hashlib.sha256()
        for example in self.examples:
            digest.update(f"{example.id}\t{example.route}\t{example.text}\n".encode())
        return digest.hexdigest()


def load_bank(path: str | Path | None = None, nlu_dir: Path | None = NLU_DIR) -> Bank:
    """Read and check the bank. Fast when it is sound (C parser); on a fault, read again to name the line."""
    source = Path(path) if path is not None else DEFAULT_BANK
    try:
        data = yaml.load(source.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        examples = _checked_examples(data, source, lambda route, index: 0)
    except (BankError, OSError, yaml.YAMLError, UnicodeDecodeError, TypeError, AttributeError):
        data = _read_yaml(source)  # the slow, line-keeping parser, only to say where the fault is
        examples = _checked_examples(data, source, lambda route, index: data["examples"][route].lc.item(index)[0] + 1)
    if data.get("ordinary_intents_from_nlu", True) and nlu_dir is not None:
        examples.extend(ordinary_nlu_examples(nlu_dir))
    raw = data["thresholds"]
    thresholds = Thresholds(int(raw["neighbours"]), float(raw["margin"]), {k: float(v) for k, v in raw["min_score"].items()})
    return Bank(tuple(examples), thresholds, source)


def _checked_examples(data, source: Path, line_of_item) -> list[Example]:
    if len(source.read_bytes()) > MAX_BANK_BYTES:
        raise BankError(f"{source.name}: file is too large to be an example bank")
    errors = sorted(jsonschema.Draft7Validator(SCHEMA).iter_errors(data), key=lambda e: line_of(data, list(e.absolute_path)))
    if errors:
        first = errors[0]
        where = "/".join(str(part) for part in first.absolute_path) or "top level"
        line = line_of(data, list(first.absolute_path)) if hasattr(data, "lc") else 0
        raise BankError(f"{source.name} line {line}: {where}: {first.message}")
    examples: list[Example] = []
    seen: dict[str, int] = {}
    for route in ROUTES:
        for index, item in enumerate(data["examples"][route]):
            line = line_of_item(route, index)
            if item["id"] in seen:
                raise BankError(f"{source.name} line {line}: id {item['id']!r} is already used on line {seen[item['id']]}")
            if not item["id"].startswith(f"{route}."):
                raise BankError(f"{source.name} line {line}: id {item['id']!r} of a {route} example must start '{route}.'")
            seen[item["id"]] = line
            examples.append(Example(item["id"], route, " ".join(str(item["text"]).split())))
    return examples


def ordinary_nlu_examples(nlu_dir: Path) -> list[Example]:
    """Every training example of the bot's own intents, except the safety ones, as `none`."""
    examples = []
    for path in sorted(nlu_dir.glob("*.yml")):
        data = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
        for block in data.get("nlu") or []:
            intent = block.get("intent")
            if not intent or intent.startswith("triage_"):
                continue
            for number, line in enumerate(str(block.get("examples") or "").splitlines()):
                text = strip_entities(line.strip().removeprefix("- ").strip())
                if len(text) >= 2:
                    examples.append(Example(f"none.nlu.{intent}.{number}", "none", text))
    return examples


def strip_entities(text: str) -> str:
    """'[Bristol](place)' -> 'Bristol'."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "[" and "](" in text[i:]:
            close = text.index("](", i)
            end = text.find(")", close)
            if end > 0:
                out.append(text[i + 1 : close])
                i = end + 1
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _read_yaml(source: Path):
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise BankError(f"{source}: cannot read the example bank ({error.strerror or error})") from error
    if len(raw) > MAX_BANK_BYTES:
        raise BankError(f"{source.name}: file is too large to be an example bank")
    try:
        return YAML(typ="rt").load(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise BankError(f"{source.name}: not UTF-8 text ({error.reason})") from error
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise BankError(f"{source.name} line {mark.line + 1 if mark else 1}: YAML syntax error: {error.problem}") from error
    except Exception as error:
        raise BankError(f"{source.name}: not a YAML example bank ({error})") from error
