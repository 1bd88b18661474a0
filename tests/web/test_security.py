"""Headers, escaping and logs: what an attacker or a log reader could see."""

from __future__ import annotations

import logging
import re

from tests.support.web_front import STAFF_PASSWORD, run, sign_in


def test_every_kind_of_response_carries_the_security_headers(front):
    async def scenario():
        async with front() as (client, _):
            responses = [await client.get("/"), await client.get("/static/chat.js"), await client.get("/nowhere"),
                         await client.post("/chat", json={"message": "hi"}), await client.get("/staff/login")]
            for response in responses:
                csp = response.headers["Content-Security-Policy"]
                assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
                assert "'unsafe-inline'" not in csp and "script-src 'self'" in csp
                assert response.headers["X-Content-Type-Options"] == "nosniff"
                assert response.headers["Referrer-Policy"] == "no-referrer"
            assert responses[0].headers["Cache-Control"] == "no-store"

    run(scenario())


def test_pages_have_no_inline_script_or_style_and_load_nothing_from_elsewhere(front):
    async def scenario():
        async with front() as (client, _):
            await sign_in(client)
            for path in ["/", "/staff/conversation", "/staff/queue"]:
                html = await (await client.get(path)).text()
                assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
                assert not re.search(r"\sstyle=|<style|\son[a-z]+=", html), path
                sources = re.findall(r'(?:src|href)="([^"]+)"', html)
                assert all(not s.startswith(("http:", "https:", "//")) for s in sources if "bbc.co.uk" not in s), sources

    run(scenario())


def test_the_page_always_shows_999_and_how_to_reach_a_person(front):
    async def scenario():
        async with front() as (client, _):
            html = await (await client.get("/")).text()
            assert "In an emergency call 999" in html
            assert "01632 960 100" in html and "Monday to Friday, 9am to 5pm" in html
            assert "Leave this page quickly" in html and "history" in html

    run(scenario())


def test_logs_never_hold_what_people_typed_their_password_or_session(front, caplog):
    secret = "my husband hits me"

    async def scenario():
        async with front() as (client, rasa):
            await client.post("/chat", json={"message": secret})
            await client.post("/chat", data=b"\xff" + secret.encode(), headers={"Content-Type": "application/json"})
            await client.get(f"/staff/queue?search={secret.replace(' ', '+')}")
            await sign_in(client, password=STAFF_PASSWORD)
            return rasa.received[0]["sender"]

    with caplog.at_level(logging.DEBUG):
        sender = run(scenario())
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "POST /chat 200" in logged  # the access log is on, and it is this one
    for private in [secret, "husband", sender, STAFF_PASSWORD, "search="]:
        assert private not in logged


def test_a_rasa_outage_is_logged_by_kind_only(front, caplog):
    async def scenario():
        async with front(env={"FRONTDOOR_RASA_URL": "http://127.0.0.1:9"}) as (client, _):
            await client.post("/chat", json={"message": "I fell down the stairs"})

    with caplog.at_level(logging.INFO):
        run(scenario())
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "rasa unreachable" in logged and "stairs" not in logged


def test_unknown_pages_get_a_plain_page_with_a_way_forward(front):
    async def scenario():
        async with front() as (client, _):
            response = await client.get("/no/such/page")
            assert response.status == 404 and response.content_type == "text/html"
            text = await response.text()
            assert "no page at this address" in text and "01632 960 100" in text

    run(scenario())
