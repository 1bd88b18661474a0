"""Export to ORUK v3 and back: nothing is lost or changed by a round trip."""

from __future__ import annotations

import json

from directory.exporter import export_v3
from directory.importer import import_feed
from directory.oruk import oruk_id
from directory.sample import SAMPLE_FILE


def _without_volatile(page: dict) -> dict:
    return json.loads(json.dumps(page, sort_keys=True))


def test_export_imports_back_to_the_same_directory(tmp_path, sample_session, sessions_for):
    first = export_v3(sample_session)
    assert first["total_items"] == first["size"] == len(first["contents"]) >= 60
    assert (first["total_pages"], first["page_number"]) == (1, 1)
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(first), encoding="utf-8")
    copy_url = f"sqlite:///{tmp_path / 'copy.db'}"
    summary = import_feed(copy_url, str(exported), show_progress=False)
    assert summary.imported == first["total_items"] and summary.skipped == 0
    with sessions_for(copy_url)() as session:
        second = export_v3(session)
    assert _without_volatile(second) == _without_volatile(first)


def test_export_keeps_the_details_residents_need(sample_session):
    page = export_v3(sample_session)
    by_name = {s["name"]: s for s in page["contents"]}
    cafe = by_name["Kingsmead Memory Cafe"]
    assert cafe["phones"][0]["number"] == "01632 960 314"
    assert cafe["schedules"][0]["byday"] == "1MO" and cafe["schedules"][0]["opens_at"] == "14:00:00"
    location = cafe["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "SB9 1ST"
    assert location["latitude"] and location["accessibility"][0]["description"]
    assert {a["taxonomy_term"]["id"] for a in cafe["attributes"]} >= {oruk_id("frontdoor-needs:dementia")}
    assert {a["taxonomy_term"]["code"] for a in cafe["attributes"]} >= {"dementia"}
    assert "Sample data" in cafe["description"]


def test_the_shipped_sample_is_an_oruk_v3_page():
    page = json.loads(SAMPLE_FILE.read_text(encoding="utf-8"))
    assert page["total_items"] == len(page["contents"]) >= 60
    fictional = [s for s in page["contents"] if "Sample data" in s["description"]]
    national = {s["name"] for s in page["contents"] if s not in fictional}
    assert national == {"The Silver Line helpline", "Samaritans", "Carers UK Helpline"}
    local_numbers = [s["phones"][0]["number"].replace(" ", "") for s in fictional]
    assert all(n.startswith("01632960") for n in local_numbers)  # Ofcom's drama range: reaches nobody


def test_our_own_export_read_back_keeps_the_readable_term_ids(tmp_path, sample_session, sessions_for):
    from sqlalchemy import select

    from directory.models import TaxonomyTerm

    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(export_v3(sample_session)), encoding="utf-8")
    copy_url = f"sqlite:///{tmp_path / 'copy.db'}"
    import_feed(copy_url, str(exported), show_progress=False)
    with sessions_for(copy_url)() as session:
        ids = set(session.scalars(select(TaxonomyTerm.id)))
    assert "frontdoor-needs:dementia" in ids
