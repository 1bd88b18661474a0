"""Importing ORUK feeds: the real Bristol feed, re-imports, bad records and unusable files."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from directory.feeds import FeedError
from directory.importer import import_feed
from directory.models import Attribute, Organization, Phone, Schedule, Service, TaxonomyTerm
from tests.support.feeds import BRISTOL


def _count(sessions, model) -> int:
    with sessions() as session:
        return session.execute(select(func.count()).select_from(model)).scalar_one()


def _write(tmp_path, payload, name="feed.json") -> str:
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return str(path)


def test_bristol_feed_reports_818_services_and_skips_the_duplicate(database_url, sessions_for):
    summary = import_feed(database_url, str(BRISTOL), show_progress=False)
    assert (summary.read, summary.imported, summary.updated, summary.skipped) == (819, 818, 0, 1)
    assert summary.services == 818
    assert "818 services" in summary.report()
    assert summary.problems == [("2af617e5-4532-bebe-1036-ffdf2e93ce55", "duplicate id in this feed: the first copy "
                                                                         "was kept")]
    blank = [w for w in summary.warnings if w[0] == "def5ccd4-f121-df4d-60d2-4dc0d69ff555"]
    assert blank and "blank name" in blank[0][1]
    sessions = sessions_for(database_url)
    assert _count(sessions, Service) == 818
    with sessions() as session:
        kept = session.get(Service, "2af617e5-4532-bebe-1036-ffdf2e93ce55")
        assert kept.name == "Fishponds Yoga for Fitness & Wellbeing"  # the first copy, with its description
        audiences = session.execute(select(TaxonomyTerm.name).join(Attribute, Attribute.taxonomy_term_id ==
                                    TaxonomyTerm.id).where(Attribute.link_id == "a7f05ea5-8184-42af-b0c8-0c399f7c656a")
                                    ).scalars().all()
        assert audiences == ["Carers"]  # "Carers " with its trailing space, tidied into a taxonomy term


def test_reimport_updates_instead_of_duplicating(database_url, sessions_for):
    import_feed(database_url, str(BRISTOL), show_progress=False)
    sessions = sessions_for(database_url)
    before = {model: _count(sessions, model) for model in (Service, Organization, Attribute, TaxonomyTerm)}
    again = import_feed(database_url, str(BRISTOL), show_progress=False)
    assert (again.imported, again.updated, again.skipped) == (0, 818, 1)
    assert {model: _count(sessions, model) for model in before} == before


def test_reimport_applies_changes_and_drops_what_the_feed_no_longer_lists(tmp_path, database_url, sessions_for):
    record = {"id": "svc-1", "name": "Lunch club", "description": "Hot meals",
              "phones": [{"id": "p1", "number": "01632 960 111"}, {"id": "p2", "number": "01632 960 222"}]}
    import_feed(database_url, _write(tmp_path, {"contents": [record], "total_pages": 1, "page_number": 1}),
                show_progress=False)
    record.update(name="Lunch club (Tuesdays)", phones=[{"id": "p2", "number": "01632 960 333"}])
    import_feed(database_url, _write(tmp_path, {"contents": [record], "total_pages": 1, "page_number": 1}),
                show_progress=False)
    with sessions_for(database_url)() as session:
        assert session.get(Service, "svc-1").name == "Lunch club (Tuesdays)"
        assert session.execute(select(Phone.number)).scalars().all() == ["01632 960 333"]


def test_bad_records_are_reported_with_id_and_reason_and_the_rest_imported(tmp_path, database_url, sessions_for):
    feed = [
        {"id": "good-1", "name": "Memory cafe", "description": "<p>For people with <b>dementia</b></p>"},
        "not an object",
        {"name": "No id at all"},
        {"id": "long-name", "name": "x" * 600},
        {"id": "good-2", "name": "Walking group", "eligibilitys": [{"minimum_age": "sixty"}],
         "regular_schedules": [{"weekday": "Funday", "opens_at": "25:00"}], "url": "javascript:alert(1)"},
    ]
    summary = import_feed(database_url, _write(tmp_path, feed), show_progress=False)
    assert (summary.read, summary.imported, summary.skipped) == (5, 2, 3)
    reasons = dict(summary.problems)
    assert reasons["record #2"].startswith("not an object")
    assert reasons["record #3"] == "missing or unusable id"
    assert "longer than 500" in reasons["long-name"]
    assert any(rid == "good-2" and "url" in why for rid, why in summary.warnings)
    with sessions_for(database_url)() as session:
        walking = session.get(Service, "good-2")
        assert walking.url is None and walking.minimum_age is None
        assert session.execute(select(func.count()).select_from(Schedule)).scalar_one() == 0


def test_html_is_stripped_and_scripts_never_stored(tmp_path, database_url, sessions_for):
    feed = [{"id": "h1", "name": "<b>Carers</b> group", "description":
             "<p>Tea &amp; chat</p><script>alert('x')</script><img src=x onerror=alert(1)>&lt;script&gt;bad()"}]
    import_feed(database_url, _write(tmp_path, feed), show_progress=False)
    with sessions_for(database_url)() as session:
        service = session.get(Service, "h1")
    assert service.name == "Carers group"
    assert "Tea & chat" in service.description
    assert "<" not in service.description and ">" not in service.description
    assert "alert('x')" not in service.description


@pytest.mark.parametrize("shape", ["v1-list", "v1-paged", "v3-paged"])
def test_each_oruk_shape_is_accepted(shape, tmp_path, database_url, sessions_for):
    v1 = {"id": "s1", "name": "Befriending", "organization": {"id": "o1", "name": "Age Friendly"},
          "service_at_locations": [{"id": "sal1", "location": {"id": "l1", "name": "Hall", "latitude": 52.95,
                                    "longitude": -0.95, "physical_addresses": [{"id": "a1", "postal_code": "sb11aa"}]}}],
          "regular_schedules": [{"id": "r1", "weekday": "Tuesday", "opens_at": "10:00", "closes_at": "12:00"}],
          "contacts": [{"id": "c1", "name": "Desk", "phones": [{"id": "ph1", "number": "01632 960 555"}]}]}
    v3 = {"id": "s1", "name": "Befriending", "organization_id": "o1", "organization": {"id": "o1", "name": "Age Friendly"},
          "phones": [{"id": "ph1", "number": "01632 960 555"}],
          "schedules": [{"id": "r1", "freq": "WEEKLY", "byday": "TU", "opens_at": "10:00:00", "closes_at": "12:00:00"}],
          "service_at_locations": [{"id": "sal1", "location": {"id": "l1", "name": "Hall", "latitude": 52.95,
                                    "longitude": -0.95, "addresses": [{"id": "a1", "postal_code": "SB1 1AA"}]}}]}
    payload = {"v1-list": [v1], "v1-paged": {"content": [v1], "totalPages": 1, "number": 1, "first": True, "last": True},
               "v3-paged": {"contents": [v3], "total_pages": 1, "page_number": 1}}[shape]
    summary = import_feed(database_url, _write(tmp_path, payload), show_progress=False)
    assert summary.feed_format == ("oruk-v3" if shape == "v3-paged" else "oruk-v1")
    assert summary.imported == 1
    with sessions_for(database_url)() as session:
        schedule = session.execute(select(Schedule)).scalar_one()
        assert (schedule.freq, schedule.byday, schedule.opens_at.hour) == ("WEEKLY", "TU", 10)
        assert session.execute(select(Phone.number)).scalar_one() == "01632 960 555"
        assert session.get(Service, "s1").organization_id == "o1"


@pytest.mark.parametrize("payload, message", [
    ("", "is empty"),
    ("{not json", "not valid JSON"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not JSON"),
    ('{"services": []}', "not an ORUK services feed"),
    ('{"contents": {"id": 1}}', '"contents" should be a list'),
    ("42", "not an ORUK services feed"),
])
def test_unusable_files_give_a_clear_message_and_change_nothing(payload, message, tmp_path, database_url, sessions_for):
    import_feed(database_url, str(BRISTOL), show_progress=False)
    sessions = sessions_for(database_url)
    before = _count(sessions, Service)
    path = tmp_path / "bad.json"
    path.write_bytes(payload if isinstance(payload, bytes) else payload.encode())
    with pytest.raises(FeedError, match=message):
        import_feed(database_url, str(path), show_progress=False)
    assert _count(sessions, Service) == before


def test_missing_file_fails_before_the_database_is_created(tmp_path):
    url = f"sqlite:///{tmp_path / 'never.db'}"
    with pytest.raises(FeedError, match="no such file"):
        import_feed(url, str(tmp_path / "nope.json"), show_progress=False)
    assert not (tmp_path / "never.db").exists()


def test_a_feed_whose_records_are_all_bad_is_refused(tmp_path, database_url):
    with pytest.raises(FeedError, match="none of the 2 records"):
        import_feed(database_url, _write(tmp_path, [{"name": "no id"}, 7]), show_progress=False)
