"""Every setting Front Door reads from the environment, in one place.

Defaults run offline on SQLite under var/. Each variable is listed in the README.
Nothing here opens a connection: callers build engines at start-up from these values.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.clock import parse_now
from core.paths import REPO_ROOT, VAR_DIR


def default_database_url() -> str:
    return f"sqlite:///{VAR_DIR / 'frontdoor.db'}"


@dataclass(frozen=True)
class Settings:
    database_url: str
    now_override: datetime | None
    var_dir: Path
    council_file: Path
    hours_file: Path
    # The web front (web/); defaults suit `make run` on one machine.
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_timeout: float = 30.0
    cookie_secure: bool = False
    session_secret: str | None = None
    staff_users_file: Path | None = None
    chat_rate_limit: int = 30
    quick_exit_url: str = "https://www.bbc.co.uk/weather"
    # The Rasa server and action server that `make run` starts (always on 127.0.0.1).
    rasa_port: int = 5005
    action_port: int = 5055
    models_dir: Path = REPO_ROOT / "models"
    # Token for the Rasa server's HTTP API (staff resume a paused conversation); `make run` makes one if unset.
    rasa_token: str | None = None
    # Shared secret Rasa sends to the action server (header checked in actions/server.py); `make run` makes one.
    action_secret: str | None = None
    # The Rasa REST webhook: requests a minute per conversation (sender) and per client address.
    # The web front, which limits each resident itself, is not held to the per-client limit.
    webhook_rate_per_sender: int = 60
    webhook_rate_per_client: int = 1200
    # Shared by the web front and the Rasa channel: only a request carrying it may say which channel
    # (e.g. staff) it speaks for. Unset, it is derived from this run's Rasa token (new each run).
    channel_secret: str | None = None
    # Redis for Rasa's lock store, so several Rasa servers can share one conversation store safely.
    redis_url: str | None = None
    # E-mailing a resident their list of services (only with consent).
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_from: str = "front-door@sample-borough.example"
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    # Office hours: whose bank holidays close the offices (None: the nation in config/hours.yml).
    bank_holiday_nation: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        var_dir = Path(env.get("FRONTDOOR_VAR_DIR", str(VAR_DIR)))
        return cls(
            database_url=env.get("DATABASE_URL") or default_database_url(),
            now_override=parse_now(env.get("FRONTDOOR_NOW")),
            var_dir=var_dir,
            council_file=Path(env.get("FRONTDOOR_COUNCIL_FILE", str(REPO_ROOT / "domain" / "council.yml"))),
            hours_file=Path(env.get("FRONTDOOR_HOURS_FILE", str(REPO_ROOT / "config" / "hours.yml"))),
            web_host=env.get("FRONTDOOR_WEB_HOST") or "127.0.0.1",
            web_port=_number(env, "FRONTDOOR_WEB_PORT", 8000, int),
            rasa_url=(env.get("FRONTDOOR_RASA_URL") or "http://127.0.0.1:5005").rstrip("/"),
            rasa_timeout=_number(env, "FRONTDOOR_RASA_TIMEOUT", 30.0, float),
            cookie_secure=env.get("FRONTDOOR_COOKIE_SECURE", "0").strip().lower() in {"1", "true", "yes"},
            session_secret=env.get("FRONTDOOR_SESSION_SECRET") or None,
            staff_users_file=Path(env.get("FRONTDOOR_STAFF_USERS") or var_dir / "staff-users.yml"),
            chat_rate_limit=_number(env, "FRONTDOOR_CHAT_RATE_LIMIT", 30, int),
            quick_exit_url=env.get("FRONTDOOR_QUICK_EXIT_URL") or "https://www.bbc.co.uk/weather",
            rasa_port=_number(env, "FRONTDOOR_RASA_PORT", 5005, int),
            action_port=_number(env, "FRONTDOOR_ACTION_PORT", 5055, int),
            models_dir=Path(env.get("FRONTDOOR_MODELS_DIR") or REPO_ROOT / "models"),
            redis_url=env.get("FRONTDOOR_REDIS_URL") or None,
            rasa_token=env.get("FRONTDOOR_RASA_TOKEN") or None,
            webhook_rate_per_sender=_number(env, "FRONTDOOR_WEBHOOK_RATE_PER_SENDER", 60, int),
            webhook_rate_per_client=_number(env, "FRONTDOOR_WEBHOOK_RATE_PER_CLIENT", 1200, int),
            channel_secret=env.get("FRONTDOOR_CHANNEL_SECRET") or _derived_secret(env.get("FRONTDOOR_RASA_TOKEN")),
            action_secret=env.get("FRONTDOOR_ACTION_SECRET") or None,
            smtp_host=env.get("FRONTDOOR_SMTP_HOST") or "localhost",
            smtp_port=_number(env, "FRONTDOOR_SMTP_PORT", 25, int),
            smtp_from=env.get("FRONTDOOR_SMTP_FROM") or "front-door@sample-borough.example",
            smtp_user=env.get("FRONTDOOR_SMTP_USER") or None,
            smtp_password=env.get("FRONTDOOR_SMTP_PASSWORD") or None,
            smtp_starttls=env.get("FRONTDOOR_SMTP_STARTTLS", "0").strip().lower() in {"1", "true", "yes"},
            bank_holiday_nation=(env.get("FRONTDOOR_BANK_HOLIDAY_NATION") or "").strip().lower() or None,
        )


def _derived_secret(token: str | None) -> str | None:
    if not token:
        return None
    return hmac.new(token.encode("utf-8"), b"front door channel key", hashlib.sha256).hexdigest()


def _number(env: dict[str, str], name: str, default, kind):
    value = env.get(name)
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a positive number, not {value!r}") from error
    if number <= 0:
        raise ValueError(f"{name} must be a positive number, not {value!r}")
    return number

