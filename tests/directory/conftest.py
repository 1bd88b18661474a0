"""Fixtures for the directory tests: throw-away SQLite databases with the sample or Bristol feed."""

from __future__ import annotations

import pytest

from core.db import make_engine, make_session_factory
from tests.support.feeds import BRISTOL


@pytest.fixture
def database_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'directory.db'}"


@pytest.fixture(scope="session")
def sample_url(tmp_path_factory) -> str:
    from directory.sample import load_sample

    url = f"sqlite:///{tmp_path_factory.mktemp('sample') / 'sample.db'}"
    load_sample(url)
    return url


@pytest.fixture(scope="session")
def sample_sessions(sample_url):
    engine = make_engine(sample_url)
    yield make_session_factory(engine)
    engine.dispose()


@pytest.fixture
def sample_session(sample_sessions):
    with sample_sessions() as session:
        yield session


@pytest.fixture(scope="session")
def bristol_url(tmp_path_factory) -> str:
    from directory.importer import import_feed

    if not BRISTOL.exists():
        pytest.skip(f"Bristol feed not found at {BRISTOL}")
    url = f"sqlite:///{tmp_path_factory.mktemp('bristol') / 'bristol.db'}"
    import_feed(url, str(BRISTOL), show_progress=False)
    return url


@pytest.fixture
def sessions_for():
    """Session factories for any database URL, disposed after the test."""
    engines = []

    def factory(url: str):
        engine = make_engine(url)
        engines.append(engine)
        return make_session_factory(engine)

    yield factory
    for engine in engines:
        engine.dispose()
