"""Alembic environment: one database, one branch per package."""

from __future__ import annotations

import importlib

from alembic import context
from sqlalchemy import MetaData

from core.db import make_engine
from core.settings import Settings

# Each package that owns tables exposes `Base` in its models module.
MODEL_MODULES = ["directory.models", "bot.referrals.models", "bot.insights.models"]


def target_metadata() -> list[MetaData]:
    found = []
    for name in MODEL_MODULES:
        try:
            found.append(importlib.import_module(name).Base.metadata)
        except ModuleNotFoundError:
            continue
    return found


def run_migrations() -> None:
    url = context.config.attributes.get("database_url") or Settings.from_env().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata(), render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
