"""Locations, addresses, accessibility and schedules of one service record (ORUK v1 or v3)."""

from __future__ import annotations

import re

from core.postcodes import normalise_postcode
from directory import fields as f
from directory.fields import web_address

_WEEKDAYS = {
    "monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR", "saturday": "SA",
    "sunday": "SU", "mon": "MO", "tue": "TU", "wed": "WE", "thu": "TH", "fri": "FR", "sat": "SA", "sun": "SU",
    "1": "MO", "2": "TU", "3": "WE", "4": "TH", "5": "FR", "6": "SA", "7": "SU",
}
_BYDAY_TOKEN = re.compile(r"^[+-]?\d{0,2}(MO|TU|WE|TH|FR|SA|SU)$")
_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_LOCATION_TYPES = {"physical", "postal", "virtual"}


def location_rows(sal: dict, sid: str, index: int, problems: f.Problems, out) -> None:
    location = sal.get("location") if isinstance(sal.get("location"), dict) else None
    loc_id = f.record_id((location or {}).get("id")) or f.record_id(sal.get("location_id"))
    if location is None and loc_id is None:
        problems.note("service_at_locations", "an entry has no location; ignored")
        return
    loc_id = loc_id or f.child_id(None, sid, "location", index)
    if location is not None:
        _location(location, loc_id, problems, out)
    sal_id = f.child_id(sal.get("id"), sid, "service_at_location", index)
    out.add("service_at_location", {
        "id": sal_id, "service_id": sid, "location_id": loc_id,
        "description": f.text(sal.get("description"), problems, "service_at_locations.description"),
    })
    schedules = f.items(sal.get("schedules"), problems, "service_at_locations.schedules")
    schedules += f.items(sal.get("regular_schedules"), problems, "service_at_locations.regular_schedules")
    for s_index, schedule in enumerate(schedules):
        row = schedule_row(schedule, sal_id, s_index, problems)
        if row:
            out.add("schedule", {**row, "service_id": sid, "service_at_location_id": sal_id})
    for p_index, phone in enumerate(f.items(sal.get("phones"), problems, "service_at_locations.phones")):
        row = phone_row(phone, sal_id, "phone", p_index, problems)
        if row:
            out.add("phone", {**row, "service_id": sid, "service_at_location_id": sal_id})


def _location(location: dict, loc_id: str, problems: f.Problems, out) -> None:
    kind = (f.one_line(location.get("location_type"), problems, "location.location_type", 32) or "physical").lower()
    out.add("location", {
        "id": loc_id,
        "organization_id": None,
        "location_type": kind if kind in _LOCATION_TYPES else "physical",
        "url": web_address(location.get("url"), problems, "location.url"),
        "name": f.one_line(location.get("name"), problems, "location.name", f.NAME_MAX),
        "alternate_name": f.one_line(location.get("alternate_name"), problems, "location.alternate_name"),
        "description": f.text(location.get("description"), problems, "location.description"),
        "transportation": f.text(location.get("transportation"), problems, "location.transportation"),
        "latitude": f.coordinate(location.get("latitude"), problems, "location.latitude", 90.0),
        "longitude": f.coordinate(location.get("longitude"), problems, "location.longitude", 180.0),
        "external_identifier": f.one_line(location.get("external_identifier"), problems, "location.external_identifier"),
        "external_identifier_type": f.one_line(location.get("external_identifier_type"), problems,
                                               "location.external_identifier_type"),
    })
    addresses = f.items(location.get("addresses"), problems, "location.addresses")
    addresses += f.items(location.get("physical_addresses"), problems, "location.physical_addresses")
    for index, address in enumerate(addresses):
        out.add("address", _address(address, loc_id, index, problems))
    access = f.items(location.get("accessibility"), problems, "location.accessibility")
    access += f.items(location.get("accessibility_for_disabilities"), problems, "location.accessibility")
    for index, entry in enumerate(access):
        description = entry.get("description") or entry.get("accessibility")
        out.add("accessibility", {
            "id": f.child_id(entry.get("id"), loc_id, "accessibility", index), "location_id": loc_id,
            "description": f.text(description, problems, "accessibility.description"),
            "details": f.text(entry.get("details"), problems, "accessibility.details"),
            "url": web_address(entry.get("url"), problems, "accessibility.url"),
        })
    schedules = f.items(location.get("schedules"), problems, "location.schedules")
    schedules += f.items(location.get("regular_schedules"), problems, "location.regular_schedules")
    for index, schedule in enumerate(schedules):
        row = schedule_row(schedule, loc_id, index, problems)
        if row:
            out.add("schedule", {**row, "location_id": loc_id})
    for index, phone in enumerate(f.items(location.get("phones"), problems, "location.phones")):
        row = phone_row(phone, loc_id, "phone", index, problems)
        if row:
            out.add("phone", {**row, "location_id": loc_id})


