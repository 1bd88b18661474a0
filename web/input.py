"""Cleaning what people type before it goes anywhere: never crash, never pass on control characters."""

from __future__ import annotations

import re
import unicodedata

from bot.conversation.typed_input import what_to_send
from web.wording import MAX_MESSAGE_CHARS


class InputProblem(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code  # "empty" or "too_long"


def clean_text(value, max_chars: int = MAX_MESSAGE_CHARS, *, multiline: bool = True) -> str:
    """Text safe to forward or store: lone surrogates and control characters removed, edges trimmed.

    Emoji, accents and other scripts pass through untouched (format characters such as the
    zero-width joiner are kept because emoji sequences need them).
    """
    if not isinstance(value, str):
        raise InputProblem("empty")
    if len(value) > max_chars * 4:  # obviously too long: don't spend time cleaning it
        raise InputProblem("too_long")
    kept = []
    for char in value.replace("\r\n", "\n"):
        if char in "\r\n" and multiline:
            kept.append("\n")
        elif char in "\t\r\n":
            kept.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cs"):
            continue
        else:
            kept.append(char)
    text = re.sub(r"\n{3,}", "\n\n", "".join(kept)).strip()
    if not text:
        raise InputProblem("empty")
    if len(text) > max_chars:
        raise InputProblem("too_long")
    return text


def typed_message(value) -> str:
    """A resident's typed message: always words. Button payloads come only as offered payloads (chat.py), so
    any leading slash (or look-alike, behind any spaces or invisible characters) is dropped here."""
    text = what_to_send(clean_text(value))
    if not text:
        raise InputProblem("empty")
    return text
