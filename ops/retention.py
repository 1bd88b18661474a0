"""Deleting conversations older than the retention period (UK GDPR: keep no longer than needed).

A conversation (Rasa's tracker events) is deleted once its latest event is older than
`retention_days` (domain/council.yml). That also removes any e-mail address or phone number
typed in it. Referrals are case records and are kept; they hold contact details only with consent.
"""

from __future__ import annotations

import argparse
import logging
from datetime import datetime, timedelta

from sqlalchemy import MetaData, Table, delete, func, inspect, select

from bot.council import load_council
from core.clock import now
from core.db import make_engine
from core.settings import Settings

log = logging.getLogger(__name__)


def purge_conversations(database_url: str, days: int, at: datetime) -> int:
    """Delete every conversation whose latest event is more than `days` old; returns how many."""
    engine = make_engine(database_url)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        events = Table("events", MetaData(), autoload_with=engine)
        cutoff = (at - timedelta(days=days)).timestamp()
        stale = (select(events.c.sender_id).group_by(events.c.sender_id)
                 .having(func.max(events.c.timestamp) < cutoff))
        with engine.begin() as connection:
            senders = [row[0] for row in connection.execute(stale)]
            for start in range(0, len(senders), 500):
                connection.execute(delete(events).where(events.c.sender_id.in_(senders[start:start + 500])))
        log.info("retention: deleted %d conversation(s) older than %d days", len(senders), days)
        return len(senders)
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    settings = Settings.from_env()
    default_days = int(load_council(settings.council_file).retention_days)
    parser = argparse.ArgumentParser(prog="python -m bot retention", description=__doc__)
    parser.add_argument("--days", type=int, default=default_days, help=f"retention period (default {default_days})")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("--days must be at least 1")
    count = purge_conversations(settings.database_url, args.days, now(settings))
    print(f"Deleted {count} conversation(s) older than {args.days} days.")
    return 0
