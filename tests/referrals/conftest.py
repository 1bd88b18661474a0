"""Store fixtures: every store test runs on SQLite and, marked integration, on real PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.referrals import open_store
from core.db import make_engine
from tests.referrals.pg_control import StoppablePostgres


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.integration)])
def database_url(request, tmp_path):
    """A fresh, empty database for one test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'referrals.db'}"
        return
    server_url = make_url(request.getfixturevalue("postgres_url"))
    name = f"referrals_{uuid.uuid4().hex[:12]}"
    admin = make_engine(str(server_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(server_url.set(database=name))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture()
def store(database_url, tmp_path):
    opened = open_store(database_url, tmp_path / "spool")
    yield opened
    opened.dispose()


@pytest.fixture()
def stoppable_postgres():
    server = StoppablePostgres()
    yield server
    server.remove()
