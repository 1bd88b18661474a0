"""A real, throw-away PostgreSQL server for integration tests (Debian's postgresql package).

`make test` installs the package when it is missing (see scripts/test-deps.sh). The cluster lives
in a temporary folder, listens on 127.0.0.1 on a free port and is removed afterwards.
PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from tests.support.ports import free_port


def _bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run `make test` (it installs Debian's postgresql)")
    return found[-1]


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


@contextmanager
def postgres_server():
    """Yield a SQLAlchemy URL for a fresh database on a private PostgreSQL server."""
    workdir = Path(tempfile.mkdtemp(prefix="frontdoor-pg-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(workdir, entry.pw_uid, entry.pw_gid)
    port = free_port()
    subprocess.run(
        _as_server_user([_bin("initdb"), "-D", str(data), "-U", "frontdoor", "--auth=trust", "-E", "UTF8"]),
        check=True, capture_output=True,
    )
    server = subprocess.Popen(
        _as_server_user([_bin("postgres"), "-D", str(data), "-p", str(port), "-h", "127.0.0.1",
                         "-k", str(workdir), "-c", "fsync=off"]),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_ready(port)
        subprocess.run(
            [_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "frontdoor", "frontdoor"],
            check=True, capture_output=True,
        )
        yield f"postgresql+psycopg2://frontdoor@127.0.0.1:{port}/frontdoor"
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_ready(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = subprocess.run([_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True)
        if done.returncode == 0:
            return
        time.sleep(0.2)
    raise RuntimeError(f"PostgreSQL did not start on port {port}")
