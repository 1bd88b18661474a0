"""The chat: the resident page at `/` and the JSON endpoints both chat pages use.

The browser never talks to Rasa. It posts `{"message": text}` (or, for a quick-reply button,
`{"message": title, "payload": payload}`) and gets `{"messages": [...]}` back, or an error
`{"error": code, "message": plain English}` it can show as it is.
"""

from __future__ import annotations

from collections import OrderedDict

from aiohttp import web

from bot.conversation.typed_input import start_message
from web import keys
from web.input import InputProblem, typed_message
from web.rasa import BotUnavailable
from web.security import client_address, json_error, read_json_object
from web.sessions import CHAT_COOKIE, new_token

# Sent when a conversation opens, so the bot greets first (and says it is automated). Rasa reads
# "/intent{...}" messages without running the NLU pipeline, so the pipeline's ChannelModeExtractor
# never sees this one: the channel goes in as an entity, or staff would get the residents' greeting.
# The Rasa channel accepts it only with the web front's channel key (RasaClient sends it).
start_payload = start_message

UNAVAILABLE_STATUS = {"timeout": 504, "unreachable": 503, "error": 502}
MAX_CONVERSATIONS_TRACKED = 20_000


class OfferedReplies:
    """The button payloads the bot last offered each conversation.

    Only these are forwarded as payloads: anything else a client sends as a "payload" is treated
    as typed text, so nobody can trigger an intent (or set a slot) the bot did not offer.
    """

    def __init__(self):
        self._offered: OrderedDict[str, frozenset[str]] = OrderedDict()

    def remember(self, conversation_id: str, replies: list[dict]) -> None:
        self._offered.pop(conversation_id, None)
        payloads = frozenset(b["payload"] for reply in replies for b in reply.get("buttons", []))
        if payloads:
            self._offered[conversation_id] = payloads
            while len(self._offered) > MAX_CONVERSATIONS_TRACKED:
                self._offered.popitem(last=False)

    def offered(self, conversation_id: str) -> frozenset[str]:
        return self._offered.get(conversation_id, frozenset())

    def forget(self, conversation_id: str) -> None:
        self._offered.pop(conversation_id, None)


def choose_message(body: dict, offered: frozenset[str]) -> str:
    payload = body.get("payload")
    if isinstance(payload, str) and payload in offered:
        return payload
    return typed_message(body.get("message"))


async def converse(request: web.Request, conversation_id: str, channel: str, rate_key: str, *,
                   start: bool = False) -> web.Response:
    """Check, forward to Rasa and answer; every failure gets a message the page can show."""
    app, wording = request.app, request.app[keys.WORDING]
    if request.content_type != "application/json":
        return json_error(415, "bad_request", wording["bad_request"])
    limiter = app[keys.CHAT_LIMITER]
    if not limiter.allow(rate_key):
        return json_error(429, "rate_limited", wording["rate_limited"],
                          {"Retry-After": str(limiter.retry_after(rate_key))})
    if start:
        message = start_payload(channel)
    else:
        body = await read_json_object(request)
        try:
            message = choose_message(body, app[keys.OFFERED].offered(conversation_id))
        except InputProblem as problem:
            if problem.code == "empty":
                return json_error(400, "empty", wording["empty_message"])
            return json_error(413, "too_long", wording["message_too_long"])
    try:
        replies = await app[keys.RASA].send(conversation_id, message, channel)
    except BotUnavailable as failure:
        return json_error(UNAVAILABLE_STATUS[failure.kind], "bot_unavailable", wording["bot_unavailable"])
    app[keys.OFFERED].remember(conversation_id, replies)
    return web.json_response({"messages": replies, "no_reply": None if replies else wording["no_reply"]})


# --- the resident's page and endpoints -------------------------------------------------------

async def chat_page(request: web.Request) -> web.Response:
    return request.app[keys.RENDER]("chat.html", request)


def _resident_conversation(request: web.Request) -> tuple[str, bool]:
    conversation_id = request.app[keys.SIGNER].unsign(request.cookies.get(CHAT_COOKIE))
    return (conversation_id, False) if conversation_id else (new_token(), True)


def _set_chat_cookie(request: web.Request, response: web.StreamResponse, conversation_id: str) -> None:
    # No expiry: a browser-session cookie, so there is no time limit while the page is open.
    response.set_cookie(CHAT_COOKIE, request.app[keys.SIGNER].sign(conversation_id), httponly=True,
                        samesite="Strict", secure=request.app[keys.SETTINGS].cookie_secure, path="/")


async def resident_chat(request: web.Request) -> web.Response:
    return await _resident_turn(request, start=False)


async def resident_start(request: web.Request) -> web.Response:
    return await _resident_turn(request, start=True)


async def _resident_turn(request: web.Request, start: bool) -> web.Response:
    conversation_id, is_new = _resident_conversation(request)
    response = await converse(request, conversation_id, "web", client_address(request), start=start)
    if is_new:
        _set_chat_cookie(request, response, conversation_id)
    return response


async def resident_restart(request: web.Request) -> web.Response:
    if request.content_type != "application/json":
        return json_error(415, "bad_request", request.app[keys.WORDING]["bad_request"])
    old_id, _ = _resident_conversation(request)
    request.app[keys.OFFERED].forget(old_id)
    response = web.json_response({"restarted": True})
    _set_chat_cookie(request, response, new_token())
    return response


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", chat_page)
    app.router.add_post("/chat", resident_chat)
    app.router.add_post("/chat/start", resident_start)
    app.router.add_post("/chat/restart", resident_restart)
