"""`make run` survives a crash of one server, and the action server takes calls only from our Rasa server.

The launcher runs as `python -m bot serve`; each server is killed with SIGKILL in turn. Meanwhile risk
messages still get their numbers, and the killed server is back within seconds.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from types import SimpleNamespace

import pytest

from core.paths import REPO_ROOT
from tests.support.ports import free_port
from tests.support.stack import referrals, running_stack, say, texts

pytestmark = pytest.mark.integration

COLLAPSE = "my dad has collapsed and he isn't breathing"
DISCLOSURE = "my husband shouts at me and pushes me and I'm scared to go home"


def _status(url: str, **kwargs) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, **kwargs), timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _wait_for(log, pattern: str, timeout: float) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = re.search(pattern, log.read_text(encoding="utf-8", errors="replace"))
        if found:
            return found
        time.sleep(0.3)
    raise TimeoutError(f"no {pattern!r} in the launcher's output after {timeout:.0f}s:\n{log.read_text()[-3000:]}")


def _wait_answering(url: str, timeout: float) -> float:
    started = time.monotonic()
    while _status(url) not in (200, 404, 405):
        assert time.monotonic() - started < timeout, f"{url} not back within {timeout:.0f}s"
        time.sleep(0.2)
    return time.monotonic() - started


def test_killed_servers_are_restarted_and_risk_replies_carry_on(tmp_path):
    ports = {name: free_port() for name in ("rasa", "action", "web")}
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'frontdoor.db'}", "FRONTDOOR_VAR_DIR": str(tmp_path / "var"),
           "FRONTDOOR_RASA_PORT": str(ports["rasa"]), "FRONTDOOR_ACTION_PORT": str(ports["action"]),
           "FRONTDOOR_WEB_PORT": str(ports["web"]), "PYTHONPATH": str(REPO_ROOT)}
    for name in ("FRONTDOOR_RASA_TOKEN", "FRONTDOOR_ACTION_SECRET"):
        env.pop(name, None)
    log = tmp_path / "launcher.log"
    with open(log, "wb") as output:
        launcher = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--skip-train"], cwd=REPO_ROOT, env=env,
                                    stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    stack = SimpleNamespace(rasa_url=f"http://127.0.0.1:{ports['rasa']}")
    action_health = f"http://127.0.0.1:{ports['action']}/health"
    try:
        running = _wait_for(log, r"Front Door is running \(actions pid (\d+), rasa pid (\d+), web pid (\d+)\)", 300)
        actions_pid, rasa_pid = int(running[1]), int(running[2])

        # The action server dies: Rasa stays up and the safety replies carry on meanwhile.
        os.kill(actions_pid, signal.SIGKILL)
        for n in range(6):
            assert "call 999 now" in texts(say(stack, f"outage-{n}", COLLAPSE))
        assert "01632 960 200" in texts(say(stack, "outage-disclosure", DISCLOSURE))
        _wait_for(log, r"the actions server stopped unexpectedly \(code -9\); restarting it in 1 s", 30)
        _wait_for(log, r"restarted the actions server \(pid \d+\)", 30)
        back_in = _wait_answering(action_health, 60)
        handoff = texts(say(stack, "after-restart", DISCLOSURE))
        stored = [r for r in referrals(env["DATABASE_URL"]) if r["route"] == "safeguarding"]
        assert len(stored) == 1 and stored[0]["id"] in handoff, "the handoff works again once the server is back"
        print(f"action server answering {back_in:.1f}s after its restart was announced")

        # The Rasa server dies: it comes back, and the action server was never stopped.
        os.kill(rasa_pid, signal.SIGKILL)
        _wait_for(log, r"the rasa server stopped unexpectedly \(code -9\); restarting it", 30)
        _wait_for(log, r"restarted the rasa server \(pid \d+\)", 30)
        rasa_back = _wait_answering(f"{stack.rasa_url}/webhooks/rest/", 180)
        assert "call 999 now" in texts(say(stack, "after-rasa-restart", COLLAPSE))
        assert _status(action_health) == 200
        print(f"rasa server answering {rasa_back:.1f}s after its restart was announced")
        assert launcher.poll() is None
    finally:
        launcher.send_signal(signal.SIGINT)
        try:
            launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
    assert "Front Door: stopped." in log.read_text(encoding="utf-8")


def _hand_made_call(tracker_sender: str) -> bytes:
    """A forged action call, as in issue 13: a priority-1 emergency referral with an invented transcript."""
    return json.dumps({
        "next_action": "action_handoff", "sender_id": tracker_sender, "version": "3.6.2",
        "tracker": {"sender_id": tracker_sender, "slots": {"triage_route": "emergency"}, "latest_message": {
            "text": "invented", "intent": {"name": "triage_emergency"}, "entities": []},
            "events": [{"event": "user", "text": "invented transcript", "timestamp": 1}],
            "paused": False, "followup_action": None, "active_loop": {}, "latest_action_name": "action_listen"},
        "domain": {"responses": {}, "slots": {}},
    }).encode()


def test_the_action_server_refuses_a_hand_made_call_and_the_real_bot_still_hands_off(tmp_path):
    with running_stack(tmp_path, servers=("actions", "rasa")) as stack:
        forged = _status(f"{stack.action_url}/webhook", data=_hand_made_call("forged-1"), method="POST",
                         headers={"Content-Type": "application/json"})
        assert forged == 401
        assert _status(f"{stack.action_url}/webhook", data=_hand_made_call("forged-2"), method="POST",
                       headers={"Content-Type": "application/json", "X-Frontdoor-Action-Secret": "guess"}) == 401
        assert _status(f"{stack.action_url}/actions") == 401
        assert _status(f"{stack.action_url}/health") == 200
        assert referrals(stack.database_url) == []
        reply = texts(say(stack, "real-1", DISCLOSURE))
        [record] = referrals(stack.database_url)
        assert record["route"] == "safeguarding" and record["id"] in reply
        assert not any("invented" in turn["text"] for turn in record["transcript"])


def test_no_secret_is_visible_in_the_process_list(tmp_path):
    with running_stack(tmp_path, servers=("actions", "rasa")) as stack:
        listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
        assert f"-p {stack.settings.rasa_port}" in listing, "the listing includes our servers"
        assert stack.env["FRONTDOOR_RASA_TOKEN"] not in listing
        assert stack.env["FRONTDOOR_ACTION_SECRET"] not in listing
