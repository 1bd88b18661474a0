"""Shared fixtures. Integration fixtures start real servers; see tests/support/."""

from __future__ import annotations

import pytest

from tests.support.postgres import postgres_server


@pytest.fixture(scope="session")
def postgres_url():
    """A URL for a real PostgreSQL database, private to this test session."""
    with postgres_server() as url:
        yield url
