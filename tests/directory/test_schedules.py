"""Opening times: open now and next open, from the RRULE subset ORUK feeds use."""

from __future__ import annotations

from datetime import date, datetime, time

from core.clock import UK_TZ
from directory.schedules import Opening, opening


def _opening(**fields) -> Opening:
    row = {"freq": None, "byday": None, "bymonthday": None, "interval": None, "dtstart": None, "valid_from": None,
           "valid_to": None, "until": None, "opens_at": time(10), "closes_at": time(12)}
    row.update(fields)
    return Opening.from_row(row)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UK_TZ)


def test_weekly_open_now_and_next_open():
    tuesdays = [_opening(freq="WEEKLY", byday="TU")]
    now = opening(tuesdays, at("2024-11-12T10:30"))  # a Tuesday
    assert now.open_now and now.next_open == at("2024-11-12T10:00") and now.closes_at == at("2024-11-12T12:00")
    later = opening(tuesdays, at("2024-11-12T12:00"))
    assert later.open_now is False and later.next_open == at("2024-11-19T10:00")


def test_first_monday_and_last_friday_of_the_month():
    first_monday = [_opening(freq="MONTHLY", byday="1MO", opens_at=time(14), closes_at=time(16))]
    assert opening(first_monday, at("2024-11-05T09:00")).next_open == at("2024-12-02T14:00")
    last_friday = [_opening(freq="MONTHLY", byday="-1FR")]
    assert opening(last_friday, at("2024-11-01T13:00")).next_open == at("2024-11-29T10:00")


def test_fortnightly_from_a_start_date():
    fortnightly = [_opening(freq="WEEKLY", byday="SA", interval=2, dtstart=date(2024, 1, 6))]
    assert opening(fortnightly, at("2024-11-09T10:15")).open_now is True  # 44 weeks after the start
    assert opening(fortnightly, at("2024-11-09T12:30")).next_open == at("2024-11-23T10:00")  # not the 16th
    assert opening(fortnightly, at("2024-11-16T10:15")).open_now is False


def test_weekday_services_are_closed_on_bank_holidays_but_seven_day_ones_are_not():
    christmas = at("2024-12-25T10:30")  # a Wednesday and a bank holiday
    weekdays = [_opening(freq="WEEKLY", byday="MO,TU,WE,TH,FR")]
    assert opening(weekdays, christmas).open_now is False
    assert opening(weekdays, christmas).next_open == at("2024-12-27T10:00")
    every_day = [_opening(freq="DAILY", opens_at=time(0), closes_at=time(23, 59, 59))]
    assert opening(every_day, christmas).open_now is True


def test_schedules_outside_their_valid_dates_or_without_times_answer_nothing():
    ended = [_opening(freq="WEEKLY", byday="TU", valid_to=date(2024, 1, 1))]
    assert opening(ended, at("2024-11-12T10:30")).open_now is False
    assert opening(ended, at("2024-11-12T10:30")).next_open is None
    no_times = [_opening(freq="WEEKLY", byday="TU", opens_at=None, closes_at=None)]
    assert opening(no_times, at("2024-11-12T10:30")).open_now is None


def test_overnight_sessions():
    night = [_opening(freq="DAILY", opens_at=time(22), closes_at=time(2))]
    assert opening(night, at("2024-11-13T01:00")).open_now is True
