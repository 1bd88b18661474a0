"""The staff command line, run as staff run it: `python -m bot referrals ...` in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from bot.referrals import open_store
from core.paths import REPO_ROOT
from tests.referrals.samples import new_referral


@pytest.fixture()
def env(tmp_path):
    values = dict(os.environ)
    values.update(DATABASE_URL=f"sqlite:///{tmp_path / 'cli.db'}", FRONTDOOR_VAR_DIR=str(tmp_path / "var"))
    return values


@pytest.fixture()
def store(env, tmp_path):
    opened = open_store(env["DATABASE_URL"], tmp_path / "var" / "spool" / "referrals")
    yield opened
    opened.dispose()


def cli(env, *args):
    done = subprocess.run([sys.executable, "-m", "bot", "referrals", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def test_list_shows_the_queue_most_urgent_first(env, store):
    callback = store.submit(new_referral("k1", route="callback", what_matters="Help with shopping")).referral_id
    crisis = store.submit(new_referral("k2", route="crisis", what_matters="Feeling unsafe tonight")).referral_id
    code, out, err = cli(env, "list")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["ID", "PRI", "ROUTE", "STATUS"]
    assert crisis in lines[1] and "Feeling unsafe tonight" in lines[1]
    assert callback in lines[2]
    assert "2 referrals" in out


def test_list_filters_and_prints_json(env, store):
    first = store.submit(new_referral("k1")).referral_id
    store.submit(new_referral("k2"))
    store.claim(first, "Sam")
    code, out, _err = cli(env, "list", "--status", "claimed", "--json")
    assert code == 0
    data = json.loads(out)
    assert [row["id"] for row in data] == [first]
    assert data[0]["claimed_by"] == "Sam" and data[0]["audit"][-1]["action"] == "claimed"


def test_an_empty_queue_says_so(env, store):
    code, out, _err = cli(env, "list")
    assert code == 0 and "No referrals match." in out


def test_show_gives_the_whole_story_without_terminal_tricks(env, store):
    transcript = [{"who": "resident", "text": "\x1b[2J\x1b]0;owned\x07I fell \u202eover", "at": None}]
    rid = store.submit(new_referral("k1", transcript=transcript)).referral_id
    code, out, _err = cli(env, "show", rid.lower())
    assert code == 0
    assert "I fell over" in out and "\x1b" not in out and "\u202e" not in out
    assert "phone: 07700 900123" in out and "Staying in my own home" in out
    assert "front door: created" in out
    code, out, _err = cli(env, "show", rid, "--json")
    assert json.loads(out)["id"] == rid


def test_claim_note_close_from_the_command_line(env, store):
    rid = store.submit(new_referral("k1")).referral_id
    assert cli(env, "claim", rid, "--by", "Sam Jones")[:2] == (0, f"{rid} is now claimed by Sam Jones.\n")
    code, _out, err = cli(env, "claim", rid, "--by", "Alex")
    assert code == 1 and f"{rid} is already claimed by Sam Jones" in err
    assert cli(env, "note", rid, "--by", "Sam Jones", "--text", "Left a voicemail")[0] == 0
    code, out, _err = cli(env, "close", rid, "--by", "Sam Jones", "--outcome", "Carer visit arranged", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["status"] == "closed" and data["outcome"] == "Carer visit arranged"
    assert data["notes"][0]["text"] == "Left a voicemail"
    assert [entry["action"] for entry in data["audit"]] == ["created", "claimed", "noted", "closed"]


@pytest.mark.parametrize("args, message", [
    (["show", "FD-ZZZZZZ"], "There is no referral FD-ZZZZZZ"),
    (["claim", "FD-ZZZZZZ"], "--by"),
    (["claim", "FD-ZZZZZZ", "--by", ""], "Please give your name"),
    (["list", "--route", "lunch"], "invalid choice"),
    (["teleport"], "invalid choice"),
    ([], "required"),
])
def test_mistakes_get_a_clear_message_and_exit_status_1(env, store, args, message):
    code, out, err = cli(env, *args)
    assert code == 1 and message in err
    assert "Traceback" not in err and out == ""


def test_a_bad_database_url_is_explained_without_echoing_it(env):
    env["DATABASE_URL"] = "mysql://admin:hunter2@db/frontdoor"
    code, _out, err = cli(env, "list")
    assert code == 1 and "DATABASE_URL must be a SQLite or PostgreSQL URL" in err
    assert "hunter2" not in err and "Traceback" not in err


def test_flush_spool_stores_what_waited_on_disk(env, store):
    store.spool.write(new_referral("k-spooled").record(), datetime.now(UTC))
    code, out, err = cli(env, "flush-spool")
    assert (code, out) == (0, "Stored 1 spooled referral.\n"), err
    assert store.get_by_key("k-spooled").audit[-1]["action"] == "recovered"
    assert cli(env, "flush-spool")[:2] == (0, "Stored 0 spooled referrals.\n")
    assert len(store.list()) == 1


def test_close_a_colleagues_claim_only_with_reassign_and_reopen_with_a_reason(env, store):
    rid = store.submit(new_referral("k-reassign")).referral_id
    assert cli(env, "claim", rid, "--by", "Sam Jones")[0] == 0
    code, _out, err = cli(env, "close", rid, "--by", "Alex", "--outcome", "Mine now")
    assert code == 1 and "only they, or a manager, can close it" in err
    assert cli(env, "close", rid, "--by", "Alex", "--outcome", "Mine now", "--reassign")[:2] == (0, f"{rid} is closed.\n")
    code, _out, err = cli(env, "note", rid, "--by", "Sam Jones", "--text", "after closing")
    assert code == 1 and "reopen it" in err
    assert cli(env, "reopen", rid, "--by", "Alex", "--reason", "Closed in error")[:2] == (0, f"{rid} is open again.\n")
