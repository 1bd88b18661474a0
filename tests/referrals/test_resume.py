"""Resuming a paused conversation goes through the bot's API with its token, and is noted."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from bot.referrals import NewReferral, ReferralError
from bot.referrals.resume import resume_conversation
from core.settings import Settings


class RasaApi(BaseHTTPRequestHandler):
    calls: list = []

    def do_POST(self):  # noqa: N802 - http.server's hook name
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        RasaApi.calls.append((self.path, body))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def rasa_api():
    RasaApi.calls = []
    server = HTTPServer(("127.0.0.1", 0), RasaApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _referral(store, conversation_id="conv-42"):
    outcome = store.submit(NewReferral(
        referral_key=f"{conversation_id}:1", route="safeguarding", reasons=[], channel="web", about="self",
        transcript=[{"who": "resident", "text": "he hits me", "at": None}], in_hours=True, team="duty_team",
        conversation_id=conversation_id))
    return outcome.referral_id


def test_resume_posts_a_resume_event_and_notes_it(store, rasa_api, tmp_path):
    referral_id = _referral(store)
    settings = Settings.from_env({"FRONTDOOR_RASA_URL": rasa_api, "FRONTDOOR_RASA_TOKEN": "s3cret",
                                  "FRONTDOOR_VAR_DIR": str(tmp_path)})
    view = resume_conversation(store, referral_id, "Sam Duty", settings)
    [(path, body)] = RasaApi.calls
    assert path == "/conversations/conv-42/tracker/events?token=s3cret"
    assert body == [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
    assert any(entry["who"] == "Sam Duty" for entry in view.to_dict()["audit"])


def test_resume_without_the_bot_is_a_clear_error(store, tmp_path):
    referral_id = _referral(store, "conv-43")
    settings = Settings.from_env({"FRONTDOOR_RASA_URL": "http://127.0.0.1:9", "FRONTDOOR_RASA_TOKEN": "x",
                                  "FRONTDOOR_VAR_DIR": str(tmp_path)})
    with pytest.raises(ReferralError, match="could not be reached"):
        resume_conversation(store, referral_id, "Sam Duty", settings)


def test_resume_is_its_own_audit_entry_and_refused_once_closed(store, rasa_api, tmp_path):
    referral_id = _referral(store, "conv-44")
    settings = Settings.from_env({"FRONTDOOR_RASA_URL": rasa_api, "FRONTDOOR_RASA_TOKEN": "s3cret",
                                  "FRONTDOOR_VAR_DIR": str(tmp_path)})
    view = resume_conversation(store, referral_id, "Sam Duty", settings)
    assert view.audit[-1]["action"] == "resumed" and view.audit[-1]["who"] == "Sam Duty"
    store.close(referral_id, "Sam Duty", "Done")
    calls = len(RasaApi.calls)
    with pytest.raises(ReferralError, match="closed"):
        resume_conversation(store, referral_id, "Sam Duty", settings)
    assert len(RasaApi.calls) == calls, "the bot was not asked to resume a closed referral's chat"
