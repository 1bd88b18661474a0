"""The read-only ORUK API (`/api/services`, `/api/services/{id}`) from directory.api, when it is installed.

The functions are framework-free and synchronous: each runs in a worker thread with its own session.
"""

from __future__ import annotations

import asyncio
import importlib
import logging

from aiohttp import web

from web import keys
from web.security import json_error

log = logging.getLogger(__name__)


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
        return json_error(503, "unavailable", "The service directory is not available at the moment.")
    return web.json_response(body, status=status, headers={"Access-Control-Allow-Origin": "*"})


async def list_services(request: web.Request) -> web.Response:
    return await _answer(request, "list_services", dict(request.query))


async def get_service(request: web.Request) -> web.Response:
    return await _answer(request, "get_service", request.match_info["service_id"])


def add_routes(app: web.Application, database_url: str) -> bool:
    """Mount the API if directory.api exists; returns whether it was mounted."""
    api = _api_module()
    if api is None or not all(hasattr(api, name) for name in ("list_services", "get_service")):
        log.info("directory.api not installed: /api/services is not served")
        return False
    app[keys.DIRECTORY_API] = api
    app[keys.DIRECTORY_SESSIONS] = DirectorySessions(database_url)
    app.router.add_get("/api/services", list_services)
    app.router.add_get("/api/services/{service_id}", get_service)
    return True
