"""The directory on a real PostgreSQL server: schema, import, re-import, search, API, export."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from directory.api import get_service, list_services
from directory.exporter import export_v3
from directory.importer import import_feed
from directory.index import DirectoryIndex
from directory.models import Service
from directory.sample import load_sample
from directory.search import search_services
from tests.support.feeds import BRISTOL

pytestmark = pytest.mark.integration


def test_import_reimport_and_search_on_postgresql(postgres_url, sessions_for):
    first = import_feed(postgres_url, str(BRISTOL), show_progress=False)
    assert (first.imported, first.skipped) == (818, 1)
    again = import_feed(postgres_url, str(BRISTOL), show_progress=False)
    assert (again.imported, again.updated) == (0, 818)
    load_sample(postgres_url)
    sessions = sessions_for(postgres_url)
    with sessions() as session:
        assert session.execute(select(func.count()).select_from(Service)).scalar_one() == 818 + 63
        index = DirectoryIndex.build(session)
        found = search_services(session, "my hearing's going and I miss out on conversations", index=index,
                                postcode="SB7 8NP")
        assert found.matches[0].why == ["hearing loss support"]
        assert found.matches[0].distance_km is not None
        status, page = list_services(session, {"search": "memory cafe", "postcode": "SB9", "per_page": "3"})
        assert status == 200 and page["contents"]
        status, service = get_service(session, page["contents"][0]["id"])
        assert status == 200 and service["id"] == page["contents"][0]["id"]
        exported = export_v3(session)
        assert exported["total_items"] == 881
