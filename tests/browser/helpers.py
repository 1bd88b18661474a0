"""What the browser tests do over and over: talk in the chat, sign in, run axe-core."""

from __future__ import annotations

import re
from pathlib import Path

AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
STAFF_NAME, STAFF_PASSWORD = "duty.tester", "browser test passphrase"
BOT_TIMEOUT_MS = 60_000  # the real bot's first replies can take several seconds while models warm up

BOT = "#transcript .message--bot"
YOU = "#transcript .message--you"
NOTICE = "#transcript .message--notice"


def count(page, selector: str) -> int:
    return page.locator(selector).count()


def wait_for_reply(page, bots_before: int, notices_before: int = 0) -> None:
    """Until the typing indicator is gone and a new bot message (or notice) has appeared."""
    page.wait_for_function(
        """([bot, notice, bots, notices]) => document.getElementById('typing').hidden
             && (document.querySelectorAll(bot).length > bots || document.querySelectorAll(notice).length > notices)""",
        arg=[BOT, NOTICE, bots_before, notices_before], timeout=BOT_TIMEOUT_MS,
    )


def wait_for_greeting(page) -> None:
    wait_for_reply(page, 0, 0)


def say(page, text: str) -> str:
    """Type a message, press Enter, wait for the answer; returns all the bot's new text."""
    bots, notices = count(page, BOT), count(page, NOTICE)
    page.locator("#message").fill(text)
    page.locator("#message").press("Enter")
    wait_for_reply(page, bots, notices)
    new = page.locator(f"{BOT}, {NOTICE}").all_inner_texts()
    return "\n".join(new[bots + notices:])


def sign_in(tab, next_path: str = "/staff/queue") -> None:
    page = tab.page
    tab.goto(f"/staff/login?next={next_path}")
    page.get_by_label("Username").fill(STAFF_NAME)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(next_path) + "$"))


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules plus best practice) and describe serious problems."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:5]}"
        for v in result["violations"] if v["impact"] in impacts
    ]
