"""What the REST webhook checks before Rasa sees a request: the body's type and size, the rate per
sender and per client, the sender id, and whether the request comes from our own web front.

Everything here answers with a status and a plain message, never an exception, so one bad request
cannot stop the server. The limits live in this process's memory (one Rasa server per machine).
"""

from __future__ import annotations

import hmac
import json
import time
import unicodedata
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

# Room for the longest message the channel reads (100,000 characters, rest_channel.py) as plain JSON;
# the web front's own limit is far lower (5,000 characters in 64 kB).
MAX_BODY_BYTES = 256 * 1024
MAX_SENDER_CHARS = 128
MAX_TRACKED = 50_000
# The web front proves who it is with this header (the shared secret in core/settings.py); only then
# may a request carry metadata switches such as the staff channel.
CHANNEL_KEY_HEADER = "X-FrontDoor-Channel-Key"
# Characters a sender id may not hold: control characters (NUL too), lone surrogates, format
# characters (zero-width and direction marks) and line or paragraph separators.
FORBIDDEN_IN_SENDER = frozenset({"Cc", "Cs", "Cf", "Zl", "Zp", "Co", "Cn"})


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str
    retry_after: int | None = None


class RateLimiter:
    """At most `limit` requests per `window` seconds for each key (a sliding window, capped in size)."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        now = self.clock()
        events = self._events.pop(key, None) or deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        allowed = len(events) < self.limit
        if allowed:
            events.append(now)
        self._events[key] = events
        while len(self._events) > MAX_TRACKED:
            self._events.popitem(last=False)
        return allowed

    def retry_after(self, key: str) -> int:
        events = self._events.get(key)
        return max(1, int(events[0] + self.window - self.clock()) + 1) if events else 1


def refuse_body(content_type: str | None, content_length: str | None, body: bytes | None) -> Refusal | None:
    """415 for anything but JSON, 413 for a body over the limit (checked before it is parsed)."""
    if (content_type or "").split(";")[0].strip().lower() != "application/json":
        return Refusal(415, "Send the message as JSON (Content-Type: application/json).")
    try:
        declared = int(content_length) if content_length else 0
    except ValueError:
        return Refusal(400, "The Content-Length header is not a number.")
    if declared > MAX_BODY_BYTES or len(body or b"") > MAX_BODY_BYTES:
        return Refusal(413, f"The request is too large: at most {MAX_BODY_BYTES // 1024} kB.")
    return None


def parse_object(body: bytes | None) -> dict | None:
    """The body as a JSON object, or None (not UTF-8, not JSON, nested too deeply, not an object)."""
    try:
        parsed = json.loads((body or b"").decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None


def normalise_sender(value: object) -> str | Refusal:
    """The sender id as stored, or why it cannot be: 1-128 characters, none of them control characters."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return Refusal(400, 'The sender id must be a string, e.g. {"sender": "id", "message": "text"}.')
    if any(unicodedata.category(char) in FORBIDDEN_IN_SENDER for char in value):
        return Refusal(400, "The sender id may not contain control characters, lone surrogates or invisible characters.")
    sender = unicodedata.normalize("NFC", value).strip()
    if not sender or len(sender) > MAX_SENDER_CHARS:
        return Refusal(400, f"The sender id must be 1 to {MAX_SENDER_CHARS} characters long.")
    return sender


def from_web_front(header: str | None, secret: str | None) -> bool:
    return bool(secret and header) and hmac.compare_digest(header.encode("utf-8", "replace"), secret.encode("utf-8"))
