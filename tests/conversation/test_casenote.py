"""The staff case note: plain text and JSON with what the worker needs."""

from __future__ import annotations

import json
from datetime import datetime

from bot.conversation.casenote import build_case_note
from bot.conversation.transcript import transcript_from_events

SLOTS = {
    "about": "someone_else", "them": "your mum", "what_matters": "Mum wants to keep living at home",
    "working_well": "her neighbour pops in", "people_around": "skipped", "enjoys": "singing",
    "would_help": "help with the stairs", "location": "SB1 2AB", "access_needs": "none",
    "suggested_services": [{"id": "s1", "name": "Sample Memory Cafe"}], "list_consent": True, "contact_consent": False,
}
EVENTS = [
    {"event": "user", "text": "my mum keeps falling", "timestamp": 1_700_000_000,
     "parse_data": {"triage": {"route": "urgent", "check": False,
                               "reasons": [{"rule": "urgent.fall_cannot_get_up", "matched": "keeps falling"}]}}},
    {"event": "bot", "text": "That sounds urgent.", "timestamp": 1_700_000_001},
    {"event": "user", "text": "/affirm", "timestamp": 1_700_000_002},
]


def test_case_note_text_has_every_section_and_the_triage_reason():
    note = build_case_note(SLOTS, EVENTS, datetime(2026, 11, 23, 10, 30))
    assert "What matters most: Mum wants to keep living at home" in note.text
    assert "People around them: skipped" in note.text
    assert "Risk screen: urgent. Rules: urgent.fall_cannot_get_up (keeps falling)" in note.text
    assert "Services suggested: Sample Memory Cafe" in note.text
    assert "Consent: contact details not given; e-mail of the list given" in note.text


def test_case_note_json_is_ready_to_paste():
    note = build_case_note(SLOTS, EVENTS, datetime(2026, 11, 23, 10, 30))
    data = json.loads(json.dumps(note.data))
    assert data["triage"]["outcome"] == "urgent"
    assert data["services_accepted"] == [{"id": "s1", "name": "Sample Memory Cafe"}]
    assert data["consent"] == {"contact_details": False, "email_list": True}


def test_no_risk_is_said_plainly():
    note = build_case_note({"about": "self"}, [], datetime(2026, 11, 23, 10, 30))
    assert "Risk screen: no risk found by the rules" in note.text
    assert "What matters most: not asked" in note.text


def test_transcript_marks_buttons_and_keeps_order():
    turns = transcript_from_events(EVENTS)
    assert [t["who"] for t in turns] == ["resident", "bot", "resident"]
    assert turns[2]["text"] == "[chose: affirm]"
    assert turns[0]["at"].startswith("2023-11-14")


def test_a_safety_question_is_in_the_case_note():
    from datetime import datetime

    from bot.conversation.casenote import build_case_note

    asked = {"event": "user", "text": "he listens to all my calls", "parse_data": {"triage": {
        "route": "none", "check": True, "check_route": "safeguarding",
        "reasons": [{"layer": "examples", "route": "safeguarding", "similar_to": "safeguarding.seed_0001", "score": 0.6}]}}}
    note = build_case_note({"about": "self"}, [asked], datetime(2026, 11, 24, 10, 30))
    assert "Safety questions asked about: safeguarding" in note.text
    assert note.data["triage"]["questions"] == ["safeguarding"]
    assert "Risk screen: no risk found by the rules" in note.text
