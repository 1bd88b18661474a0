"""axe-core scans (WCAG 2.2 A/AA and best practice): no serious or critical problems on any page."""

from __future__ import annotations

import pytest

from tests.browser.helpers import axe_violations, say, sign_in, wait_for_greeting

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def test_chat_page_with_a_conversation(axe_tab):
    axe_tab.goto("/")
    wait_for_greeting(axe_tab.page)
    say(axe_tab.page, "I need help with getting out of bed in the morning")
    axe_tab.page.get_by_text("How to hide that you visited this page").click()
    axe_tab.page.locator("#message").press("Enter")  # an error message is on screen too
    assert axe_violations(axe_tab.page) == []


def test_chat_page_on_a_phone(browser, live_stack, request):
    context = browser.new_context(viewport={"width": 320, "height": 640}, bypass_csp=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(live_stack.web_url + "/")
        wait_for_greeting(page)
        assert axe_violations(page) == []
    finally:
        context.close()


def test_staff_sign_in_page(axe_tab):
    axe_tab.goto("/staff/login")
    assert axe_violations(axe_tab.page) == []
    axe_tab.page.get_by_role("button", name="Sign in").click()  # with its error
    assert axe_violations(axe_tab.page) == []


def test_staff_queue_referral_and_conversation(axe_tab, referral):
    page = axe_tab.page
    sign_in(axe_tab)
    assert axe_violations(page) == []
    page.locator(f'a[href="/staff/queue/{referral}"]').click()
    assert axe_violations(page) == []
    axe_tab.goto("/staff/conversation")
    wait_for_greeting(page)
    assert axe_violations(page) == []
