"""The case note a contact-centre worker pastes into the council's case record system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SKIPPED = "skipped"
SECTIONS = (
    ("What matters most", "what_matters"),
    ("What is working well", "working_well"),
    ("People around them", "people_around"),
    ("What they enjoy", "enjoys"),
    ("What would help", "would_help"),
    ("Area", "location"),
    ("Access needs", "access_needs"),
)
ABOUT_TEXT = {"self": "the caller", "someone_else": "someone the caller looks after or worries about",
              "professional": "a professional's client"}


@dataclass(frozen=True)
class CaseNote:
    text: str
    data: dict


def triage_outcome(events: list[dict]) -> dict:
    """Every risk route the rules found in this conversation, with the rule ids and words, and
    every safety question asked (the route it was about)."""
    routes, reasons, questions = [], [], []
    for event in events:
        triage = (event.get("parse_data") or {}).get("triage") if event.get("event") == "user" else None
        if triage and triage.get("route") not in (None, "none"):
            routes.append(triage["route"])
            reasons.extend(triage.get("reasons") or [])
        if triage and triage.get("check_route"):
            questions.append(triage["check_route"])
    return {"outcome": routes[0] if routes else "none", "routes": routes, "reasons": reasons, "questions": questions}


def build_case_note(slots: dict, events: list[dict], created_at: datetime) -> CaseNote:
    triage = triage_outcome(events)
    suggested = slots.get("suggested_services") or []
    accepted = suggested if slots.get("list_consent") else []
    data = {
        "created_at": created_at.isoformat(timespec="minutes"),
        "about": slots.get("about") or "unknown",
        "person": slots.get("them"),
        **{key: _answer(slots.get(key)) for _, key in SECTIONS},
        "access_flags": slots.get("access_flags") or [],
        "triage": triage,
        "services_suggested": suggested,
        "services_accepted": accepted,
        "consent": {
            "contact_details": bool(slots.get("contact_consent")),
            "email_list": bool(slots.get("list_consent")),
        },
        "handoff_reference": slots.get("handoff_reference"),
        "did_it_help": slots.get("helped"),
    }
    return CaseNote(text=_as_text(data), data=data)


def _answer(value) -> str | None:
    return None if value in (None, "") else str(value)


def _as_text(data: dict) -> str:
    lines = [f"Front Door conversation, {data['created_at']}",
             f"About: {ABOUT_TEXT.get(data['about'], 'not said')}" + (f" ({data['person']})" if data["person"] else "")]
    for label, key in SECTIONS:
        value = data[key]
        lines.append(f"{label}: {'not asked' if value is None else ('skipped' if value == SKIPPED else value)}")
    triage = data["triage"]
    if triage["outcome"] == "none":
        lines.append("Risk screen: no risk found by the rules")
    else:
        rules = ", ".join(f"{r.get('rule')} ({r.get('matched')})" for r in triage["reasons"][:10]
                          if r.get("layer", "rules") == "rules")
        lines.append(f"Risk screen: {', '.join(dict.fromkeys(triage['routes']))}. Rules: {rules}")
    if triage.get("questions"):
        lines.append(f"Safety questions asked about: {', '.join(dict.fromkeys(triage['questions']))}"
                     " (the person's words were close to reviewed examples of these risks)")
    suggested = "; ".join(s.get("name", "?") for s in data["services_suggested"]) or "none"
    accepted = "; ".join(s.get("name", "?") for s in data["services_accepted"]) or "none recorded"
    lines += [f"Services suggested: {suggested}", f"Services accepted: {accepted}",
              "Consent: contact details " + ("given" if data["consent"]["contact_details"] else "not given")
              + "; e-mail of the list " + ("given" if data["consent"]["email_list"] else "not given")]
    if data["handoff_reference"]:
        lines.append(f"Referral: {data['handoff_reference']}")
    if data["did_it_help"]:
        lines.append(f"Did it help: {data['did_it_help']}")
    return "\n".join(lines)
