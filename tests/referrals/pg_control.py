"""A private PostgreSQL server that a test can stop and start again on the same data and port,
to show what the referral store does while its database is down."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.ports import free_port
from tests.support.postgres import _as_server_user, _bin, _wait_ready


class StoppablePostgres:
    def __init__(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="frontdoor-pg-stop-"))
        self.data = self.workdir / "data"
        self.port = free_port()
        self.url = f"postgresql+psycopg2://frontdoor@127.0.0.1:{self.port}/frontdoor"
        self._server: subprocess.Popen | None = None
        if os.geteuid() == 0:
            entry = pwd.getpwnam("postgres")
            os.chown(self.workdir, entry.pw_uid, entry.pw_gid)
        subprocess.run(
            _as_server_user([_bin("initdb"), "-D", str(self.data), "-U", "frontdoor", "--auth=trust", "-E", "UTF8"]),
            check=True, capture_output=True,
        )
        self.start()
        subprocess.run([_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "frontdoor", "frontdoor"],
                       check=True, capture_output=True)

    def start(self) -> None:
        self._server = subprocess.Popen(
            _as_server_user([_bin("postgres"), "-D", str(self.data), "-p", str(self.port), "-h", "127.0.0.1",
                             "-k", str(self.workdir), "-c", "fsync=off"]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        _wait_ready(self.port)

    def stop(self) -> None:
        """A fast shutdown: PostgreSQL ends every open connection, as in a real outage."""
        if self._server is not None:
            # SIGTERM would be a "smart" shutdown, waiting for the store's pooled connections to leave.
            subprocess.run(_as_server_user([_bin("pg_ctl"), "stop", "-D", str(self.data), "-m", "fast", "-w"]),
                           check=True, capture_output=True)
            self._server.wait(timeout=30)
            self._server = None

    def remove(self) -> None:
        try:
            self.stop()
        finally:
            if self._server is not None:  # pg_ctl failed: do not leave a server behind
                self._server.kill()
                self._server.wait(timeout=30)
            shutil.rmtree(self.workdir, ignore_errors=True)
