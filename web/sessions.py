"""Sessions: a signed cookie naming the resident's conversation, and server-side staff sessions.

The resident's cookie holds only an opaque random conversation id (the Rasa sender id), signed so it
cannot be chosen by someone else. Staff sessions live in memory, so signing out really ends them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

CHAT_COOKIE = "fd_chat"
STAFF_COOKIE = "fd_staff"
LOGIN_COOKIE = "fd_login"
STAFF_IDLE_SECONDS = 10 * 60 * 60  # a working day; residents have no time limit at all
MAX_STAFF_SESSIONS = 5_000


def new_token() -> str:
    return secrets.token_urlsafe(24)


def load_secret(configured: str | None, var_dir: Path) -> bytes:
    """FRONTDOOR_SESSION_SECRET, else a random key kept in var/ so a restart keeps conversations."""
    if configured:
        return hashlib.sha256(configured.encode("utf-8")).digest()
    key_file = var_dir / "web-session.key"
    try:
        if key_file.exists():
            return bytes.fromhex(key_file.read_text(encoding="ascii").strip())
        var_dir.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as out:
            out.write(secret.hex())
        return secret
    except (OSError, ValueError):
        log.warning("could not keep a session key in %s; conversations will not survive a restart", var_dir)
        return secrets.token_bytes(32)


class Signer:
    def __init__(self, secret: bytes):
        self._secret = secret

    def sign(self, value: str) -> str:
        mac = hmac.new(self._secret, value.encode("utf-8"), hashlib.sha256).digest()
        return f"{value}.{base64.urlsafe_b64encode(mac).decode('ascii').rstrip('=')}"

    def unsign(self, signed: str | None) -> str | None:
        if not signed or "." not in signed or len(signed) > 200:
            return None
        value, _ = signed.rsplit(".", 1)
        return value if hmac.compare_digest(self.sign(value), signed) else None


@dataclass
class StaffSession:
    username: str
    csrf: str = field(default_factory=new_token)
    conversation_id: str = field(default_factory=new_token)
    last_seen: float = field(default_factory=time.monotonic)


class StaffSessions:
    def __init__(self, idle_seconds: float = STAFF_IDLE_SECONDS, clock=time.monotonic):
        self.idle_seconds, self.clock = idle_seconds, clock
        self._sessions: OrderedDict[str, StaffSession] = OrderedDict()

    def create(self, username: str) -> tuple[str, StaffSession]:
        token = new_token()
        session = StaffSession(username=username, last_seen=self.clock())
        self._sessions[token] = session
        while len(self._sessions) > MAX_STAFF_SESSIONS:
            self._sessions.popitem(last=False)
        return token, session

    def get(self, token: str | None) -> StaffSession | None:
        session = self._sessions.get(token) if token else None
        if session is None:
            return None
        if self.clock() - session.last_seen > self.idle_seconds:
            del self._sessions[token]
            return None
        session.last_seen = self.clock()
        self._sessions.move_to_end(token)
        return session

    def end(self, token: str | None) -> None:
        if token:
            self._sessions.pop(token, None)
