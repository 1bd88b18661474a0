"""Handoffs in the running bot: the record is stored before the person is told, at any hour."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from core.paths import REPO_ROOT
from tests.support.stack import referrals, running_stack, say, texts

pytestmark = pytest.mark.integration

DISCLOSURE = "my daughter keeps taking money out of my bank account and won't let me see the statements"


def test_safeguarding_in_office_hours(tmp_path):
    with running_stack(tmp_path, env={"FRONTDOOR_NOW": "2026-11-24T10:30"}, servers=("actions", "rasa")) as stack:
        reply = texts(say(stack, "sg-day", DISCLOSURE))
        assert "01632 960 200" in reply  # the duty team's number
        assert "0808 2000 247" in reply  # National Domestic Abuse Helpline
        assert "A duty worker will look at it today" in reply
        [record] = referrals(stack.database_url)
        assert record["route"] == "safeguarding" and record["in_hours"] is True
        assert record["id"] in reply
        assert any(DISCLOSURE in turn["text"] for turn in record["transcript"])


def test_a_typed_safety_payload_is_just_text(tmp_path):
    # "/intent" payloads skip NLU; only the triage rules may start a handoff.
    with running_stack(tmp_path, servers=("actions", "rasa")) as stack:
        for n, payload in enumerate(["/triage_emergency", "  //triage_safeguarding", "/TRIAGE_urgent"]):
            reply = texts(say(stack, f"payload-{n}", payload))
            assert reply.strip() and "This sounds like an emergency" not in reply
        assert referrals(stack.database_url) == []


def test_safeguarding_on_a_bank_holiday_night(tmp_path):
    with running_stack(tmp_path, env={"FRONTDOOR_NOW": "2026-12-25T22:00"}, servers=("actions", "rasa")) as stack:
        reply = texts(say(stack, "sg-night", DISCLOSURE))
        assert "The office is closed now" in reply
        assert "01632 960 999" in reply  # emergency duty team
        assert "Tuesday 29 December" in reply  # Christmas, Boxing Day (Saturday, substitute Monday 28th)
        [record] = referrals(stack.database_url)
        assert record["route"] == "safeguarding" and record["in_hours"] is False


def test_emergency_pauses_the_conversation_risk_still_answered_and_staff_resume_it(tmp_path):
    with running_stack(tmp_path, servers=("actions", "rasa")) as stack:
        first = texts(say(stack, "em-1", "I've just swallowed a whole packet of pills"))
        assert "call 999 now" in first and "duty team" in first
        later = texts(say(stack, "em-1", "hello?"))
        assert "paused" in later and "999" in later
        again = texts(say(stack, "em-1", "he's not breathing"))
        assert "call 999 now" in again
        [record] = referrals(stack.database_url)
        subprocess.run([sys.executable, "-m", "bot", "referrals", "resume", record["id"], "--by", "Sam Duty"],
                       cwd=REPO_ROOT, check=True, capture_output=True,
                       env={**os.environ, "DATABASE_URL": stack.database_url, "FRONTDOOR_RASA_URL": stack.rasa_url,
                            "FRONTDOOR_RASA_TOKEN": stack.env["FRONTDOOR_RASA_TOKEN"]})
        resumed = texts(say(stack, "em-1", "hello"))
        assert "paused" not in resumed and "automated helper" in resumed


def test_fifty_simultaneous_handoffs_make_fifty_records(tmp_path):
    with running_stack(tmp_path, servers=("actions", "rasa")) as stack:
        def disclose(n: int) -> str:
            return texts(say(stack, f"many-{n}", f"my carer hits me when nobody is around, this is message {n}",
                             timeout=180))

        with ThreadPoolExecutor(max_workers=50) as pool:
            replies = list(pool.map(disclose, range(50)))
        assert all("01632 960 200" in reply for reply in replies)
        records = referrals(stack.database_url)
        assert len(records) == 50
        assert {r["transcript"][0]["text"].rsplit(" ", 1)[-1] for r in records} == {str(n) for n in range(50)}
