"""Sample referrals for the store's tests."""

from __future__ import annotations

from bot.referrals import NewReferral


def new_referral(key: str, **changes) -> NewReferral:
    values = {
        "referral_key": key,
        "route": "urgent",
        "reasons": ["no_food", "lives_alone"],
        "channel": "web",
        "about": "self",
        "transcript": [
            {"who": "bot", "text": "How can I help?", "at": "2024-05-21T10:00:00+01:00"},
            {"who": "resident", "text": f"I have had no food for two days ({key})", "at": "2024-05-21T10:00:20+01:00"},
        ],
        "what_matters": "Staying in my own home",
        "contact": {"phone": "07700 900123", "name": "Pat Example"},
        "consent": True,
        "in_hours": True,
        "team": "duty_team",
        "conversation_id": f"conversation-{key}",
    }
    values.update(changes)
    return NewReferral(**values)
