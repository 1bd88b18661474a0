"""The web front's own wording (web/messages.yml), checked and filled in once at start-up."""

from __future__ import annotations

import string
from dataclasses import asdict
from pathlib import Path

from bot.council import Council
from core.checked_yaml import line_of, read_yaml

MESSAGES_FILE = Path(__file__).with_name("messages.yml")
MAX_MESSAGE_CHARS = 5000

REQUIRED_KEYS = frozenset(
    {
        "empty_message", "message_too_long", "request_too_large", "bad_request", "rate_limited",
        "bot_unavailable", "no_reply", "server_error", "login_required", "login_failed", "login_locked",
        "form_expired", "note_empty", "outcome_empty", "text_too_long", "referrals_unavailable",
        "done_claimed", "done_noted", "done_closed", "done_resumed",
    }
)


class WordingError(ValueError):
    """messages.yml is missing a message or uses a placeholder nobody fills in."""


def load_wording(council: Council, path: Path = MESSAGES_FILE) -> dict[str, str]:
    """Every message with the council's details filled in; raises WordingError when the file is wrong."""
    raw = read_yaml(Path(path), error=WordingError)  # a syntax error names its line
    if not isinstance(raw, dict):
        raise WordingError(f"{path}: expected a mapping of message names to text")
    problems = check_messages(raw)
    if problems:
        raise WordingError(f"{path}{_first_line(raw, problems)}: " + "; ".join(problems))
    values = {**asdict(council), "max_chars": f"{MAX_MESSAGE_CHARS:,}"}
    return {key: " ".join(str(raw[key]).split()).format_map(values) for key in REQUIRED_KEYS}


def _first_line(raw: dict, problems: list[str]) -> str:
    """" line <n>" of the first message a problem names (a missing message has no line)."""
    for problem in problems:
        words = problem.split()
        key = words[2] if problem.startswith("unknown message ") else words[0]
        if key in raw:
            return f" line {line_of(raw, [key])}"
    return ""


def check_messages(raw: dict) -> list[str]:
    allowed = {*Council.__dataclass_fields__, "max_chars"}
    problems = [f"missing {key}" for key in sorted(REQUIRED_KEYS - raw.keys())]
    problems += [f"unknown message {key}" for key in sorted(raw.keys() - REQUIRED_KEYS)]
    for key in sorted(REQUIRED_KEYS & raw.keys()):
        text = raw[key]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{key} must be non-empty text")
            continue
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError:
            problems.append(f"{key} has an unmatched brace")
            continue
        problems += [f"{key} uses unknown placeholder {{{name}}}" for name in sorted(names - allowed)]
    return problems
