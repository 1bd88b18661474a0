"""The real Front Door servers (Rasa, action server, web front) on free ports, for integration tests.

Uses the same launcher as `make run`. The model comes from `models/` (trained by `make train`
before the integration tests; trained here if missing).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bot.rasa_plugins.webhook_guard import CHANNEL_KEY_HEADER
from core.paths import REPO_ROOT
from core.settings import Settings
from ops.launcher import Stack, child_env, prepare_database, train_if_needed
from tests.support.ports import free_port

SERVERS = ("actions", "rasa", "web")


@contextmanager
def running_stack(workdir: Path, database_url: str | None = None, env: dict | None = None,
                  servers: tuple[str, ...] = SERVERS):
    """Start the servers with a private database and var/ folder; stop them afterwards."""
    workdir.mkdir(parents=True, exist_ok=True)
    overrides = {
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'frontdoor.db'}",
        "FRONTDOOR_VAR_DIR": str(workdir / "var"),
        "FRONTDOOR_RASA_PORT": str(free_port()),
        "FRONTDOOR_ACTION_PORT": str(free_port()),
        "FRONTDOOR_WEB_PORT": str(free_port()),
        **(env or {}),
    }
    settings = Settings.from_env({**os.environ, **overrides})
    child = child_env(settings, overrides)
    models = Path(settings.models_dir)
    if not models.exists() or not any(models.glob("*.tar.gz")):
        train_if_needed(settings, child)
    prepare_database(settings)
    stack = Stack(settings, child, log_dir=workdir / "logs")
    stack.start(servers)
    stack.database_url = settings.database_url
    stack.stop_action_server = lambda: stack.stop_one("actions")
    stack.start_action_server = lambda: stack.start(("actions",))
    try:
        yield stack
    finally:
        stack.stop()


def say(stack, sender: str, message: str, metadata: dict | None = None, timeout: float = 60) -> list[dict]:
    """POST to the Rasa REST webhook as a resident would, and return the bot's messages.

    With `metadata` it speaks as the web front does, with the channel key that lets it name a channel."""
    body = {"sender": sender, "message": message}
    headers = {"Content-Type": "application/json"}
    if metadata:
        body["metadata"] = metadata
        headers[CHANNEL_KEY_HEADER] = Settings.from_env(stack.env).channel_secret
    request = urllib.request.Request(
        f"{stack.rasa_url}/webhooks/rest/webhook", data=json.dumps(body).encode(), headers=headers, method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def texts(messages: list[dict]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def referrals(database_url: str) -> list[dict]:
    """Every referral in the database, as the staff CLI lists them (`python -m bot referrals list --json`)."""
    done = subprocess.run([sys.executable, "-m", "bot", "referrals", "list", "--json"], cwd=REPO_ROOT,
                          capture_output=True, text=True, env={**os.environ, "DATABASE_URL": database_url}, check=True)
    return json.loads(done.stdout)
