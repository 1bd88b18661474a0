"""Staff in a real browser: sign in, the duty queue (claim, note, close) and the guided conversation."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import BOT, STAFF_NAME, say, sign_in, wait_for_greeting

pytestmark = [pytest.mark.browser, pytest.mark.integration]

def test_staff_pages_need_a_sign_in(tab):
    tab.goto("/staff/queue")
    tab.page.wait_for_url(re.compile(r"/staff/login\?next=/staff/queue$"))
    expect(tab.page.get_by_role("heading", name="Sign in to the staff console")).to_be_visible()


def test_a_wrong_password_is_explained(tab):
    tab.goto("/staff/login")
    tab.page.get_by_label("Username").fill(STAFF_NAME)
    tab.page.get_by_label("Password").fill("not my password at all")
    tab.page.get_by_role("button", name="Sign in").click()
    expect(tab.page.get_by_role("alert")).to_contain_text("username or password is not right")


def test_claim_note_and_close_a_referral_from_the_queue(tab, referral):
    page = tab.page
    sign_in(tab)
    row = page.locator(f'tr[data-referral="{referral}"]')
    expect(row).to_contain_text("Crisis")
    row.get_by_role("button", name=re.compile("Claim")).click()
    expect(page.get_by_role("status")).to_contain_text("You have claimed this referral")
    expect(page.locator("#referral-status")).to_have_text(f"Claimed by {STAFF_NAME}")
    # What the resident wrote is shown as text.
    expect(page.get_by_text("I don't feel safe at home <b>tonight</b>")).to_be_visible()
    expect(page.get_by_text("07700 900123")).to_be_visible()
    page.get_by_label("Add a note").fill("Rang twice, no answer. Trying again at 3pm.")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Rang twice, no answer. Trying again at 3pm.")).to_be_visible()
    page.get_by_label("Outcome").fill("Spoke to her; safety plan agreed, visit booked")
    page.get_by_role("button", name="Close referral").click()
    expect(page.locator("#referral-status")).to_have_text(f"Closed by {STAFF_NAME}")
    expect(page.get_by_role("button", name="Close referral")).to_have_count(0)
    history = page.locator("table", has_text="Every change to this referral")
    for action in ["claimed", "closed"]:
        expect(history).to_contain_text(action)
    page.get_by_role("link", name="Back to the duty queue").click()
    expect(page.locator(f'tr[data-referral="{referral}"]')).to_have_count(0)
    page.get_by_label("Status").select_option("closed")
    page.get_by_role("button", name="Show referrals").click()
    expect(page.locator(f'tr[data-referral="{referral}"]')).to_be_visible()


def test_the_guided_conversation_talks_to_staff_and_signs_out(tab):
    page = tab.page
    sign_in(tab, "/staff/conversation")
    wait_for_greeting(page)
    greeting = page.locator(BOT).first.inner_text()
    assert "automated helper" not in greeting.lower()  # the staff script addresses the staff member
    assert say(page, "The caller is worried about her father, who keeps falling").strip()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/staff/login\?signed_out=1$"))
    tab.goto("/staff/conversation")
    page.wait_for_url(re.compile(r"/staff/login"))
    # The next person to sign in on this computer does not see the last call.
    sign_in(tab, "/staff/conversation")
    wait_for_greeting(page)
    expect(page.get_by_text("who keeps falling")).to_have_count(0)


def test_a_case_note_appears_in_its_panel_and_copies(tab):
    """The note's content is the bot's; this checks the panel shows and copies whatever arrives."""
    page = tab.page
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=tab.base_url)
    sign_in(tab, "/staff/conversation")
    wait_for_greeting(page)
    note = {"text": "Caller: daughter\nWhat matters: staying at home\nRisk: falls", "data": {"about": "someone_else"}}

    def with_case_note(route):
        route.fulfill(status=200, content_type="application/json", body=json.dumps(
            {"messages": [{"text": "Here is the case note."}, {"case_note": note}], "no_reply": None}))

    page.route("**/staff/chat", with_case_note)
    say(page, "That's everything")
    panel = page.locator("#case-note")
    expect(panel.get_by_label("Case note text")).to_have_value(note["text"])
    expect(panel).to_contain_text("someone_else")
    panel.get_by_role("button", name="Copy case note").click()
    expect(panel.get_by_role("status")).to_contain_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == note["text"]
    page.unroute("**/staff/chat")
    page.reload()
    expect(panel.get_by_label("Case note text")).to_have_value(note["text"])  # survives a reload too
