"""Opening times from HSDS schedules: "is it open now?" and "when does it next open?".

Reads the RRULE subset ORUK feeds use: WEEKLY with BYDAY (optionally every N weeks from
DTSTART), MONTHLY with BYDAY ordinals ("1MO", "-1FR") or BYMONTHDAY, and DAILY, each with
opens_at/closes_at and valid_from/valid_to/until. Times are UK local time. A schedule with no
times (only a description) cannot answer either question, so the answer is "unknown" (None),
never a guess. On English bank holidays a service whose hours are weekdays-only is treated
as closed: most community services are, and saying "open" when it is not sends someone to a
locked door.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from core.clock import UK_TZ

_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LOOKAHEAD_DAYS = 62


@dataclass(frozen=True)
class Opening:
    """One schedule row reduced to what the questions need."""

    freq: str | None
    byday: tuple[str, ...]
    bymonthday: tuple[int, ...]
    interval: int
    dtstart: date | None
    valid_from: date | None
    valid_to: date | None
    opens_at: time | None
    closes_at: time | None

    @classmethod
    def from_row(cls, row) -> Opening:
        get = row.get if hasattr(row, "get") else lambda key: getattr(row, key, None)
        byday = tuple(token for token in (get("byday") or "").split(",") if token)
        monthdays = []
        for token in (get("bymonthday") or "").split(","):
            try:
                monthdays.append(int(token))
            except ValueError:
                continue
        valid_to = min((d for d in (get("valid_to"), get("until")) if d), default=None)
        return cls((get("freq") or "").upper() or None, byday, tuple(monthdays), int(get("interval") or 1),
                   get("dtstart"), get("valid_from"), valid_to, get("opens_at"), get("closes_at"))

    @property
    def has_times(self) -> bool:
        return self.opens_at is not None and self.closes_at is not None

    @property
    def weekdays_only(self) -> bool:
        days = {token[-2:] for token in self.byday}
        return bool(days) and not days & {"SA", "SU"}

    def runs_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from or self.valid_to and day > self.valid_to:
            return False
        if self.weekdays_only and is_bank_holiday(day):
            return False
        code = _DAYS[day.weekday()]
        if self.freq == "DAILY":
            return self._every_nth(day, 1)
        if self.freq == "MONTHLY":
            if self.bymonthday:
                return day.day in self.bymonthday or (-1 in self.bymonthday and (day + timedelta(days=1)).day == 1)
            return any(_nth_weekday_matches(token, day) for token in self.byday)
        if self.freq in (None, "WEEKLY"):
            plain = {token[-2:] for token in self.byday}
            return code in plain and self._every_nth(day, 7)
        return False

    def _every_nth(self, day: date, unit_days: int) -> bool:
        if self.interval <= 1 or self.dtstart is None:
            return True
        periods = (day - self.dtstart).days // unit_days
        return periods >= 0 and periods % self.interval == 0


def _nth_weekday_matches(token: str, day: date) -> bool:
    code, ordinal = token[-2:], token[:-2]
    if code != _DAYS[day.weekday()]:
        return False
    if not ordinal:
        return True
    n = int(ordinal)
    if n > 0:
        return (day.day - 1) // 7 + 1 == n
    days_left = (date(day.year + day.month // 12, day.month % 12 + 1, 1) - day).days
    return (days_left - 1) // 7 + 1 == -n


@lru_cache(maxsize=16)
def _bank_holidays(year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.UK(subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


@dataclass(frozen=True)
class OpeningAnswer:
    open_now: bool | None  # None: the feed gives no times
    next_open: datetime | None  # start of the current session when open now
    closes_at: datetime | None


def opening(openings: list[Opening], now: datetime) -> OpeningAnswer:
    timed = [o for o in openings if o.has_times]
    if not timed:
        return OpeningAnswer(None, None, None)
    local = now.astimezone(UK_TZ)
    soonest: datetime | None = None
    for offset in range(-1, LOOKAHEAD_DAYS):
        day = local.date() + timedelta(days=offset)
        for schedule in timed:
            if not schedule.runs_on(day):
                continue
            start = datetime.combine(day, schedule.opens_at, tzinfo=UK_TZ)
            end = datetime.combine(day, schedule.closes_at, tzinfo=UK_TZ)
            if end <= start:  # overnight, e.g. 22:00-02:00
                end += timedelta(days=1)
            if start <= local < end:
                return OpeningAnswer(True, start, end)
            if start > local and (soonest is None or start < soonest):
                soonest = start
        if soonest is not None and offset >= 0 and soonest.date() <= day:
            break
    return OpeningAnswer(False, soonest, None)
