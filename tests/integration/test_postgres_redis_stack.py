"""The production shape: conversations and referrals on PostgreSQL, Rasa's locks in Redis."""

from __future__ import annotations

import pytest
import redis
from sqlalchemy import text

from core.db import make_engine
from tests.support.postgres import postgres_server
from tests.support.redis import redis_server
from tests.support.stack import running_stack, say, texts

pytestmark = pytest.mark.integration


def test_conversation_and_handoff_on_postgresql_with_redis_locks(tmp_path):
    with postgres_server() as database_url, redis_server() as redis_url:
        before = redis.Redis.from_url(redis_url).info("stats")["total_commands_processed"]
        with running_stack(tmp_path, database_url=database_url, env={"FRONTDOOR_REDIS_URL": redis_url},
                           servers=("actions", "rasa")) as stack:
            assert "automated helper" in texts(say(stack, "pg-1", "hello"))
            reply = texts(say(stack, "pg-1", "the carers leave mum in a wet bed all day and shout at her"))
            assert "01632 960 200" in reply
        after = redis.Redis.from_url(redis_url).info("stats")["total_commands_processed"]
        assert after - before >= 4, "Rasa took and released conversation locks in Redis"
        engine = make_engine(database_url)
        with engine.connect() as db:
            assert db.execute(text("select count(*) from events where sender_id = 'pg-1'")).scalar_one() > 0
            assert db.execute(text("select route from referral")).scalars().all() == ["safeguarding"]
        engine.dispose()
