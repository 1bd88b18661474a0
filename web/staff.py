"""Staff sign-in, sign-out and the guided-script conversation.

Pages without a session redirect to the sign-in page; JSON endpoints answer 401.
Every POST carries a CSRF token: a form field, or the X-CSRF-Token header from the page's script.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import re

from aiohttp import web

from web import keys
from web.chat import converse
from web.security import client_address, json_error
from web.sessions import LOGIN_COOKIE, STAFF_COOKIE, StaffSession, new_token
from web.staff_users import normalise_username

SAFE_NEXT = re.compile(r"^/staff(/[A-Za-z0-9_-]+)*$")
DEFAULT_PAGE = "/staff/queue"


def current_staff(request: web.Request) -> StaffSession | None:
    return request.app[keys.STAFF_SESSIONS].get(request.cookies.get(STAFF_COOKIE))


def csrf_ok(session: StaffSession, token) -> bool:
    return isinstance(token, str) and hmac.compare_digest(session.csrf.encode(), token.encode("utf-8", "replace"))


def staff_page(handler):
    """Pages: sign in first. POSTs must carry the session's CSRF token in the form."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request):
        session = current_staff(request)
        if session is None:
            if request.method == "GET" and SAFE_NEXT.match(request.path):
                raise web.HTTPSeeOther(f"/staff/login?next={request.path}")
            raise web.HTTPSeeOther("/staff/login")
        request["staff"] = session
        if request.method == "POST":
            form = await request.post()
            if not csrf_ok(session, form.get("csrf_token")):
                return request.app[keys.RENDER]("error.html", request, status=403,
                                             message=request.app[keys.WORDING]["form_expired"])
            request["form"] = form
        return await handler(request)

    return wrapper


def staff_json(handler):
    """JSON endpoints: 401 without a session, 403 without the CSRF header."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request):
        wording = request.app[keys.WORDING]
        session = current_staff(request)
        if session is None:
            return json_error(401, "login_required", wording["login_required"])
        if not csrf_ok(session, request.headers.get("X-CSRF-Token")):
            return json_error(403, "form_expired", wording["form_expired"])
        request["staff"] = session
        return await handler(request)

    return wrapper


# --- signing in and out ------------------------------------------------------------------------

async def login_page(request: web.Request) -> web.Response:
    if current_staff(request) is not None:
        raise web.HTTPSeeOther(DEFAULT_PAGE)
    notice = "You have signed out." if "signed_out" in request.query else None
    return _login_form(request, notice=notice)


def _login_form(request: web.Request, *, error: str | None = None, notice: str | None = None,
                status: int = 200, username: str = "") -> web.Response:
    token = new_token()
    next_page = request.query.get("next", "")
    response = request.app[keys.RENDER](
        "staff/login.html", request, status=status, csrf_token=token, error=error, notice=notice,
        username=username, next_page=next_page if SAFE_NEXT.match(next_page) else "",
        users_exist=request.app[keys.STAFF_USERS].any(),
    )
    response.set_cookie(LOGIN_COOKIE, request.app[keys.SIGNER].sign(token), httponly=True, samesite="Strict",
                        secure=request.app[keys.SETTINGS].cookie_secure, path="/staff/login")
    return response


async def login_submit(request: web.Request) -> web.Response:
    app, wording = request.app, request.app[keys.WORDING]
    form = await request.post()
    expected = app[keys.SIGNER].unsign(request.cookies.get(LOGIN_COOKIE))
    given = form.get("csrf_token")
    if not expected or not isinstance(given, str) or not hmac.compare_digest(expected.encode(), given.encode()):
        return _login_form(request, error=wording["form_expired"], status=400)
    username = normalise_username(str(form.get("username", "")))[:64]
    password = form.get("password")
    password = password if isinstance(password, str) else ""
    client, throttle = client_address(request), app[keys.LOGIN_THROTTLE]
    if throttle.locked(username, client):
        return _login_form(request, error=wording["login_locked"], status=429, username=username)
    # scrypt takes tens of milliseconds of CPU: keep it off the event loop.
    if not username or not await asyncio.to_thread(app[keys.STAFF_USERS].check, username, password):
        throttle.failed(username, client)
        locked = throttle.locked(username, client)
        return _login_form(request, error=wording["login_locked" if locked else "login_failed"],
                           status=429 if locked else 401, username=username)
    throttle.succeeded(username, client)
    token, _ = app[keys.STAFF_SESSIONS].create(username)
    next_page = str(form.get("next", ""))
    response = web.HTTPSeeOther(next_page if SAFE_NEXT.match(next_page) else DEFAULT_PAGE)
    response.set_cookie(STAFF_COOKIE, token, httponly=True, samesite="Lax",
                        secure=app[keys.SETTINGS].cookie_secure, path="/staff")
    response.del_cookie(LOGIN_COOKIE, path="/staff/login")
    raise response


@staff_page
async def logout(request: web.Request) -> web.Response:
    request.app[keys.STAFF_SESSIONS].end(request.cookies.get(STAFF_COOKIE))
    response = web.HTTPSeeOther("/staff/login?signed_out=1")
    response.del_cookie(STAFF_COOKIE, path="/staff")
    raise response


@staff_page
async def staff_home(request: web.Request) -> web.Response:
    raise web.HTTPSeeOther(DEFAULT_PAGE)


# --- the guided-script conversation --------------------------------------------------------------

@staff_page
async def conversation_page(request: web.Request) -> web.Response:
    return request.app[keys.RENDER]("staff/conversation.html", request, staff=request["staff"])


@staff_json
async def staff_chat(request: web.Request) -> web.Response:
    session = request["staff"]
    return await converse(request, session.conversation_id, "staff", f"staff:{session.username}")


@staff_json
async def staff_start(request: web.Request) -> web.Response:
    session = request["staff"]
    return await converse(request, session.conversation_id, "staff", f"staff:{session.username}", start=True)


@staff_json
async def staff_restart(request: web.Request) -> web.Response:
    session = request["staff"]
    request.app[keys.OFFERED].forget(session.conversation_id)
    session.conversation_id = new_token()
    return web.json_response({"restarted": True})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/staff", staff_home)
    app.router.add_get("/staff/login", login_page)
    app.router.add_post("/staff/login", login_submit)
    app.router.add_post("/staff/logout", logout)
    app.router.add_get("/staff/conversation", conversation_page)
    app.router.add_post("/staff/chat", staff_chat)
    app.router.add_post("/staff/chat/start", staff_start)
    app.router.add_post("/staff/chat/restart", staff_restart)
