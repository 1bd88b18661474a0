"""Long messages are read in full: in overlapping windows, the most severe route winning.

The engine reads at most `max_chars` at a time (speed, and a bound on work per message). A
person may bury the one sentence that matters at the end of a long message, so a longer
message is cut into windows that overlap by a sentence or two, and each is triaged.
"""

from __future__ import annotations

from bot.triage.result import ROUTES_THAT_COVER_CHECK, Reason, TriageResult, severity

OVERLAP_CHARS = 400
MAX_WINDOWS = 60  # 60 windows of 5,000 characters: far beyond any message the channels accept


def message_windows(text: str, size: int) -> list[str]:
    """Pieces of at most `size` characters, cut at spaces, each overlapping the one before."""
    if len(text) <= size:
        return [text]
    pieces, start = [], 0
    while start < len(text) and len(pieces) < MAX_WINDOWS:
        end = min(len(text), start + size)
        if end < len(text):
            space = text.rfind(" ", start + size // 2, end)
            end = space if space > 0 else end
        pieces.append(text[start:end])
        if end >= len(text):
            break
        start = max(end - OVERLAP_CHARS, start + 1)
    return pieces


def combine(results: list[TriageResult]) -> TriageResult:
    """One result for the whole message: the most severe route, its reasons first, check if any asked."""
    route = min((r.route for r in results), key=severity)
    reasons: list[Reason] = []
    for result in sorted(results, key=lambda r: severity(r.route)):
        reasons += [reason for reason in result.reasons if reason not in reasons]
    check = any(r.check for r in results) and route not in ROUTES_THAT_COVER_CHECK
    return TriageResult(route=route, check=check, reasons=reasons)
