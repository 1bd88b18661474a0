"""Query parameters of the ORUK 3.0 API (UK profile `openapi.json`): parsed, checked, and turned
into the set of service ids they allow.

Every parameter the profile defines is either applied or answered with a 400 that says so; none is
silently ignored. Parameters the profile does not define are ignored, as ORUK APIs do.

- `taxonomy_term_id`: services tagged with that term (its UUID form or our readable id);
  `taxonomy_id`: tagged with any term of that taxonomy; `organization_id`.
- `minimum_age=n`: services whose minimum age is at least n; `maximum_age=n`: whose maximum age is
  at most n (the profile's wording; a service with no age given does not match).
- `day` (MO..SU or a day name), `start_time`, `end_time` (HH:MM[:SS]): services with a schedule
  on that day that opens at or after `start_time` and closes at or before `end_time`.
- `modified_after` (RFC 3339 date-time, or a date): last modified on or after it.
- `postcode` and `proximity` (metres from the postcode's centre, as the profile says).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.postcodes import parse_postcode
from directory.models import Attribute, Schedule, Service, ServiceAtLocation, TaxonomyTerm
from directory.oruk import oruk_id

PER_PAGE_DEFAULT, PER_PAGE_MAX = 10, 50
MAX_SEARCH = 500
MAX_PROXIMITY_M = 200_000
DAYS = {"MO": "monday", "TU": "tuesday", "WE": "wednesday", "TH": "thursday", "FR": "friday", "SA": "saturday",
        "SU": "sunday"}
UNSUPPORTED = {"minimal": "minimal is not supported: lists always give a service's one-to-one fields",
               "full_service": "full_service is not supported: ask /services/{id} for the full record",
               "format": "format is not supported: responses are JSON"}


class BadRequest(ValueError):
    pass


def parse(params: Mapping[str, str]) -> dict:
    for name, message in UNSUPPORTED.items():
        if _text(params, name, 50) is not None:
            raise BadRequest(message)
    postcode = _text(params, "postcode", 16)
    if postcode and parse_postcode(postcode) is None:
        raise BadRequest(f"postcode {postcode!r} is not a UK postcode")
    proximity = _number(params, "proximity", None, 1.0, MAX_PROXIMITY_M, float)
    if proximity is not None and not postcode:
        raise BadRequest("proximity needs a postcode")
    start, end = _clock(params, "start_time"), _clock(params, "end_time")
    return {
        "search": _text(params, "search", MAX_SEARCH), "postcode": postcode,
        "proximity_m": proximity, "page": _number(params, "page", 1, 1, 100_000),
        "per_page": _number(params, "per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX),
        "taxonomy_term_id": _text(params, "taxonomy_term_id", 255), "taxonomy_id": _text(params, "taxonomy_id", 255),
        "organization_id": _text(params, "organization_id", 255),
        "minimum_age": _number(params, "minimum_age", None, 0, 150, float),
        "maximum_age": _number(params, "maximum_age", None, 0, 150, float),
        "day": _day(params), "start_time": start, "end_time": end,
        "modified_after": _moment(params, "modified_after"), "full": _flag(params, "full"),
    }


def page_numbers(params: Mapping[str, str]) -> tuple[int, int]:
    return _number(params, "page", 1, 1, 100_000), _number(params, "per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX)


def allowed_ids(session: Session, query: dict) -> frozenset[str] | None:
    """The service ids the filters allow, or None when no filter is given."""
    sets = []
    if query["taxonomy_term_id"]:
        terms = _matching(session, TaxonomyTerm.id, query["taxonomy_term_id"])
        sets.append(_tagged(session, TaxonomyTerm.id.in_(terms)))
    if query["taxonomy_id"]:
        taxonomies = _matching(session, TaxonomyTerm.taxonomy_id, query["taxonomy_id"])
        sets.append(_tagged(session, TaxonomyTerm.taxonomy_id.in_(taxonomies)))
    conditions = []
    if query["organization_id"]:
        conditions.append(Service.organization_id.in_(_matching(session, Service.organization_id,
                                                                query["organization_id"])))
    if query["minimum_age"] is not None:
        conditions.append(Service.minimum_age >= query["minimum_age"])
    if query["maximum_age"] is not None:
        conditions.append(Service.maximum_age <= query["maximum_age"])
    if query["modified_after"] is not None:
        conditions.append(Service.last_modified >= query["modified_after"].replace(tzinfo=None))
    if conditions:
        sets.append(set(session.scalars(select(Service.id).where(*conditions))))
    if query["day"] or query["start_time"] or query["end_time"]:
        sets.append(_by_schedule(session, query["day"], query["start_time"], query["end_time"]))
    if not sets:
        return None
    return frozenset(set.intersection(*map(set, sets)))


def _tagged(session: Session, condition) -> set[str]:
    return set(session.scalars(select(Attribute.link_id).join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
                               .where(Attribute.link_type == "service", condition)))


def _matching(session: Session, column, wanted: str) -> list[str]:
    """Stored ids equal to `wanted` directly or in their ORUK (UUID) form."""
    values = set(session.scalars(select(column).where(column.is_not(None)).distinct()))
    return [value for value in values if value == wanted or oruk_id(value) == wanted.lower()]


def _by_schedule(session: Session, day: str | None, start: time | None, end: time | None) -> set[str]:
    rows = session.execute(select(Schedule.service_id, ServiceAtLocation.service_id.label("sal_service"),
                                  Schedule.byday, Schedule.freq, Schedule.opens_at, Schedule.closes_at)
                           .outerjoin(ServiceAtLocation, ServiceAtLocation.id == Schedule.service_at_location_id)
                           .where(or_(Schedule.service_id.is_not(None), ServiceAtLocation.service_id.is_not(None))))
    found = set()
    for row in rows:
        if day:
            days = {part.strip()[-2:].upper() for part in (row.byday or "").split(",") if part.strip()}
            if day not in days and not (row.freq == "DAILY" and not days):
                continue
        if start and (row.opens_at is None or row.opens_at < start):
            continue
        if end and (row.closes_at is None or row.closes_at > end):
            continue
        found.add(row.service_id or row.sal_service)
    return found


def _text(params: Mapping[str, str], name: str, limit: int) -> str | None:
    value = params.get(name)
    if value is None or str(value).strip() == "":
        return None
    value = str(value).strip()
    if len(value) > limit:
        raise BadRequest(f"{name} is too long (at most {limit} characters)")
    if "\x00" in value:
        raise BadRequest(f"{name} contains a character that is not allowed")
    return value


def _number(params, name: str, default, low, high, kind=int):
    raw = _text(params, name, 20)
    if raw is None:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a {'whole ' if kind is int else ''}number, not {raw!r}") from None
    if kind is float and value != value:
        raise BadRequest(f"{name} must be a number")
    if value < low:
        raise BadRequest(f"{name} must be at least {low}")
    return min(value, high)


def _clock(params, name: str) -> time | None:
    raw = _text(params, name, 20)
    if raw is None:
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a time such as 09:30, not {raw!r}") from None


def _day(params) -> str | None:
    raw = _text(params, "day", 20)
    if raw is None:
        return None
    code = raw.upper()[:2] if raw.lower() in DAYS.values() else raw.upper()
    if code not in DAYS:
        raise BadRequest(f"day must be MO, TU, WE, TH, FR, SA or SU (or a day name), not {raw!r}")
    return code


def _moment(params, name: str) -> datetime | None:
    raw = _text(params, name, 40)
    if raw is None:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise BadRequest(f"{name} must be a date-time such as 2024-11-01T00:00:00Z, not {raw!r}") from None
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _flag(params, name: str) -> bool:
    raw = _text(params, name, 10)
    if raw is None:
        return False
    if raw.lower() not in ("true", "false", "1", "0"):
        raise BadRequest(f"{name} must be true or false, not {raw!r}")
    return raw.lower() in ("true", "1")
