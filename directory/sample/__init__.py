"""The Sample Borough demonstration directory: ~60 fictional local services plus a few real national
helplines, as ORUK v3 JSON (sample_borough_oruk_v3.json, built from sample_borough.yml), and
outward-code centroids for its fictional "SB" postcodes.

`load_sample_if_empty(database_url)` is what `make run` calls so the demo has something to find.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

SAMPLE_FILE = Path(__file__).resolve().parent / "sample_borough_oruk_v3.json"


def load_sample(database_url: str, show_progress: bool = False):
    """Load (or refresh) the sample directory and its postcodes; returns the import summary."""
    from core.db import make_engine
    from directory.importer import import_feed
    from directory.postcodes import load_sample_outcodes
    from directory.store import bump_data_version

    summary = import_feed(database_url, str(SAMPLE_FILE), show_progress=show_progress)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            load_sample_outcodes(connection)
            bump_data_version(connection)
    finally:
        engine.dispose()
    return summary


def load_sample_if_empty(database_url: str) -> int:
    """Load the sample when the directory has no services; returns how many services were loaded (0 if none)."""
    from core.db import make_engine, upgrade
    from directory.models import Service

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            count = connection.execute(select(func.count()).select_from(Service)).scalar_one()
    finally:
        engine.dispose()
    if count:
        return 0
    return load_sample(database_url).services
