"""Schema upgrades: safe when two threads of one process upgrade at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import create_engine, inspect

from core.db import upgrade


def test_upgrades_in_parallel_threads_all_finish(tmp_path):
    # The referral retrier's thread may upgrade while a request does; Alembic's context is global.
    urls = [f"sqlite:///{tmp_path / f'db{n}.sqlite'}" for n in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(upgrade, urls))
    for url in urls:
        assert "referral" in inspect(create_engine(url)).get_table_names()
