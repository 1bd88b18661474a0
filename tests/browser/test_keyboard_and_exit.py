"""Keyboard-only use, the quick-exit button (and Escape twice), and a bot that cannot be reached."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BOT, NOTICE, YOU, wait_for_greeting, wait_for_reply
from tests.browser.servers import web_front
from tests.support.ports import free_port

pytestmark = [pytest.mark.browser, pytest.mark.integration]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {id: el.id, tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || '').trim().slice(0, 60),
          visible: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none'};
}"""


def tab_until(page, matches, limit: int = 40) -> dict:
    """Press Tab until the focused element matches; every stop on the way must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] == "body":
            continue  # Tab went past the last control, into the browser's own toolbar, and wraps round
        assert focused["visible"], f"no visible focus on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached the element by pressing Tab")


def test_the_whole_chat_can_be_used_with_the_keyboard_alone(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    first = tab_until(page, lambda f: True)
    assert first["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    tab_until(page, lambda f: f["id"] == "message")
    page.keyboard.type("I care for my mum and I'm exhausted")
    bots, notices = page.locator(BOT).count(), page.locator(NOTICE).count()
    page.keyboard.press("Enter")
    wait_for_reply(page, bots, notices)
    expect(page.locator(YOU).last).to_contain_text("exhausted")
    expect(page.locator("#message")).to_be_focused()
    # Shift+Tab reaches the latest reply options (if any), and Enter chooses one.
    options = page.locator(f"{BOT} .quick-replies button")
    if options.count():
        title = options.first.inner_text()
        for _ in range(20):
            page.keyboard.press("Shift+Tab")
            if page.evaluate(FOCUSED)["text"] == title:
                break
        bots, notices = page.locator(BOT).count(), page.locator(NOTICE).count()
        page.keyboard.press("Enter")
        wait_for_reply(page, bots, notices)
        expect(page.locator(YOU).last).to_have_text(re.compile(re.escape(title)))
        expect(page.locator("#message")).to_be_focused()
    # The help on hiding this visit opens from the keyboard.
    tab_until(page, lambda f: "hide that you visited" in f["text"])
    page.keyboard.press("Enter")
    expect(page.get_by_text("It does not clear your browsing history")).to_be_visible()
    # And Start again works from the keyboard too.
    tab_until(page, lambda f: f["id"] == "restart", limit=80)
    page.keyboard.press("Enter")
    wait_for_greeting(page)
    expect(page.locator(YOU)).to_have_count(0)


def test_quick_exit_replaces_the_page_and_forgets_the_conversation(tab):
    page = tab.page
    page.goto("about:blank")
    tab.goto("/")
    wait_for_greeting(page)
    page.get_by_role("button", name="Leave this page quickly").click()
    page.wait_for_url(re.compile(r"^https://www\.bbc\.co\.uk/weather"))
    # Back does not return to the chat: the page was replaced, not added to history.
    page.go_back()
    assert "127.0.0.1" not in page.url
    tab.goto("/")
    wait_for_greeting(page)
    expect(page.locator(YOU)).to_have_count(0)


def test_pressing_escape_twice_leaves_quickly(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    page.locator("#message").fill("he checks my phone")
    page.keyboard.press("Escape")
    assert "127.0.0.1" in page.url  # one press is not enough: Escape has other uses
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"^https://www\.bbc\.co\.uk/weather"))
    assert page.evaluate("sessionStorage.length") == 0


def test_an_unreachable_bot_gets_a_clear_message_with_the_phone_number(browser, tab, tmp_path):
    dead_port = free_port()  # nothing listens here: Rasa is "down"
    with web_front(tmp_path, {"FRONTDOOR_RASA_URL": f"http://127.0.0.1:{dead_port}"}) as url:
        page = tab.page
        page.goto(url + "/")
        notice = page.locator(NOTICE).first
        expect(notice).to_contain_text("not working", timeout=15_000)
        expect(notice).to_contain_text("01632 960 100")
        page.locator("#message").fill("Is anyone there?")
        page.locator("#message").press("Enter")
        expect(page.locator(NOTICE)).to_have_count(2, timeout=15_000)
        expect(page.locator(YOU).last).to_contain_text("Not sent")
        expect(page.locator("#typing")).to_be_hidden()
        # What they typed is given back, ready to try again.
        expect(page.locator("#message")).to_have_value("Is anyone there?")
        assert "Traceback" not in page.content()
