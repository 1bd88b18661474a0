"""Turn one ORUK service record (v1 or v3 shape) into rows for the HSDS 3.0 tables.

Both shapes are read by the same code: where v1 and v3 name a field differently
(`regular_schedules`/`schedules`, `physical_addresses`/`addresses`, `service_taxonomys`/
`attributes`, ...) both are read. A record is rejected only when it has no usable id or
is not an object; anything else wrong with it becomes a warning and the field is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from directory import fields as f
from directory.fields import email_address, web_address
from directory.normalise_places import location_rows, phone_row, schedule_row
from directory.normalise_taxonomy import attribute_rows

TABLE_ORDER = [
    "taxonomy", "taxonomy_term", "organization", "service", "location", "address", "service_at_location",
    "contact", "phone", "schedule", "cost_option", "language", "accessibility", "service_area", "attribute",
]


class RecordError(ValueError):
    """The record cannot be imported at all (reported with its id and skipped)."""


@dataclass
class Normalised:
    service_id: str
    rows: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in TABLE_ORDER})
    warnings: list[str] = field(default_factory=list)
    blank_name: bool = False

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)


def normalise_service(raw: object) -> Normalised:
    if not isinstance(raw, dict):
        raise RecordError(f"not an object (found {type(raw).__name__})")
    sid = f.record_id(raw.get("id"))
    if sid is None:
        raise RecordError("missing or unusable id")
    problems = f.Problems()
    name = f.one_line(raw.get("name"), problems, "name", limit=10 * f.NAME_MAX)
    if name and len(name) > f.NAME_MAX:
        raise RecordError(f"name is longer than {f.NAME_MAX} characters")
    out = Normalised(sid)
    out.blank_name = not name
    org_id = _organization(raw, sid, problems, out)
    out.add("service", _service_row(raw, sid, org_id, name or "", problems))
    _service_children(raw, sid, problems, out)
    for index, sal in enumerate(f.items(raw.get("service_at_locations"), problems, "service_at_locations")):
        location_rows(sal, sid, index, problems, out)
    for row in attribute_rows(raw, sid, problems):
        out.add(row.pop("_table"), row)
    out.warnings = [f"{name_}: {message}" for name_, message in problems]
    return out


def _service_row(raw: dict, sid: str, org_id: str | None, name: str, problems: f.Problems) -> dict:
    eligibility, min_age, max_age = _eligibility(raw, problems)
    status = (f.one_line(raw.get("status"), problems, "status", 32) or "active").lower()
    metadata = raw.get("pc_metadata") if isinstance(raw.get("pc_metadata"), dict) else {}
    modified = raw.get("last_modified") or metadata.get("date_modified")
    return {
        "id": sid,
        "organization_id": org_id,
        "name": name,
        "alternate_name": f.one_line(raw.get("alternate_name"), problems, "alternate_name", f.NAME_MAX),
        "description": f.text(raw.get("description"), problems, "description", f.DESCRIPTION_MAX),
        "url": web_address(raw.get("url"), problems, "url"),
        "email": email_address(raw.get("email"), problems, "email"),
        "status": status,
        "interpretation_services": f.text(raw.get("interpretation_services"), problems, "interpretation_services"),
        "application_process": f.text(raw.get("application_process"), problems, "application_process"),
        "fees": f.text(raw.get("fees"), problems, "fees"),
        "fees_description": f.text(raw.get("fees_description"), problems, "fees_description"),
        "wait_time": f.one_line(raw.get("wait_time"), problems, "wait_time"),
        "accreditations": f.text(_joined(raw.get("accreditations")), problems, "accreditations"),
        "eligibility_description": eligibility,
        "minimum_age": min_age,
        "maximum_age": max_age,
        "alert": f.text(raw.get("alert"), problems, "alert"),
        "assured_date": f.day(raw.get("assured_date"), problems, "assured_date"),
        "attending_type": f.one_line(raw.get("attending_type"), problems, "attending_type"),
        "deliverable_type": f.one_line(raw.get("deliverable_type"), problems, "deliverable_type"),
        "last_modified": f.moment(modified, problems, "last_modified"),
    }


def _eligibility(raw: dict, problems: f.Problems) -> tuple[str | None, int | None, int | None]:
    """v3 keeps eligibility on the service; v1 has a list of `eligibilitys`."""
    texts = [raw.get("eligibility_description")]
    mins = [f.integer(raw.get("minimum_age"), problems, "minimum_age")]
    maxs = [f.integer(raw.get("maximum_age"), problems, "maximum_age")]
    for entry in f.items(raw.get("eligibilitys"), problems, "eligibilitys"):
        texts.append(entry.get("eligibility"))
        mins.append(f.integer(entry.get("minimum_age"), problems, "eligibilitys.minimum_age"))
        maxs.append(f.integer(entry.get("maximum_age"), problems, "eligibilitys.maximum_age"))
    joined = "\n".join(t for t in (f.text(x, problems, "eligibility") for x in texts) if t) or None
    low = min((m for m in mins if m is not None), default=None)
    high = max((m for m in maxs if m is not None), default=None)
    if low is not None and high is not None and low > high:
        problems.note("eligibility", f"minimum age {low} is above maximum age {high}; ages ignored")
        low = high = None
    return joined, low, high


def _organization(raw: dict, sid: str, problems: f.Problems, out: Normalised) -> str | None:
    org = raw.get("organization")
    given = f.record_id(raw.get("organization_id"))
    if not isinstance(org, dict):
        return given
    name = f.one_line(org.get("name"), problems, "organization.name", f.NAME_MAX)
    org_id = f.record_id(org.get("id")) or given
    if org_id is None:
        if not name:
            return None
        org_id = f.child_id(None, "organization", f.slug(name), 0)
    out.add("organization", {
        "id": org_id,
        "name": name or "",
        "alternate_name": f.one_line(org.get("alternate_name"), problems, "organization.alternate_name"),
        "description": f.text(org.get("description"), problems, "organization.description", f.DESCRIPTION_MAX),
        "email": email_address(org.get("email"), problems, "organization.email"),
        "website": web_address(org.get("website") or org.get("url"), problems, "organization.url"),
        "tax_status": f.one_line(org.get("tax_status"), problems, "organization.tax_status"),
        "tax_id": f.one_line(org.get("tax_id"), problems, "organization.tax_id"),
        "year_incorporated": f.integer(org.get("year_incorporated"), problems, "organization.year_incorporated",
                                       1000, 3000),
        "legal_status": f.one_line(org.get("legal_status"), problems, "organization.legal_status"),
        "logo": web_address(org.get("logo"), problems, "organization.logo"),
        "uri": web_address(org.get("uri"), problems, "organization.uri"),
    })
    for index, phone in enumerate(f.items(org.get("phones"), problems, "organization.phones")):
        row = phone_row(phone, org_id, f"org-phone-{sid}", index, problems)
        if row:
            out.add("phone", {**row, "organization_id": org_id})
    return org_id


def _service_children(raw: dict, sid: str, problems: f.Problems, out: Normalised) -> None:
    for index, phone in enumerate(f.items(raw.get("phones"), problems, "phones")):
        row = phone_row(phone, sid, "phone", index, problems)
        if row:
            out.add("phone", {**row, "service_id": sid})
    for index, contact in enumerate(f.items(raw.get("contacts"), problems, "contacts")):
        cid = f.child_id(contact.get("id"), sid, "contact", index)
        out.add("contact", {
            "id": cid, "service_id": sid, "organization_id": None, "service_at_location_id": None,
            "location_id": None,
            "name": f.one_line(contact.get("name"), problems, "contacts.name", f.NAME_MAX),
            "title": f.one_line(contact.get("title"), problems, "contacts.title"),
            "department": f.one_line(contact.get("department"), problems, "contacts.department"),
            "email": email_address(contact.get("email"), problems, "contacts.email"),
        })
        for p_index, phone in enumerate(f.items(contact.get("phones"), problems, "contacts.phones")):
            row = phone_row(phone, cid, "phone", p_index, problems)
            if row:
                out.add("phone", {**row, "service_id": sid, "contact_id": cid})
    schedules = f.items(raw.get("schedules"), problems, "schedules")
    schedules += f.items(raw.get("regular_schedules"), problems, "regular_schedules")
    for index, schedule in enumerate(schedules):
        row = schedule_row(schedule, sid, index, problems)
        if row:
            out.add("schedule", {**row, "service_id": sid})
    for index, cost in enumerate(f.items(raw.get("cost_options"), problems, "cost_options")):
        out.add("cost_option", {
            "id": f.child_id(cost.get("id"), sid, "cost", index), "service_id": sid,
            "valid_from": f.day(cost.get("valid_from"), problems, "cost_options.valid_from"),
            "valid_to": f.day(cost.get("valid_to"), problems, "cost_options.valid_to"),
            "option": f.text(cost.get("option"), problems, "cost_options.option"),
            "currency": (f.one_line(cost.get("currency"), problems, "cost_options.currency", 3) or "GBP").upper(),
            "amount": f.decimal(cost.get("amount"), problems, "cost_options.amount"),
            "amount_description": f.text(cost.get("amount_description"), problems, "cost_options.amount_description"),
        })
    for index, language in enumerate(f.items(raw.get("languages"), problems, "languages")):
        out.add("language", {
            "id": f.child_id(language.get("id"), sid, "language", index), "service_id": sid, "location_id": None,
            "phone_id": None,
            "name": f.one_line(language.get("name") or language.get("language"), problems, "languages.name", 100),
            "code": f.one_line(language.get("code"), problems, "languages.code", 16),
            "note": f.text(language.get("note"), problems, "languages.note"),
        })
    for index, area in enumerate(f.items(raw.get("service_areas"), problems, "service_areas")):
        out.add("service_area", service_area_row(area, sid, index, problems))



def service_area_row(area: dict, sid: str, index: int, problems: f.Problems) -> dict:
    return {
        "id": f.child_id(area.get("id"), sid, "area", index), "service_id": sid, "service_at_location_id": None,
        "name": f.one_line(area.get("name") or area.get("service_area"), problems, "service_areas.name"),
        "description": f.text(area.get("description"), problems, "service_areas.description"),
        "extent": f.text(area.get("extent"), problems, "service_areas.extent", html=False),
        "extent_type": f.one_line(area.get("extent_type"), problems, "service_areas.extent_type", 32),
        "uri": web_address(area.get("uri"), problems, "service_areas.uri"),
    }


def _joined(value: object) -> object:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if isinstance(v, (str, int, float)))
    return value
