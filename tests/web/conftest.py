"""Fixtures for the web front: the real app in-process, in front of a fake Rasa (web-layer tests only)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from core.settings import Settings
from tests.support.web_front import STAFF_NAME, STAFF_PASSWORD
from tests.web.fake_rasa import FakeRasa
from web.app import create_app
from web.security import PrivateAccessLogger
from web.staff_users import StaffUsers


@pytest.fixture(scope="session")
def staff_users_file(tmp_path_factory) -> Path:
    """One staff account, hashed once for the whole session (scrypt is deliberately slow)."""
    path = tmp_path_factory.mktemp("staff") / "staff-users.yml"
    StaffUsers(path).set_password(STAFF_NAME, STAFF_PASSWORD)
    return path


@pytest.fixture
def front(tmp_path, staff_users_file):
    """`async with front(**env) as (client, rasa)`: the web front talking to a fresh fake Rasa."""

    @asynccontextmanager
    async def start(env: dict | None = None, rasa: FakeRasa | None = None, referral_store=None, users_file=None):
        rasa = rasa or FakeRasa()
        async with TestServer(rasa.app()) as rasa_server:
            settings = Settings.from_env({
                "FRONTDOOR_VAR_DIR": str(tmp_path / "var"),
                "FRONTDOOR_RASA_URL": str(rasa_server.make_url("")).rstrip("/"),
                "FRONTDOOR_STAFF_USERS": str(users_file or staff_users_file),
                "DATABASE_URL": f"sqlite:///{tmp_path / 'front.db'}",
                **(env or {}),
            })
            app = create_app(settings, referral_store=referral_store)
            server = TestServer(app)
            await server.start_server(access_log_class=PrivateAccessLogger)  # as `python -m web` runs it
            async with TestClient(server) as client:
                yield client, rasa

    return start
