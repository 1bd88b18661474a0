"""Resuming a conversation that was paused for a handoff, once a staff member has picked it up.

Uses the Rasa server's HTTP API (started by `make run` with `--enable-api` and a token that only
the launcher, the web front and this machine's `var/` know).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

from bot.referrals.records import ReferralError
from core.settings import Settings

TOKEN_FILE = "rasa-api-token"


def rasa_token(settings: Settings) -> str | None:
    if settings.rasa_token:
        return settings.rasa_token
    path = settings.var_dir / TOKEN_FILE
    return path.read_text(encoding="utf-8").strip() if path.exists() else None


def resume_conversation(store, referral_id: str, by: str, settings: Settings | None = None):
    """Un-pause the referral's conversation in the bot and note it in the referral's history."""
    settings = settings or Settings.from_env()
    view = store.get(referral_id)
    if view is None:
        raise ReferralError(f"There is no referral {referral_id.strip().upper()}.")
    if view.status == "closed":
        raise ReferralError(f"{view.id} is closed: reopen it, with a reason, before resuming its conversation.")
    if not view.conversation_id:
        raise ReferralError(f"{view.id} has no conversation in the chat to resume.")
    token = rasa_token(settings)
    if not token:
        raise ReferralError("The bot's API token is not known here: start the bot with `make run` first.")
    address = (f"{settings.rasa_url}/conversations/{urllib.parse.quote(view.conversation_id, safe='')}"
               f"/tracker/events?{urllib.parse.urlencode({'token': token})}")
    # After the resume, the bot is listening again: messages sent while paused are history, not a turn to answer.
    events = [{"event": "resume"}, {"event": "action", "name": "action_listen"}]
    request = urllib.request.Request(address, data=json.dumps(events).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=15):
            pass
    except (urllib.error.URLError, OSError) as error:
        raise ReferralError(f"The bot could not be reached to resume the conversation ({type(error).__name__}).") \
            from None
    return store.record_resume(view.id, by)
