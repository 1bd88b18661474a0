"""Safety replies survive faults: the action server stopped, the database down."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from core.db import make_engine
from tests.referrals.pg_control import StoppablePostgres
from tests.support.stack import running_stack, say, texts

pytestmark = pytest.mark.integration

DISCLOSURE = "my husband shouts at me and pushes me and I'm scared to go home"


def test_risk_replies_without_the_action_server(tmp_path):
    with running_stack(tmp_path, servers=("actions", "rasa")) as stack:
        stack.stop_action_server()
        assert "call 999 now" in texts(say(stack, "no-actions-1", "my dad has collapsed and he isn't breathing"))
        crisis = texts(say(stack, "no-actions-2", "I've been stockpiling my tablets so I can end it"))
        assert "116 123" in crisis and "111" in crisis
        assert "01632 960 200" in texts(say(stack, "no-actions-3", DISCLOSURE))


def _referral_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as db:
            return db.execute(text("select count(*) from referral where route = 'safeguarding'")).scalar_one()
    finally:
        engine.dispose()


def test_database_down_during_a_handoff_then_stored_once_it_is_back(tmp_path):
    postgres = StoppablePostgres()
    try:
        with running_stack(tmp_path, database_url=postgres.url, servers=("actions", "rasa")) as stack:
            assert "automated helper" in texts(say(stack, "fault-1", "hello"))
            postgres.stop()
            reply = texts(say(stack, "fault-1", DISCLOSURE, timeout=120))
            assert "01632 960 200" in reply and "999" in reply
            spool = tmp_path / "var" / "spool" / "referrals"
            assert list(spool.glob("*.json")), "the referral waits in the spool"
            postgres.start()
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and list(spool.glob("*.json")):
                time.sleep(1)
            assert not list(spool.glob("*.json")), "the spool drained once the database was back"
            assert _referral_count(postgres.url) == 1
    finally:
        postgres.remove()
