"""Build sample_borough_oruk_v3.json from sample_borough.yml: `python -m directory.sample.build`.

Ids are UUIDv5 of each entry's key, so rebuilding gives the same ids and re-loading the sample
updates rather than duplicates. The output is checked into the repository; rebuild it after
editing the YAML.
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "sample_borough.yml"
OUTPUT = HERE / "sample_borough_oruk_v3.json"
NAMESPACE = uuid.UUID("5b0f6a64-2a8e-4d5f-9a51-1c3f2a9e7d10")
NEEDS_TAXONOMY = "frontdoor-needs"
OFFERS_TAXONOMY = "frontdoor-offers"
EARLY_INTERVENTION_TERM = f"{OFFERS_TAXONOMY}:council-early-intervention"
STAMP = "2024-11-01"
_HOURS = re.compile(r"^(?:(daily)|(fortnightly)\s+([A-Z,]+)|([-0-9A-Z,]+))\s+(\d\d:\d\d)-(\d\d:\d\d)"
                    r"(?:\s+from\s+(\d{4}-\d\d-\d\d))?$")


def sample_id(kind: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"sample-borough/{kind}/{key}"))


def build(source: Path = SOURCE) -> dict:
    from directory.needs import load_taxonomy

    spec = yaml.safe_load(source.read_text(encoding="utf-8"))
    labels = {need.id: need.label for need in load_taxonomy().needs.values()}
    contents = [_service(entry, spec, labels) for entry in spec["services"]]
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": False, "contents": contents}


def _service(entry: dict, spec: dict, labels: dict[str, str]) -> dict:
    key = entry["key"]
    sid = sample_id("service", key)
    org_key = entry["org"]
    org = spec["organizations"][org_key]
    national = entry.get("national", False)
    note = "" if national else f" ({spec['sample_note']})"
    cost = entry.get("cost")
    cost_options, fees = _cost(cost, sid)
    service = {
        "id": sid, "name": entry["name"], "description": " ".join(entry["description"].split()) + note,
        "status": "active", "url": org.get("url"), "email": org.get("email"),
        "eligibility_description": " ".join(entry.get("eligibility", "").split()) or None,
        "minimum_age": entry.get("min_age"), "maximum_age": entry.get("max_age"), "fees_description": fees,
        "assured_date": STAMP, "last_modified": f"{STAMP}T00:00:00Z", "organization_id": sample_id("organization", org_key),
        "organization": {"id": sample_id("organization", org_key), "name": org["name"], "website": org.get("url"),
                         "email": org.get("email"),
                         "description": " ".join(org["description"].split()) + ("" if national else note)},
        "phones": [{"id": sample_id("phone", key), "number": entry["phone"], "type": "voice"}],
        "schedules": [_schedule(text, key, index) for index, text in enumerate(entry.get("hours", []))],
        "cost_options": cost_options,
        "service_areas": [{"id": sample_id("area", key), "name": "United Kingdom" if national else "Sample Borough",
                           "extent_type": "text"}],
        "service_at_locations": [_location(venue, spec["venues"][venue], key) for venue in entry.get("venues", [])]
        or [_base(org, spec, key, national)],
        "attributes": [_attribute(sid, need, labels) for need in entry.get("needs", [])],
    }
    if entry.get("council_early_intervention"):
        service["attributes"].append({
            "id": sample_id("attribute", f"{key}/early-intervention"), "link_id": sid, "link_type": "service",
            "link_entity": "service", "taxonomy_term_id": EARLY_INTERVENTION_TERM,
            "taxonomy_term": {"id": EARLY_INTERVENTION_TERM, "name": "Council early-intervention offer",
                              "code": "council-early-intervention", "taxonomy": OFFERS_TAXONOMY,
                              "taxonomy_id": OFFERS_TAXONOMY}})
    return service


def _cost(cost, sid: str) -> tuple[list[dict], str | None]:
    if cost is None:
        return [], None
    if cost == "free":
        return [{"id": f"{sid}-cost", "option": "Free", "amount": 0, "currency": "GBP"}], "Free"
    return [{"id": f"{sid}-cost", "option": cost["text"], "amount": cost["amount"], "currency": "GBP"}], cost["text"]


def _schedule(text: str, key: str, index: int) -> dict:
    match = _HOURS.match(text)
    if not match:
        raise ValueError(f"{key}: cannot read hours {text!r}")
    daily, fortnightly, fortnight_days, days, opens, closes, start = match.groups()
    row = {"id": sample_id("schedule", f"{key}/{index}"), "opens_at": f"{opens}:00",
           "closes_at": "23:59:59" if closes == "24:00" else f"{closes}:00", "valid_from": "2024-01-01"}
    if daily:
        row.update(freq="DAILY", description="Every day")
    elif fortnightly:
        row.update(freq="WEEKLY", interval=2, byday=fortnight_days, dtstart=start, description="Every other week")
    elif any(ch.isdigit() for ch in days):
        row.update(freq="MONTHLY", byday=days)
    else:
        row.update(freq="WEEKLY", byday=days)
    return row


def _location(venue_key: str, venue: dict, service_key: str) -> dict:
    lid = sample_id("location", venue_key)
    return {
        "id": sample_id("service_at_location", f"{service_key}/{venue_key}"),
        "location": {
            "id": lid, "location_type": "physical", "name": venue["name"], "latitude": venue["lat"],
            "longitude": venue["lon"],
            "addresses": [{"id": sample_id("address", venue_key), "address_1": venue["address"], "city": "Sample Borough",
                           "postal_code": venue["postcode"], "country": "GB", "address_type": "physical"}],
            "accessibility": [{"id": sample_id("accessibility", venue_key), "description": venue["access"]}],
        },
    }


def _base(org: dict, spec: dict, key: str, national: bool) -> dict:
    """Where a service with no venue is run from: a postal office address (it comes to you, by phone
    or at home), or for national helplines a virtual location. Neither counts for "nearby"."""
    if national or "office" not in org:
        return {"id": sample_id("service_at_location", f"{key}/virtual"),
                "location": {"id": sample_id("location", f"{key}/virtual"), "location_type": "virtual",
                             "name": "By phone and online", "url": org.get("url")}}
    found = _location(org["office"], spec["venues"][org["office"]], key)
    found["location"] = {**found["location"], "location_type": "postal",
                         "description": "Office address: the service comes to you, by phone or at home."}
    return found


def _attribute(sid: str, need: str, labels: dict[str, str]) -> dict:
    if need not in labels:
        raise ValueError(f"unknown need {need!r}; see directory/data/needs.yml")
    term = f"{NEEDS_TAXONOMY}:{need}"
    return {"id": str(uuid.uuid5(NAMESPACE, f"{sid}/{need}")), "link_id": sid, "link_type": "service",
            "link_entity": "service", "taxonomy_term_id": term,
            "taxonomy_term": {"id": term, "name": labels[need], "code": need, "taxonomy": NEEDS_TAXONOMY,
                              "taxonomy_id": NEEDS_TAXONOMY}}


def main() -> int:
    OUTPUT.write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
