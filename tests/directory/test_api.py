"""The ORUK-style read-only API functions the web front mounts at /api/services."""

from __future__ import annotations

import json

import pytest

from directory.api import PER_PAGE_MAX, get_service, list_services


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
    status, body = list_services(sample_session, {"postcode": "SB6 7LM", "proximity": "1.5"})
    assert status == 200 and body["contents"]
    assert all(s["match"]["distance_km"] <= 1.5 for s in body["contents"])
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
