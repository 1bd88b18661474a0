"""The referral store: a handoff to a person is committed to the database or kept in the spool.

`submit` never raises and never drops: if the database fails for any reason the referral is
written to the local spool, and `flush_spool` (or a `SpoolRetrier`) stores it later, exactly
once, because every referral carries the caller's idempotency key. Staff actions (claim, note,
close, resume, reopen) are single conditional updates, so two people cannot both claim the same
referral, and each leaves its own audit entry. A claimed referral is closed only by its claimer or
by someone allowed to reassign work (`may_reassign`); once closed, nothing changes it but `reopen`
with a reason.
Logs carry referral ids, routes and spool file names only: never what a person said.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event, select, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import selectinload

from bot.referrals.models import STATUSES, Referral, ReferralAudit, ReferralNote
from bot.referrals.records import (
    ID_PATTERN,
    NewReferral,
    ReferralError,
    ReferralView,
    StoreUnavailable,
    SubmitOutcome,
    new_referral_id,
    normalise_id,
    staff_name,
    staff_text,
    storable_key,
)
from bot.referrals.spool import Spool, SpoolRetrier
from core.db import make_engine, make_session_factory, upgrade
from core.settings import Settings
from core.vocabulary import REFERRAL_ROUTES

__all__ = ["ReferralStore", "SpoolRetrier", "open_store"]

log = logging.getLogger("bot.referrals")

CREATED_BY = "front door"
UNAVAILABLE = "The referral database cannot be reached just now, so nothing was changed. Please try again shortly."
UNAVAILABLE_TO_READ = "The referral database cannot be reached just now. Please try again shortly."


class _NoChange(Exception):
    """The conditional update matched nothing: the referral is missing or in the wrong state."""


def open_store(database_url: str | None = None, spool_dir: Path | None = None, *,
               busy_timeout_s: float = 10.0) -> ReferralStore:
    """Create the engine and bring the schema up to date. A database that is down does not stop
    the store opening: referrals are spooled until it is back."""
    settings = Settings.from_env()
    url = database_url or settings.database_url
    store = ReferralStore(
        _engine(url, busy_timeout_s), Spool(spool_dir or settings.var_dir / "spool" / "referrals"), url
    )
    store.ensure_schema()
    return store


class ReferralStore:
    def __init__(self, engine: Engine, spool: Spool, database_url: str):
        self.engine = engine
        self.spool = spool
        self._database_url = database_url
        self._sessions = make_session_factory(engine)
        self._schema_ready = False
        self._schema_lock = threading.Lock()
        self._flush_lock = threading.Lock()

    # --- handoffs from the bot ------------------------------------------------------------

    def submit(self, new: NewReferral) -> SubmitOutcome:
        created_at = _utcnow()
        record = new.record()
        try:
            referral_id, created = self._insert(record, created_at)
        except Exception as error:  # whatever went wrong, the referral must not be lost
            return self._spool_instead(new, record, created_at, error)
        log.info("referral %s %s (route %s)", referral_id, "stored" if created else "already stored", new.route)
        return SubmitOutcome(referral_id=referral_id, key=new.referral_key, stored=True, spooled=False)

    def flush_spool(self) -> int:
        """Store spooled referrals; returns how many this call wrote to the database."""
        stored = 0
        with self._flush_lock:
            for path in self.spool.pending():
                entry = self.spool.read(path)
                if entry is None:
                    continue
                try:
                    referral_id, created = self._insert(entry.record, entry.created_at, recovered=True)
                except (OperationalError, PoolTimeout, StoreUnavailable) as error:
                    log.warning("database still unavailable (%s); %d referral(s) stay spooled",
                                type(error).__name__, len(self.spool.pending()))
                    break
                except Exception as error:  # one bad record must not hold up the rest
                    log.error("spooled referral %s not stored (%s); will retry", path.name, type(error).__name__)
                    continue
                self.spool.remove(path)
                stored += created
                log.info("spooled referral %s %s as %s", path.name, "stored" if created else "was already stored",
                         referral_id)
        return stored

    def pending_spool(self) -> int:
        """How many referrals are waiting in the spool (for the staff console's warning)."""
        return len(self.spool.pending())

    # --- the duty team's queue ------------------------------------------------------------

    def list(self, status: str | None = None, route: str | None = None, limit: int = 200) -> list[ReferralView]:
        """Most urgent first, then newest."""
        if status is not None and status not in STATUSES:
            raise ReferralError(f"Status must be one of {', '.join(STATUSES)}, not {status!r}.")
        if route is not None and route not in REFERRAL_ROUTES:
            raise ReferralError(f"Route must be one of {', '.join(REFERRAL_ROUTES)}, not {route!r}.")
        query = _with_history(select(Referral))
        if status:
            query = query.where(Referral.status == status)
        if route:
            query = query.where(Referral.route == route)
        query = query.order_by(Referral.priority, Referral.created_at.desc(), Referral.id)
        query = query.limit(max(1, min(int(limit), 1000)))
        with self._reading() as session:
            return [_view(row) for row in session.execute(query).scalars()]

    def get(self, referral_id: str) -> ReferralView | None:
        query = _with_history(select(Referral)).where(Referral.id == normalise_id(referral_id))
        with self._reading() as session:
            row = session.execute(query).scalar_one_or_none()
            return _view(row) if row else None

    def get_by_key(self, referral_key: str) -> ReferralView | None:
        query = _with_history(select(Referral)).where(Referral.referral_key == storable_key(referral_key))
        with self._reading() as session:
            row = session.execute(query).scalar_one_or_none()
            return _view(row) if row else None

    def claim(self, referral_id: str, by: str) -> ReferralView:
        name, rid, now = staff_name(by), normalise_id(referral_id), _utcnow()
        change = (update(Referral).where(Referral.id == rid, Referral.status == "new")
                  .values(status="claimed", claimed_by=name, claimed_at=now, updated_at=now))

        def refusal(view: ReferralView) -> str:
            if view.status == "claimed":
                return f"{rid} is already claimed by {view.claimed_by}."
            return f"{rid} is closed, so it cannot be claimed."

        return self._change(rid, change, ReferralAudit(referral_id=rid, at=now, who=name, action="claimed"), refusal)

    def add_note(self, referral_id: str, by: str, text: str) -> ReferralView:
        name, rid, now = staff_name(by), normalise_id(referral_id), _utcnow()
        note = staff_text(text, "the text of the note")
        change = update(Referral).where(Referral.id == rid, Referral.status != "closed").values(updated_at=now)
        return self._change(
            rid, change, ReferralAudit(referral_id=rid, at=now, who=name, action="noted", detail="note added"),
            refusal=_closed_refusal(rid), also=ReferralNote(referral_id=rid, at=now, by=name, text=note),
        )

    def record_resume(self, referral_id: str, by: str) -> ReferralView:
        """The audit entry (and a note staff see) for un-pausing the person's chat; refused once closed."""
        name, rid, now = staff_name(by), normalise_id(referral_id), _utcnow()
        change = update(Referral).where(Referral.id == rid, Referral.status != "closed").values(updated_at=now)
        return self._change(
            rid, change, ReferralAudit(referral_id=rid, at=now, who=name, action="resumed",
                                       detail="conversation resumed in the chat"),
            refusal=_closed_refusal(rid),
            also=ReferralNote(referral_id=rid, at=now, by=name,
                              text="Conversation resumed: the person can carry on in the chat."),
        )

    def close(self, referral_id: str, by: str, outcome: str, *, may_reassign: bool = False) -> ReferralView:
        """Close with an outcome: a new referral by anyone, a claimed one by its claimer (or, with
        `may_reassign`, by someone allowed to take work over from a colleague)."""
        name, rid, now = staff_name(by), normalise_id(referral_id), _utcnow()
        result = staff_text(outcome, "the outcome")
        allowed = Referral.status.in_(("new", "claimed")) if may_reassign else (
            (Referral.status == "new") | ((Referral.status == "claimed") & (Referral.claimed_by == name)))
        change = (update(Referral).where(Referral.id == rid, allowed)
                  .values(status="closed", closed_by=name, closed_at=now, outcome=result, updated_at=now))
        audit = ReferralAudit(referral_id=rid, at=now, who=name, action="closed", detail=f"outcome: {result}")

        def refusal(view: ReferralView) -> str:
            if view.status == "closed":
                return f"{rid} is already closed by {view.closed_by}."
            return f"{rid} is claimed by {view.claimed_by}: only they, or a manager, can close it."

        return self._change(rid, change, audit, refusal)

    def reopen(self, referral_id: str, by: str, reason: str) -> ReferralView:
        """The one change a closed referral takes: back to the queue as new, with the reason audited.
        The earlier outcome stays in the audit trail."""
        name, rid, now = staff_name(by), normalise_id(referral_id), _utcnow()
        why = staff_text(reason, "the reason for reopening")
        change = (update(Referral).where(Referral.id == rid, Referral.status == "closed")
                  .values(status="new", claimed_by=None, claimed_at=None, closed_by=None, closed_at=None,
                          outcome=None, updated_at=now))
        audit = ReferralAudit(referral_id=rid, at=now, who=name, action="reopened", detail=f"reason: {why}")
        return self._change(rid, change, audit, refusal=lambda view: f"{rid} is not closed, so it cannot be reopened.")

    def add_contact(self, reference: str, contact: dict, by: str) -> ReferralView | None:
        """Add contact details the person gave with consent after the referral was made.

        `reference` is a referral id, or the referral key of one that was spooled and has since
        been stored. None when no stored referral matches (still spooled): the caller then makes
        a separate call-back referral so the number is not lost.
        """
        view = self.get_by_key(reference) if not ID_PATTERN.match(reference or "") else self.get(reference)
        if view is None:
            return None
        name, rid, now = staff_name(by), view.id, _utcnow()
        details = {str(k)[:50]: str(v)[:200] for k, v in contact.items() if v not in (None, "")}
        change = (update(Referral).where(Referral.id == rid, Referral.status != "closed")
                  .values(contact=details, consent=True, updated_at=now))
        audit = ReferralAudit(referral_id=rid, at=now, who=name, action="contact added",
                              detail="contact details given with consent")
        return self._change(rid, change, audit, refusal=_closed_refusal(rid))

    # --- plumbing ---------------------------------------------------------------------------

    def ensure_schema(self) -> bool:
        """Run the migrations once; False (and a warning) when the database is unreachable."""
        try:
            self._require_schema()
        except Exception as error:
            log.warning("referral database not ready (%s); referrals will be spooled", type(error).__name__)
            return False
        return True

    def dispose(self) -> None:
        self.engine.dispose()

    def _require_schema(self) -> None:
        if self._schema_ready:
            return
        with self._schema_lock:
            if not self._schema_ready:
                upgrade(self._database_url)
                self._schema_ready = True

    def _insert(self, record: dict, created_at: datetime, recovered: bool = False) -> tuple[str, bool]:
        """Commit one referral and its audit entry; (id, False) when its key is already stored."""
        self._require_schema()
        for _attempt in range(5):
            referral_id = new_referral_id()
            try:
                with self._sessions.begin() as session:
                    session.add(Referral(id=referral_id, created_at=created_at, updated_at=created_at,
                                         status="new", **record))
                    session.flush()
                    session.add(_created_audit(referral_id, record, created_at))
                    if recovered:
                        session.add(ReferralAudit(referral_id=referral_id, at=_utcnow(), who=CREATED_BY,
                                                  action="recovered",
                                                  detail="stored from the local spool after a database outage"))
                return referral_id, True
            except IntegrityError:
                existing = self._id_for_key(record["referral_key"])
                if existing:
                    return existing, False
                # Otherwise the random id was taken: draw another.
        raise RuntimeError("could not find a free referral id")

    def _id_for_key(self, key: str) -> str | None:
        with self._sessions() as session:
            return session.execute(select(Referral.id).where(Referral.referral_key == key)).scalar_one_or_none()

    def _spool_instead(self, new: NewReferral, record: dict, created_at: datetime, error: Exception) -> SubmitOutcome:
        try:
            path = self.spool.write(record, created_at)
        except Exception as spool_error:
            log.critical("referral (route %s) could NOT be kept: database %s, spool %s", new.route,
                         type(error).__name__, type(spool_error).__name__)
            return SubmitOutcome(referral_id=None, key=new.referral_key, stored=False, spooled=False)
        log.warning("database write failed (%s); referral (route %s) spooled as %s", type(error).__name__,
                    new.route, path.name)
        return SubmitOutcome(referral_id=None, key=new.referral_key, stored=False, spooled=True)

    def _change(self, rid: str, change, audit: ReferralAudit, refusal: Callable[[ReferralView], str],
                also=None) -> ReferralView:
        try:
            self._require_schema()
            with self._sessions.begin() as session:
                if session.execute(change.execution_options(synchronize_session=False)).rowcount != 1:
                    raise _NoChange
                session.add(audit)
                if also is not None:
                    session.add(also)
        except _NoChange:
            view = self.get(rid)
            raise ReferralError(refusal(view) if view else f"There is no referral {rid}.") from None
        except SQLAlchemyError as error:
            log.warning("referral %s: %s failed (%s)", rid, audit.action, type(error).__name__)
            raise StoreUnavailable(UNAVAILABLE) from None
        log.info("referral %s %s", rid, audit.action)
        return self.get(rid)

    @contextmanager
    def _reading(self):
        try:
            self._require_schema()
            with self._sessions() as session:
                yield session
        except SQLAlchemyError:
            raise StoreUnavailable(UNAVAILABLE_TO_READ) from None


def _engine(url: str, busy_timeout_s: float) -> Engine:
    try:
        return _make_engine(url, busy_timeout_s)
    except (ArgumentError, ImportError):
        # The URL may hold a password, so it is not repeated in the message.
        raise ValueError("DATABASE_URL must be a SQLite or PostgreSQL URL, such as sqlite:///var/frontdoor.db "
                         "or postgresql+psycopg2://user@host/frontdoor") from None


def _make_engine(url: str, busy_timeout_s: float) -> Engine:
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        engine = make_engine(url, hide_parameters=True, connect_args={"timeout": busy_timeout_s})
        # Runs after core.db's pragmas, so this store's wait for a locked database wins.
        event.listen(engine, "connect", lambda connection, _record: connection.execute(
            f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}"))
        return engine
    connect_args = {}
    if backend == "postgresql":
        # Give up quickly on a dead server (then spool) rather than keep a resident waiting.
        connect_args = {"connect_timeout": 5, "options": f"-c statement_timeout={int(busy_timeout_s * 1000)}"}
    return make_engine(url, hide_parameters=True, connect_args=connect_args, pool_size=5, max_overflow=20,
                       pool_timeout=busy_timeout_s)


def _closed_refusal(rid: str) -> Callable[[ReferralView], str]:
    def refusal(view: ReferralView) -> str:
        if view.status == "closed":
            return f"{rid} is closed: reopen it, with a reason, to change it."
        return f"{rid} could not be changed."
    return refusal


def _with_history(query):
    return query.options(selectinload(Referral.notes), selectinload(Referral.audit))


def _created_audit(referral_id: str, record: dict, at: datetime) -> ReferralAudit:
    hours = "in hours" if record["in_hours"] else "out of hours"
    detail = f"{record['route']} referral from the {record['channel']} channel for {record['team']} ({hours})"
    if not record["consent"]:
        detail += "; no consent to keep contact details"
    return ReferralAudit(referral_id=referral_id, at=at, who=CREATED_BY, action="created", detail=detail)


def _view(row: Referral) -> ReferralView:
    return ReferralView(
        id=row.id, referral_key=row.referral_key, conversation_id=row.conversation_id,
        created_at=row.created_at, updated_at=row.updated_at, route=row.route, priority=row.priority,
        reasons=list(row.reasons or []), channel=row.channel, about=row.about, transcript=list(row.transcript or []),
        what_matters=row.what_matters, contact=row.contact, consent=row.consent, in_hours=row.in_hours,
        team=row.team, status=row.status, claimed_by=row.claimed_by, claimed_at=row.claimed_at,
        closed_by=row.closed_by, closed_at=row.closed_at, outcome=row.outcome,
        notes=[{"at": n.at, "by": n.by, "text": n.text} for n in row.notes],
        audit=[{"at": a.at, "who": a.who, "action": a.action, "detail": a.detail} for a in row.audit],
    )


def _utcnow() -> datetime:
    return datetime.now(UTC)