def _address(address: dict, loc_id: str, index: int, problems: f.Problems) -> dict:
    raw_postcode = f.one_line(address.get("postal_code"), problems, "address.postal_code", 16)
    postcode = normalise_postcode(raw_postcode) if raw_postcode else None
    if raw_postcode and postcode is None:
        problems.note("address.postal_code", f"{raw_postcode!r} is not a UK postcode; kept as given")
        postcode = raw_postcode
    kind = (f.one_line(address.get("address_type"), problems, "address.address_type", 16) or "physical").lower()
    return {
        "id": f.child_id(address.get("id"), loc_id, "address", index), "location_id": loc_id,
        "attention": f.one_line(address.get("attention"), problems, "address.attention"),
        "address_1": f.one_line(address.get("address_1"), problems, "address.address_1"),
        "address_2": f.one_line(address.get("address_2"), problems, "address.address_2"),
        "city": f.one_line(address.get("city"), problems, "address.city"),
        "region": f.one_line(address.get("region"), problems, "address.region"),
        "state_province": f.one_line(address.get("state_province"), problems, "address.state_province"),
        "postal_code": postcode,
        "country": (f.one_line(address.get("country"), problems, "address.country", 8) or "GB").upper(),
        "address_type": kind if kind in {"physical", "postal", "virtual"} else "physical",
    }


def schedule_row(schedule: dict, parent: str, index: int, problems: f.Problems) -> dict | None:
    """A schedule row, or None when nothing usable is left (no days, times or description)."""
    byday = _byday(schedule.get("byday"), problems)
    weekday = schedule.get("weekday")
    if weekday not in (None, "") and not byday:
        byday = _WEEKDAYS.get(str(weekday).strip().lower())
        if byday is None:
            problems.note("schedules.weekday", f"not a weekday: {str(weekday)[:20]!r}; ignored")
    freq = (f.one_line(schedule.get("freq"), problems, "schedules.freq", 16) or "").upper() or None
    if freq and freq not in _FREQUENCIES:
        problems.note("schedules.freq", f"unknown frequency {freq!r}; ignored")
        freq = None
    if freq is None and byday:
        freq = "WEEKLY"
    row = {
        "id": f.child_id(schedule.get("id"), parent, "schedule", index),
        "service_id": None, "location_id": None, "service_at_location_id": None,
        "valid_from": f.day(schedule.get("valid_from"), problems, "schedules.valid_from"),
        "valid_to": f.day(schedule.get("valid_to"), problems, "schedules.valid_to"),
        "dtstart": f.day(schedule.get("dtstart"), problems, "schedules.dtstart"),
        "timezone": f.integer(schedule.get("timezone"), problems, "schedules.timezone", -12, 14),
        "until": f.day(schedule.get("until"), problems, "schedules.until"),
        "count": f.integer(schedule.get("count"), problems, "schedules.count", 0, 10_000),
        "wkst": _byday(schedule.get("wkst"), problems),
        "freq": freq,
        "interval": f.integer(schedule.get("interval"), problems, "schedules.interval", 1, 366),
        "byday": byday,
        "byweekno": f.one_line(schedule.get("byweekno"), problems, "schedules.byweekno", 200),
        "bymonthday": f.one_line(schedule.get("bymonthday"), problems, "schedules.bymonthday", 200),
        "byyearday": f.one_line(schedule.get("byyearday"), problems, "schedules.byyearday", 200),
        "description": f.text(schedule.get("description"), problems, "schedules.description"),
        "opens_at": f.clock(schedule.get("opens_at"), problems, "schedules.opens_at"),
        "closes_at": f.clock(schedule.get("closes_at"), problems, "schedules.closes_at"),
        "schedule_link": f.one_line(schedule.get("schedule_link"), problems, "schedules.schedule_link"),
        "attending_type": f.one_line(schedule.get("attending_type"), problems, "schedules.attending_type"),
        "notes": f.text(schedule.get("notes"), problems, "schedules.notes"),
    }
    useful = ("freq", "byday", "bymonthday", "opens_at", "closes_at", "description", "notes", "schedule_link")
    if not any(row[key] for key in useful):
        problems.note("schedules", "a schedule has no usable days, times or description; ignored")
        return None
    return row


def _byday(value: object, problems: f.Problems) -> str | None:
    if value in (None, ""):
        return None
    tokens = [token.strip().upper() for token in str(value).split(",") if token.strip()]
    good = [token for token in tokens if _BYDAY_TOKEN.match(token)]
    if len(good) != len(tokens):
        problems.note("schedules.byday", f"unreadable day codes in {str(value)[:40]!r}; ignored")
    return ",".join(good) or None


def phone_row(phone: dict, parent: str, kind: str, index: int, problems: f.Problems) -> dict | None:
    number = f.one_line(phone.get("number"), problems, "phones.number", 40)
    if not number or sum(ch.isdigit() for ch in number) < 3:
        if number:
            problems.note("phones.number", f"not a phone number: {number[:20]!r}; ignored")
        return None
    return {
        "id": f.child_id(phone.get("id"), parent, kind, index), "number": number,
        "extension": f.one_line(phone.get("extension"), problems, "phones.extension", 20),
        "type": f.one_line(phone.get("type"), problems, "phones.type", 32),
        "description": f.text(phone.get("description"), problems, "phones.description"),
        "location_id": None, "service_id": None, "organization_id": None, "contact_id": None,
        "service_at_location_id": None,
    }
