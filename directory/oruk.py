"""The Open Referral UK 3.0 shape of a record, shared by the export and the API.

The database keeps what feeds sent (ids such as `frontdoor-needs:dementia`, empty columns, a
`DAILY` schedule). The UK profile (`uk-profile-schema/compiled/service.json`) is stricter, so a
record is shaped on the way out, never on the way in:

- an absent optional field is left out, not written as `null` (the schemas type every field);
- ids are UUIDs: one that is not becomes a name-based UUID (`oruk_id`), the same on every export,
  so links between records still agree and `/services/{id}` answers to either form;
- required fields a feed may lack are derived and flagged in `DERIVED_NOTE`: an organisation's or
  taxonomy term's description from its name, an address's county (`state_province`) from its
  region or town, and its country as GB;
- schedules use only the allowed `freq` values: every day is WEEKLY on all seven days;
- times carry a zone (stored times are UTC).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

VERSION = "HSDS 3.0 UK"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
# The UK profile's own OpenAPI document, which this API implements (see directory/api.py for the
# parameters it also accepts: postcode and proximity on /services, organization_id, full).
OPENAPI_URL = "https://raw.githubusercontent.com/OpenReferralUK/uk-profile/main/schema/openapi.json"

# Fixed for ever: changing it would change every derived id other directories have stored.
NAMESPACE = uuid.UUID("5b0f6a4e-3c2d-5e1f-9a8b-0c1d2e3f4a5b")

# The fields the UK profile declares `format: uuid` (tax_id, external_identifier are not ids of ours).
UUID_FIELDS = frozenset({"id", "organization_id", "service_id", "location_id", "service_at_location_id",
                         "taxonomy_term_id", "taxonomy_id", "parent_id", "link_id", "parent_organization_id",
                         "phone_id", "contact_id"})
ALLOWED_FREQ = frozenset({"WEEKLY", "MONTHLY"})
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"
DERIVED_NOTE = "derived on export: the feed did not give it"


def is_uuid(value: str) -> bool:
    try:
        parsed = uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return str(parsed) == value.lower() and len(value) == 36


def oruk_id(value: str) -> str:
    """The id as ORUK 3.0 writes it: itself when it is a UUID, else a UUID derived from it."""
    return value if is_uuid(value) else str(uuid.uuid5(NAMESPACE, value))


def json_value(value):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    return value


def pruned(value):
    """`value` without null or empty-string fields, with every id field as a UUID."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if item is None or (item == "" and key != "name"):
                continue
            if key in UUID_FIELDS and isinstance(item, str):
                out[key] = oruk_id(item)
            else:
                out[key] = pruned(item)
        return out
    if isinstance(value, list):
        return [pruned(item) for item in value]
    return value


def organization(org: dict) -> dict:
    org = dict(org)
    if not org.get("description"):
        org["description"] = org.get("name") or "Organisation"
    return org


def taxonomy_term(term: dict) -> dict:
    term = dict(term)
    if not term.get("description"):
        term["description"] = term.get("name") or term.get("code") or term["id"]
    return term


def address(row: dict) -> dict:
    row = dict(row)
    row["state_province"] = row.get("state_province") or row.get("region") or row.get("city") or "Not given"
    row["country"] = row.get("country") or "GB"
    for field in ("address_1", "city", "postal_code"):
        row[field] = row.get(field) or "Not given"
    return row


def schedule(row: dict) -> dict:
    row = dict(row)
    freq = row.get("freq")
    if freq == "DAILY" and (row.get("interval") or 1) == 1:
        row["freq"], row["byday"] = "WEEKLY", row.get("byday") or EVERY_DAY
    elif freq and freq not in ALLOWED_FREQ:
        # Not expressible in the UK profile: keep the times, and the rule in words.
        row.pop("freq")
        row.pop("interval", None)
        row["description"] = row.get("description") or f"Repeats {freq.lower()}"
    return row
