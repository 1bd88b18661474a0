"""The council's contact details, read from the same domain file the bot's replies use."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from core.checked_yaml import load_checked
from core.settings import Settings


@dataclass(frozen=True)
class Council:
    council_name: str
    council_short_name: str
    council_asc_phone: str
    council_asc_hours: str
    council_duty_phone: str
    council_edt_phone: str
    council_email: str
    retention_days: str


class CouncilError(ValueError):
    """domain/council.yml is missing a council detail or is not valid YAML; the message names the line."""


# Only the parts Python reads; the rest of the file is Rasa's domain format, which `rasa data validate` checks.
SCHEMA = {
    "type": "object",
    "required": ["slots"],
    "properties": {
        "slots": {
            "type": "object",
            "required": [f.name for f in fields(Council)],
            "properties": {
                f.name: {
                    "type": "object",
                    "required": ["initial_value"],
                    "properties": {"initial_value": {"type": ["string", "integer"], "minLength": 1}},
                }
                for f in fields(Council)
            },
        },
    },
}


def load_council(path: Path | None = None) -> Council:
    return _load(Path(path or Settings.from_env().council_file).resolve())


@lru_cache(maxsize=4)
def _load(path: Path) -> Council:
    slots = load_checked(path, SCHEMA, error=CouncilError)["slots"]
    return Council(**{f.name: str(slots[f.name]["initial_value"]) for f in fields(Council)})
