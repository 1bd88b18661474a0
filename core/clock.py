"""The clock: UK local time, and FRONTDOOR_NOW to fix it in tests of hours and holidays."""

from __future__ import annotations

import os
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from core.settings import Settings

UK_TZ = ZoneInfo("Europe/London")


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
    """The current UK time, or FRONTDOOR_NOW when set (from `settings`, else the environment)."""
    override = settings.now_override if settings is not None else parse_now(os.environ.get("FRONTDOOR_NOW"))
    if override is not None:
        return override.astimezone(UK_TZ)
    return datetime.now(UK_TZ)
