"""Plain-text views of referrals for the staff command line.

Everything a resident typed is passed through `safe()` first: a message could carry terminal
escape codes or right-to-left overrides that would otherwise disguise what staff read.
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.referrals.records import ReferralView
from core.clock import UK_TZ

_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
COLUMNS = (("ID", 9), ("PRI", 3), ("ROUTE", 12), ("STATUS", 7), ("RECEIVED (UK)", 16), ("TEAM", 19),
           ("HOURS", 5), ("CLAIMED BY", 16), ("WHAT MATTERS", 40))


def safe(value, one_line: bool = False) -> str:
    text = _UNSAFE.sub("", str(value if value is not None else ""))
    return " ".join(text.split()) if one_line else text


def uk_time(moment: datetime | None, with_year: bool = False) -> str:
    if moment is None:
        return "-"
    return moment.astimezone(UK_TZ).strftime("%a %d %b %Y %H:%M" if with_year else "%a %d %b %H:%M")


def table(views: list[ReferralView]) -> str:
    if not views:
        return "No referrals match."
    rows = [[name for name, _width in COLUMNS]]
    for view in views:
        rows.append([view.id, str(view.priority), view.route, view.status, uk_time(view.created_at), view.team,
                     "in" if view.in_hours else "out", view.claimed_by or "-", view.what_matters or "-"])
    lines = []
    for row in rows:
        cells = [_fit(safe(cell, one_line=True), width) for cell, (_name, width) in zip(row, COLUMNS, strict=True)]
        lines.append("  ".join(cells).rstrip())
    count = len(views)
    lines.append(f"\n{count} referral{'s' if count != 1 else ''}, most urgent first, then newest.")
    return "\n".join(lines)


def details(view: ReferralView) -> str:
    status = view.status
    if view.status == "claimed":
        status += f" by {view.claimed_by} at {uk_time(view.claimed_at)}"
    elif view.status == "closed":
        status += f" by {view.closed_by} at {uk_time(view.closed_at)}"
    hours = "in office hours" if view.in_hours else "out of office hours"
    lines = [
        f"{view.id}  {view.route} (priority {view.priority})  {status}",
        f"Received:      {uk_time(view.created_at, with_year=True)} (UK time), {view.channel} channel, {hours}",
        f"Team:          {view.team}",
        f"About:         {view.about.replace('_', ' ')}",
        f"Reasons:       {', '.join(safe(r, one_line=True) for r in view.reasons) or '-'}",
        f"What matters:  {_indented(view.what_matters, 15) if view.what_matters else '-'}",
        f"Contact:       {_contact(view)}",
        "",
        "Conversation:",
    ]
    for turn in view.transcript or []:
        lines.append(f"  {safe(turn.get('who'), one_line=True):>8}: {_indented(turn.get('text'), 12)}")
    if not view.transcript:
        lines.append("  (none kept)")
    lines += ["", "Notes:"]
    lines += [f"  {uk_time(n['at'])}  {safe(n['by'], True)}: {_indented(n['text'], 4)}" for n in view.notes] or ["  (none)"]
    if view.outcome:
        lines += ["", f"Outcome:       {_indented(view.outcome, 15)}"]
    lines += ["", "History:"]
    for entry in view.audit:
        detail = f" - {safe(entry['detail'], one_line=True)}" if entry["detail"] else ""
        lines.append(f"  {uk_time(entry['at'], with_year=True)}  {safe(entry['who'], True)}: {entry['action']}{detail}")
    return "\n".join(lines)


def _contact(view: ReferralView) -> str:
    if not view.consent:
        return "not kept (no consent)"
    if not view.contact:
        return "none given"
    return "; ".join(f"{safe(k, True)}: {safe(v, True)}" for k, v in view.contact.items())


def _indented(text, indent: int) -> str:
    return ("\n" + " " * indent).join(safe(text).splitlines() or [""])


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
