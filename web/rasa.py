"""Talking to Rasa's REST channel, and turning its replies into something safe to show.

Nothing here logs what anyone said: failures are logged by kind only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import aiohttp

log = logging.getLogger(__name__)

CHANNEL_KEY_HEADER = "X-FrontDoor-Channel-Key"  # as bot/rasa_plugins/webhook_guard.py
MAX_BOT_TEXT = 10_000
MAX_BUTTONS = 20
MAX_BUTTON_TEXT = 500


class BotUnavailable(Exception):
    """Rasa could not be reached, was too slow, or answered with an error."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind  # "unreachable", "timeout" or "error"


@dataclass(frozen=True)
class RasaClient:
    base_url: str
    http: aiohttp.ClientSession
    timeout: float
    # Proves to the Rasa channel that this is our web front, so it may say which channel (web, staff) it is.
    channel_key: str | None = None

    async def send(self, sender: str, message: str, channel: str) -> list[dict]:
        """Forward one message; return the bot's replies in the page's shape (see `normalise`)."""
        body = {"sender": sender, "message": message, "metadata": {"channel": channel}}
        try:
            async with self.http.post(
                f"{self.base_url}/webhooks/rest/webhook", json=body,
                headers={CHANNEL_KEY_HEADER: self.channel_key} if self.channel_key else None,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            ) as response:
                if response.status != 200:
                    log.warning("rasa answered HTTP %s", response.status)
                    raise BotUnavailable("error")
                raw = await response.json(content_type=None)
        except TimeoutError as error:
            log.warning("rasa timed out after %ss", self.timeout)
            raise BotUnavailable("timeout") from error
        except (aiohttp.ClientConnectionError, OSError) as error:
            log.warning("rasa unreachable: %s", type(error).__name__)
            raise BotUnavailable("unreachable") from error
        except (aiohttp.ClientError, ValueError) as error:
            log.warning("rasa reply unreadable: %s", type(error).__name__)
            raise BotUnavailable("error") from error
        if not isinstance(raw, list):
            log.warning("rasa reply was not a list")
            raise BotUnavailable("error")
        return normalise(raw, channel)


def normalise(raw: list, channel: str) -> list[dict]:
    """Keep text, buttons and (for staff) case notes; drop anything else Rasa sends."""
    messages = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        message: dict = {}
        text = item.get("text")
        if isinstance(text, str) and text.strip():
            message["text"] = text[:MAX_BOT_TEXT]
        raw_buttons = item.get("buttons") if isinstance(item.get("buttons"), list) else []
        buttons = [button for button in map(_button, raw_buttons) if button]
        if buttons:
            message["buttons"] = buttons[:MAX_BUTTONS]
        note = _case_note(item.get("custom")) if channel == "staff" else None
        if note:
            message["case_note"] = note
        if message:
            messages.append(message)
    return messages


def _button(raw) -> dict | None:
    if not isinstance(raw, dict):
        return None
    title, payload = raw.get("title"), raw.get("payload")
    if not (isinstance(title, str) and title.strip() and isinstance(payload, str) and payload.strip()):
        return None
    return {"title": title.strip()[:MAX_BUTTON_TEXT], "payload": payload.strip()[:MAX_BUTTON_TEXT]}


def _case_note(custom) -> dict | None:
    note = custom.get("case_note") if isinstance(custom, dict) else None
    if not isinstance(note, dict) or not isinstance(note.get("text"), str) or not note["text"].strip():
        return None
    data = note.get("data") if isinstance(note.get("data"), dict) else {}
    shown = {str(key)[:100]: _plain(value) for key, value in list(data.items())[:50]}
    return {"text": note["text"][:MAX_BOT_TEXT], "data": shown}


def _plain(value) -> str:
    """Case-note data as text: lists joined, nested objects flattened to key: value."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)[:2000]
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())[:2000]
    return str(value)[:2000]
