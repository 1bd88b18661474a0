"""`make run`: train if the model is stale, then start the Rasa server, the action server
and the web front on 127.0.0.1, and stop them all cleanly on Ctrl-C.

The same `Stack` starts the real servers on free ports in integration tests.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bot.council import load_council
from bot.referrals.resume import TOKEN_FILE
from bot.triage import StartupError, check_triage_files
from core.clock import now
from core.db import upgrade
from core.paths import REPO_ROOT
from core.settings import Settings
from directory.sample import load_sample_if_empty
from ops.retention import purge_conversations

VENV_BIN = Path(sys.executable).parent
RETENTION_EVERY_S = 6 * 3600


def child_env(settings: Settings, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment every child process gets: offline, quiet, on loopback, one database."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": settings.database_url,
            "FRONTDOOR_RASA_URL": f"http://127.0.0.1:{settings.rasa_port}",
            "FRONTDOOR_WEB_PORT": str(settings.web_port),
            "FRONTDOOR_WEB_HOST": "127.0.0.1",
            "RASA_TELEMETRY_ENABLED": "false",
            "SANIC_HOST": "127.0.0.1",  # rasa_sdk would otherwise listen on every interface
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")])),
            "MPLCONFIGDIR": str(settings.var_dir / "matplotlib"),
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        }
    )
    env.update(extra or {})
    env["FRONTDOOR_RASA_TOKEN"] = env.get("FRONTDOOR_RASA_TOKEN") or api_token(settings)
    return env


def api_token(settings: Settings) -> str:
    """A fresh secret for the Rasa HTTP API, kept (owner-only) in var/ for the staff CLI on this machine."""
    token = secrets.token_hex(32)  # hex: never starts with "-", which a command line would take for an option
    path = settings.var_dir / TOKEN_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(token, encoding="utf-8")
    return token


def train_if_needed(settings: Settings, env: dict[str, str]) -> None:
    """`rasa train` reuses the newest model when its fingerprint matches data and config."""
    print("Front Door: checking the model (trains only when data or config changed) ...", flush=True)
    cmd = [str(VENV_BIN / "rasa"), "train", "--domain", "domain", "--out", str(settings.models_dir)]
    subprocess.run(cmd, cwd=REPO_ROOT, env=env, check=True)


def prepare_database(settings: Settings) -> None:
    """Schema up to date, the sample directory loaded into an empty database, old conversations purged."""
    upgrade(settings.database_url)
    loaded = load_sample_if_empty(settings.database_url)
    if loaded:
        print(f"Front Door: loaded the sample directory ({loaded} services).", flush=True)
    apply_retention(settings)


def apply_retention(settings: Settings) -> None:
    purge_conversations(settings.database_url, int(load_council(settings.council_file).retention_days), now(settings))


def write_endpoints(settings: Settings) -> Path:
    """endpoints.yml with this run's action server port (and Redis lock store, if set), under var/."""
    text = (REPO_ROOT / "endpoints.yml").read_text(encoding="utf-8")
    text = text.replace("http://127.0.0.1:5055/webhook", f"http://127.0.0.1:{settings.action_port}/webhook")
    if settings.redis_url:
        text += redis_lock_store(settings.redis_url)
    path = settings.var_dir / f"endpoints-{settings.rasa_port}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def redis_lock_store(redis_url: str) -> str:
    """Rasa's Redis lock store, from a redis://[:password@]host:port/db URL."""
    url = urlsplit(redis_url)
    if url.scheme not in ("redis", "rediss") or not url.hostname:
        raise ValueError(f"FRONTDOOR_REDIS_URL must look like redis://host:6379/0, not {redis_url!r}")
    lines = ["", "lock_store:", "  type: redis", f"  url: {url.hostname}", f"  port: {url.port or 6379}",
             f"  db: {int(url.path.strip('/') or 0)}", "  key_prefix: frontdoor", f"  use_ssl: {url.scheme == 'rediss'}"]
    if url.password:
        lines.append(f"  password: {url.password}")
    return "\n".join(lines) + "\n"


@dataclass
class Stack:
    """The three servers as child processes, each in its own process group."""

    settings: Settings
    env: dict[str, str]
    log_dir: Path | None = None
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.web_port}"

    def commands(self) -> dict[str, list[str]]:
        endpoints = write_endpoints(self.settings)
        return {
            "actions": [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions",
                        "-p", str(self.settings.action_port)],
            "rasa": [str(VENV_BIN / "rasa"), "run", "-i", "127.0.0.1", "-p", str(self.settings.rasa_port),
                     "--model", str(self.settings.models_dir), "--endpoints", str(endpoints),
                     "--credentials", str(REPO_ROOT / "credentials.yml"),
                     "--enable-api", "--auth-token", self.env["FRONTDOOR_RASA_TOKEN"]],
            "web": [str(VENV_BIN / "python"), "-m", "web"],
        }

    def start(self, names: tuple[str, ...] = ("actions", "rasa", "web"), timeout: float = 180.0) -> None:
        commands = self.commands()
        for name in names:
            self._spawn(name, commands[name])
        self.wait_ready(names, timeout)

    def _spawn(self, name: str, cmd: list[str]) -> None:
        output = None
        if self.log_dir is not None:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            output = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        self.processes[name] = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )

    def wait_ready(self, names: tuple[str, ...], timeout: float) -> None:
        checks = {"actions": f"{self.action_url}/health", "rasa": f"{self.rasa_url}/webhooks/rest/",
                  "web": f"{self.web_url}/"}
        deadline = time.monotonic() + timeout
        for name in names:
            while not _answers(checks[name]):
                process = self.processes[name]
                if process.poll() is not None:
                    self.stop()
                    raise RuntimeError(f"the {name} server exited (code {process.returncode}) while starting")
                if time.monotonic() > deadline:
                    self.stop()
                    raise TimeoutError(f"the {name} server did not answer {checks[name]} within {timeout:.0f}s")
                time.sleep(0.3)

    def stop_one(self, name: str, grace: float = 15.0) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                return
            try:
                process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def stop(self) -> None:
        for name in ("web", "rasa", "actions"):
            self.stop_one(name)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status < 500
    except Exception:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot serve", description=__doc__)
    parser.add_argument("--skip-train", action="store_true", help="use the newest model as it is")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    env = child_env(settings)
    try:
        check_triage_files()
    except StartupError as error:
        print(f"Front Door cannot start: {error}", file=sys.stderr, flush=True)
        return 2
    if not args.skip_train:
        train_if_needed(settings, env)
    prepare_database(settings)
    stack = Stack(settings, env)
    stopping = {"now": False}

    def _stop(signum, _frame):
        stopping["now"] = True

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print("Front Door: starting the action server, the Rasa server and the web front ...", flush=True)
    try:
        stack.start()
        print(f"\nFront Door is running. Open {stack.web_url}/ in your browser.\n"
              f"  Staff console: {stack.web_url}/staff\n  Rasa REST: {stack.rasa_url}/webhooks/rest/webhook\n"
              "Press Ctrl-C to stop.", flush=True)
        next_purge = time.monotonic() + RETENTION_EVERY_S
        while not stopping["now"]:
            if time.monotonic() > next_purge:
                apply_retention(settings)
                next_purge = time.monotonic() + RETENTION_EVERY_S
            for name, process in stack.processes.items():
                if process.poll() is not None:
                    print(f"Front Door: the {name} server stopped unexpectedly (code {process.returncode}).")
                    stopping["now"] = True
            time.sleep(0.5)
    finally:
        print("\nFront Door: stopping every server ...", flush=True)
        stack.stop()
        print("Front Door: stopped.", flush=True)
    return 0
