"""Organisations, services and where they happen (HSDS / Open Referral UK 3.0 core tables).

Column names follow HSDS 3.0 so an export maps one to one. `description` holds plain text:
HTML from feeds is stripped on import and never stored, so nothing can render it unescaped.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Float, ForeignKey, Integer, String, Text

from directory.orm.base import ID_LENGTH, Base


def _id() -> Column:
    return Column(String(ID_LENGTH), primary_key=True)


def _ref(target: str, nullable: bool = True, ondelete: str = "CASCADE") -> Column:
    return Column(String(ID_LENGTH), ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class Organization(Base):
    __tablename__ = "organization"
    id = _id()
    name = Column(Text, nullable=False)
    alternate_name = Column(Text)
    description = Column(Text)
    email = Column(Text)
    website = Column(Text)
    tax_status = Column(Text)
    tax_id = Column(Text)
    year_incorporated = Column(Integer)
    legal_status = Column(Text)
    logo = Column(Text)
    uri = Column(Text)


class Service(Base):
    __tablename__ = "service"
    id = _id()
    organization_id = _ref("organization.id", ondelete="SET NULL")
    name = Column(Text, nullable=False)
    alternate_name = Column(Text)
    description = Column(Text)
    url = Column(Text)
    email = Column(Text)
    status = Column(String(32), nullable=False, default="active")
    interpretation_services = Column(Text)
    application_process = Column(Text)
    fees = Column(Text)
    fees_description = Column(Text)
    wait_time = Column(Text)
    accreditations = Column(Text)
    eligibility_description = Column(Text)
    minimum_age = Column(Integer)
    maximum_age = Column(Integer)
    alert = Column(Text)
    assured_date = Column(Date)
    attending_type = Column(Text)
    deliverable_type = Column(Text)
    last_modified = Column(DateTime(timezone=True))


class Location(Base):
    __tablename__ = "location"
    id = _id()
    organization_id = _ref("organization.id", ondelete="SET NULL")
    location_type = Column(String(32), nullable=False, default="physical")
    url = Column(Text)
    name = Column(Text)
    alternate_name = Column(Text)
    description = Column(Text)
    transportation = Column(Text)
    latitude = Column(Float)
    longitude = Column(Float)
    external_identifier = Column(Text)
    external_identifier_type = Column(Text)


class Address(Base):
    __tablename__ = "address"
    id = _id()
    location_id = _ref("location.id")
    attention = Column(Text)
    address_1 = Column(Text)
    address_2 = Column(Text)
    city = Column(Text)
    region = Column(Text)
    state_province = Column(Text)
    postal_code = Column(String(16))
    country = Column(String(8))
    address_type = Column(String(16), nullable=False, default="physical")


class ServiceAtLocation(Base):
    __tablename__ = "service_at_location"
    id = _id()
    service_id = _ref("service.id", nullable=False)
    location_id = _ref("location.id", nullable=False)
    description = Column(Text)
