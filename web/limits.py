"""In-memory limits: chat messages per client per minute, and staff sign-in lock-out.

Both forget old entries and are capped in size, so a flood of new clients cannot exhaust memory.
They live in one process; running several web processes would need a shared store (e.g. Redis).
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Callable

Clock = Callable[[], float]
MAX_TRACKED = 50_000


class RateLimiter:
    """At most `limit` events per `window` seconds for each key (a sliding window)."""

    def __init__(self, limit: int, window: float = 60.0, clock: Clock = time.monotonic):
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
        if not events:
            return 0
        return max(1, int(events[0] + self.window - self.clock()) + 1)


class LoginThrottle:
    """Lock a username on one client after `max_failures` wrong passwords, for `lock_seconds`."""

    def __init__(self, max_failures: int = 5, lock_seconds: float = 15 * 60, clock: Clock = time.monotonic):
        self.max_failures, self.lock_seconds, self.clock = max_failures, lock_seconds, clock
        self._failures: OrderedDict[tuple[str, str], tuple[int, float]] = OrderedDict()

    def locked(self, username: str, client: str) -> bool:
        count, until = self._failures.get((username, client), (0, 0.0))
        if count >= self.max_failures and self.clock() < until:
            return True
        if count >= self.max_failures:
            self._failures.pop((username, client), None)  # lock over: a fresh start
        return False

    def failed(self, username: str, client: str) -> None:
        key = (username, client)
        count, until = self._failures.pop(key, (0, 0.0))
        if self.clock() >= until:
            count = 0  # earlier failures are older than the lock period: forget them
        self._failures[key] = (count + 1, self.clock() + self.lock_seconds)
        while len(self._failures) > MAX_TRACKED:
            self._failures.popitem(last=False)

    def succeeded(self, username: str, client: str) -> None:
        self._failures.pop((username, client), None)
