"""`python -m directory ...` as people run it: exit codes, messages, JSON output."""

from __future__ import annotations

import json

import pytest

from directory.__main__ import main
from tests.support.feeds import BRISTOL


@pytest.fixture
def env_db(database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


def test_import_prints_a_summary_and_shows_progress(env_db, capsys):
    assert main(["import", str(BRISTOL)]) == 0
    out, err = capsys.readouterr()
    assert "read 819, imported 818 new, updated 0, skipped 1" in out
    assert "Checking services" in err  # the progress bar goes to stderr


def test_import_of_a_bad_file_exits_1_and_says_nothing_changed(env_db, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("<html>not json</html>", encoding="utf-8")
    assert main(["import", str(bad), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "not valid JSON" in err and "The directory was not changed." in err


def test_search_json_has_the_fields_the_bot_needs(sample_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sample_url)
    monkeypatch.setenv("FRONTDOOR_NOW", "2024-11-12T10:30")
    assert main(["search", "I can't hear the telly", "--postcode", "SB7 8NP", "--json", "--limit", "2"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert len(results) == 2
    assert {"id", "name", "organization", "score", "why", "distance_km", "phone", "url", "next_open", "email",
            "address", "cost"} <= set(results[0])
    assert results[0]["why"] == ["hearing loss support"] and results[0]["distance_km"] < 1


def test_search_prints_a_readable_list(sample_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", sample_url)
    assert main(["search", "debt letters", "--free", "--open-now", "--age", "70"]) == 0
    out = capsys.readouterr().out
    assert "Understood: debt advice" in out or "No services found" in out


def test_export_writes_oruk_v3(sample_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("DATABASE_URL", sample_url)
    target = tmp_path / "out.json"
    assert main(["export", "--output", str(target)]) == 0
    page = json.loads(target.read_text(encoding="utf-8"))
    assert page["total_items"] == len(page["contents"]) == 63


def test_load_postcodes_refuses_a_file_that_is_not_onspd(env_db, tmp_path, capsys):
    wrong = tmp_path / "x.csv"
    wrong.write_bytes(b"\x00\x01\x02 binary")
    assert main(["load-postcodes", str(wrong)]) == 1
    assert "Cannot load postcodes" in capsys.readouterr().err


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "load-postcodes" in capsys.readouterr().out
