"""The duty queue: referrals most urgent and newest first; claim, add a note, close with an outcome.

Every change goes through the referral store, which records who did what and when.
The list shows only what triage needs; contact details and the transcript are on the referral's own page.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import datetime
from pathlib import Path

from aiohttp import web

from bot.referrals.models import STATUSES
from core.clock import UK_TZ
from core.vocabulary import REFERRAL_ROUTES
from web import keys
from web.input import InputProblem, clean_text
from web.staff import staff_page

log = logging.getLogger(__name__)

REFERRAL_ID = re.compile(r"^[A-Za-z0-9-]{1,40}$")
STATUS_FILTERS = ("open", *STATUSES, "all")  # "open" (new or claimed) is what a duty worker wants first
DONE = {"claimed": "done_claimed", "noted": "done_noted", "closed": "done_closed", "resumed": "done_resumed"}


class ReferralDesk:
    """Opens the referral store on first use (it upgrades the schema), so start-up never waits on it."""

    def __init__(self, database_url: str, spool_dir: Path, store=None):
        self.database_url, self.spool_dir = database_url, spool_dir
        self._store = store
        self._lock = asyncio.Lock()

    async def store(self):
        if self._store is None:
            async with self._lock:
                if self._store is None:
                    from bot.referrals import open_store

                    self._store = await asyncio.to_thread(open_store, self.database_url, self.spool_dir)
        return self._store

    async def call(self, method: str, *args, **kwargs):
        store = await self.store()
        return await asyncio.to_thread(getattr(store, method), *args, **kwargs)


class DeskUnavailable(Exception):
    pass


async def _desk_call(request: web.Request, method: str, *args, **kwargs):
    import bot.referrals
    from bot.referrals import ReferralError

    # StoreUnavailable (database down) is a ReferralError in the store; not part of the fixed contract.
    StoreUnavailable = getattr(bot.referrals, "StoreUnavailable", ())  # noqa: N806
    try:
        return await request.app[keys.REFERRAL_DESK].call(method, *args, **kwargs)
    except StoreUnavailable as error:
        raise DeskUnavailable() from error
    except ReferralError:
        raise
    except Exception as error:  # the database or the store failed: say so, don't show a stack trace
        log.error("referral store %s failed: %s", method, type(error).__name__)
        raise DeskUnavailable() from error


def _unavailable(request: web.Request) -> web.Response:
    return request.app[keys.RENDER]("error.html", request, status=503,
                                 message=request.app[keys.WORDING]["referrals_unavailable"])


def _when(value) -> str:
    """An ISO time (or datetime) as UK local time people read easily: 'Tue 4 Jun 2024, 14:05'."""
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if moment.tzinfo is None:
        return moment.strftime("%a %-d %b %Y, %H:%M")
    return moment.astimezone(UK_TZ).strftime("%a %-d %b %Y, %H:%M")


async def _open_referrals(request: web.Request, route: str | None) -> list[dict]:
    views = [*await _desk_call(request, "list", status="new", route=route),
             *await _desk_call(request, "list", status="claimed", route=route)]
    rows = [view.to_dict() for view in views]
    rows.sort(key=lambda row: str(row.get("created_at")), reverse=True)
    rows.sort(key=lambda row: row.get("priority") or 99)  # stable: most urgent, then newest
    return rows


@staff_page
async def queue_page(request: web.Request) -> web.Response:
    status = request.query.get("status", "open")
    status = status if status in STATUS_FILTERS else "open"
    route = request.query.get("route", "")
    route = route if route in REFERRAL_ROUTES else ""
    try:
        if status == "open":
            rows = await _open_referrals(request, route or None)
        else:
            views = await _desk_call(request, "list", status=None if status == "all" else status, route=route or None)
            rows = [view.to_dict() for view in views]
    except DeskUnavailable:
        return _unavailable(request)
    return request.app[keys.RENDER]("staff/queue.html", request, staff=request["staff"], rows=rows,
                                 status_filter=status, route=route, statuses=STATUS_FILTERS, routes=REFERRAL_ROUTES, when=_when)


async def _referral_page(request: web.Request, referral_id: str, *, error: str | None = None,
                         status: int = 200) -> web.Response:
    try:
        view = await _desk_call(request, "get", referral_id)
    except DeskUnavailable:
        return _unavailable(request)
    if view is None:
        return _not_found(request)
    done = DONE.get(request.query.get("done", ""))
    return request.app[keys.RENDER](
        "staff/referral.html", request, status=status, staff=request["staff"], referral=view.to_dict(),
        error=error, done=request.app[keys.WORDING][done] if done else None, when=_when,
    )


def _not_found(request: web.Request) -> web.Response:
    return request.app[keys.RENDER]("error.html", request, status=404,
                                 message="There is no referral with that reference. Check it and try again.")


def _referral_id(request: web.Request) -> str | None:
    referral_id = request.match_info["referral_id"]
    return referral_id if REFERRAL_ID.match(referral_id) else None


@staff_page
async def referral_page(request: web.Request) -> web.Response:
    referral_id = _referral_id(request)
    return await _referral_page(request, referral_id) if referral_id else _not_found(request)


async def _act(request: web.Request, method: str, done: str, field: str | None = None,
               empty_key: str = "") -> web.Response:
    from bot.referrals import ReferralError

    referral_id, wording = _referral_id(request), request.app[keys.WORDING]
    if referral_id is None:
        return _not_found(request)
    args = [referral_id, request["staff"].username]
    if field:
        try:
            args.append(clean_text(request["form"].get(field)))
        except InputProblem as problem:
            message = wording[empty_key] if problem.code == "empty" else wording["text_too_long"]
            return await _referral_page(request, referral_id, error=message, status=400)
    try:
        await _desk_call(request, method, *args)
    except DeskUnavailable:
        return _unavailable(request)
    except ReferralError as error:
        return await _referral_page(request, referral_id, error=str(error), status=409)
    raise web.HTTPSeeOther(f"/staff/queue/{referral_id}?done={done}")


@staff_page
async def claim(request: web.Request) -> web.Response:
    return await _act(request, "claim", "claimed")


@staff_page
async def add_note(request: web.Request) -> web.Response:
    return await _act(request, "add_note", "noted", "note", "note_empty")


@staff_page
async def close(request: web.Request) -> web.Response:
    return await _act(request, "close", "closed", "outcome", "outcome_empty")


@staff_page
async def resume(request: web.Request) -> web.Response:
    """Un-pause the person's chat through the Rasa API; the store notes who did it."""
    from bot.referrals import ReferralError
    from bot.referrals.resume import resume_conversation

    referral_id = _referral_id(request)
    if referral_id is None:
        return _not_found(request)
    try:
        store = await request.app[keys.REFERRAL_DESK].store()
        await asyncio.to_thread(resume_conversation, store, referral_id, request["staff"].username,
                                request.app[keys.SETTINGS])
    except ReferralError as error:
        return await _referral_page(request, referral_id, error=str(error), status=409)
    except Exception as error:
        log.error("resume failed: %s", type(error).__name__)
        return _unavailable(request)
    raise web.HTTPSeeOther(f"/staff/queue/{referral_id}?done=resumed")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/staff/queue", queue_page)
    app.router.add_get("/staff/queue/{referral_id}", referral_page)
    app.router.add_post("/staff/queue/{referral_id}/claim", claim)
    app.router.add_post("/staff/queue/{referral_id}/note", add_note)
    app.router.add_post("/staff/queue/{referral_id}/close", close)
    app.router.add_post("/staff/queue/{referral_id}/resume", resume)
