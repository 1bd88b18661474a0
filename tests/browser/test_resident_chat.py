"""A resident using the chat page in a real browser, against the real bot."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BOT, NOTICE, YOU, count, say, wait_for_greeting, wait_for_reply

pytestmark = [pytest.mark.browser, pytest.mark.integration]

OPTIONS_ONLY_AFTER_MY_LAST_MESSAGE = """() => {
  const items = [...document.querySelectorAll('#transcript > li')];
  const lastMine = items.map(item => item.classList.contains('message--you')).lastIndexOf(true);
  return items.every((item, index) => index > lastMine || !item.querySelector('.quick-replies'));
}"""


def test_the_bot_greets_first_and_says_it_is_automated(tab):
    tab.goto("/")
    wait_for_greeting(tab.page)
    greeting = tab.page.locator(BOT).first.inner_text()
    assert "automated" in greeting.lower()
    expect(tab.page.get_by_text("In an emergency call 999")).to_be_visible()
    expect(tab.page.get_by_role("link", name="01632 960 100").first).to_be_visible()


def test_a_resident_conversation_end_to_end(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    reply = say(page, "I'm looking for a lunch club for my mum, she is lonely")
    assert reply.strip()
    expect(page.locator(YOU).last).to_contain_text("lunch club for my mum")
    # Reply options, when the bot offers them, are real buttons that send their title as my message.
    options = page.locator(f"{BOT} .quick-replies button")
    if options.count():
        title = options.first.inner_text()
        bots = count(page, BOT)
        options.first.click()
        wait_for_reply(page, bots, count(page, NOTICE))
        expect(page.locator(YOU).last).to_have_text(re.compile(re.escape(title)))
        # Answered options go away, so an old question cannot be answered twice.
        assert page.evaluate(OPTIONS_ONLY_AFTER_MY_LAST_MESSAGE)


def test_a_risk_message_gets_the_emergency_reply(tab):
    tab.goto("/")
    wait_for_greeting(tab.page)
    reply = say(tab.page, "I've just swallowed a whole packet of pills")
    assert "999" in reply
    # 999 in the bot's text is a tap-to-call link on a phone.
    expect(tab.page.locator(BOT).get_by_role("link", name="999").last).to_be_visible()


def test_reloading_keeps_the_conversation_without_greeting_again(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    say(page, "My dad needs help getting washed and dressed")
    before = page.locator("#transcript > li").all_inner_texts()
    page.reload()
    page.wait_for_selector(YOU)
    page.wait_for_timeout(1500)  # long enough for a (wrong) second greeting to arrive
    assert page.locator("#transcript > li").all_inner_texts() == before
    say(page, "He lives on his own")
    expect(page.locator(YOU)).to_have_count(2)


def test_what_people_type_is_shown_as_text_never_run_as_html(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    page.evaluate("window.__pwned = false")
    attack = '<img src=x onerror="window.__pwned=true"><b>bold</b>'
    say(page, attack)
    expect(page.locator(YOU).last).to_contain_text(attack)
    assert page.locator("#transcript img, #transcript b").count() == 0
    assert page.evaluate("window.__pwned") is False


def test_empty_and_overlong_messages_are_stopped_with_a_clear_message(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    page.locator("#message").press("Enter")
    expect(page.locator("#message-error")).to_have_text("Please type a message.")
    expect(page.locator("#message")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#message")).to_be_focused()
    page.locator("#message").fill("a" * 5001)
    page.locator("#message").press("Enter")
    expect(page.locator("#message-error")).to_contain_text("5,000 characters")
    expect(page.locator(YOU)).to_have_count(0)
    say(page, "Sorry, I meant: I need help at home")
    expect(page.locator("#message-error")).to_be_hidden()


def test_start_again_clears_the_conversation_and_greets_afresh(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    say(page, "I need a carer for my wife")
    page.get_by_role("button", name="Start again").click()
    wait_for_greeting(page)
    expect(page.locator(YOU)).to_have_count(0)
    assert "automated" in page.locator(BOT).first.inner_text().lower()


def test_the_page_works_on_a_320_pixel_phone_screen(phone_tab):
    page = phone_tab.page
    phone_tab.goto("/")
    wait_for_greeting(page)
    say(page, "I'm struggling to cope looking after my husband")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for control in [page.get_by_role("button", name="Leave this page quickly"), page.locator("#message"),
                    page.get_by_role("button", name="Send")]:
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert box["height"] >= 24  # WCAG 2.2 target size (minimum)


def test_text_resized_to_200_percent_loses_nothing(tab):
    page = tab.page
    tab.goto("/")
    wait_for_greeting(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for name in ["Leave this page quickly", "Send", "Start again"]:
        expect(page.get_by_role("button", name=name)).to_be_visible()
    expect(page.get_by_text("In an emergency call 999")).to_be_visible()
    say(page, "Can I get help with shopping?")
