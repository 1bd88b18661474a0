"""Browser fixtures: the real servers (`live_stack`), Debian's chromium driven by Playwright, and axe-core.

Needs: `apt-get install -y chromium` and `npm ci --prefix tests/browser` (axe-core). No browser downloads.
Screenshots go to artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from pathlib import Path

import pytest

from bot.referrals import NewReferral, open_store
from tests.browser.helpers import AXE, BOT_TIMEOUT_MS, SCREENSHOTS, STAFF_NAME, STAFF_PASSWORD
from tests.browser.servers import fake_stack
from web.staff_users import StaffUsers

CHROMIUM = os.environ.get("FRONTDOOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
QUICK_EXIT_HOST = "www.bbc.co.uk"


@pytest.fixture(scope="session")
def live_stack(tmp_path_factory):
    """Rasa + action server + web front + a private SQLite database, with one staff account.

    FRONTDOOR_BROWSER_STACK=fake uses the scripted stand-in bot instead (page work only).
    """
    workdir = tmp_path_factory.mktemp("browser-stack")
    users_file = workdir / "staff-users.yml"
    StaffUsers(users_file).set_password(STAFF_NAME, STAFF_PASSWORD)
    # Every test comes from 127.0.0.1, so the per-client chat limit is raised for the whole suite.
    env = {"FRONTDOOR_STAFF_USERS": str(users_file), "FRONTDOOR_CHAT_RATE_LIMIT": "10000"}
    if os.environ.get("FRONTDOOR_BROWSER_STACK") == "fake":
        with fake_stack(workdir, env) as stack:
            yield stack
        return
    from tests.support.stack import running_stack

    with running_stack(workdir, env=env) as stack:
        yield stack


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    if not AXE.exists():
        pytest.skip("axe-core not installed: run `npm ci --prefix tests/browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Tab:
    """A page plus what the tests check around it: outside requests and blocked (CSP) resources."""

    def __init__(self, context, base_url: str):
        self.context, self.base_url = context, base_url
        self.outside_requests: list[str] = []
        self.console_errors: list[str] = []
        context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), self._outside)
        self.page = context.new_page()
        self.page.set_default_timeout(BOT_TIMEOUT_MS)
        self.page.on("console", lambda message: message.type == "error" and self.console_errors.append(message.text))

    def _outside(self, route):
        url = route.request.url
        if re.match(rf"^https://{re.escape(QUICK_EXIT_HOST)}/", url):
            # The quick-exit destination, answered locally: tests never reach the internet.
            route.fulfill(status=200, content_type="text/html",
                          body="<!DOCTYPE html><title>Weather</title><h1>Weather stand-in</h1>")
            return
        self.outside_requests.append(url)
        route.abort()

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)


def _screenshot_name(request) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)[:120]


@pytest.fixture
def tab(browser, live_stack, request):
    """A fresh browser context (no cookies, no storage) at a desktop size, with a screenshot at the end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield from _tab(context, live_stack.web_url, request)


@pytest.fixture
def phone_tab(browser, live_stack, request):
    """A 320 px wide phone screen."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="en-GB")
    yield from _tab(context, live_stack.web_url, request)


@pytest.fixture
def axe_tab(browser, live_stack, request):
    """Like `tab`, but lets axe-core be injected despite the page's Content-Security-Policy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", bypass_csp=True)
    yield from _tab(context, live_stack.web_url, request)


def _tab(context, base_url: str, request):
    tab = Tab(context, base_url)
    try:
        yield tab
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):  # a screenshot must never hide the real failure
            tab.page.screenshot(path=str(SCREENSHOTS / f"{_screenshot_name(request)}.png"), full_page=True)
        context.close()
    assert tab.outside_requests == [], f"the page tried to load from elsewhere: {tab.outside_requests}"
    blocked = [error for error in tab.console_errors if "Content Security Policy" in error or "Refused to" in error]
    assert blocked == [], f"the Content-Security-Policy blocked part of the page: {blocked}"


_keys = itertools.count()


@pytest.fixture
def referral(live_stack, tmp_path):
    """A new crisis referral in the stack's own database, as the bot would hand it over."""
    store = open_store(live_stack.database_url, tmp_path / "spool")
    outcome = store.submit(NewReferral(
        referral_key=f"browser-{next(_keys)}-{tmp_path.name}", route="crisis", reasons=["said they feel unsafe"],
        channel="web", about="self", in_hours=True, team="Adult social care duty team",
        transcript=[{"who": "resident", "text": "I don't feel safe at home <b>tonight</b>", "at": None},
                    {"who": "bot", "text": "I'm passing this to the duty team now.", "at": None}],
        what_matters="Being able to stay in my own home", contact={"phone": "07700 900123"}, consent=True,
    ))
    assert outcome.stored
    yield outcome.referral_id
    store.dispose()
