"""Rasa's SQL tracker store on the product's own DATABASE_URL.

Conversations live in the same database as the directory and referrals, so a
restart loses nothing. Rasa's stock `type: SQL` needs the URL split into parts;
this passes the whole URL (Rasa accepts a full URL as `host`).

Rasa's `session_scope` turns any ValueError (a text the database cannot encode, a NUL on
PostgreSQL) into `SystemExit`, which would stop the whole server for one bad request. Here every
error becomes a `TrackerStoreError` naming only the error's type (its text may quote a message),
so Rasa's fail-safe store and the REST channel's safety net can answer instead.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Generator
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore, ensure_schema_exists

from core.db import make_engine
from core.settings import Settings

logger = logging.getLogger(__name__)


class TrackerStoreError(RuntimeError):
    """The conversation store failed; the message names the error's type only."""


class DatabaseUrlTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, event_broker=None, **kwargs: Any) -> None:
        url = Settings.from_env().database_url
        make_engine(url).dispose()  # creates var/ for SQLite and switches it to WAL mode
        kwargs.pop("host", None)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)

    @contextlib.contextmanager
    def session_scope(self) -> Generator[Any, None, None]:
        session = self.sessionmaker()
        try:
            ensure_schema_exists(session)
            yield session
        except (Exception, SystemExit) as error:  # noqa: BLE001 - nothing may stop the server
            with contextlib.suppress(Exception):
                session.rollback()
            logger.error("conversation store error (%s)", type(error).__name__)
            raise TrackerStoreError(type(error).__name__) from None
        finally:
            session.close()
