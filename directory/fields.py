"""Field parsers for feed records: each turns untrusted JSON into a clean value or `None`.

Feeds are written by many hands, so a bad optional field never sinks a record: the parser
returns `None` and notes why in `problems` (reported as a warning). Only a record without a
usable id is rejected outright (see directory.normalise).
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from directory.text import clean_text, strip_html

ID_MAX = 255
NAME_MAX = 500
DESCRIPTION_MAX = 20_000
TEXT_MAX = 5_000
# Stable namespace so the same feed always yields the same ids for rows that came without one.
ROW_NAMESPACE = uuid.UUID("8a6b2d7e-5f0c-4c86-9a59-0a4ad3c1f6d2")


class Problems(list):
    """Warnings about one record: (field, message)."""

    def note(self, field: str, message: str) -> None:
        self.append((field, message))


def record_id(value: object) -> str | None:
    """An ORUK id as a string, or None when it is missing or unusable."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > ID_MAX or any(ord(ch) < 32 for ch in value):
        return None
    return value


def child_id(value: object, parent: str, kind: str, index: int) -> str:
    """The row's own id when it has a usable one, else one derived from its parent and position."""
    return record_id(value) or str(uuid.uuid5(ROW_NAMESPACE, f"{parent}/{kind}/{index}"))


def text(value: object, problems: Problems, field: str, limit: int = TEXT_MAX, html: bool = True) -> str | None:
    """Plain text (HTML removed) or None when empty; over-long text is cut and noted."""
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        problems.note(field, "expected text, found a nested structure; ignored")
        return None
    cleaned = strip_html(value) if html else clean_text(value)
    if not cleaned:
        return None
    if len(cleaned) > limit:
        problems.note(field, f"longer than {limit} characters; shortened")
        cleaned = cleaned[:limit].rsplit(" ", 1)[0] + "…"
    return cleaned


def one_line(value: object, problems: Problems, field: str, limit: int = TEXT_MAX) -> str | None:
    found = text(value, problems, field, limit)
    return " ".join(found.split()) if found else None


def integer(value: object, problems: Problems, field: str, low: int = 0, high: int = 150) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(float(str(value).strip()))
    except (TypeError, ValueError, OverflowError):
        problems.note(field, f"not a whole number: {str(value)[:40]!r}; ignored")
        return None
    if not low <= number <= high:
        problems.note(field, f"{number} is outside {low}-{high}; ignored")
        return None
    return number


def decimal(value: object, problems: Problems, field: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().lstrip("£"))
    except (InvalidOperation, ValueError):
        problems.note(field, f"not an amount: {str(value)[:40]!r}; ignored")
        return None
    if not number.is_finite() or number < 0 or number > Decimal("1000000"):
        problems.note(field, "amount out of range; ignored")
        return None
    return float(number.quantize(Decimal("0.01")))


def coordinate(value: object, problems: Problems, field: str, limit: float) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        problems.note(field, f"not a number: {str(value)[:40]!r}; ignored")
        return None
    if math.isnan(number) or not -limit <= number <= limit:
        problems.note(field, "out of range; ignored")
        return None
    return number


def day(value: object, problems: Problems, field: str) -> date | None:
    if value in (None, ""):
        return None
    raw = str(value).strip()
    try:
        return date.fromisoformat(raw[:10])
    except ValueError:
        problems.note(field, f"not a date (YYYY-MM-DD): {raw[:40]!r}; ignored")
        return None


def moment(value: object, problems: Problems, field: str) -> datetime | None:
    if value in (None, ""):
        return None
    raw = str(value).strip().replace("Z", "+00:00")
    try:
        found = datetime.fromisoformat(raw)
    except ValueError:
        found_day = day(raw, problems, field)
        return datetime(found_day.year, found_day.month, found_day.day) if found_day else None
    return found


_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$")
_CLOCK_12H = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?\s*$", re.I)


def clock(value: object, problems: Problems, field: str) -> time | None:
    """A time of day from "09:00", "09:00:00", "09:00:00+01:00" or "9.30am"."""
    if value in (None, ""):
        return None
    raw = str(value)
    match = _CLOCK.match(raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
    elif match := _CLOCK_12H.match(raw):
        hour, minute = int(match.group(1)) % 12, int(match.group(2) or 0)
        hour += 12 if match.group(3).lower() == "p" else 0
    else:
        problems.note(field, f"not a time of day: {raw[:40]!r}; ignored")
        return None
    if hour == 24 and minute == 0:
        return time(23, 59, 59)
    if hour > 23 or minute > 59:
        problems.note(field, f"not a time of day: {raw[:40]!r}; ignored")
        return None
    return time(hour, minute)


def items(value: object, problems: Problems, field: str) -> list[dict]:
    """The objects in a nested list; anything else is noted and skipped."""
    if value in (None, ""):
        return []
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        problems.note(field, "expected a list; ignored")
        return []
    found = [entry for entry in value if isinstance(entry, dict)]
    if len(found) != len(value):
        problems.note(field, f"{len(value) - len(found)} entries were not objects; ignored")
    return found


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "term"


def web_address(value: object, problems: Problems, name: str) -> str | None:
    """Only http(s) links are kept: anything else (javascript:, data:) could harm whoever clicks it.
    Common slips are repaired: "www.x.org", "x.org/page", "http:www.x.org", "https:/x.org"."""
    link = clean_text(value) if isinstance(value, str) else None
    if not link:
        return None
    repaired = _SLOPPY_SCHEME.sub(lambda m: m.group(1).lower() + "://", link)
    if _BARE_DOMAIN.match(repaired):
        repaired = "https://" + repaired
    if not _WEB_LINK.match(repaired) or len(repaired) > 2000:
        problems.note(name, "not a web address; ignored")
        return None
    return repaired


_SLOPPY_SCHEME = re.compile(r"^(https?):/{0,2}(?=[^/])", re.I)
_BARE_DOMAIN = re.compile(r"^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(/\S*)?$", re.I)
_WEB_LINK = re.compile(r"^https?://[^\s/<>\"']+\.[^\s<>\"']+$", re.I)


def email_address(value: object, problems: Problems, name: str) -> str | None:
    found = clean_text(value) if isinstance(value, str) else None
    if not found:
        return None
    if found.lower().startswith("mailto:"):
        found = found[7:]
    if found.count("@") != 1 or " " in found or len(found) > 254 or "<" in found:
        problems.note(name, "not an email address; ignored")
        return None
    return found
