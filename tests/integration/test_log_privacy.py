"""No log line the running stack writes holds what anyone typed, an e-mail address or a phone number.

Marked messages of every shape go in through the Rasa webhook and the web front's chat; then every
log file the stack wrote is searched for the marks. A web path with %0a must not forge a log line.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import re
import urllib.error
import urllib.request

import pytest

from tests.support.stack import running_stack, say

pytestmark = pytest.mark.integration

# Each message carries a mark; none of the marks may appear in any log.
SHAPES = [
    "hello there zqmarkplain",
    "/zqmarkslash",
    "/greet{\"name\": \"zqmarkentity\"}",
    "/ /affirm zqmarkspaced",
    "//inform{\"email\": \"zqmark.json@example.org\"}",
    "/zqmark.slashmail@example.org",
    "my email is zqmark.mail@example.org please",
    "ring me on 07700 900123 zqmarkphone",
    "/\u200b/triage_emergency zqmarkzerowidth",
    "\uff0fgreet zqmarkfullwidth",
    "my carer hits me and takes my money zqmarkrisk",
    "/triage_safeguarding zqmarkpayload",
    "x" * 20 + " zqmarklong " + "y" * 3000,
]
FORGED = "FORGED by a path"


def _chat(opener, web_url: str, path: str, body: dict) -> int:
    request = urllib.request.Request(f"{web_url}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    try:
        with opener.open(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_no_message_text_email_or_phone_in_any_log(tmp_path):
    with running_stack(tmp_path) as stack:
        for n, message in enumerate(SHAPES):
            say(stack, f"logs-rest-{n}", message)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        assert _chat(opener, stack.web_url, "/chat/start", {}) == 200
        for message in SHAPES:
            assert _chat(opener, stack.web_url, "/chat", {"message": message}) == 200
        assert _chat(opener, stack.web_url, "/chat", {"message": "x", "payload": "/greet zqmarkpayloadfield"}) == 200
        with contextlib.suppress(urllib.error.HTTPError):
            urllib.request.urlopen(f"{stack.web_url}/nothing%0a{FORGED.replace(' ', '%20')}%0d%0aend", timeout=10)
    logs = sorted((tmp_path / "logs").glob("*"))
    assert {path.name for path in logs} >= {"rasa.log", "actions.log", "web.log"}
    for path in logs:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "zqmark" not in text.lower(), f"{path.name} holds message text: " + _around(text, "zqmark")
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), f"{path.name} holds an e-mail address"
        assert not re.search(r"07700\s?900\s?123", text), f"{path.name} holds a phone number"
        assert not any(line.startswith("FORGED") for line in text.splitlines()), f"{path.name} has a forged line"


def _around(text: str, mark: str) -> str:
    at = text.lower().index(mark)
    return repr(text[max(0, at - 200):at + 100])
