"""`/api/services` is directory.api mounted as it is: parameters in, (status, body) out, errors as JSON."""

from __future__ import annotations

import sys
import types

import pytest

from tests.support.web_front import run


@pytest.fixture
def fake_directory_api(monkeypatch):
    calls = []
    module = types.ModuleType("directory.api")

    def list_services(session, params):
        calls.append(("list", dict(params)))
        if params.get("per_page") == "bad":
            return 400, {"error": "per_page must be a number"}
        return 200, {"total_items": 1, "contents": [{"id": "s1", "name": "Carers' café"}]}

    def get_service(session, service_id):
        calls.append(("get", service_id))
        if service_id == "boom":
            raise RuntimeError("no such table: service")
        return (200, {"id": service_id}) if service_id == "s1" else (404, {"error": "not found"})

    module.list_services, module.get_service = list_services, get_service
    monkeypatch.setitem(sys.modules, "directory.api", module)
    return calls


def test_the_api_passes_query_parameters_and_status_codes_through(front, fake_directory_api):
    async def scenario():
        async with front() as (client, _):
            listed = await client.get("/api/services?search=carers&postcode=BS1+5TR")
            assert listed.status == 200 and (await listed.json())["contents"][0]["name"] == "Carers' café"
            assert (await client.get("/api/services?per_page=bad")).status == 400
            assert (await client.get("/api/services/s1")).status == 200
            missing = await client.get("/api/services/nope")
            assert missing.status == 404 and missing.content_type == "application/json"
            broken = await client.get("/api/services/boom")
            assert broken.status == 503 and "not available" in (await broken.json())["message"]

    run(scenario())
    assert fake_directory_api[0] == ("list", {"search": "carers", "postcode": "BS1 5TR"})


def test_the_real_directory_api_is_mounted_on_the_shared_database(front, tmp_path):
    from core.db import upgrade

    database_url = f"sqlite:///{tmp_path / 'directory.db'}"
    upgrade(database_url)

    async def scenario():
        async with front(env={"DATABASE_URL": database_url}) as (client, _):
            listed = await client.get("/api/services?search=lunch+club&per_page=5")
            assert listed.status == 200
            body = await listed.json()
            assert body["total_items"] == 0 and body["contents"] == []
            assert (await client.get("/api/services?per_page=lots")).status == 400
            missing = await client.get("/api/services/no-such-service")
            assert missing.status == 404 and (await missing.json())["error"] == "not_found"

    run(scenario())
