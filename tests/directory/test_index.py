"""The cached search index follows the data: a new import is picked up without restarting."""

from __future__ import annotations

import json
import time

from directory import index as index_module
from directory.importer import import_feed
from directory.search import search_services


def _feed(tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps([{"id": "svc-1", "name": name, "description": "A friendly knitting circle"}]),
                    encoding="utf-8")
    return str(path)


def test_a_reimport_is_seen_by_the_next_search(tmp_path, database_url, sessions_for):
    import_feed(database_url, _feed(tmp_path, "Knit and Natter"), show_progress=False)
    sessions = sessions_for(database_url)
    with sessions() as session:
        assert search_services(session, "knitting").matches[0].name == "Knit and Natter"
    import_feed(database_url, _feed(tmp_path, "Knit and Stitch"), show_progress=False)
    with sessions() as session:
        assert search_services(session, "knitting").matches[0].name == "Knit and Stitch"


def test_big_directories_rebuild_in_the_background_and_keep_answering(tmp_path, database_url, sessions_for,
                                                                      monkeypatch):
    monkeypatch.setattr(index_module, "BACKGROUND_REBUILD_FROM", 1)
    import_feed(database_url, _feed(tmp_path, "Knit and Natter"), show_progress=False)
    sessions = sessions_for(database_url)
    with sessions() as session:
        first = index_module.get_index(session)
    import_feed(database_url, _feed(tmp_path, "Knit and Stitch"), show_progress=False)
    with sessions() as session:
        assert index_module.get_index(session) is first  # still answering from the previous index
        deadline = time.monotonic() + 10
        while index_module.get_index(session) is first and time.monotonic() < deadline:
            time.sleep(0.05)
        assert search_services(session, "knitting").matches[0].name == "Knit and Stitch"


def test_an_empty_directory_answers_with_nothing_rather_than_failing(database_url, sessions_for):
    from core.db import upgrade
    from directory.api import list_services

    upgrade(database_url)
    with sessions_for(database_url)() as session:
        found = search_services(session, "I'm lonely")
        assert found.matches == [] and "company and friendship" in found.needs
        assert list_services(session, {"search": "lonely"})[1]["total_items"] == 0
