"""Rasa's SQL tracker store on the product's own DATABASE_URL.

Conversations live in the same database as the directory and referrals, so a
restart loses nothing. Rasa's stock `type: SQL` needs the URL split into parts;
this passes the whole URL (Rasa accepts a full URL as `host`).
"""

from __future__ import annotations

from typing import Any

from rasa.core.tracker_store import SQLTrackerStore

from core.db import make_engine
from core.settings import Settings


class DatabaseUrlTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, event_broker=None, **kwargs: Any) -> None:
        url = Settings.from_env().database_url
        make_engine(url).dispose()  # creates var/ for SQLite and switches it to WAL mode
        kwargs.pop("host", None)
        super().__init__(domain=domain, host=url, event_broker=event_broker, **kwargs)
