"""Write normalised rows in bulk: upserts for shared records, replace-all for a service's own rows.

No per-row SELECTs: existing ids are fetched in chunks with `IN (...)`, new rows go in with
executemany inserts, changed rows with executemany updates. Organisations, locations and
taxonomy terms may be shared between services, so they are upserted; a service's phones,
schedules, costs, contacts, areas and attributes are deleted and re-inserted, which is how a
re-import removes what the feed no longer lists.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from directory.models import Base, DirectoryMeta

CHUNK = 500
SHARED = ["taxonomy", "taxonomy_term", "organization", "location"]
# A service's own rows, in insert order (parents first); deleted in the reverse order.
OWNED = ["service_at_location", "contact", "phone", "schedule", "cost_option", "language", "accessibility",
         "address", "service_area", "attribute"]
# Which columns tie an owned row to what is being re-imported: S = services, L = locations.
_OWNER_COLUMNS = {
    "service_at_location": {"service_id": "S"}, "contact": {"service_id": "S"},
    "phone": {"service_id": "S", "location_id": "L"}, "schedule": {"service_id": "S", "location_id": "L"},
    "cost_option": {"service_id": "S"}, "language": {"service_id": "S", "location_id": "L"},
    "accessibility": {"location_id": "L"}, "address": {"location_id": "L"}, "service_area": {"service_id": "S"},
    "attribute": {"link_id": "S"},
}


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    notes: list[str] = field(default_factory=list)


def table(name: str):
    return Base.metadata.tables[name]


def chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


def existing_ids(connection: Connection, name: str, ids: Iterable[str]) -> set[str]:
    t = table(name)
    found: set[str] = set()
    for part in chunks(sorted(set(ids))):
        found.update(connection.execute(select(t.c.id).where(t.c.id.in_(part))).scalars())
    return found


def write_rows(connection: Connection, rows: dict[str, list[dict]], tick: Callable[[int], None] | None = None
               ) -> WriteResult:
    """Write one import's rows inside the caller's transaction."""
    result = WriteResult()
    tick = tick or (lambda _n: None)
    rows = {name: _complete(name, _dedupe(found)) for name, found in rows.items()}
    _repair_references(connection, rows, result)
    for name in SHARED:
        upsert(connection, name, rows.get(name, []))
        tick(len(rows.get(name, [])))
    services = rows.get("service", [])
    already = existing_ids(connection, "service", (r["id"] for r in services))
    result.updated = len(already)
    result.created = len(services) - len(already)
    upsert(connection, "service", services, known=already)
    tick(len(services))
    owners = {"S": sorted({r["id"] for r in services}), "L": sorted({r["id"] for r in rows.get("location", [])})}
    for name in reversed(OWNED):
        _delete_owned(connection, name, owners, [r["id"] for r in rows.get(name, [])])
    for name in OWNED:
        insert_all(connection, name, rows.get(name, []))
        tick(len(rows.get(name, [])))
    return result


def upsert(connection: Connection, name: str, rows: list[dict], known: set[str] | None = None) -> None:
    if not rows:
        return
    t = table(name)
    known = existing_ids(connection, name, (r["id"] for r in rows)) if known is None else known
    insert_all(connection, name, [r for r in rows if r["id"] not in known])
    changed = [{**{k: v for k, v in r.items() if k != "id"}, "_pk": r["id"]} for r in rows if r["id"] in known]
    statement = update(t).where(t.c.id == bindparam("_pk"))
    for part in chunks(changed, 2000):
        connection.execute(statement, part)


def insert_all(connection: Connection, name: str, rows: list[dict]) -> None:
    t = table(name)
    for part in chunks(rows, 2000):
        connection.execute(insert(t), part)


def _delete_owned(connection: Connection, name: str, owners: dict[str, list[str]], new_ids: list[str]) -> None:
    t = table(name)
    for column, owner in _OWNER_COLUMNS[name].items():
        for part in chunks(owners[owner]):
            connection.execute(delete(t).where(t.c[column].in_(part)))
    # Rows with the same id may belong to a service outside this import: the feed now says otherwise.
    for part in chunks(sorted(set(new_ids))):
        connection.execute(delete(t).where(t.c.id.in_(part)))


def _dedupe(rows: list[dict]) -> list[dict]:
    """Last row wins for a repeated id (a shared organisation or location appears once per service)."""
    return list({row["id"]: row for row in rows}.values())


def _complete(name: str, rows: list[dict]) -> list[dict]:
    """executemany needs every row to carry the same keys."""
    columns = [c.name for c in table(name).columns]
    return [{c: row.get(c) for c in columns} for row in rows]


def _repair_references(connection: Connection, rows: dict[str, list[dict]], result: WriteResult) -> None:
    """Point nothing at records that exist neither in this feed nor in the database."""
    def known(name: str, wanted: Iterable[str | None]) -> set[str]:
        ids = {r["id"] for r in rows.get(name, [])}
        return ids | existing_ids(connection, name, {w for w in wanted if w and w not in ids})

    services = rows.get("service", [])
    orgs = known("organization", (r["organization_id"] for r in services))
    missing_orgs = [r for r in services if r["organization_id"] and r["organization_id"] not in orgs]
    for row in missing_orgs:
        row["organization_id"] = None
    if missing_orgs:
        result.notes.append(f"{len(missing_orgs)} service(s) name an organisation the feed does not include; "
                            "stored without it")
    terms = rows.get("taxonomy_term", [])
    term_ids = known("taxonomy_term", [t["parent_id"] for t in terms] +
                     [a["taxonomy_term_id"] for a in rows.get("attribute", [])])
    taxonomies = known("taxonomy", (t["taxonomy_id"] for t in terms))
    for term in terms:
        term["parent_id"] = term["parent_id"] if term["parent_id"] in term_ids else None
        term["taxonomy_id"] = term["taxonomy_id"] if term["taxonomy_id"] in taxonomies else None
    rows["attribute"] = [a for a in rows.get("attribute", []) if a["taxonomy_term_id"] in term_ids]
    locations = known("location", (s["location_id"] for s in rows.get("service_at_location", [])))
    kept = [s for s in rows.get("service_at_location", []) if s["location_id"] in locations]
    if len(kept) < len(rows.get("service_at_location", [])):
        result.notes.append("some service-at-location links name a location the feed does not include; skipped")
    rows["service_at_location"] = kept
    sal_ids = {s["id"] for s in kept}
    contact_ids = {c["id"] for c in rows.get("contact", [])}
    for name in ("phone", "schedule", "contact", "service_area", "language"):
        for row in rows.get(name, []):
            if row.get("service_at_location_id") and row["service_at_location_id"] not in sal_ids:
                row["service_at_location_id"] = None
            if name == "phone" and row.get("contact_id") and row["contact_id"] not in contact_ids:
                row["contact_id"] = None


def bump_data_version(connection: Connection) -> str:
    """A new random data version tells every search index in every process to rebuild."""
    version = uuid.uuid4().hex
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for key, value in (("data_version", version), ("last_change", now)):
        updated = connection.execute(update(DirectoryMeta).where(DirectoryMeta.key == key).values(value=value))
        if updated.rowcount == 0:
            connection.execute(insert(DirectoryMeta).values(key=key, value=value))
    return version


def data_version(connection) -> str | None:
    return connection.execute(select(DirectoryMeta.value).where(DirectoryMeta.key == "data_version")).scalar()
