"""A real, throw-away Redis server on loopback (Debian's redis-server), for integration tests."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from contextlib import contextmanager

from tests.support.ports import free_port, wait_for_port


@contextmanager
def redis_server():
    """Yield a redis:// URL for a private Redis server with nothing saved to disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed: run `make test` (it installs Debian's redis-server)")
    workdir = tempfile.mkdtemp(prefix="frontdoor-redis-")
    port = free_port()
    server = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", workdir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, timeout=30, process=server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
