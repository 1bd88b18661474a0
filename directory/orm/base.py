"""Declarative base for the directory's tables, with stable constraint names for Alembic."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import declarative_base

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=MetaData(naming_convention=NAMING))

# ORUK ids are kept as the ids; feeds use UUIDs but v1 allows any string, so leave room.
ID_LENGTH = 255
