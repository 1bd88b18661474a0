"""Read everything the search index needs from the database in a handful of bulk queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import (
    Accessibility,
    Address,
    Attribute,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.postcodes import coordinates_for_many
from directory.schedules import Opening


@dataclass
class Place:
    latitude: float | None
    longitude: float | None
    postcode: str | None
    address: str | None
    accessibility: str = ""


@dataclass
class Loaded:
    services: list = field(default_factory=list)
    terms: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    term_ids: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    phones: dict[str, str] = field(default_factory=dict)
    places: dict[str, list[Place]] = field(default_factory=lambda: defaultdict(list))
    openings: dict[str, list[Opening]] = field(default_factory=lambda: defaultdict(list))
    costs: dict[str, list[tuple]] = field(default_factory=lambda: defaultdict(list))


def load_everything(session: Session) -> Loaded:
    loaded = Loaded()
    loaded.services = session.execute(
        select(Service.id, Service.name, Service.description, Service.status, Service.url, Service.email,
               Service.fees, Service.fees_description, Service.eligibility_description, Service.minimum_age,
               Service.maximum_age, Service.alert, Service.organization_id, Organization.name.label("org_name"),
               Organization.website.label("org_url"), Organization.email.label("org_email"))
        .outerjoin(Organization, Organization.id == Service.organization_id)
        .order_by(Service.id)
    ).all()
    for row in session.execute(select(Attribute.link_id, TaxonomyTerm.id, TaxonomyTerm.name)
                               .join(TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id)
                               .where(Attribute.link_type == "service")):
        loaded.terms[row.link_id].append(row.name)
        loaded.term_ids[row.link_id].append(row.id)
    _load_places(session, loaded)
    _load_phones(session, loaded)
    _load_openings(session, loaded)
    for row in session.execute(select(CostOption.service_id, CostOption.amount, CostOption.option,
                                      CostOption.amount_description)):
        loaded.costs[row.service_id].append((row.amount, row.option, row.amount_description))
    return loaded


def _load_places(session: Session, loaded: Loaded) -> None:
    links = session.execute(select(ServiceAtLocation.service_id, ServiceAtLocation.location_id)).all()
    locations = {row.id: row for row in session.execute(
        select(Location.id, Location.name, Location.latitude, Location.longitude, Location.location_type))}
    addresses: dict[str, object] = {}
    for row in session.execute(select(Address.location_id, Address.address_1, Address.city, Address.postal_code,
                                      Address.address_type).order_by(Address.address_type, Address.id)):
        addresses.setdefault(row.location_id, row)
    access: dict[str, list[str]] = defaultdict(list)
    for row in session.execute(select(Accessibility.location_id, Accessibility.description, Accessibility.details)):
        access[row.location_id] += [t for t in (row.description, row.details) if t]
    missing = [a.postal_code for lid, a in addresses.items() if a.postal_code and
               (lid not in locations or locations[lid].latitude is None)]
    from_postcodes = coordinates_for_many(session, missing) if missing else {}
    for link in links:
        location = locations.get(link.location_id)
        if location is None or location.location_type in ("virtual", "postal"):
            continue  # a helpline's or a home-visiting service's office is not "near you"
        address = addresses.get(link.location_id)
        lat, lon = location.latitude, location.longitude
        postcode = address.postal_code if address else None
        if (lat is None or lon is None) and postcode in from_postcodes:
            lat, lon = from_postcodes[postcode]
        parts = [location.name] + ([address.address_1, address.city, postcode] if address else [])
        text = ", ".join(dict.fromkeys(p for p in parts if p)) or None
        loaded.places[link.service_id].append(Place(lat, lon, postcode, text, " ".join(access[link.location_id])))


def _load_phones(session: Session, loaded: Loaded) -> None:
    """One phone per service: its own first, then its location's, then its organisation's."""
    by_service, by_location, by_org = {}, {}, {}
    for row in session.execute(select(Phone.service_id, Phone.location_id, Phone.organization_id, Phone.number,
                                      Phone.contact_id).order_by(Phone.contact_id.is_not(None), Phone.id)):
        if row.service_id:
            by_service.setdefault(row.service_id, row.number)
        elif row.location_id:
            by_location.setdefault(row.location_id, row.number)
        elif row.organization_id:
            by_org.setdefault(row.organization_id, row.number)
    first_location = {}
    for row in session.execute(select(ServiceAtLocation.service_id, ServiceAtLocation.location_id)):
        if row.location_id in by_location:
            first_location.setdefault(row.service_id, by_location[row.location_id])
    for service in loaded.services:
        number = by_service.get(service.id) or first_location.get(service.id) or by_org.get(service.organization_id)
        if number:
            loaded.phones[service.id] = number


def _load_openings(session: Session, loaded: Loaded) -> None:
    """A service's own schedules win; else those of its service-at-location links; else its locations'."""
    own, by_location = defaultdict(list), defaultdict(list)
    columns = [Schedule.service_id, Schedule.location_id, Schedule.freq, Schedule.byday, Schedule.bymonthday,
               Schedule.interval, Schedule.dtstart, Schedule.valid_from, Schedule.valid_to, Schedule.until,
               Schedule.opens_at, Schedule.closes_at]
    for row in session.execute(select(*columns)):
        opening = Opening.from_row(row._mapping)
        if row.service_id:
            own[row.service_id].append(opening)
        elif row.location_id:
            by_location[row.location_id].append(opening)
    for row in session.execute(select(ServiceAtLocation.service_id, ServiceAtLocation.location_id)):
        if row.service_id not in own and row.location_id in by_location:
            loaded.openings[row.service_id] += by_location[row.location_id]
    for service_id, openings in own.items():
        loaded.openings[service_id] = openings
