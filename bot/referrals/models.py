"""Tables for referrals to a person: the referral, staff notes on it, and its audit trail.

The schema is created only by Alembic (migrations/versions/referrals_0001_*.py), never by
`create_all`, so SQLite and PostgreSQL always match the migration.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.schema import Column
from sqlalchemy.types import TypeDecorator

# Priority of each route in core.vocabulary.REFERRAL_ROUTES; 1 is looked at first. Kept beside the table
# (not in a config file) so that storing a referral can never fail because a file is missing or mistyped.
ROUTE_PRIORITY = {"emergency": 1, "crisis": 2, "safeguarding": 2, "urgent": 3, "medical": 4, "callback": 5}
SPEAKERS = ("resident", "bot", "staff")
STATUSES = ("new", "claimed", "closed")

Base = declarative_base(
    metadata=MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
)


class UTCDateTime(TypeDecorator):
    """Always timezone-aware UTC in Python, whatever the backend keeps (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Referral(Base):
    __tablename__ = "referral"

    id = Column(String(16), primary_key=True)
    referral_key = Column(String(200), nullable=False, unique=True)
    conversation_id = Column(String(200), nullable=True)
    created_at = Column(UTCDateTime(), nullable=False)
    updated_at = Column(UTCDateTime(), nullable=False)
    route = Column(String(20), nullable=False)
    priority = Column(Integer, nullable=False)
    reasons = Column(JSON, nullable=False)
    channel = Column(String(20), nullable=False)
    about = Column(String(20), nullable=False)
    transcript = Column(JSON, nullable=False)
    what_matters = Column(Text, nullable=True)
    contact = Column(JSON, nullable=True)
    consent = Column(Boolean, nullable=False)
    in_hours = Column(Boolean, nullable=False)
    team = Column(String(40), nullable=False)
    status = Column(String(10), nullable=False)
    claimed_by = Column(String(100), nullable=True)
    claimed_at = Column(UTCDateTime(), nullable=True)
    closed_by = Column(String(100), nullable=True)
    closed_at = Column(UTCDateTime(), nullable=True)
    outcome = Column(Text, nullable=True)

    notes = relationship("ReferralNote", order_by="ReferralNote.id", lazy="raise")
    audit = relationship("ReferralAudit", order_by="ReferralAudit.id", lazy="raise")

    __table_args__ = (Index("ix_referral_queue", "status", "priority", "created_at"),)


class ReferralNote(Base):
    __tablename__ = "referral_note"

    id = Column(Integer, primary_key=True, autoincrement=True)
    referral_id = Column(String(16), ForeignKey("referral.id"), nullable=False, index=True)
    at = Column(UTCDateTime(), nullable=False)
    by = Column(String(100), nullable=False)
    text = Column(Text, nullable=False)


class ReferralAudit(Base):
    __tablename__ = "referral_audit"

    id = Column(Integer, primary_key=True, autoincrement=True)
    referral_id = Column(String(16), ForeignKey("referral.id"), nullable=False, index=True)
    at = Column(UTCDateTime(), nullable=False)
    who = Column(String(100), nullable=False)
    action = Column(String(20), nullable=False)
    detail = Column(Text, nullable=True)
