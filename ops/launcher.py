"""`make run`: check the data files, train if the model is stale, then start the Rasa server, the
action server and the web front on 127.0.0.1, keep them running, and stop them all cleanly on Ctrl-C.

A server that exits is started again after a back-off (1 s, 2 s, 4 s ... 30 s) while the others keep
running; the launcher gives up, stopping everything with exit code 1, only when one server has exited
MAX_FAST_EXITS times within FAST_EXIT_WINDOW_S. Secrets reach the children through the environment
(never a command line, which `ps` shows to every user) and owner-only files under var/.

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
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from actions.server import SECRET_ENV as ACTION_SECRET_ENV
from actions.server import SECRET_HEADER as ACTION_SECRET_HEADER
from actions.server import check_data_files
from bot.council import load_council
from bot.referrals.resume import TOKEN_FILE
from bot.triage import StartupError, check_triage_files
from core.clock import now
from core.db import upgrade
from core.paths import REPO_ROOT
from core.settings import Settings
from directory.sample import load_sample_if_empty
from ops.retention import purge_conversations
from web.wording import load_wording

VENV_BIN = Path(sys.executable).parent
RETENTION_EVERY_S = 6 * 3600
# Supervision: restart a server that exits, waiting longer each time; give up on a crash loop.
BACKOFF_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)
MAX_FAST_EXITS = 5
FAST_EXIT_WINDOW_S = 60.0
REDIS_PASSWORD_ENV = "FRONTDOOR_REDIS_PASSWORD"


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
    # Only our Rasa server knows this run's action-server secret (actions/server.py checks it).
    env[ACTION_SECRET_ENV] = env.get(ACTION_SECRET_ENV) or secrets.token_hex(32)
    if settings.redis_url and urlsplit(settings.redis_url).password:
        env[REDIS_PASSWORD_ENV] = urlsplit(settings.redis_url).password
    return env


def check_start_up_files(settings: Settings) -> None:
    """Every data file people edit, before any server starts; raises ValueError naming the file and line."""
    check_triage_files()
    check_data_files(settings)
    load_wording(load_council(settings.council_file))


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
    """endpoints.yml with this run's action server port, its secret header and the Redis lock store
    (if set), under var/ and owner-only. Secrets appear as ${VARIABLE}s that Rasa fills in from its
    environment, so the file holds none."""
    text = (REPO_ROOT / "endpoints.yml").read_text(encoding="utf-8")
    url_line = '  url: "http://127.0.0.1:5055/webhook"\n'
    if url_line not in text:
        raise ValueError("endpoints.yml: expected the action_endpoint url http://127.0.0.1:5055/webhook")
    text = text.replace(url_line, f'  url: "http://127.0.0.1:{settings.action_port}/webhook"\n'
                                  f"  headers:\n    {ACTION_SECRET_HEADER}: ${{{ACTION_SECRET_ENV}}}\n")
    if settings.redis_url:
        text += redis_lock_store(settings.redis_url)
    path = settings.var_dir / f"endpoints-{settings.rasa_port}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.chmod(0o600)  # an older run may have left it readable by others
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
        lines.append(f"  password: ${{{REDIS_PASSWORD_ENV}}}")  # child_env puts it in Rasa's environment
    return "\n".join(lines) + "\n"


@dataclass
class Stack:
    """The three servers as child processes, each in its own process group."""

    settings: Settings
    env: dict[str, str]
    log_dir: Path | None = None
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    say: Callable[[str], None] = field(default=lambda line: print(f"Front Door: {line}", flush=True))
    # Supervision state: when each server last exited, and when a stopped one is due to start again.
    exits: dict[str, deque] = field(default_factory=dict)
    restart_at: dict[str, float] = field(default_factory=dict)
    _commands: dict[str, list[str]] | None = None

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
        """No secret on these command lines: the Rasa token and the action secret are in `env`."""
        if self._commands is None:
            endpoints = write_endpoints(self.settings)
            python = str(VENV_BIN / "python")
            self._commands = {
                "actions": [python, "-m", "actions.server", "-p", str(self.settings.action_port)],
                "rasa": [python, "-m", "ops.rasa_server", "run", "-i", "127.0.0.1", "-p", str(self.settings.rasa_port),
                         "--model", str(self.settings.models_dir), "--endpoints", str(endpoints),
                         "--credentials", str(REPO_ROOT / "credentials.yml"), "--enable-api"],
                "web": [python, "-m", "web"],
            }
        return self._commands

    def start(self, names: tuple[str, ...] = ("actions", "rasa", "web"), timeout: float = 180.0) -> None:
        commands = self.commands()
        for name in names:
            self._spawn(name, commands[name])
        self.wait_ready(names, timeout)

    def supervise(self, clock: Callable[[], float] = time.monotonic) -> str | None:
        """One round of supervision: schedule a restart for each server that exited, start those due.

        Returns the name of a server that exited MAX_FAST_EXITS times within FAST_EXIT_WINDOW_S (the
        caller should give up), else None. Never waits: the other servers keep serving meanwhile.
        """
        moment = clock()
        for name, process in list(self.processes.items()):
            if name in self.restart_at or process.poll() is None:
                continue
            recent = self.exits.setdefault(name, deque())
            recent.append(moment)
            while recent and moment - recent[0] > FAST_EXIT_WINDOW_S:
                recent.popleft()
            if len(recent) >= MAX_FAST_EXITS:
                self.say(f"the {name} server exited {len(recent)} times within {FAST_EXIT_WINDOW_S:.0f} s "
                         f"(last code {process.returncode}); giving up.")
                return name
            delay = BACKOFF_S[min(len(recent), len(BACKOFF_S)) - 1]
            self.restart_at[name] = moment + delay
            self.say(f"the {name} server stopped unexpectedly (code {process.returncode}); "
                     f"restarting it in {delay:.0f} s ({len(recent)} of {MAX_FAST_EXITS} exits allowed "
                     f"in {FAST_EXIT_WINDOW_S:.0f} s).")
        for name, due in list(self.restart_at.items()):
            if moment >= due:
                del self.restart_at[name]
                self._spawn(name, self.commands()[name])
                self.say(f"restarted the {name} server (pid {self.processes[name].pid}).")
        return None

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
        self.restart_at.clear()
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
    try:
        settings = Settings.from_env()
        check_start_up_files(settings)
    except (ValueError, *StartupError) as error:
        print(f"Front Door cannot start: {error}", file=sys.stderr, flush=True)
        return 2
    env = child_env(settings)
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
    code = 0
    try:
        stack.start()
        pids = ", ".join(f"{name} pid {process.pid}" for name, process in stack.processes.items())
        print(f"\nFront Door is running ({pids}). Open {stack.web_url}/ in your browser.\n"
              f"  Staff console: {stack.web_url}/staff\n  Rasa REST: {stack.rasa_url}/webhooks/rest/webhook\n"
              "Press Ctrl-C to stop.", flush=True)
        next_purge = time.monotonic() + RETENTION_EVERY_S
        while not stopping["now"]:
            if time.monotonic() > next_purge:
                apply_retention(settings)
                next_purge = time.monotonic() + RETENTION_EVERY_S
            if stack.supervise() is not None:
                code = 1
                break
            time.sleep(0.5)
    finally:
        print("\nFront Door: stopping every server ...", flush=True)
        stack.stop()
        print("Front Door: stopped.", flush=True)
    return code
