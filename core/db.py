"""Database engines and schema upgrades shared by the directory and the referral store.

One DATABASE_URL serves Rasa's tracker store, the directory and the referrals.
Engines are created by callers at start-up, never at import time.
"""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.future import create_engine
from sqlalchemy.orm import sessionmaker

from core.paths import REPO_ROOT


def make_engine(database_url: str, **kwargs) -> Engine:
    """A 2.0-style engine; for SQLite, create the folder and make concurrent use safe."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"timeout": 30})
    engine = create_engine(url, pool_pre_ping=True, **kwargs)
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, future=True, expire_on_commit=False)


# Alembic keeps its migration context in module globals, so two upgrades at once in one process
# (the referral retrier's thread and a request, say) corrupt each other: run them one at a time.
_UPGRADE_LOCK = threading.Lock()


def upgrade(database_url: str) -> None:
    """Bring the schema up to date with Alembic (every package's branch: `heads`)."""
    from alembic import command
    from alembic.config import Config

    config = Config(str(REPO_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["database_url"] = database_url
    with _UPGRADE_LOCK:
        command.upgrade(config, "heads")
