"""The values that pass through the referral store: what a caller submits and what staff see.

Text is cleaned on the way in (NUL bytes, broken Unicode, runaway length) because a value the
database refuses would sit in the spool for ever; cleaning keeps every referral storable.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime

from bot.referrals.models import ROUTE_PRIORITY, SPEAKERS
from core.vocabulary import ABOUT, CHANNELS, REFERRAL_ROUTES

# No 0/O or 1/I/L: the reference is read out over the phone.
ID_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
ID_PATTERN = re.compile(rf"^FD-[{ID_ALPHABET}]{{6}}$")
MAX_KEY = 200
MAX_TURNS = 500
MAX_TURN_TEXT = 10_000
MAX_WHAT_MATTERS = 5_000
MAX_STAFF_TEXT = 5_000
MAX_NAME = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ReferralError(Exception):
    """A staff action that cannot be done; the message is written for the person who asked."""


class StoreUnavailable(ReferralError):
    """The referral database cannot be reached just now."""


@dataclass(kw_only=True)
class NewReferral:
    """What the caller knows when a person must reach a human. Checked when built, so a
    programming mistake (an unknown route, say) shows up in the caller's own tests."""

    referral_key: str
    route: str
    reasons: list[str]
    channel: str
    about: str
    transcript: list[dict]
    in_hours: bool
    team: str
    what_matters: str | None = None
    contact: dict | None = None
    consent: bool = False
    conversation_id: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.referral_key, str) or not self.referral_key.strip():
            raise ValueError("referral_key must be a non-empty string (for example conversation id + event time)")
        for name, allowed in (("route", REFERRAL_ROUTES), ("channel", CHANNELS), ("about", ABOUT)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, not {getattr(self, name)!r}")
        if not isinstance(self.transcript, list | tuple):
            raise ValueError("transcript must be a list of {who, text, at} entries")
        for turn in self.transcript:
            if not isinstance(turn, Mapping) or turn.get("who") not in SPEAKERS:
                raise ValueError(f"each transcript entry needs who = one of {', '.join(SPEAKERS)}")
        if not isinstance(self.team, str) or not self.team.strip():
            raise ValueError("team must name the team that receives the referral")
        if self.contact is not None and not isinstance(self.contact, Mapping):
            raise ValueError("contact must be a mapping such as {'phone': ...} or None")
        json.dumps(self.record(), allow_nan=False)  # fails here, not in the spool, if something is not JSON

    def record(self) -> dict:
        """The cleaned, JSON-ready values to store. Contact details are kept only with consent."""
        turns = [_turn(turn) for turn in self.transcript]
        if len(turns) > MAX_TURNS:
            left_out = len(turns) - MAX_TURNS
            turns = [{"who": "bot", "text": f"[{left_out} earlier messages were left out]", "at": None}] + turns[-MAX_TURNS:]
        return {
            "referral_key": storable_key(self.referral_key),
            "conversation_id": _short(self.conversation_id, MAX_KEY) if self.conversation_id else None,
            "route": self.route,
            "priority": ROUTE_PRIORITY[self.route],
            "reasons": _json_clean([self.reasons] if isinstance(self.reasons, str) else list(self.reasons or [])),
            "channel": self.channel,
            "about": self.about,
            "transcript": turns,
            "what_matters": _short(self.what_matters, MAX_WHAT_MATTERS) if self.what_matters else None,
            "contact": _json_clean(dict(self.contact)) if self.consent and self.contact else None,
            "consent": bool(self.consent),
            "in_hours": bool(self.in_hours),
            "team": _short(self.team, 40),
        }


@dataclass(frozen=True)
class SubmitOutcome:
    """`stored`: committed to the database, `referral_id` set. `spooled`: kept safely on local disk
    and stored later (no id yet). Neither: nothing could be kept, so tell the person to phone."""

    referral_id: str | None
    key: str
    stored: bool
    spooled: bool


@dataclass(frozen=True)
class ReferralView:
    id: str
    referral_key: str
    conversation_id: str | None
    created_at: datetime
    updated_at: datetime
    route: str
    priority: int
    reasons: list
    channel: str
    about: str
    transcript: list
    what_matters: str | None
    contact: dict | None
    consent: bool
    in_hours: bool
    team: str
    status: str
    claimed_by: str | None
    claimed_at: datetime | None
    closed_by: str | None
    closed_at: datetime | None
    outcome: str | None
    notes: list[dict] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {f.name: _jsonable(getattr(self, f.name)) for f in fields(self)}


def new_referral_id() -> str:
    return "FD-" + "".join(secrets.choice(ID_ALPHABET) for _ in range(6))


def normalise_id(text: str) -> str:
    """Staff type references loosely: " fd-7k3q9p " and "7K3Q9P" both mean FD-7K3Q9P."""
    cleaned = re.sub(r"\s+", "", str(text or "")).upper()
    return cleaned if cleaned.startswith("FD-") else f"FD-{cleaned}"


def storable_key(key: str) -> str:
    """Keys longer than the column are replaced by their hash, which keeps them unique and stable."""
    key = _short(key.strip(), 10**6)
    if len(key) <= MAX_KEY:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8")).hexdigest()


def staff_text(value, what: str, limit: int = MAX_STAFF_TEXT) -> str:
    """A name, note or outcome typed by staff: required, printable, not too long."""
    text = _CONTROL.sub("", _unicode_safe(str(value or ""))).strip()
    if not text:
        raise ReferralError(f"Please give {what}.")
    if len(text) > limit:
        raise ReferralError(f"{what.capitalize()} is too long: at most {limit} characters, please.")
    return text


def staff_name(value) -> str:
    return re.sub(r"\s+", " ", staff_text(value, "your name", MAX_NAME))


def _turn(turn: Mapping) -> dict:
    at = turn.get("at")
    return {
        "who": turn["who"],
        "text": _short(turn.get("text") or "", MAX_TURN_TEXT),
        "at": at.isoformat() if isinstance(at, datetime) else (_short(at, 64) if at is not None else None),
    }


def _short(value, limit: int) -> str:
    text = _unicode_safe(str(value)).replace("\x00", "")
    return text if len(text) <= limit else text[: limit - 12] + " [shortened]"


def _unicode_safe(text: str) -> str:
    """Lone surrogates cannot be written as UTF-8; swap them for U+FFFD instead of failing later."""
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def _json_clean(value, depth: int = 0):
    if depth > 5:
        return _short(value, 500)
    if isinstance(value, Mapping):
        return {_short(k, 100): _json_clean(v, depth + 1) for k, v in list(value.items())[:50]}
    if isinstance(value, list | tuple):
        return [_json_clean(v, depth + 1) for v in list(value)[:50]]
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        return value
    return _short(value, 1000)


def _jsonable(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value
