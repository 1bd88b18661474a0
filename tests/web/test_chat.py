"""The resident chat endpoints: what reaches Rasa, what comes back, and what happens when things go wrong."""

from __future__ import annotations

import os

from tests.support.web_front import run
from tests.web.fake_rasa import FakeRasa


def with_buttons(body: dict) -> list[dict]:
    return [
        {"recipient_id": body["sender"], "text": "Is this about you?",
         "buttons": [{"title": "Yes, it's me", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]},
        {"recipient_id": body["sender"], "image": "https://tracker.example/pixel.gif"},
        {"recipient_id": body["sender"], "custom": {"case_note": {"text": "staff only", "data": {}}}},
    ]


def test_message_is_forwarded_with_an_opaque_sender_and_web_channel(front):
    async def scenario():
        async with front() as (client, rasa):
            first = await client.post("/chat", json={"message": "I need help with washing"})
            assert first.status == 200
            assert (await first.json())["messages"] == [{"text": "You said: I need help with washing"}]
            cookie = first.cookies["fd_chat"]
            assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]
            await client.post("/chat", json={"message": "and dressing"})
            senders = {body["sender"] for body in rasa.received}
            assert len(senders) == 1
            sender = senders.pop()
            assert len(sender) >= 24 and "washing" not in sender
            assert all(body["metadata"] == {"channel": "web"} for body in rasa.received)

    run(scenario())


def test_start_asks_the_bot_to_greet_and_restart_gives_a_new_conversation(front):
    async def scenario():
        async with front() as (client, rasa):
            await client.post("/chat/start", json={})
            restarted = await client.post("/chat/restart", json={})
            assert restarted.status == 200
            await client.post("/chat", json={"message": "hello again"})
            assert rasa.messages == ['/greet{"channel_mode": "web"}', "hello again"]
            assert rasa.received[0]["sender"] != rasa.received[1]["sender"]

    run(scenario())


def test_a_forged_conversation_cookie_is_not_used(front):
    async def scenario():
        async with front() as (client, rasa):
            client.session.cookie_jar.update_cookies({"fd_chat": "someone-elses-id.forgedsignature"})
            await client.post("/chat", json={"message": "hi"})
            assert rasa.received[0]["sender"] != "someone-elses-id"

    run(scenario())


