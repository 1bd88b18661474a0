"""Export the directory as Open Referral UK 3.0 JSON (`/services` paged shape), which `import` reads back.

Each service is shaped by directory.oruk so it validates against the UK profile's `service.json`.

Everything is read with one query per table and assembled in memory, so exporting 50,000
services takes seconds, not one query per service.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.oruk import address, json_value, organization, pruned, schedule, taxonomy_term

_SKIP = {"service_id", "location_id", "organization_id", "service_at_location_id", "contact_id"}


def export_v3(session: Session, service_ids: list[str] | None = None) -> dict:
    """All services (or just `service_ids`) as an ORUK v3 page."""
    tables = _tables(session, service_ids)
    orgs = {row["id"]: row for row in tables[Organization]}
    terms = {row["id"]: row for row in tables[TaxonomyTerm]}
    by = _grouped(tables)
    contents = []
    services = select(Service.__table__).order_by(Service.id)
    if service_ids is not None:
        services = services.where(Service.id.in_(service_ids))
    for service in session.execute(services).mappings():
        item = _plain(service)
        item["fees_description"] = item["fees_description"] or item["fees"]
        sid = item["id"]
        if item["organization_id"] in orgs:
            item["organization"] = _organization(orgs[item["organization_id"]])
        item["phones"] = [_child(p) for p in by["phone.service"][sid] if not p["contact_id"]
                          and not p["service_at_location_id"]]
        item["schedules"] = [schedule(_child(s)) for s in by["schedule.service"][sid] if not s["service_at_location_id"]]
        item["cost_options"] = [_child(c) for c in by["cost_option"][sid]]
        item["languages"] = [_child(x) for x in by["language.service"][sid]]
        item["service_areas"] = [_child(a) for a in by["service_area"][sid]]
        item["contacts"] = [{**_child(c), "phones": [_child(p) for p in by["phone.contact"][c["id"]]]}
                            for c in by["contact"][sid]]
        item["service_at_locations"] = [_service_at_location(sal, by) for sal in by["sal"][sid]]
        item["attributes"] = [{**a, "taxonomy_term": taxonomy_term(terms[a["taxonomy_term_id"]])}
                              if a["taxonomy_term_id"] in terms else a for a in by["attribute"][sid]]
        contents.append(pruned(item))
    return {"total_items": len(contents), "total_pages": 1, "page_number": 1, "size": len(contents),
            "first_page": True, "last_page": True, "empty": not contents, "contents": contents}


def service_v3(session: Session, service_id: str) -> dict | None:
    found = export_v3(session, [service_id])["contents"]
    return found[0] if found else None


def _tables(session: Session, service_ids: list[str] | None) -> dict:
    def rows(model, *conditions):
        query = select(model.__table__)
        for condition in conditions:
            query = query.where(condition)
        return [_plain(row) for row in session.execute(query).mappings()]

    models = (Organization, Location, Address, Accessibility, ServiceAtLocation, Contact, Phone, Schedule,
              CostOption, Language, ServiceArea, Attribute, TaxonomyTerm)
    if service_ids is None:
        return {model: rows(model) for model in models}
    sals = rows(ServiceAtLocation, ServiceAtLocation.service_id.in_(service_ids))
    locations = sorted({s["location_id"] for s in sals})
    orgs = select(Service.organization_id).where(Service.id.in_(service_ids))
    by_service_or_location = {
        Phone: (Phone.service_id.in_(service_ids)) | Phone.location_id.in_(locations),
        Schedule: (Schedule.service_id.in_(service_ids)) | Schedule.location_id.in_(locations),
    }
    return {
        Organization: rows(Organization, Organization.id.in_(orgs)),
        Location: rows(Location, Location.id.in_(locations)),
        Address: rows(Address, Address.location_id.in_(locations)),
        Accessibility: rows(Accessibility, Accessibility.location_id.in_(locations)),
        ServiceAtLocation: sals,
        Contact: rows(Contact, Contact.service_id.in_(service_ids)),
        Phone: rows(Phone, by_service_or_location[Phone]),
        Schedule: rows(Schedule, by_service_or_location[Schedule]),
        CostOption: rows(CostOption, CostOption.service_id.in_(service_ids)),
        Language: rows(Language, Language.service_id.in_(service_ids)),
        ServiceArea: rows(ServiceArea, ServiceArea.service_id.in_(service_ids)),
        Attribute: (attributes := rows(Attribute, Attribute.link_id.in_(service_ids))),
        TaxonomyTerm: rows(TaxonomyTerm, TaxonomyTerm.id.in_(sorted({a["taxonomy_term_id"] for a in attributes}))),
    }


def _grouped(tables: dict) -> dict[str, dict[str, list[dict]]]:
    by: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in tables[Phone]:
        for key, column in (("service", "service_id"), ("location", "location_id"), ("contact", "contact_id"),
                            ("sal", "service_at_location_id")):
            if row[column]:
                by[f"phone.{key}"][row[column]].append(row)
    for row in tables[Schedule]:
        for key, column in (("service", "service_id"), ("location", "location_id"), ("sal", "service_at_location_id")):
            if row[column]:
                by[f"schedule.{key}"][row[column]].append(row)
    for row in tables[Language]:
        if row["service_id"]:
            by["language.service"][row["service_id"]].append(row)
    simple = ((CostOption, "cost_option", "service_id"), (ServiceArea, "service_area", "service_id"),
              (Contact, "contact", "service_id"), (ServiceAtLocation, "sal", "service_id"),
              (Address, "address", "location_id"), (Accessibility, "accessibility", "location_id"),
              (Attribute, "attribute", "link_id"))
    for model, key, column in simple:
        for row in tables[model]:
            if row[column]:
                by[key][row[column]].append(row)
    by["location"] = {row["id"]: [row] for row in tables[Location]}
    return by


def _service_at_location(sal: dict, by) -> dict:
    out = {"id": sal["id"], "service_id": sal["service_id"], "location_id": sal["location_id"],
           "description": sal["description"],
           "schedules": [schedule(_child(s)) for s in by["schedule.sal"][sal["id"]]],
           "phones": [_child(p) for p in by["phone.sal"][sal["id"]]]}
    found = by["location"].get(sal["location_id"])
    if found:
        location = dict(found[0])
        lid = location["id"]
        location["addresses"] = [address(_child(a)) for a in by["address"][lid]]
        location["accessibility"] = [_child(a) for a in by["accessibility"][lid]]
        location["phones"] = [_child(p) for p in by["phone.location"][lid] if not p["service_id"]]
        location["schedules"] = [schedule(_child(s)) for s in by["schedule.location"][lid] if not s["service_id"]]
        out["location"] = location
    return out


def _organization(org: dict) -> dict:
    return organization({**org, "url": org.get("website")})


def _child(row: dict) -> dict:
    return {k: v for k, v in row.items() if k not in _SKIP and v is not None}


def _plain(row) -> dict:
    return {key: json_value(value) for key, value in dict(row).items()}
