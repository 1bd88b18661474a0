"""Office hours: which team takes a handoff now, and when the person will be called back.

The rules live in config/hours.yml (schema-checked here, so a typo fails loudly at start-up
rather than sending a referral to a closed office). Bank holidays come from the `holidays`
package for the chosen UK nation. All times are Europe/London; comparisons happen in UTC so
the clock changes between GMT and BST cannot shift an opening time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path

import holidays

from bot.council import Council, load_council
from core.checked_yaml import in_words, load_checked
from core.clock import UK_TZ
from core.clock import now as settings_now
from core.settings import Settings
from core.vocabulary import REFERRAL_ROUTES as ROUTES

NATIONS = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern_ireland": "NIR"}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# How far ahead to look for an opening: beyond a year means the file closes a team for good.
SEARCH_DAYS = 400

_CLOCK = r"(?:[01]\d|2[0-3]):[0-5]\d"
_RANGE = rf"{_CLOCK}-(?:{_CLOCK}|24:00)"
_DAY_HOURS = {
    "oneOf": [
        {"const": "closed"},
        {"type": "string", "pattern": f"^{_RANGE}$"},
        {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": f"^{_RANGE}$"}},
    ]
}
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "bank_holidays", "teams", "routes"],
    "properties": {
        "version": {"const": 1},
        "bank_holidays": {"enum": sorted(NATIONS)},
        "closed_dates": {"type": "array", "items": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}},
        "teams": {
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "phone"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "phone": {"type": "string"},
                    "opening_hours": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": list(WEEKDAYS),
                        "properties": {day: _DAY_HOURS for day in WEEKDAYS},
                    },
                    "closed_on_bank_holidays": {"type": "boolean"},
                    "same_day_callback_until": {"type": "string", "pattern": f"^{_CLOCK}$"},
                    "open_when_closed": {"type": "string"},
                },
                "oneOf": [{"required": ["opening_hours"]}, {"required": ["open_when_closed"]}],
            },
        },
        "routes": {
            "type": "object",
            "additionalProperties": False,
            "required": list(ROUTES),
            "properties": {
                route: {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["in_hours", "out_of_hours"],
                    "properties": {
                        "in_hours": {"type": "string"},
                        "out_of_hours": {"type": "string"},
                        "promise_callback": {"type": "boolean"},
                    },
                }
                for route in ROUTES
            },
        },
    },
}


class HoursConfigError(ValueError):
    """config/hours.yml (or FRONTDOOR_BANK_HOLIDAY_NATION) is missing or wrong; the message says where."""


@dataclass(frozen=True)
class Team:
    key: str
    name: str
    phone_slot: str
    # Per weekday (Monday first): opening ranges in minutes after local midnight; 1440 is 24:00.
    weekly: tuple[tuple[tuple[int, int], ...], ...] = ()
    closed_on_bank_holidays: bool = True
    same_day_callback_until: time | None = None
    open_when_closed: str | None = None


@dataclass(frozen=True)
class RouteRule:
    in_hours: str
    out_of_hours: str
    promise_callback: bool = True


@dataclass(frozen=True)
class HandoffPlan:
    """Who receives a handoff and what the resident can be told about a call back.

    `callback_by` is None when no call back may be promised (an emergency: phone 999 now);
    `when_text` is then empty. Otherwise `when_text` is "today" or "on Tuesday 2 April".
    """

    route: str
    team: str
    team_name: str
    in_hours: bool
    phone: str
    callback_by: datetime | None
    when_text: str

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["callback_by"] = self.callback_by.isoformat() if self.callback_by else None
        return data


class OfficeHours:
    def __init__(self, teams: dict[str, Team], routes: dict[str, RouteRule], nation: str,
                 closed_dates: frozenset[date] = frozenset()):
        self.teams = teams
        self.routes = routes
        self.nation = nation
        self.closed_dates = closed_dates
        self._bank_holidays = holidays.country_holidays("GB", subdiv=NATIONS[nation])

    def is_bank_holiday(self, day: date) -> bool:
        return day in self._bank_holidays

    def is_open(self, team: str, at: datetime) -> bool:
        moment = _utc(at)
        period = next(self._periods(team, moment), None)
        return period is not None and period[0] <= moment

    def next_opening(self, team: str, at: datetime) -> datetime:
        """The first moment at or after `at` when the team is open (`at` itself when open now)."""
        moment = _utc(at)
        for start, _end in self._periods(team, moment):
            return max(start, moment).astimezone(UK_TZ)
        raise HoursConfigError(f"team {team!r} does not open within {SEARCH_DAYS} days of {at:%Y-%m-%d}")

    def closes_at(self, team: str, at: datetime) -> datetime | None:
        """When the team's current opening ends, or None when it is closed at `at`."""
        moment = _utc(at)
        period = next(self._periods(team, moment), None)
        if period is None or period[0] > moment:
            return None
        return period[1].astimezone(UK_TZ)

    def callback_time(self, team: str, at: datetime) -> datetime:
        """When the team will have called back: by today's close, else by its next opening."""
        local = _uk(at)
        closes = self.closes_at(team, local)
        if closes is None:
            return self.next_opening(team, local)
        cutoff = self.teams[team].same_day_callback_until
        if cutoff is None or local.time() < cutoff:
            return closes
        return self.next_opening(team, closes)

    def handoff_plan(self, route: str, at: datetime, council: Council | None = None) -> HandoffPlan:
        council = council or load_council()
        if route not in self.routes:
            raise ValueError(f"unknown route {route!r}; expected one of {', '.join(ROUTES)}")
        rule = self.routes[route]
        local = _uk(at)
        in_hours = self.is_open(rule.in_hours, local)
        team = self.teams[rule.in_hours if in_hours else rule.out_of_hours]
        callback_by = self.callback_time(rule.in_hours, local) if rule.promise_callback else None
        return HandoffPlan(
            route=route,
            team=team.key,
            team_name=team.name,
            in_hours=in_hours,
            phone=getattr(council, team.phone_slot),
            callback_by=callback_by,
            when_text=describe_when(callback_by, local),
        )

    def _day_intervals(self, team_key: str, day: date) -> list[tuple[datetime, datetime]]:
        team = self.teams[team_key]
        if team.open_when_closed:
            return _complement(self._day_intervals(team.open_when_closed, day), _local(day, 0), _local(day, 1440))
        if team.closed_on_bank_holidays and (day in self.closed_dates or self.is_bank_holiday(day)):
            return []
        return [(_local(day, start), _local(day, end)) for start, end in team.weekly[day.weekday()]]

    def _periods(self, team_key: str, since: datetime):
        """Open periods (UTC start, end) that end after `since`, joined across midnight."""
        if team_key not in self.teams:
            raise ValueError(f"unknown team {team_key!r}; expected one of {', '.join(self.teams)}")
        day = since.astimezone(UK_TZ).date() - timedelta(days=1)
        current = None
        for _ in range(SEARCH_DAYS):
            for start, end in self._day_intervals(team_key, day):
                if current and start <= current[1]:
                    current = (current[0], max(current[1], end))
                    continue
                if current and current[1] > since:
                    yield current
                current = (start, end)
            day += timedelta(days=1)
        if current and current[1] > since:
            yield current


