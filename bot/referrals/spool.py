"""The local spool: where a referral waits, safe on disk, while the database cannot take it.

One JSON file per referral, named by a hash of its key (so re-spooling the same referral
replaces its file rather than adding a second), written atomically: temp file, fsync, rename,
fsync of the folder. A file leaves the spool only after the database has committed it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

log = logging.getLogger("bot.referrals")

SPOOL_FORMAT = 1
UNREADABLE_SUFFIX = ".unreadable"


@dataclass(frozen=True)
class SpooledReferral:
    path: Path
    created_at: datetime
    record: dict


class Spool:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def path_for(self, key: str) -> Path:
        return self.directory / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}.json"

    def write(self, record: dict, created_at: datetime) -> Path:
        """Keep a referral on disk; when this returns, it survives a crash or power cut."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = self.path_for(record["referral_key"])
        payload = {"format": SPOOL_FORMAT, "created_at": created_at.isoformat(), "record": record}
        handle, temp = tempfile.mkstemp(dir=self.directory, prefix=".incoming-", suffix=".tmp")  # mode 0600
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(payload, file, ensure_ascii=True)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        _fsync_folder(self.directory)
        return target

    def pending(self) -> list[Path]:
        """Spooled referrals, oldest first (temp files and quarantined files are not listed)."""
        try:
            found = [path for path in self.directory.iterdir() if path.suffix == ".json"]
        except FileNotFoundError:
            return []
        return sorted(found, key=_modified)

    def read(self, path: Path) -> SpooledReferral | None:
        """The spooled referral, or None when it is gone or unreadable (then set aside, never deleted)."""
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
            return SpooledReferral(path, datetime.fromisoformat(payload["created_at"]), dict(payload["record"]))
        except FileNotFoundError:
            return None  # another process stored it first
        except (OSError, ValueError, KeyError, TypeError) as error:
            quarantined = path.with_name(path.name + UNREADABLE_SUFFIX)
            log.error("spool file %s is unreadable (%s); kept as %s for a person to check",
                      path.name, type(error).__name__, quarantined.name)
            with contextlib.suppress(OSError):  # if it cannot move, the next flush reports it again
                path.replace(quarantined)
            return None

    def remove(self, path: Path) -> None:
        path.unlink(missing_ok=True)
        _fsync_folder(self.directory)

    def unreadable(self) -> list[Path]:
        try:
            return sorted(path for path in self.directory.iterdir() if path.name.endswith(UNREADABLE_SUFFIX))
        except FileNotFoundError:
            return []


class SpoolRetrier:
    """A daemon thread that keeps flushing the spool until every referral is in the database."""

    def __init__(self, store, interval_s: float = 10.0):
        self.store = store
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> SpoolRetrier:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="referral-spool-retrier", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.store.pending_spool():
                    self.store.flush_spool()
            except Exception as error:  # the thread must outlive any one failure
                log.warning("spool retry failed (%s); trying again in %ss", type(error).__name__, self.interval_s)
            self._stop.wait(self.interval_s)


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0


def _fsync_folder(directory: Path) -> None:
    """Make the rename itself durable (POSIX): without this a crash can forget the new name."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
