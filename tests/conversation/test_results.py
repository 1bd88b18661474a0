"""How a directory match is described to the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.conversation.results import describe_match

UK = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UK)  # a Tuesday


@dataclass
class FakeMatch:
    id: str = "svc-1"
    name: str = "Memory Cafe"
    organization: str | None = "Sample Dementia Friends"
    why: tuple = ("memory loss", "meeting people")
    phone: str | None = "01632 960 321"
    email: str | None = None
    url: str | None = None
    address: str | None = "Church Hall, High Street, SB1 2AB"
    distance_km: float | None = 1.234
    next_open: str | None = None
    open_now: bool | None = None
    cost: str | None = "Free"


def test_everything_known_is_said_plainly():
    said = describe_match(FakeMatch(next_open="2026-11-26T14:00:00+00:00"), NOW)
    assert said["why"] == "memory loss, meeting people"
    assert said["where"] == "Church Hall, High Street, SB1 2AB (about 0.8 miles away)"
    assert said["when"] == "next open Thursday 26 November at 2pm"
    assert said["cost"] == "free"


def test_distance_in_miles_and_close_by():
    assert describe_match(FakeMatch(distance_km=4.83), NOW)["where"].endswith("(about 3 miles away)")
    assert describe_match(FakeMatch(distance_km=0.02), NOW)["where"].endswith("(close to you)")


def test_later_today_and_open_now():
    assert describe_match(FakeMatch(next_open="2026-11-24T13:30:00+00:00"), NOW)["when"] == "next open today at 1:30pm"
    assert describe_match(FakeMatch(open_now=True), NOW)["when"] == "open now"


def test_unknowns_never_leave_a_blank():
    said = describe_match(FakeMatch(phone=None, address=None, distance_km=None, cost=None, why=()), NOW)
    assert said["contact"].startswith("no phone listed")
    assert said["where"] == "by phone or online"
    assert said["when"] == "ask them for opening times"
    assert said["cost"] == "ask them about cost"
    assert said["why"] == "it matches what you told me"
