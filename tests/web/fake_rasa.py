"""A tiny stand-in for Rasa's REST channel, for testing the web layer only (not the bot).

`reply` decides each answer from the request body; `status`, `delay` and `raw` simulate a broken Rasa.
Every request body is kept in `received`, so tests can check exactly what the web front forwarded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from aiohttp import web


def echo(body: dict) -> list[dict]:
    return [{"recipient_id": body["sender"], "text": f"You said: {body['message']}"}]


@dataclass
class FakeRasa:
    reply: Callable[[dict], list] = echo
    status: int = 200
    delay: float = 0.0
    raw: bytes | None = None  # sent as-is instead of JSON (a broken reply)
    received: list[dict] = field(default_factory=list)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        app.router.add_post("/conversations/{conversation_id}/tracker/events", self._events)
        return app

    async def _events(self, request: web.Request) -> web.Response:
        """Rasa's HTTP API for tracker events (staff resuming a paused chat)."""
        self.received.append({"conversation": request.match_info["conversation_id"],
                              "token": request.query.get("token"), "events": await request.json()})
        return web.json_response({})

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.raw is not None:
            return web.Response(body=self.raw, status=self.status, content_type="application/json")
        if self.status != 200:
            return web.json_response({"error": "boom"}, status=self.status)
        return web.json_response(self.reply(body))

    @property
    def messages(self) -> list[str]:
        return [body["message"] for body in self.received]