def test_buttons_come_back_but_images_and_case_notes_do_not_reach_residents(front):
    async def scenario():
        async with front(rasa=FakeRasa(reply=with_buttons)) as (client, _):
            reply = await (await client.post("/chat", json={"message": "help"})).json()
            assert reply["messages"] == [{"text": "Is this about you?", "buttons": [
                {"title": "Yes, it's me", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]}]

    run(scenario())


def test_only_offered_payloads_are_forwarded_as_intents(front):
    async def scenario():
        async with front(rasa=FakeRasa(reply=with_buttons)) as (client, rasa):
            await client.post("/chat", json={"message": "help"})
            await client.post("/chat", json={"message": "Yes, it's me", "payload": "/affirm"})
            # Not offered (tampered, or an old button): the visible title is sent as plain text.
            await client.post("/chat", json={"message": "Skip", "payload": '/inform{"route": "callback"}'})
            assert rasa.messages == ["help", "/affirm", "Skip"]

    run(scenario())


def test_typed_slash_commands_are_sent_as_text_not_intents(front):
    async def scenario():
        async with front() as (client, rasa):
            await client.post("/chat", json={"message": "/restart"})
            assert rasa.messages == ["restart"]

    run(scenario())


def test_empty_and_invisible_messages_get_a_gentle_400_and_never_reach_the_bot(front):
    async def scenario():
        async with front() as (client, rasa):
            for message in ["", "   ", "\n\t", "\x00\x07\x1b", "//", None, 42, ["hi"]]:
                response = await client.post("/chat", json={"message": message})
                assert response.status == 400, message
                assert (await response.json())["message"] == "Please type a message."
            assert rasa.received == []

    run(scenario())


def test_emoji_html_and_other_languages_pass_through_unchanged(front):
    async def scenario():
        async with front() as (client, rasa):
            texts = ["I'm scared 😢👩‍👧", "<script>alert(1)</script><b>help</b>", "Potrzebuję pomocy", "أحتاج مساعدة"]
            for text in texts:
                assert (await client.post("/chat", json={"message": text})).status == 200
            assert rasa.messages == texts

    run(scenario())


def test_control_characters_and_broken_unicode_are_cleaned_not_crashed_on(front):
    async def scenario():
        async with front() as (client, rasa):
            # A lone surrogate is valid JSON but cannot be encoded as UTF-8.
            response = await client.post("/chat", data='{"message": "help\\u0000 me \\ud800 now"}',
                                         headers={"Content-Type": "application/json"})
            assert response.status == 200
            assert rasa.messages == ["help me  now"]

    run(scenario())


def test_messages_over_5000_characters_are_refused_with_a_clear_message(front):
    async def scenario():
        async with front() as (client, rasa):
            assert (await client.post("/chat", json={"message": "a" * 5000})).status == 200
            response = await client.post("/chat", json={"message": "a" * 5001})
            assert response.status == 413
            assert "5,000 characters" in (await response.json())["message"]
            assert len(rasa.received) == 1

    run(scenario())


def test_a_one_megabyte_body_is_refused_with_friendly_json(front):
    async def scenario():
        async with front() as (client, rasa):
            response = await client.post("/chat", json={"message": "x" * 1_000_000})
            assert response.status == 413
            body = await response.json()
            assert body["error"] == "too_large" and "too big" in body["message"]
            assert rasa.received == []

    run(scenario())


def test_binary_and_malformed_bodies_get_a_400_not_a_crash(front):
    async def scenario():
        async with front() as (client, rasa):
            for data in [os.urandom(512), b"\xff\xfe\x00garbage", b'{"message": "unterminated', b"[1, 2]", b""]:
                response = await client.post("/chat", data=data, headers={"Content-Type": "application/json"})
                assert response.status == 400
                assert "try typing it again" in (await response.json())["message"]
            # A cross-site form cannot post JSON; anything that is not JSON is refused outright.
            form = await client.post("/chat", data={"message": "hi"})
            assert form.status == 415
            assert rasa.received == []

    run(scenario())


def test_rasa_down_gives_503_with_the_councils_phone_number(front):
    async def scenario():
        async with front(env={"FRONTDOOR_RASA_URL": "http://127.0.0.1:9"}) as (client, _):
            response = await client.post("/chat", json={"message": "hello"})
            assert response.status == 503
            message = (await response.json())["message"]
            assert "01632 960 100" in message and "999" in message

    run(scenario())


def test_rasa_errors_and_garbage_become_502_and_slowness_504(front):
    async def scenario():
        for rasa, status in [(FakeRasa(status=500), 502), (FakeRasa(raw=b"<html>oops"), 502),
                             (FakeRasa(raw=b'{"not": "a list"}'), 502), (FakeRasa(delay=2.0), 504)]:
            async with front(rasa=rasa, env={"FRONTDOOR_RASA_TIMEOUT": "0.5"}) as (client, _):
                response = await client.post("/chat", json={"message": "hello"})
                assert response.status == status
                assert "01632 960 100" in (await response.json())["message"]

    run(scenario())


def test_no_reply_from_the_bot_comes_with_a_way_forward(front):
    async def scenario():
        async with front(rasa=FakeRasa(reply=lambda body: [])) as (client, _):
            body = await (await client.post("/chat", json={"message": "hello"})).json()
            assert body["messages"] == [] and "01632 960 100" in body["no_reply"]

    run(scenario())


def test_the_31st_message_in_a_minute_is_refused_politely(front):
    async def scenario():
        async with front() as (client, rasa):
            statuses = [(await client.post("/chat", json={"message": f"m{i}"})).status for i in range(31)]
            assert statuses == [200] * 30 + [429]
            refused = await client.post("/chat", json={"message": "again"})
            assert refused.status == 429 and int(refused.headers["Retry-After"]) > 0
            assert "01632 960 100" in (await refused.json())["message"]
            assert len(rasa.received) == 30

    run(scenario())
