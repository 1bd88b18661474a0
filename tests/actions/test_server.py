"""The action server as `make run` starts it: only our Rasa server (holding this run's secret) may call it,
and a broken data file stops it before it listens."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from sanic import Sanic

from actions import server
from core.paths import REPO_ROOT


@pytest.fixture(autouse=True)
def _apps_may_share_a_name(monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)  # each test builds rasa_sdk's app ("rasa_sdk") again


def _guard(secret: str):
    app = server.create_app(secret)
    [guard] = [m for m in app.request_middleware if m.__name__ == "require_secret"]
    return guard


def _call(guard, path: str, method: str = "POST", headers: dict | None = None):
    return asyncio.run(guard(SimpleNamespace(path=path, method=method, headers=headers or {})))


def test_a_call_without_the_secret_is_refused_before_any_action_runs():
    guard = _guard("s3cret")
    for headers in ({}, {server.SECRET_HEADER: "wrong"}, {server.SECRET_HEADER: ""}, {"Authorization": "s3cret"}):
        refused = _call(guard, "/webhook", headers=headers)
        assert refused is not None and refused.status == 401
        assert json.loads(refused.body) == {"error": "unauthorised"}
    assert _call(guard, "/actions", "GET").status == 401
    assert _call(guard, "/health", "POST").status == 401


def test_our_rasa_server_and_the_health_check_get_through():
    guard = _guard("s3cret")
    assert _call(guard, "/webhook", headers={server.SECRET_HEADER: "s3cret"}) is None
    assert _call(guard, "/health", "GET") is None


def test_the_action_server_will_not_start_without_a_secret(monkeypatch, capsys):
    monkeypatch.delenv(server.SECRET_ENV, raising=False)
    assert server.main(["-p", "1"]) == 2
    assert server.SECRET_ENV in capsys.readouterr().err


def test_a_typo_in_the_hours_file_stops_the_action_server_with_the_line(monkeypatch, tmp_path, capsys):
    hours = tmp_path / "hours.yml"
    hours.write_text((REPO_ROOT / "config" / "hours.yml").read_text(encoding="utf-8")
                     .replace('monday: "09:00-17:00"', 'monday: "9am to 5pm"', 1), encoding="utf-8")
    monkeypatch.setenv("FRONTDOOR_HOURS_FILE", str(hours))
    monkeypatch.setenv(server.SECRET_ENV, "s3cret")
    assert server.main(["-p", "1"]) == 2
    err = capsys.readouterr().err
    assert f"{hours} line " in err and "9am to 5pm" in err


def test_a_missing_council_detail_stops_the_action_server_with_the_line(monkeypatch, tmp_path, capsys):
    council = tmp_path / "council.yml"
    council.write_text(Path(REPO_ROOT / "domain" / "council.yml").read_text(encoding="utf-8")
                       .replace("council_edt_phone:", "council_edtphone:"), encoding="utf-8")
    monkeypatch.setenv("FRONTDOOR_COUNCIL_FILE", str(council))
    monkeypatch.setenv(server.SECRET_ENV, "s3cret")
    assert server.main(["-p", "1"]) == 2
    assert f"{council} line 8: slots: missing 'council_edt_phone'" in capsys.readouterr().err