def describe_when(callback_by: datetime | None, at: datetime) -> str:
    """Plain words for a reply: "today", or "on Tuesday 2 April" (no "tomorrow": read after
    midnight it would name the wrong day)."""
    if callback_by is None:
        return ""
    when = callback_by.astimezone(UK_TZ)
    if when.date() == _uk(at).date():
        return "today"
    return f"on {when:%A} {when.day} {when:%B}"


def load_hours(path: Path | str | None = None, nation: str | None = None) -> OfficeHours:
    """Read and check the hours file; `nation` (or FRONTDOOR_BANK_HOLIDAY_NATION) overrides its nation."""
    settings = Settings.from_env()
    source = Path(path or settings.hours_file).resolve()
    nation = nation or settings.bank_holiday_nation
    try:
        stat = source.stat()
    except OSError as error:
        raise HoursConfigError(f"{source}: cannot read the office hours file ({error.strerror})") from error
    return _load(source, stat.st_mtime_ns, stat.st_size, nation)


def handoff_plan(route: str, at: datetime | None = None, *, hours: OfficeHours | None = None,
                 council: Council | None = None) -> HandoffPlan:
    """The plan for a handoff on `route` at `at` (default: now, honouring FRONTDOOR_NOW)."""
    hours = hours or load_hours()
    return hours.handoff_plan(route, at or settings_now(), council)


