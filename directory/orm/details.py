"""Details hung off services and locations: contacts, phones, schedules, costs, languages,
accessibility and service areas (HSDS / Open Referral UK 3.0).

Every child row keeps its ORUK id; feeds that give none (ORUK v1) get a stable id derived
from the parent, so a re-import replaces rows instead of adding copies.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Integer, Numeric, String, Text, Time

from directory.orm.base import ID_LENGTH, Base


def _id() -> Column:
    return Column(String(ID_LENGTH), primary_key=True)


def _ref(target: str) -> Column:
    return Column(String(ID_LENGTH), ForeignKey(target, ondelete="CASCADE"), index=True)


class Contact(Base):
    __tablename__ = "contact"
    id = _id()
    organization_id = _ref("organization.id")
    service_id = _ref("service.id")
    service_at_location_id = _ref("service_at_location.id")
    location_id = _ref("location.id")
    name = Column(Text)
    title = Column(Text)
    department = Column(Text)
    email = Column(Text)


class Phone(Base):
    __tablename__ = "phone"
    id = _id()
    location_id = _ref("location.id")
    service_id = _ref("service.id")
    organization_id = _ref("organization.id")
    contact_id = _ref("contact.id")
    service_at_location_id = _ref("service_at_location.id")
    number = Column(Text, nullable=False)
    extension = Column(Text)
    type = Column(String(32))
    description = Column(Text)


class Schedule(Base):
    """Enough of iCal RRULE to answer "open now" and "next open" (see directory.schedules)."""

    __tablename__ = "schedule"
    id = _id()
    service_id = _ref("service.id")
    location_id = _ref("location.id")
    service_at_location_id = _ref("service_at_location.id")
    valid_from = Column(Date)
    valid_to = Column(Date)
    dtstart = Column(Date)
    timezone = Column(Integer)
    until = Column(Date)
    count = Column(Integer)
    wkst = Column(String(2))
    freq = Column(String(16))
    interval = Column(Integer)
    byday = Column(Text)
    byweekno = Column(Text)
    bymonthday = Column(Text)
    byyearday = Column(Text)
    description = Column(Text)
    opens_at = Column(Time)
    closes_at = Column(Time)
    schedule_link = Column(Text)
    attending_type = Column(Text)
    notes = Column(Text)


class CostOption(Base):
    __tablename__ = "cost_option"
    id = _id()
    service_id = _ref("service.id")
    valid_from = Column(Date)
    valid_to = Column(Date)
    option = Column(Text)
    currency = Column(String(3))
    amount = Column(Numeric(10, 2, asdecimal=False))
    amount_description = Column(Text)


class Language(Base):
    __tablename__ = "language"
    id = _id()
    service_id = _ref("service.id")
    location_id = _ref("location.id")
    phone_id = _ref("phone.id")
    name = Column(Text)
    code = Column(String(16))
    note = Column(Text)


class Accessibility(Base):
    __tablename__ = "accessibility"
    id = _id()
    location_id = _ref("location.id")
    description = Column(Text)
    details = Column(Text)
    url = Column(Text)


class ServiceArea(Base):
    __tablename__ = "service_area"
    id = _id()
    service_id = _ref("service.id")
    service_at_location_id = _ref("service_at_location.id")
    name = Column(Text)
    description = Column(Text)
    extent = Column(Text)
    extent_type = Column(String(32))
    uri = Column(Text)
