"""What a typed message may be: the one decision both the Rasa channel and the web front use.

Rasa reads a message that starts with "/" as an intent, with anything in braces after it as
entities (which fill slots), and skips the NLU pipeline and the triage rules for it. So a typed
message may reach Rasa as an intent only when it is exactly one of the button payloads the domain
itself offers ("/affirm"), never a safety or control intent. Anything else that starts with a
slash, whatever whitespace, zero-width characters or look-alike slashes come first, goes on as
words with that prefix removed, so NLU and triage read it like any other message.

The text is also made safe to store: lone surrogates, NUL and other control characters go.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable

from core.vocabulary import CHANNELS

# Characters people (or attackers) use for "/": the full-width solidus, fraction and division
# slashes, and other diagonal strokes. Anything whose compatibility form holds "/" counts too.
SLASH_LOOKALIKES = frozenset("/\uff0f\u2044\u2215\u29f8\u2571\u27cb\u1735\u0337\u0338\u20e5\ufe68")
# Only plain intent payloads qualify: no entities, slots or confidence after the name.
PLAIN_PAYLOAD = re.compile(r"/[a-z][a-z0-9_]{0,63}")
# Intents a typed message must never be, even if a button somewhere offered one.
SAFETY_PREFIX = "triage_"
CONTROL_INTENTS = frozenset({"restart", "session_start", "back", "nlu_fallback", "out_of_scope"})
# The opening message the web front sends when a chat starts; the only "/" message with an
# entity, accepted only from the authenticated web front (see `what_to_send`).
START_INTENT = "greet"


def start_message(channel: str) -> str:
    return f"/{START_INTENT}{json.dumps({'channel_mode': channel})}"


def allowed_payloads(payloads: Iterable[str]) -> frozenset[str]:
    """Of the button payloads the domain offers, those a typed message may be (plain, never safety or control)."""
    return frozenset(
        payload for payload in payloads
        if isinstance(payload, str) and PLAIN_PAYLOAD.fullmatch(payload)
        and not payload[1:].startswith(SAFETY_PREFIX) and payload[1:] not in CONTROL_INTENTS
    )


def what_to_send(text: object, payloads: Collection[str] = frozenset(), *, start_channel: str | None = None) -> str:
    """The message to pass to Rasa for what someone typed; "" when nothing is left to read.

    `payloads` come from `allowed_payloads`; `start_channel` is set only for the authenticated
    web front, whose opening message names the channel it speaks for.
    """
    if not isinstance(text, str):
        return ""
    text = storable(text).strip()
    if start_channel in CHANNELS and text == start_message(start_channel):
        return text
    if text in payloads and text in allowed_payloads([text]):
        return text
    rest = text.lstrip()
    index = 0
    saw_slash = False
    while index < len(rest) and (_is_slash(rest[index]) or _is_ignorable(rest[index])):
        saw_slash = saw_slash or _is_slash(rest[index])
        index += 1
    return rest[index:].strip() if saw_slash else text


def storable(text: str) -> str:
    """Text any database can store: no lone surrogates, NUL or other control characters (newlines and tabs kept)."""
    return "".join(
        char for char in text
        if char in "\n\t" or unicodedata.category(char) not in ("Cc", "Cs")
    )


def _is_slash(char: str) -> bool:
    return char in SLASH_LOOKALIKES or "/" in unicodedata.normalize("NFKC", char)


def _is_ignorable(char: str) -> bool:
    # Whitespace, zero-width and other format characters, and combining marks with nothing to combine with.
    return char.isspace() or unicodedata.category(char) in ("Cf", "Cc", "Mn", "Me", "Zs", "Zl", "Zp")
