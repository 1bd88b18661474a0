"""Headers every response carries, friendly errors instead of stack traces, and a log with no personal data."""

from __future__ import annotations

import json
import logging

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger

from core.log_privacy import escape
from web import keys

log = logging.getLogger("web")

MAX_REQUEST_BYTES = 64 * 1024  # a 5,000-character message is at most ~20 KB of JSON

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # No referrer: the quick-exit site and any linked service never learn this page was open.
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith("/static/"):
        # Pages and replies hold conversations: keep them out of caches and the back-forward cache.
        response.headers["Cache-Control"] = "no-store"


def wants_json(request: web.Request) -> bool:
    return (
        request.path.startswith(("/chat", "/staff/chat", "/api/"))
        or "application/json" in request.headers.get("Accept", "")
    )


def json_error(status: int, code: str, message: str, headers: dict | None = None) -> web.Response:
    return web.json_response({"error": code, "message": message}, status=status, headers=headers)


def client_address(request: web.Request) -> str:
    """Who is asking, for limits only. Behind a proxy every client looks the same: see the report."""
    return request.remote or "unknown"


class UnreadableBody(Exception):
    """The body is not a JSON object (binary, truncated, not UTF-8, a list...)."""


async def read_json_object(request: web.Request) -> dict:
    """The request body as a JSON object; raises UnreadableBody or web.HTTPRequestEntityTooLarge."""
    if request.content_length is not None and request.content_length > MAX_REQUEST_BYTES:
        raise web.HTTPRequestEntityTooLarge(max_size=MAX_REQUEST_BYTES, actual_size=request.content_length)
    raw = await request.read()
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # RecursionError: nested too deeply
        raise UnreadableBody() from error
    if not isinstance(body, dict):
        raise UnreadableBody()
    return body


@web.middleware
async def friendly_errors(request: web.Request, handler):
    """Too-big bodies and bugs get a plain-English answer (JSON for the chat, a page otherwise)."""
    wording = request.app[keys.WORDING]
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        return _problem(request, 413, "too_large", wording["request_too_large"])
    except UnreadableBody:
        return _problem(request, 400, "bad_request", wording["bad_request"])
    except web.HTTPNotFound:
        if wants_json(request):
            raise
        return _problem(request, 404, "not_found", "Sorry, there is no page at this address.")
    except web.HTTPException:
        raise
    except Exception as error:  # noqa: BLE001 - the person must get an answer, whatever broke
        # The exception text may quote what someone typed, so only its type is logged.
        log.error("unhandled %s on %s %s", type(error).__name__, request.method, request.path)
        return _problem(request, 500, "server_error", wording["server_error"])


def _problem(request: web.Request, status: int, code: str, message: str) -> web.Response:
    if wants_json(request):
        return json_error(status, code, message)
    page = request.app[keys.RENDER]("error.html", request, status=status, message=message)
    page.set_status(status)
    return page


class PrivateAccessLogger(AbstractAccessLogger):
    """Method, path (never the query string), status and time: no addresses, cookies or bodies.

    The path is written escaped (a decoded %0a would otherwise start a forged log line)."""

    def log(self, request, response, time: float) -> None:  # noqa: A002 - aiohttp's signature
        self.logger.info("%s %s %s %.1fms", escape(request.method), escape(request.path), response.status,
                         time * 1000)
