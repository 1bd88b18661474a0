"""Tables for unmet needs and feedback (Alembic branch "insights")."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, String, Text
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class UnmetNeed(Base):
    __tablename__ = "unmet_need"
    id = Column(Integer, primary_key=True, autoincrement=True)
    recorded_on = Column(Date, nullable=False, index=True)
    needs = Column(String(500), nullable=False)  # need labels, e.g. "carers' breaks"
    area = Column(String(10))  # outward code only, e.g. "SB1"; never a full postcode


class Feedback(Base):
    __tablename__ = "feedback"
    id = Column(Integer, primary_key=True, autoincrement=True)
    recorded_on = Column(Date, nullable=False, index=True)
    helped = Column(String(10), nullable=False)  # yes | partly | no
    comment = Column(Text)
    channel = Column(String(10))
