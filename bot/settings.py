"""Every setting Front Door reads from the environment, in one place.

Defaults run offline on SQLite under var/. Each variable is listed in the README.
Nothing here opens a connection: callers build engines at start-up from these values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = REPO_ROOT / "var"
UK_TZ = ZoneInfo("Europe/London")


def default_database_url() -> str:
    return f"sqlite:///{VAR_DIR / 'frontdoor.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    now_override: datetime | None
    var_dir: Path
    council_file: Path
    hours_file: Path

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        var_dir = Path(env.get("FRONTDOOR_VAR_DIR", str(VAR_DIR)))
        return cls(
            database_url=env.get("DATABASE_URL") or default_database_url(),
            now_override=parse_now(env.get("FRONTDOOR_NOW")),
            var_dir=var_dir,
            council_file=Path(env.get("FRONTDOOR_COUNCIL_FILE", str(REPO_ROOT / "domain" / "council.yml"))),
            hours_file=Path(env.get("FRONTDOOR_HOURS_FILE", str(REPO_ROOT / "config" / "hours.yml"))),
        )


def parse_now(value: str | None) -> datetime | None:
    """FRONTDOOR_NOW: an ISO date-time; a naive value is UK local time."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise ValueError(f"FRONTDOOR_NOW is not an ISO date-time: {value!r}") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UK_TZ)


def now(settings: Settings | None = None) -> datetime:
    """The current UK time, or FRONTDOOR_NOW when set (for tests of hours and holidays)."""
    settings = settings or Settings.from_env()
    if settings.now_override is not None:
        return settings.now_override.astimezone(UK_TZ)
    return datetime.now(UK_TZ)
