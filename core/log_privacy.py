"""Keep what people typed out of every log line, ours and the libraries' (Rasa, Sanic, aiohttp).

`install()` (called where each server starts) puts one log-record factory in front of every
logger in the process, so it applies whatever handlers a library adds later:

- fields passed as arguments (`log.info("%s", path)`) are escaped, so a newline in a web path
  cannot start a forged log line;
- Rasa's warnings and structured events that quote a typed message lose the quote;
- e-mail addresses and phone numbers are masked wherever they appear;
- a traceback keeps its frames and exception types but not the exceptions' text, which can hold
  a whole conversation (Rasa logs the action server's error body, tracker included).

Python warnings (Rasa reports unparseable "/intent" messages as warnings) go through the same
masking before they are printed.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
import warnings

# Rasa's messages that quote what someone typed, with the part to keep.
QUOTING = (
    (re.compile(r"Failed to parse arguments in line .*", re.DOTALL),
     "Failed to parse arguments of a typed intent message (the message is not logged)."),
    (re.compile(r"(Received user message|Logged UserUtterance|Parsed message)\b.*", re.DOTALL),
     r"\1 (the message is not logged)"),
)
# Keys of Rasa's structured (structlog) events that hold conversation content; see
# rasa/utils/log_utils.py `_anonymizer`.
CONTENT_KEYS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
    "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
    "json_message", "utterance",
})
EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# UK phone numbers as people type them: 07700 900123, 07700900123, +44 7700 900123, 0161-496-0000.
PHONE = re.compile(r"(?<![\w./-])(?:\+44\s?|0)\d(?:[\s-]?\d){8,9}(?![\w/-])")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

_installed = {"done": False}


def mask(text: str) -> str:
    """The text with quoted messages, e-mail addresses and phone numbers taken out."""
    for pattern, replacement in QUOTING:
        text = pattern.sub(replacement, text)
    if text.startswith("{") and text.endswith("}"):
        text = _mask_structured(text)
    return PHONE.sub("[phone]", EMAIL.sub("[email]", text))


def escape(value: object) -> str:
    """A log field on one line: control characters (newlines too) written as escapes."""
    return CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), str(value))


def _mask_structured(text: str) -> str:
    try:
        event = json.loads(text)
    except ValueError:
        return text
    if not isinstance(event, dict):
        return text
    for key in CONTENT_KEYS & event.keys():
        event[key] = "[not logged]"
    return json.dumps(event)


def private_record(record: logging.LogRecord) -> logging.LogRecord:
    """Mask and escape one record in place (the message is formatted once, here)."""
    if record.args:
        args = record.args
        if isinstance(args, dict):
            escaped = {key: escape(value) if isinstance(value, str) else value for key, value in args.items()}
        else:
            escaped = tuple(escape(value) if isinstance(value, str) else value for value in args)
        try:
            message = str(record.msg) % escaped
        except (TypeError, ValueError, KeyError):
            message = record.getMessage()
    else:
        message = str(record.msg)
    record.msg, record.args = mask(message), ()
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = traceback_without_text(record.exc_info[1])
    return record


def traceback_without_text(error: BaseException) -> str:
    """The traceback with every exception in the chain named by its type only."""
    parts: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        kind = type(error)
        frames = "".join(traceback.format_tb(error.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{kind.__module__}.{kind.__qualname__}: "
                     "(the exception's text is not logged)")
        cause = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
        if cause is not None:
            parts.append("\nwhich was raised while handling (or caused by):\n")
        error = cause
    return "".join(reversed(parts)).rstrip()


def install() -> None:
    """Put the masking in front of every logger and warning in this process (once)."""
    if _installed["done"]:
        return
    _installed["done"] = True
    make_record = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        return private_record(make_record(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    show = warnings.showwarning

    def showwarning(message, category, filename, lineno, file=None, line=None):
        show(mask(str(message)), category, filename, lineno, file, line)

    warnings.showwarning = showwarning
