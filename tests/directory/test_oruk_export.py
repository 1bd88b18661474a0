"""Every exported service validates against the official UK profile 3.0 `compiled/service.json`
(draft 2020-12, with and without formats): the Sample Borough, the Bristol feed, and a round trip."""

from __future__ import annotations

import json

import pytest

from directory.exporter import export_v3
from directory.importer import import_feed
from directory.oruk import is_uuid, oruk_id
from tests.support import oruk

SERVICE = "uk-profile-schema/compiled/service.json"

pytestmark = pytest.mark.skipif(not oruk.ORUK.exists(), reason=f"ORUK reference not found at {oruk.ORUK}")


def _invalid(page: dict, formats: bool) -> dict[str, list[str]]:
    found = {s["id"]: oruk.errors(s, SERVICE, formats) for s in page["contents"]}
    return {sid: errors[:3] for sid, errors in found.items() if errors}


@pytest.mark.parametrize("formats", [False, True], ids=["structure", "formats"])
def test_every_sample_service_is_valid_oruk_3(sample_session, formats):
    page = export_v3(sample_session)
    assert len(page["contents"]) == 63
    assert _invalid(page, formats) == {}


@pytest.mark.parametrize("formats", [False, True], ids=["structure", "formats"])
def test_every_bristol_service_is_valid_oruk_3(bristol_url, sessions_for, formats):
    with sessions_for(bristol_url)() as session:
        page = export_v3(session)
    assert len(page["contents"]) == 818
    assert _invalid(page, formats) == {}


def test_a_round_trip_stays_valid(tmp_path, sample_session, sessions_for):
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(export_v3(sample_session)), encoding="utf-8")
    copy_url = f"sqlite:///{tmp_path / 'copy.db'}"
    import_feed(copy_url, str(exported), show_progress=False)
    with sessions_for(copy_url)() as session:
        again = export_v3(session)
    assert len(again["contents"]) == 63 and _invalid(again, True) == {}


def test_no_nulls_zoned_times_and_allowed_schedules(sample_session):
    text = json.dumps(export_v3(sample_session))
    assert ": null" not in text and '"DAILY"' not in text
    for service in json.loads(text)["contents"]:
        assert service["last_modified"].endswith("+00:00")
        assert service["organization"]["description"]


def test_ids_that_are_not_uuids_get_a_stable_derived_uuid():
    assert oruk_id("frontdoor-needs:dementia") == oruk_id("frontdoor-needs:dementia")
    assert is_uuid(oruk_id("frontdoor-needs:dementia"))
    already = "ffd9e517-42ba-5cf0-9c85-f74eab8a7f8f"
    assert oruk_id(already) == already
