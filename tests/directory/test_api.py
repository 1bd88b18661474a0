"""The ORUK 3.0 read-only API functions the web front mounts under /api/: filters of the UK profile's
openapi.json, each applied or a clear 400; list and item agree on what exists."""

from __future__ import annotations

import json

import pytest

from directory.api import (
    PER_PAGE_MAX,
    get_service,
    get_taxonomy_term,
    list_service_at_locations,
    list_services,
    list_taxonomy_terms,
)
from directory.oruk import oruk_id


def test_search_returns_an_oruk_page_with_reasons(sample_session):
    status, body = list_services(sample_session, {"search": "I keep forgetting things", "per_page": "3"})
    assert status == 200
    assert body["page_number"] == 1 and body["size"] == len(body["contents"]) == 3
    assert body["total_items"] >= 3 and body["total_pages"] == -(-body["total_items"] // 3)
    first = body["contents"][0]
    assert first["name"] in {"Dementia Adviser service", "Kingsmead Memory Cafe", "Singing for Memory"}
    assert first["match"]["why"] == ["dementia and memory support"]
    assert "dementia and memory support" in body["needs"]
    json.dumps(body)  # everything is plain JSON


def test_pages_do_not_overlap_and_per_page_is_capped(sample_session):
    _, one = list_services(sample_session, {"per_page": "10", "page": "1"})
    _, two = list_services(sample_session, {"per_page": "10", "page": "2"})
    assert not {s["id"] for s in one["contents"]} & {s["id"] for s in two["contents"]}
    _, big = list_services(sample_session, {"per_page": "5000"})
    assert big["size"] == PER_PAGE_MAX


def test_postcode_and_proximity_keep_only_nearby_services(sample_session):
    status, body = list_services(sample_session, {"postcode": "SB6 7LM", "proximity": "1500"})  # metres
    assert status == 200 and body["contents"]
    assert all(s["match"]["distance_m"] <= 1500 for s in body["contents"])
    assert all(s["postal_code"].startswith("SB6") for s in body["contents"])


def test_taxonomy_term_filter_uses_the_need_taxonomy(sample_session):
    status, body = list_services(sample_session, {"taxonomy_term_id": "frontdoor-needs:hearing-loss"})
    assert status == 200
    assert {s["name"] for s in body["contents"]} == {"Hearing Help drop-in", "Lipreading and managing hearing loss class"}


@pytest.mark.parametrize("params, message", [
    ({"page": "0"}, "page must be at least 1"),
    ({"page": "two"}, "page must be a whole number"),
    ({"per_page": "-3"}, "per_page must be at least 1"),
    ({"proximity": "5"}, "proximity needs a postcode"),
    ({"postcode": "SB6 7LM", "proximity": "far"}, "proximity must be a number"),
    ({"postcode": "hello"}, "not a UK postcode"),
    ({"postcode": "ZZ9 9ZZ", "proximity": "2"}, "don't know where ZZ9 9ZZ is"),
    ({"search": "x" * 501}, "search is too long"),
    ({"minimum_age": "old"}, "minimum_age must be a number"),
    ({"day": "Funday"}, "day must be MO"),
    ({"start_time": "noonish"}, "start_time must be a time"),
    ({"modified_after": "last week"}, "modified_after must be a date-time"),
    ({"full_service": "true"}, "full_service is not supported"),
    ({"format": "csv"}, "format is not supported"),
])
def test_bad_parameters_get_400_and_a_clear_message(sample_session, params, message):
    status, body = list_services(sample_session, params)
    assert status == 400 and body["error"] == "bad_request"
    assert message in body["message"]


def test_get_service_returns_the_full_oruk_record(sample_session):
    _, page = list_services(sample_session, {"search": "memory cafe", "per_page": "1"})
    status, service = get_service(sample_session, page["contents"][0]["id"])
    assert status == 200
    assert service["name"] == "Kingsmead Memory Cafe"
    assert service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "SB9 1ST"


@pytest.mark.parametrize("service_id", ["no-such-service", "", "x" * 300, "\x00"])
def test_get_service_404s_for_unknown_ids(sample_session, service_id):
    status, body = get_service(sample_session, service_id)
    assert status == 404 and body["error"] == "not_found"


def _names(session, params) -> set[str]:
    status, body = list_services(session, {**params, "per_page": "50"})
    assert status == 200, body
    assert body["total_items"] <= 50
    return {s["name"] for s in body["contents"]}


def test_a_term_is_found_by_its_oruk_uuid_too(sample_session):
    readable = _names(sample_session, {"taxonomy_term_id": "frontdoor-needs:hearing-loss"})
    assert _names(sample_session, {"taxonomy_term_id": oruk_id("frontdoor-needs:hearing-loss")}) == readable
    status, term = get_taxonomy_term(sample_session, oruk_id("frontdoor-needs:hearing-loss"))
    assert status == 200 and term["code"] == "hearing-loss" and term["description"]


def test_taxonomy_id_keeps_services_with_any_term_of_it(sample_session):
    _, all_services = list_services(sample_session, {})
    _, offers = list_services(sample_session, {"taxonomy_id": "frontdoor-offers"})
    assert 0 < offers["total_items"] < all_services["total_items"]
    _, none = list_services(sample_session, {"taxonomy_id": "no-such-taxonomy"})
    assert none["total_items"] == 0


def test_age_filters_follow_the_profile_wording(sample_session):
    _, page = list_services(sample_session, {"minimum_age": "60", "full": "true", "per_page": "50"})
    assert page["contents"] and all(s["minimum_age"] >= 60 for s in page["contents"])
    _, page = list_services(sample_session, {"maximum_age": "64", "full": "true", "per_page": "50"})
    assert all(s["maximum_age"] <= 64 for s in page["contents"])


def test_day_and_times_keep_services_open_then(sample_session):
    _, page = list_services(sample_session, {"day": "MO", "start_time": "14:00", "end_time": "17:00",
                                             "full": "true", "per_page": "50"})
    assert page["contents"]
    for service in page["contents"]:
        schedules = service["schedules"] + [x for sal in service["service_at_locations"] for x in sal.get("schedules", [])]
        assert any("MO" in x.get("byday", "") and x["opens_at"] >= "14:00" and x["closes_at"] <= "17:00"
                   for x in schedules)
    assert _names(sample_session, {"day": "monday"}) == _names(sample_session, {"day": "MO"})


def test_modified_after(sample_session):
    _, everything = list_services(sample_session, {})
    _, later = list_services(sample_session, {"modified_after": "2100-01-01T00:00:00Z"})
    _, earlier = list_services(sample_session, {"modified_after": "2000-01-01"})
    assert later["total_items"] == 0 and earlier["total_items"] == everything["total_items"]


def test_service_at_locations_are_paged_and_found_by_id(sample_session):
    status, page = list_service_at_locations(sample_session, {"per_page": "5"})
    assert status == 200 and page["size"] == 5 and page["total_items"] > 5
    first = page["contents"][0]
    assert first["location"]["id"] and first["service"]["name"]
    _, near = list_service_at_locations(sample_session, {"postcode": "SB6 7LM", "proximity": "1500"})
    assert 0 < near["total_items"] < page["total_items"]
    _, terms = list_taxonomy_terms(sample_session, {"per_page": "2", "page": "2"})
    assert terms["page_number"] == 2 and terms["size"] == 2


def test_a_service_left_out_of_the_list_is_not_served_by_id(bristol_url, sessions_for):
    blank_name = "def5ccd4-f121-df4d-60d2-4dc0d69ff555"
    with sessions_for(bristol_url)() as session:
        assert get_service(session, blank_name)[0] == 404
        _, page = list_services(session, {"per_page": "1"})
        assert get_service(session, page["contents"][0]["id"])[0] == 200
