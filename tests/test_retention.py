"""Old conversations are deleted; recent ones are kept."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

from sqlalchemy import text

from core.db import make_engine
from core.paths import REPO_ROOT
from ops.retention import purge_conversations

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _events_table(url: str, rows: list[tuple[str, datetime]]) -> None:
    engine = make_engine(url)
    with engine.begin() as db:
        db.execute(text("create table events (id integer primary key, sender_id varchar, type_name varchar,"
                        " timestamp float, intent_name varchar, action_name varchar, data text)"))
        for sender, at in rows:
            db.execute(text("insert into events (sender_id, type_name, timestamp, data) values (:s, 'user', :t, '{}')"),
                       {"s": sender, "t": at.timestamp()})
    engine.dispose()


def _senders(url: str) -> set[str]:
    engine = make_engine(url)
    with engine.connect() as db:
        found = {row[0] for row in db.execute(text("select distinct sender_id from events"))}
    engine.dispose()
    return found


def test_only_conversations_quiet_for_longer_than_the_period_go(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _events_table(url, [("old", datetime(2026, 9, 1, tzinfo=UTC)),
                        ("recent", datetime(2026, 11, 20, tzinfo=UTC)),
                        ("old-but-active", datetime(2026, 9, 1, tzinfo=UTC)),
                        ("old-but-active", datetime(2026, 11, 22, tzinfo=UTC))])
    assert purge_conversations(url, 30, NOW) == 1
    assert _senders(url) == {"recent", "old-but-active"}


def test_no_conversations_table_yet_is_fine(tmp_path):
    assert purge_conversations(f"sqlite:///{tmp_path / 'empty.db'}", 30, NOW) == 0


def test_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    _events_table(url, [("old", datetime(2026, 1, 1, tzinfo=UTC))])
    done = subprocess.run([sys.executable, "-m", "bot", "retention", "--days", "30"], cwd=REPO_ROOT, text=True,
                          capture_output=True, env={"DATABASE_URL": url, "FRONTDOOR_NOW": "2026-11-23T12:00",
                                                    "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "Deleted 1 conversation(s)" in done.stdout
