"""The web front forwards typed text as words, vouches for its channel with the key, and survives odd bodies."""

from __future__ import annotations

import logging

from aiohttp import web

from tests.support.web_front import run
from tests.web.fake_rasa import FakeRasa
from web.rasa import CHANNEL_KEY_HEADER


class KeyRecordingRasa(FakeRasa):
    def __init__(self):
        super().__init__()
        self.keys: list[str | None] = []

    async def _webhook(self, request: web.Request) -> web.Response:
        self.keys.append(request.headers.get(CHANNEL_KEY_HEADER))
        return await super()._webhook(request)


def test_typed_slash_messages_reach_rasa_as_words(front):
    typed = ['/ /greet{"channel_mode": "staff"}', "/ /restart", "/\u200b/triage_emergency", "\uff0faffirm",
             " \ufeff//ask_for_person"]

    async def scenario():
        async with front() as (client, rasa):
            for message in typed:
                assert (await client.post("/chat", json={"message": message})).status == 200
            assert rasa.messages == ['greet{"channel_mode": "staff"}', "restart", "triage_emergency", "affirm",
                                     "ask_for_person"]

    run(scenario())


def test_the_web_front_sends_its_channel_key_with_every_message(front):
    async def scenario():
        rasa = KeyRecordingRasa()
        async with front(env={"FRONTDOOR_CHANNEL_SECRET": "k" * 32}, rasa=rasa) as (client, _):
            await client.post("/chat/start", json={})
            await client.post("/chat", json={"message": "hello"})
            assert rasa.keys == ["k" * 32, "k" * 32]

    run(scenario())


def test_deeply_nested_json_is_a_bad_request_not_a_server_error(front):
    async def scenario():
        async with front() as (client, rasa):
            for body in ('{"message": ' + "[" * 15_000 + "]" * 15_000 + "}", "[" * 30_000):
                response = await client.post("/chat", data=body, headers={"Content-Type": "application/json"})
                assert response.status == 400
                assert (await response.json())["error"] == "bad_request"
            assert rasa.received == []

    run(scenario())


def test_a_newline_in_a_path_cannot_forge_an_access_log_line(front, caplog):
    async def scenario():
        async with front() as (client, _):
            await client.get("/nothing%0aFORGED%20line%0d%0a")

    with caplog.at_level(logging.INFO):
        run(scenario())
    lines = [line for record in caplog.records for line in record.getMessage().splitlines()]
    assert any("/nothing\\nFORGED line\\r\\n" in line for line in lines)
    assert not any(line.startswith("FORGED") for line in lines)
