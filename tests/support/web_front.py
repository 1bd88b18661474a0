"""Driving the web front in tests: the staff account, signing in with the CSRF token, running a scenario."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient

STAFF_NAME = "duty.worker"
STAFF_PASSWORD = "correct horse battery"


def run(coroutine):
    """Run one async scenario (pytest-aiohttp is not installed: each test owns its event loop)."""
    return asyncio.run(coroutine)


async def sign_in(client: TestClient, username: str = STAFF_NAME, password: str = STAFF_PASSWORD,
                  next_page: str = ""):
    """Sign in through the real form (with its CSRF token); returns the final response."""
    page = await client.get("/staff/login")
    token = csrf_from(await page.text())
    return await client.post("/staff/login", data={"username": username, "password": password,
                                                   "csrf_token": token, "next": next_page},
                             allow_redirects=False)


def csrf_from(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]