@lru_cache(maxsize=8)
def _load(source: Path, _mtime_ns: int, _size: int, nation: str | None) -> OfficeHours:
    raw = load_checked(source, SCHEMA, error=HoursConfigError, explain=_plain)
    teams = {key: _team(source, key, spec) for key, spec in raw["teams"].items()}
    _check_references(source, raw, teams)
    routes = {route: RouteRule(**spec) for route, spec in raw["routes"].items()}
    nation = (nation or raw["bank_holidays"]).strip().lower()
    if nation not in NATIONS:
        raise HoursConfigError(
            f"FRONTDOOR_BANK_HOLIDAY_NATION must be one of {', '.join(NATIONS)}, not {nation!r}"
        )
    closed = set()
    for text in raw.get("closed_dates") or []:
        try:
            closed.add(date.fromisoformat(text))
        except ValueError as error:
            raise HoursConfigError(f"{source}: closed_dates: {text!r} is not a real date") from error
    return OfficeHours(teams, routes, nation, frozenset(closed))


def _plain(problem) -> str:
    """Schema messages in words an editor can act on (a regex means nothing to most readers)."""
    if problem.validator == "pattern":
        example = {_CLOCK: "16:30", _RANGE: '"09:00-17:00" or closed'}.get(problem.schema["pattern"][1:-1], "2024-12-27")
        return f"{problem.instance!r} should be written like {example}"
    return in_words(problem)


def _team(source: Path, key: str, spec: dict) -> Team:
    cutoff = spec.get("same_day_callback_until")
    weekly = ()
    if "opening_hours" in spec:
        weekly = tuple(_ranges(source, key, day, spec["opening_hours"][day]) for day in WEEKDAYS)
        if not any(weekly):
            raise HoursConfigError(f"{source}: teams.{key}.opening_hours: the team is closed every day")
    return Team(
        key=key,
        name=spec["name"],
        phone_slot=spec["phone"],
        weekly=weekly,
        closed_on_bank_holidays=spec.get("closed_on_bank_holidays", True),
        same_day_callback_until=time.fromisoformat(cutoff) if cutoff else None,
        open_when_closed=spec.get("open_when_closed"),
    )


def _ranges(source: Path, team: str, day: str, value) -> tuple[tuple[int, int], ...]:
    if value == "closed":
        return ()
    found = []
    for text in [value] if isinstance(value, str) else value:
        start, end = (int(h) * 60 + int(m) for h, m in re.findall(r"(\d\d):(\d\d)", text))
        if start >= end:
            raise HoursConfigError(f"{source}: teams.{team}.opening_hours.{day}: {text!r} closes before it opens")
        found.append((start, end))
    return tuple(sorted(found))


def _check_references(source: Path, raw: dict, teams: dict[str, Team]) -> None:
    slots = {f.name for f in fields(Council) if f.name.endswith("_phone")}
    for team in teams.values():
        if team.phone_slot not in slots:
            raise HoursConfigError(
                f"{source}: teams.{team.key}.phone: {team.phone_slot!r} is not a council slot "
                f"(one of {', '.join(sorted(slots))})"
            )
        other = teams.get(team.open_when_closed) if team.open_when_closed else None
        if team.open_when_closed and (other is None or other.open_when_closed):
            raise HoursConfigError(
                f"{source}: teams.{team.key}.open_when_closed: {team.open_when_closed!r} must name a team "
                "with opening_hours"
            )
    for route, spec in raw["routes"].items():
        for side in ("in_hours", "out_of_hours"):
            if spec[side] not in teams:
                raise HoursConfigError(f"{source}: routes.{route}.{side}: no team called {spec[side]!r}")


def _complement(intervals, day_start: datetime, day_end: datetime) -> list[tuple[datetime, datetime]]:
    gaps, cursor = [], day_start
    for start, end in intervals:
        if start > cursor:
            gaps.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < day_end:
        gaps.append((cursor, day_end))
    return gaps


def _local(day: date, minutes: int) -> datetime:
    """`minutes` after local midnight on `day`, as UTC (wall-clock arithmetic, so 09:00 stays 09:00)."""
    return (datetime.combine(day, time(0), UK_TZ) + timedelta(minutes=minutes)).astimezone(UTC)


def _uk(at: datetime) -> datetime:
    """Naive times are UK local time, like FRONTDOOR_NOW."""
    return at.replace(tzinfo=UK_TZ) if at.tzinfo is None else at.astimezone(UK_TZ)


def _utc(at: datetime) -> datetime:
    return _uk(at).astimezone(UTC)
