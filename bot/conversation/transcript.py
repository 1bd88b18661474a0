"""The conversation so far, as a duty worker would want to read it."""

from __future__ import annotations

from datetime import UTC, datetime

MAX_TURN_CHARS = 2_000


def transcript_from_events(events: list[dict]) -> list[dict]:
    """User and bot messages from Rasa's tracker events: [{who, text, at}] in order."""
    turns = []
    for event in events:
        kind = event.get("event")
        if kind not in ("user", "bot"):
            continue
        text = (event.get("text") or "").strip()
        if kind == "user" and text.startswith("/"):
            text = f"[chose: {text[1:].split('{')[0].replace('_', ' ')}]"  # a button, not typed words
        if not text:
            continue
        at = event.get("timestamp")
        turns.append({
            "who": "resident" if kind == "user" else "bot",
            "text": text[:MAX_TURN_CHARS],
            "at": datetime.fromtimestamp(at, UTC).isoformat() if isinstance(at, int | float) else None,
        })
    return turns
