"""Turning directory matches into the fields of the `utter_service_match` reply."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).with_name("result_words.yml")
KM_PER_MILE = 1.609344
CLOSE_MILES = 0.25  # a few minutes' walk; finer than that, a postcode centroid cannot tell


@lru_cache(maxsize=1)
def words() -> dict:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def describe_match(match, now: datetime) -> dict:
    """A match as {id, name, organization, why, contact, where, when, cost}: no HTML, no empty parts."""
    w = words()
    why = getattr(match, "why", None) or []
    why_text = w["why_join"].join(why) if isinstance(why, list | tuple) else str(why)
    contact = " / ".join(x for x in (getattr(match, "phone", None), getattr(match, "email", None),
                                     getattr(match, "url", None)) if x) or w["contact_none"]
    address = getattr(match, "address", None)
    distance = getattr(match, "distance_km", None)
    if address and distance is not None:
        miles = distance / KM_PER_MILE  # what most residents picture
        where = (w["where_close"] if miles < CLOSE_MILES else w["where_distance"]).format(
            address=address, miles=f"{miles:.1f}".removesuffix(".0"))
    else:
        where = w["where_address"].format(address=address) if address else w["where_none"]
    return {
        "id": str(match.id),
        "name": match.name,
        "organization": getattr(match, "organization", None) or "",
        "why": why_text or w["why_default"],
        "contact": contact,
        "where": where,
        "when": words()["when_open_now"] if getattr(match, "open_now", None) else _when(getattr(match, "next_open", None), now),
        "cost": _cost(getattr(match, "cost", None)),
    }


def _when(next_open, now: datetime) -> str:
    w = words()
    if isinstance(next_open, str):
        try:
            next_open = datetime.fromisoformat(next_open)
        except ValueError:
            return w["when_unknown"]
    if not isinstance(next_open, datetime):
        return w["when_unknown"]
    if next_open.tzinfo and now.tzinfo:
        next_open = next_open.astimezone(now.tzinfo)
    if next_open <= now:
        return w["when_open_now"]
    day = "today" if next_open.date() == now.date() else next_open.strftime("%A %-d %B")
    return w["when_next"].format(day=day, time=next_open.strftime("%-I:%M%p").lower().replace(":00", ""))


def _cost(cost) -> str:
    w = words()
    if cost is None or str(cost).strip() == "":
        return w["cost_unknown"]
    text = str(cost).strip()
    return w["cost_free"] if text.lower() in {"free", "0", "0.00", "£0", "no charge"} else text
