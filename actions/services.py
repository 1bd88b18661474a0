"""Shared resources for the actions, created on first use in the action server (never at import)."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.engine import Engine

from bot.council import Council, load_council
from core.db import make_engine
from core.settings import Settings


@lru_cache(maxsize=1)
def settings() -> Settings:
    return Settings.from_env()


@lru_cache(maxsize=1)
def engine() -> Engine:
    return make_engine(settings().database_url)


@lru_cache(maxsize=1)
def council() -> Council:
    return load_council(settings().council_file)


_retriers: list = []


@lru_cache(maxsize=1)
def referral_store():
    """The referral store, with a background retrier that drains the spool once the database is back."""
    from bot.referrals import SpoolRetrier, open_store

    store = open_store(settings().database_url, settings().var_dir / "spool" / "referrals")
    retrier = SpoolRetrier(store)
    retrier.start()
    _retriers.append(retrier)
    return store


def reset() -> None:
    """Forget every shared resource and stop the retrier (tests change DATABASE_URL between cases)."""
    while _retriers:
        _retriers.pop().stop(timeout=2)
    for cached in (settings, engine, council, referral_store):
        cached.cache_clear()
