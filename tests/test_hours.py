"""Office hours and handoff plans: what a resident is told about who calls back, and when."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import yaml

from bot.council import load_council
from bot.hours import HoursConfigError, handoff_plan, load_hours
from core.clock import UK_TZ
from core.paths import REPO_ROOT

HOURS_FILE = REPO_ROOT / "config" / "hours.yml"
# The real council file with recognisable numbers, so each assertion shows which team is meant.
COUNCIL = replace(load_council(), council_asc_phone="0100 ASC", council_duty_phone="0200 DUTY",
                  council_edt_phone="0999 EDT")


def uk(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UK_TZ)


@pytest.fixture()
def hours(monkeypatch):
    monkeypatch.delenv("FRONTDOOR_BANK_HOLIDAY_NATION", raising=False)
    return load_hours(HOURS_FILE, nation="england")


def plan(hours, route: str, at: str):
    return hours.handoff_plan(route, uk(at), COUNCIL)


def test_weekday_morning_goes_to_duty_team_with_a_call_back_today(hours):
    result = plan(hours, "urgent", "2024-05-21T10:00")  # a Tuesday
    assert (result.team, result.in_hours, result.phone) == ("duty_team", True, "0200 DUTY")
    assert result.callback_by == uk("2024-05-21T17:00")
    assert result.when_text == "today"


def test_before_opening_the_call_back_is_still_today(hours):
    assert not hours.is_open("duty_team", uk("2024-05-21T08:59"))
    result = plan(hours, "safeguarding", "2024-05-21T08:59")
    assert result.team == "emergency_duty_team" and result.phone == "0999 EDT"
    assert result.callback_by == uk("2024-05-21T09:00")
    assert result.when_text == "today"


def test_closing_time_is_exclusive(hours):
    assert hours.is_open("duty_team", uk("2024-05-21T16:59"))
    assert not hours.is_open("duty_team", uk("2024-05-21T17:00"))
    assert not hours.is_open("emergency_duty_team", uk("2024-05-21T16:59"))
    assert hours.is_open("emergency_duty_team", uk("2024-05-21T17:00"))
    assert hours.next_opening("duty_team", uk("2024-05-21T17:00")) == uk("2024-05-22T09:00")


def test_late_afternoon_does_not_promise_a_call_back_before_closing(hours):
    result = plan(hours, "urgent", "2024-05-21T16:45")
    assert result.in_hours and result.team == "duty_team"
    assert result.callback_by == uk("2024-05-22T09:00")
    assert result.when_text == "on Wednesday 22 May"


def test_weekend_goes_to_emergency_duty_team_and_duty_team_calls_monday(hours):
    at = uk("2024-05-18T11:00")  # a Saturday
    assert not hours.is_open("duty_team", at)
    assert hours.is_open("emergency_duty_team", at)
    assert hours.next_opening("duty_team", at) == uk("2024-05-20T09:00")
    assert hours.closes_at("emergency_duty_team", at) == uk("2024-05-20T09:00")
    result = plan(hours, "crisis", "2024-05-18T11:00")
    assert (result.team, result.in_hours, result.phone) == ("emergency_duty_team", False, "0999 EDT")
    assert result.when_text == "on Monday 20 May"


def test_christmas_day_late_evening_waits_for_the_day_after_the_observed_holidays(hours):
    # 2022: Christmas on a Sunday, Boxing Day Monday, Christmas observed Tuesday 27th.
    at = uk("2022-12-25T22:00")
    assert hours.next_opening("duty_team", at) == uk("2022-12-28T09:00")
    assert plan(hours, "callback", "2022-12-25T22:00").when_text == "on Wednesday 28 December"


def test_easter_weekend_reopens_on_tuesday(hours):
    assert hours.next_opening("duty_team", uk("2024-03-29T22:00")) == uk("2024-04-02T09:00")  # Good Friday
    assert not hours.is_open("duty_team", uk("2024-04-01T11:00"))  # Easter Monday
    assert hours.is_open("emergency_duty_team", uk("2024-04-01T11:00"))
    assert plan(hours, "urgent", "2024-04-01T11:00").when_text == "on Tuesday 2 April"


def test_bank_holiday_weekend_skips_to_the_next_working_day(hours):
    # Friday evening before the spring bank holiday (Monday 27 May 2024).
    assert hours.next_opening("duty_team", uk("2024-05-24T18:00")) == uk("2024-05-28T09:00")
    assert hours.closes_at("emergency_duty_team", uk("2024-05-26T03:00")) == uk("2024-05-28T09:00")


def test_opening_follows_the_clock_change(hours):
    # 08:30 UTC is 09:30 BST in summer (open) but 08:30 GMT in winter (closed).
    assert hours.is_open("duty_team", datetime(2024, 7, 1, 8, 30, tzinfo=UTC))
    assert not hours.is_open("duty_team", datetime(2024, 12, 2, 8, 30, tzinfo=UTC))
    # Clocks go forward on Sunday 26 March 2023: Monday opens at 09:00 BST, 08:00 UTC.
    spring = hours.next_opening("duty_team", uk("2023-03-24T17:30"))
    assert spring.astimezone(UTC) == datetime(2023, 3, 27, 8, 0, tzinfo=UTC)
    # Clocks go back on Sunday 29 October 2023: Monday opens at 09:00 GMT, 09:00 UTC.
    autumn = hours.next_opening("duty_team", uk("2023-10-27T17:30"))
    assert autumn.astimezone(UTC) == datetime(2023, 10, 30, 9, 0, tzinfo=UTC)


def test_scotland_and_england_have_different_bank_holidays():
    england = load_hours(HOURS_FILE, nation="england")
    scotland = load_hours(HOURS_FILE, nation="scotland")
    assert england.is_open("duty_team", uk("2024-01-02T10:00"))  # 2 January: Scotland only
    assert not scotland.is_open("duty_team", uk("2024-01-02T10:00"))
    assert england.is_open("duty_team", uk("2024-12-02T10:00"))  # St Andrew's Day substitute
    assert not scotland.is_open("duty_team", uk("2024-12-02T10:00"))
    assert not england.is_open("duty_team", uk("2024-04-01T10:00"))  # Easter Monday: not Scotland
    assert scotland.is_open("duty_team", uk("2024-04-01T10:00"))


def test_environment_chooses_the_nation(monkeypatch):
    monkeypatch.setenv("FRONTDOOR_BANK_HOLIDAY_NATION", "Scotland")
    assert load_hours(HOURS_FILE).nation == "scotland"
    monkeypatch.setenv("FRONTDOOR_BANK_HOLIDAY_NATION", "cornwall")
    with pytest.raises(HoursConfigError, match="FRONTDOOR_BANK_HOLIDAY_NATION"):
        load_hours(HOURS_FILE)


def test_frontdoor_now_sets_the_time_of_a_plan(monkeypatch):
    monkeypatch.delenv("FRONTDOOR_BANK_HOLIDAY_NATION", raising=False)
    monkeypatch.setenv("FRONTDOOR_NOW", "2024-05-18T11:00")
    result = handoff_plan("urgent", hours=load_hours(HOURS_FILE), council=COUNCIL)
    assert result.team == "emergency_duty_team" and result.when_text == "on Monday 20 May"


def test_emergency_never_promises_a_call_back(hours):
    result = plan(hours, "emergency", "2024-05-21T10:00")
    assert result.callback_by is None and result.when_text == ""
    assert result.to_dict()["callback_by"] is None


def test_medical_out_of_hours_waits_for_the_duty_team(hours):
    result = plan(hours, "medical", "2024-05-18T11:00")
    assert (result.team, result.phone, result.in_hours) == ("duty_team", "0200 DUTY", False)


def test_callback_requests_go_to_the_contact_team(hours):
    result = plan(hours, "callback", "2024-05-21T10:00")
    assert (result.team, result.phone) == ("contact_team", "0100 ASC")


def test_unknown_route_or_team_is_refused(hours):
    with pytest.raises(ValueError, match="unknown route"):
        plan(hours, "lunch", "2024-05-21T10:00")
    with pytest.raises(ValueError, match="unknown team"):
        hours.is_open("kitchen", uk("2024-05-21T10:00"))


def test_closed_dates_close_the_office(tmp_path):
    config = yaml.safe_load(HOURS_FILE.read_text())
    config["closed_dates"] = ["2024-12-27"]
    path = tmp_path / "hours.yml"
    path.write_text(yaml.safe_dump(config))
    hours = load_hours(path, nation="england")
    assert not hours.is_open("duty_team", uk("2024-12-27T10:00"))
    assert hours.next_opening("duty_team", uk("2024-12-24T17:30")) == uk("2024-12-30T09:00")


def _broken(config: dict, change) -> dict:
    change(config)
    return config


BAD_CONFIGS = {
    "missing route": (lambda c: c["routes"].pop("crisis"), "routes"),
    "time in words": (lambda c: c["teams"]["duty_team"]["opening_hours"].update(monday="9am to 5pm"),
                      'monday: .9am to 5pm. should be written like "09:00-17:00"'),
    "closes before opening": (
        lambda c: c["teams"]["duty_team"]["opening_hours"].update(monday="17:00-09:00"), "closes before it opens"),
    "unknown team": (lambda c: c["routes"]["urgent"].update(in_hours="night_team"), "night_team"),
    "unknown phone slot": (lambda c: c["teams"]["duty_team"].update(phone="01632 960 200"), "not a council slot"),
    "unknown nation": (lambda c: c.update(bank_holidays="france"), "bank_holidays"),
    "never open": (lambda c: c["teams"]["contact_team"].update(
        opening_hours={day: "closed" for day in c["teams"]["contact_team"]["opening_hours"]}), "closed every day"),
    "chained open_when_closed": (
        lambda c: c["teams"].update(night={"name": "n", "phone": "council_edt_phone",
                                           "open_when_closed": "emergency_duty_team"}), "open_when_closed"),
    "impossible date": (lambda c: c.update(closed_dates=["2024-02-30"]), "not a real date"),
}


@pytest.mark.parametrize("case", sorted(BAD_CONFIGS))
def test_bad_config_is_refused_with_a_clear_message(tmp_path, case):
    change, expected = BAD_CONFIGS[case]
    path = tmp_path / "hours.yml"
    path.write_text(yaml.safe_dump(_broken(yaml.safe_load(HOURS_FILE.read_text()), change)))
    with pytest.raises(HoursConfigError, match=expected) as error:
        load_hours(path, nation=None)
    assert str(path.name) in str(error.value)


@pytest.mark.parametrize("content", [b"", b"teams: [unclosed", b"\x89PNG\r\n\x1a\n\x00\x00\xff", b"<script>alert(1)</script>",
                                     "horaires: 🕘".encode()])
def test_malformed_file_is_refused(tmp_path, content):
    path = tmp_path / "hours.yml"
    path.write_bytes(content)
    with pytest.raises(HoursConfigError, match="hours.yml"):
        load_hours(path, nation="england")


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(HoursConfigError, match="cannot read"):
        load_hours(tmp_path / "nowhere.yml")


def test_the_shipped_file_loads_with_its_own_nation(monkeypatch):
    monkeypatch.delenv("FRONTDOOR_BANK_HOLIDAY_NATION", raising=False)
    assert load_hours().nation == "england"
