"""The directory's own bookkeeping, outside HSDS: data version, import runs, postcodes."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, Integer, String, Text

from directory.orm.base import Base


class DirectoryMeta(Base):
    """Key/value pairs; `data_version` goes up on every change so search indexes know to rebuild."""

    __tablename__ = "directory_meta"
    key = Column(String(64), primary_key=True)
    value = Column(Text, nullable=False)


class ImportRun(Base):
    """One line per import, for the contact centre's "when was this last refreshed?"."""

    __tablename__ = "directory_import"
    id = Column(Integer, primary_key=True, autoincrement=True)
    source = Column(Text, nullable=False)
    feed_format = Column(String(16), nullable=False)
    read = Column(Integer, nullable=False)
    imported = Column(Integer, nullable=False)
    updated = Column(Integer, nullable=False)
    skipped = Column(Integer, nullable=False)
    finished_at = Column(DateTime(timezone=True), nullable=False)


class Postcode(Base):
    """Full postcodes (from the ONS Postcode Directory) or outward-code centroids (shipped sample)."""

    __tablename__ = "directory_postcode"
    postcode = Column(String(8), primary_key=True)
    outward_code = Column(String(4), nullable=False, index=True)
    latitude = Column(Float, nullable=False)
    longitude = Column(Float, nullable=False)
    source = Column(String(32), nullable=False)
