"""The whole good conversation in the page: buttons, answers, three explained matches, then print."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BOT, SCREENSHOTS, count, say, wait_for_greeting, wait_for_reply

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_from_hello_to_three_explained_matches_and_a_printable_page(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    bots = count(page, BOT)
    page.get_by_role("button", name="Me", exact=True).click()
    wait_for_reply(page, bots)
    expect(page.locator(BOT).last).to_contain_text("What matters most to you right now?")
    for answer in ["I'm lonely since my wife died", "my garden", "skip", "I used to sing",
                   "meet people and have a chat", "SB1 2AB"]:
        say(page, answer)
    results = say(page, "no, nothing else")
    assert results.count("Why:") == 3, results
    assert results.count("Contact:") == 3 and "Cost:" in results
    expect(page.get_by_role("button", name="Send me this list").last).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#chat-form")).to_be_hidden()
    expect(page.locator(BOT).last).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "chat-print.png"), full_page=True)
