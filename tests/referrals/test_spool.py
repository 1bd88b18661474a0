"""When the database fails, a handoff waits in the spool and is stored later, exactly once."""

from __future__ import annotations

import json
import logging
import sqlite3
import stat
import time
from datetime import UTC, datetime

import pytest

from bot.referrals import SpoolRetrier, open_store
from tests.referrals.samples import new_referral
from tests.support.ports import free_port


@pytest.fixture()
def sqlite_store(tmp_path):
    """A SQLite store that gives up on a locked database after 0.3s, and a way to lock it."""
    path = tmp_path / "referrals.db"
    store = open_store(f"sqlite:///{path}", tmp_path / "spool", busy_timeout_s=0.3)
    yield store, path
    store.dispose()


class Lock:
    """Another process holding the database's write lock, as a long migration or backup might."""

    def __init__(self, path):
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("BEGIN EXCLUSIVE")

    def release(self):
        self.connection.execute("ROLLBACK")
        self.connection.close()


def wait_until(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_locked_database_spools_the_referral_and_a_later_flush_stores_it_once(sqlite_store):
    store, path = sqlite_store
    lock = Lock(path)
    outcome = store.submit(new_referral("conv-1:1"))
    assert (outcome.spooled, outcome.stored, outcome.referral_id, outcome.key) == (True, False, None, "conv-1:1")
    [spooled] = store.spool.pending()
    assert store.flush_spool() == 0 and spooled.exists()  # still locked: the file stays
    lock.release()

    before_flush = datetime.now(UTC)
    assert store.flush_spool() == 1
    assert not spooled.exists() and store.pending_spool() == 0
    assert store.flush_spool() == 0
    [view] = store.list()
    assert "no food for two days" in view.transcript[1]["text"]
    assert view.created_at < before_flush  # the time the person asked, not the time it was stored
    assert [entry["action"] for entry in view.audit] == ["created", "recovered"]


def test_the_spool_file_is_complete_private_and_written_in_one_piece(sqlite_store):
    store, path = sqlite_store
    lock = Lock(path)
    store.submit(new_referral("conv-2:1", what_matters="My dog, Biscuit"))
    store.submit(new_referral("conv-2:1", what_matters="My dog, Biscuit"))  # a retry replaces, never adds
    lock.release()
    files = list(store.spool.directory.iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"  # no temp files left behind
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    record = json.loads(files[0].read_text())["record"]
    assert record["what_matters"] == "My dog, Biscuit" and record["contact"]["phone"] == "07700 900123"


def test_a_referral_already_stored_is_not_duplicated_by_its_spool_file(sqlite_store):
    store, _path = sqlite_store
    new = new_referral("conv-3:1")
    stored = store.submit(new)
    # As if the commit reached the database but the reply was lost, so the caller spooled it too.
    leftover = store.spool.write(new.record(), datetime.now(UTC))
    assert store.flush_spool() == 0
    assert not leftover.exists()
    assert [view.id for view in store.list()] == [stored.referral_id]


def test_an_unreadable_spool_file_is_kept_aside_and_does_not_block_the_others(sqlite_store):
    store, path = sqlite_store
    lock = Lock(path)
    store.submit(new_referral("conv-4:1"))
    lock.release()
    store.spool.directory.joinpath("0000broken.json").write_bytes(b"\x89PNG not json")
    assert store.flush_spool() == 1
    assert [p.name for p in store.spool.unreadable()] == ["0000broken.json.unreadable"]
    assert len(store.list()) == 1


def test_when_database_and_disk_both_fail_submit_still_answers(tmp_path):
    (tmp_path / "not-a-folder").write_text("")
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path / "not-a-folder" / "spool", busy_timeout_s=0.3)
    lock = Lock(tmp_path / "db.sqlite")
    try:
        outcome = store.submit(new_referral("conv-5:1"))
    finally:
        lock.release()
        store.dispose()
    assert (outcome.stored, outcome.spooled, outcome.referral_id) == (False, False, None)


def test_an_unreachable_database_at_start_up_still_takes_referrals(tmp_path):
    store = open_store(f"postgresql+psycopg2://frontdoor@127.0.0.1:{free_port()}/frontdoor", tmp_path / "spool")
    try:
        outcome = store.submit(new_referral("conv-6:1"))
        assert outcome.spooled and store.pending_spool() == 1
        assert store.flush_spool() == 0 and store.pending_spool() == 1
    finally:
        store.dispose()


def test_the_retrier_stores_spooled_referrals_once_the_database_is_back(sqlite_store):
    store, path = sqlite_store
    lock = Lock(path)
    assert store.submit(new_referral("conv-7:1")).spooled
    retrier = SpoolRetrier(store, interval_s=0.1).start()
    try:
        time.sleep(0.5)  # a few retries against the locked database
        assert store.pending_spool() == 1
        lock.release()
        assert wait_until(lambda: store.pending_spool() == 0)
    finally:
        retrier.stop()
    assert len(store.list()) == 1


def test_personal_details_never_reach_the_logs(sqlite_store, caplog):
    store, path = sqlite_store
    caplog.set_level(logging.DEBUG)
    store.submit(new_referral("conv-8:1"))
    lock = Lock(path)
    store.submit(new_referral("conv-8:2"))
    lock.release()
    store.flush_spool()
    rid = store.list()[0].id
    store.add_note(rid, "Sam", "Spoke to Pat at 07700 900123")
    store.close(rid, "Sam", "Pat is safe")
    assert caplog.records, "the store should log what it does"
    for secret in ("07700 900123", "Pat", "no food", "Staying in my own home", "conv-8"):
        assert secret not in caplog.text


@pytest.mark.integration
def test_postgres_going_down_spools_and_coming_back_stores_exactly_once(stoppable_postgres, tmp_path):
    store = open_store(stoppable_postgres.url, tmp_path / "spool", busy_timeout_s=2)
    try:
        assert store.submit(new_referral("conv-9:1")).stored
        stoppable_postgres.stop()
        outcome = store.submit(new_referral("conv-9:2"))
        assert outcome.spooled and store.pending_spool() == 1
        assert store.flush_spool() == 0 and store.pending_spool() == 1

        stoppable_postgres.start()
        assert store.flush_spool() == 1
        assert store.flush_spool() == 0
        keys = sorted(view.referral_key for view in store.list())
        assert keys == ["conv-9:1", "conv-9:2"] and store.pending_spool() == 0
    finally:
        store.dispose()


@pytest.mark.integration
def test_retrier_recovers_after_a_postgres_restart(stoppable_postgres, tmp_path):
    store = open_store(stoppable_postgres.url, tmp_path / "spool", busy_timeout_s=2)
    retrier = SpoolRetrier(store, interval_s=0.2)
    try:
        stoppable_postgres.stop()
        assert store.submit(new_referral("conv-10:1")).spooled
        retrier.start()
        stoppable_postgres.start()
        assert wait_until(lambda: store.pending_spool() == 0, timeout=30)
        assert [view.referral_key for view in store.list()] == ["conv-10:1"]
    finally:
        retrier.stop()
        store.dispose()
