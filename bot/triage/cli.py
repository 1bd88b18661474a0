"""`python -m bot triage`: route messages given as JSON lines.

Reads one JSON object per line on stdin, {"text": "..."}, and writes one JSON line per
message, in order, flushed as soon as it is ready:
    {"text": ..., "route": "emergency|crisis|safeguarding|urgent|medical|none",
     "check": true|false,            # a safety question is asked
     "check_route": null|"emergency"|"crisis"|"safeguarding"|"urgent",   # what it is about
     "reasons": [{"layer": "rules", "rule": ..., "route": ..., "matched": ...},
                 {"layer": "examples", "route": ..., "similar_to": <example id>, "score": ...}]}
A line that is not JSON, not an object, or has no string "text" gets {"error": "..."}
and processing carries on. Blank (whitespace-only) lines are skipped without output.
Exit status 0; 2 when the rules, the example bank or the sentence model cannot be loaded
(the message names the file). `--rules-only` skips the example layer (for comparison).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO

from bot.triage import StartupError, load_engine, load_triage


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bot triage",
        description="Route messages (JSON lines {\"text\": ...} on stdin) to a safety response.",
        epilog="Blank lines are skipped. A bad line gets {\"error\": ...} and processing continues.",
    )
    parser.add_argument("--rules", help="rules file to use instead of bot/triage/rules.yml")
    parser.add_argument("--examples", help="example bank to use instead of bot/triage/examples.yml")
    parser.add_argument("--rules-only", action="store_true", help="the rules layer alone, without the examples")
    return parser.parse_args(argv)


def read_message(raw: bytes | str, number: int) -> tuple[str | None, str | None]:
    """(text, None) for a good line, (None, error message) for a bad one."""
    line = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None, f"line {number}: not valid JSON; expected an object like {{\"text\": \"...\"}}"
    if not isinstance(value, dict):
        return None, f"line {number}: expected a JSON object like {{\"text\": \"...\"}}"
    if not isinstance(value.get("text"), str):
        return None, f"line {number}: \"text\" is missing or is not a string"
    return value["text"], None


def main(argv: list[str] | None = None, stdin: IO | None = None, stdout: IO | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    source = stdin if stdin is not None else getattr(sys.stdin, "buffer", sys.stdin)
    sink = stdout if stdout is not None else sys.stdout
    try:
        engine = load_engine(args.rules) if args.rules_only else load_triage(args.rules, args.examples)
    except StartupError as error:
        print(f"triage: {error}", file=sys.stderr)
        return 2
    try:
        for number, raw in enumerate(source, start=1):
            if not raw.strip():
                continue
            text, error = read_message(raw, number)
            reply = {"error": error} if text is None else {"text": text, **engine.triage(text).to_dict()}
            sink.write(json.dumps(reply) + "\n")
            sink.flush()
    except BrokenPipeError:  # the reader went away; nothing more to say
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
