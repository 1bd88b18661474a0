"""The official ORUK validator's `HSDS-UK-3.0` test profile, walked against the real web front.

For each test of the profile (../shared/reference/oruk/validator/HSDS-UK-3.0.test-profile.json):
GET its endpoint under /api, expect 200 with `Access-Control-Allow-Origin: *`, and validate the
body against the validator's schema (draft 2020-12, with and without formats); a paginated list
is also walked page by page; `saveIds` reads ids from `{endpoint}/?page=1` (trailing slash, as the
validator asks) and `useIdFrom` fetches each saved id. Service responses are also checked against
the UK profile's compiled schemas.
"""

from __future__ import annotations

import pytest

from tests.support import oruk
from tests.support.web_front import run

pytestmark = pytest.mark.skipif(not oruk.ORUK.exists(), reason=f"ORUK reference not found at {oruk.ORUK}")

ALSO = {"/services": "uk-profile-schema/compiled/service_list.json",
        "/services/": "uk-profile-schema/compiled/service.json"}
IDS_TO_FETCH = 5


@pytest.fixture(scope="module")
def sample_database(tmp_path_factory) -> str:
    from directory.sample import load_sample

    url = f"sqlite:///{tmp_path_factory.mktemp('oruk') / 'sample.db'}"
    load_sample(url)
    return url


def _check(results: dict, name: str, body, schema_path: str, items: bool = False) -> None:
    for formats in (False, True):
        label = f"{name} [{'formats' if formats else 'structure'}] {schema_path}"
        instances = body["contents"] if items else [body]
        results[label] = [error for instance in instances for error in oruk.errors(instance, schema_path, formats)][:3]


async def _get(client, results: dict, name: str, path: str):
    response = await client.get(path)
    ok = response.status == 200 and response.headers.get("Access-Control-Allow-Origin") == "*"
    results[f"{name} GET {path}"] = [] if ok else [f"status {response.status}, CORS "
                                                    f"{response.headers.get('Access-Control-Allow-Origin')!r}"]
    return await response.json() if response.content_type == "application/json" else None


async def walk_profile(client) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(level-1 results, level-2 results): check name -> its errors ([] when it passed)."""
    saved: dict[str, list[str]] = {}
    levels = []
    for group in oruk.profile()["testGroups"]:
        results: dict[str, list[str]] = {}
        for test in group["tests"]:
            endpoint, schema_path = test["endpoint"], oruk.validator_schema_path(test["schema"])
            if "useIdFrom" in test:
                for record_id in saved.get(test["useIdFrom"], [])[:IDS_TO_FETCH]:
                    body = await _get(client, results, test["name"], f"/api{endpoint}{record_id}")
                    if body is not None:
                        _check(results, f"{test['name']} {record_id}", body, schema_path)
                        if endpoint in ALSO:
                            _check(results, f"{test['name']} {record_id}", body, ALSO[endpoint])
                results[f"{test['name']}: ids to fetch"] = [] if saved.get(test["useIdFrom"]) else ["no ids saved"]
                continue
            body = await _get(client, results, test["name"], f"/api{endpoint}")
            if body is None:
                continue
            _check(results, test["name"], body, schema_path)
            if endpoint in ALSO:
                _check(results, f"{test['name']} items", body, ALSO[endpoint], items=True)
            if test.get("pagination"):
                results[f"{test['name']}: pages"] = await _walk_pages(client, endpoint, body, schema_path)
            if test.get("saveIds"):
                first = await _get(client, results, test["name"], f"/api{endpoint}/?page=1")
                saved[f"{endpoint}-id"] = [item["id"] for item in (first or {}).get(test["saveIdField"], [])]
        levels.append(results)
    return levels[0], levels[1]


async def _walk_pages(client, endpoint: str, first: dict, schema_path: str) -> list[str]:
    problems = []
    seen = [item["id"] for item in first["contents"]]
    if first["page_number"] != 1 or not first["first_page"]:
        problems.append("the first page does not say it is page 1")
    for page in range(2, min(first["total_pages"], 4) + 1):
        response = await client.get(f"/api{endpoint}?page={page}")
        body = await response.json()
        problems += oruk.errors(body, schema_path)[:2]
        if body["page_number"] != page or body["last_page"] != (page == first["total_pages"]):
            problems.append(f"page {page} reports page_number {body['page_number']}, last_page {body['last_page']}")
        seen += [item["id"] for item in body["contents"]]
    if len(seen) != len(set(seen)):
        problems.append("pages overlap")
    return problems


def test_every_check_of_the_validator_profile_passes(front, sample_database):
    async def scenario():
        async with front(env={"DATABASE_URL": sample_database}) as (client, _):
            return await walk_profile(client)

    level_1, level_2 = run(scenario())
    failed = {name: errors for name, errors in {**level_1, **level_2}.items() if errors}
    assert failed == {}
    assert len(level_1) >= 20 and len(level_2) >= 30


def test_the_root_names_the_version_and_profile_and_errors_allow_any_origin(front, sample_database):
    async def scenario():
        async with front(env={"DATABASE_URL": sample_database}) as (client, _):
            root = await client.get("/api/")
            details = await root.json()
            assert details["version"] == "HSDS 3.0 UK" and "uk-profile" in details["profile"]
            assert details["openapi_url"].endswith("openapi.json")
            for path in ("/api/services/no-such-id", "/api/nowhere", "/api/services?page=0",
                         "/api/taxonomies/nope", "/api/service_at_locations/nope"):
                response = await client.get(path)
                assert response.status in (400, 404), path
                assert response.headers.get("Access-Control-Allow-Origin") == "*", path
                assert (await response.json())["error"] in ("bad_request", "not_found")

    run(scenario())
