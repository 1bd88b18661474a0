"""`create_app(settings)`: the resident chat page, the staff console and the directory API.

Nothing connects at import time. The HTTP client for Rasa is made when the app starts; the
referral store and directory database are opened on first use.
"""

from __future__ import annotations

from pathlib import Path

import aiohttp
from aiohttp import web

from bot.council import load_council
from core.settings import Settings
from web import chat, directory_api, keys, queue, staff
from web.limits import LoginThrottle, RateLimiter
from web.rasa import RasaClient
from web.render import make_renderer
from web.security import MAX_REQUEST_BYTES, add_security_headers, friendly_errors
from web.sessions import Signer, StaffSessions, load_secret
from web.staff_users import StaffUsers
from web.wording import MAX_MESSAGE_CHARS, load_wording

STATIC = Path(__file__).with_name("static")


def create_app(settings: Settings | None = None, *, referral_store=None) -> web.Application:
    """The whole web front. `referral_store` replaces the real store (tests only)."""
    settings = settings or Settings.from_env()
    council = load_council(settings.council_file)
    wording = load_wording(council)
    app = web.Application(middlewares=[friendly_errors], client_max_size=MAX_REQUEST_BYTES)
    app[keys.SETTINGS] = settings
    app[keys.WORDING] = wording
    app[keys.RENDER] = make_renderer(
        {"council": council, "wording": wording, "max_chars": MAX_MESSAGE_CHARS,
         "quick_exit_url": settings.quick_exit_url, "rasa_timeout_ms": int(settings.rasa_timeout * 1000) + 5000}
    )
    app[keys.SIGNER] = Signer(load_secret(settings.session_secret, settings.var_dir))
    app[keys.CHAT_LIMITER] = RateLimiter(settings.chat_rate_limit, 60.0)
    app[keys.LOGIN_THROTTLE] = LoginThrottle(max_failures=5, lock_seconds=15 * 60)
    app[keys.STAFF_USERS] = StaffUsers(settings.staff_users_file or settings.var_dir / "staff-users.yml")
    app[keys.STAFF_SESSIONS] = StaffSessions()
    app[keys.OFFERED] = chat.OfferedReplies()
    app[keys.REFERRAL_DESK] = queue.ReferralDesk(settings.database_url, settings.var_dir / "spool" / "referrals",
                                                   store=referral_store)
    app.on_response_prepare.append(add_security_headers)
    app.cleanup_ctx.append(_rasa_client)

    chat.add_routes(app)
    staff.add_routes(app)
    queue.add_routes(app)
    app[keys.DIRECTORY_API_MOUNTED] = directory_api.add_routes(app, settings.database_url)
    app.router.add_static("/static", STATIC, append_version=False)
    app.router.add_get("/healthz", _health)
    app.router.add_get("/favicon.ico", _no_icon)
    return app


async def _rasa_client(app: web.Application):
    settings = app[keys.SETTINGS]
    async with aiohttp.ClientSession() as http:
        app[keys.RASA] = RasaClient(settings.rasa_url, http, settings.rasa_timeout, settings.channel_secret)
        yield


async def _health(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


async def _no_icon(_request: web.Request) -> web.Response:
    return web.Response(status=204)  # browsers ask for one; an empty answer keeps their consoles clean
