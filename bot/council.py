"""The council's contact details, read from the same domain file the bot's replies use."""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import yaml

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


def load_council(path: Path | None = None) -> Council:
    return _load(Path(path or Settings.from_env().council_file).resolve())


@lru_cache(maxsize=4)
def _load(path: Path) -> Council:
    slots = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("slots", {})
    missing = [f.name for f in fields(Council) if f.name not in slots or "initial_value" not in slots[f.name]]
    if missing:
        raise ValueError(f"{path}: council slots missing an initial_value: {', '.join(missing)}")
    return Council(**{f.name: str(slots[f.name]["initial_value"]) for f in fields(Council)})
