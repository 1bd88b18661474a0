"""Typed keys for what the application holds (aiohttp's AppKey), named in one place."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING

from aiohttp import web

from core.settings import Settings

if TYPE_CHECKING:
    from web.chat import OfferedReplies
    from web.directory_api import DirectorySessions
    from web.limits import LoginThrottle, RateLimiter
    from web.queue import ReferralDesk
    from web.rasa import RasaClient
    from web.sessions import Signer, StaffSessions
    from web.staff_users import StaffUsers

SETTINGS = web.AppKey("settings", Settings)
WORDING: web.AppKey[dict[str, str]] = web.AppKey("wording")
RENDER: web.AppKey[Callable[..., web.Response]] = web.AppKey("render")
SIGNER: web.AppKey[Signer] = web.AppKey("signer")
CHAT_LIMITER: web.AppKey[RateLimiter] = web.AppKey("chat_limiter")
LOGIN_THROTTLE: web.AppKey[LoginThrottle] = web.AppKey("login_throttle")
STAFF_USERS: web.AppKey[StaffUsers] = web.AppKey("staff_users")
STAFF_SESSIONS: web.AppKey[StaffSessions] = web.AppKey("staff_sessions")
OFFERED: web.AppKey[OfferedReplies] = web.AppKey("offered")
REFERRAL_DESK: web.AppKey[ReferralDesk] = web.AppKey("referral_desk")
RASA: web.AppKey[RasaClient] = web.AppKey("rasa")
DIRECTORY_API: web.AppKey[ModuleType] = web.AppKey("directory_api")
DIRECTORY_SESSIONS: web.AppKey[DirectorySessions] = web.AppKey("directory_sessions")
DIRECTORY_API_MOUNTED = web.AppKey("directory_api_mounted", bool)
