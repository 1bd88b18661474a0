"""The read-only Open Referral UK 3.0 API from directory.api, mounted under `/api/` when it is installed.

The paths are the UK profile's (`/`, `/services`, `/taxonomies`, `/taxonomy_terms`,
`/service_at_locations`, each list also with a trailing slash, as the official validator asks, and
each with `/{id}`). Every answer, errors and unknown `/api/` paths included, carries
`Access-Control-Allow-Origin: *` (the profile's compliance rules). The functions are framework-free
and synchronous: each runs in a worker thread with its own session.
"""

from __future__ import annotations

import asyncio
import importlib
import logging

from aiohttp import web

from web import keys
from web.security import json_error

log = logging.getLogger(__name__)

CORS = {"Access-Control-Allow-Origin": "*"}
# path under /api -> (list function, item function)
COLLECTIONS = {
    "services": ("list_services", "get_service"),
    "taxonomies": ("list_taxonomies", "get_taxonomy"),
    "taxonomy_terms": ("list_taxonomy_terms", "get_taxonomy_term"),
    "service_at_locations": ("list_service_at_locations", "get_service_at_location"),
}


class DirectorySessions:
    """A session factory made on first use, so start-up creates no engine."""

    def __init__(self, database_url: str):
        self.database_url = database_url
        self._factory = None

    def session(self):
        if self._factory is None:
            from core.db import make_engine, make_session_factory

            self._factory = make_session_factory(make_engine(self.database_url))
        return self._factory()


def _api_module():
    try:
        return importlib.import_module("directory.api")
    except ModuleNotFoundError as error:
        if error.name in ("directory.api", "directory"):
            return None
        raise


async def _answer(request: web.Request, function_name: str, argument) -> web.Response:
    api = request.app[keys.DIRECTORY_API]

    def run():
        with request.app[keys.DIRECTORY_SESSIONS].session() as session:
            return getattr(api, function_name)(session, argument)

    try:
        status, body = await asyncio.to_thread(run)
    except Exception as error:  # the database is down or the schema is missing
        log.error("directory api %s failed: %s", function_name, type(error).__name__)
        return json_error(503, "unavailable", "The service directory is not available at the moment.", CORS)
    return web.json_response(body, status=status, headers=CORS)


def _lister(function_name: str):
    async def handler(request: web.Request) -> web.Response:
        return await _answer(request, function_name, dict(request.query))
    return handler


def _getter(function_name: str):
    async def handler(request: web.Request) -> web.Response:
        return await _answer(request, function_name, request.match_info["record_id"])
    return handler


async def api_details(request: web.Request) -> web.Response:
    status, body = request.app[keys.DIRECTORY_API].api_details()
    return web.json_response(body, status=status, headers=CORS)


async def not_found(request: web.Request) -> web.Response:
    return json_error(404, "not_found", "There is nothing at this address.", CORS)


def add_routes(app: web.Application, database_url: str) -> bool:
    """Mount the API if directory.api exists; returns whether it was mounted."""
    api = _api_module()
    if api is None or not all(hasattr(api, name) for name in ("list_services", "get_service")):
        log.info("directory.api not installed: /api/services is not served")
        return False
    app[keys.DIRECTORY_API] = api
    app[keys.DIRECTORY_SESSIONS] = DirectorySessions(database_url)
    if hasattr(api, "api_details"):
        app.router.add_get("/api", api_details)
        app.router.add_get("/api/", api_details)
    for path, (list_name, item_name) in COLLECTIONS.items():
        if not hasattr(api, list_name):
            continue
        app.router.add_get(f"/api/{path}", _lister(list_name))
        app.router.add_get(f"/api/{path}/", _lister(list_name))
        app.router.add_get(f"/api/{path}/{{record_id}}", _getter(item_name))
    app.router.add_route("*", "/api/{tail:.*}", not_found)
    return True
