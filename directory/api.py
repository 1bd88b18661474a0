"""The read-only Open Referral UK 3.0 API as plain functions (no web framework); web/directory_api.py
mounts them under `/api/`, at the paths of the UK profile's `openapi.json`:

    api_details()                              /            version, profile, openapi_url
    list_services(session, params)             /services    paged one-to-one fields (+ organization)
    get_service(session, id)                   /services/{id}          the full nested service
    list_taxonomies / get_taxonomy             /taxonomies, /taxonomies/{id}
    list_taxonomy_terms / get_taxonomy_term    /taxonomy_terms, /taxonomy_terms/{id}
    list_service_at_locations / get_service_at_location
                                               /service_at_locations, /service_at_locations/{id}

Each returns (status, body): 200, 400 {"error": "bad_request", "message"} or 404. Filters are in
directory/api_query.py. A list and its `/{id}` agree on what exists: services that are not active,
or have no name, are in neither. Ids are written as UUIDs (directory.oruk) and found by either
form. Every string is plain text (HTML was removed on import), so the front can insert it as text.
Besides the ORUK fields, a list item carries `match` (why, score, distance) and the nearest place.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from directory.api_query import PER_PAGE_MAX, BadRequest, allowed_ids, page_numbers, parse
from directory.exporter import export_v3
from directory.fields import record_id
from directory.index import DirectoryIndex, get_index
from directory.models import Location, ServiceAtLocation, Taxonomy, TaxonomyTerm
from directory.oruk import OPENAPI_URL, PROFILE_URL, VERSION, oruk_id, pruned, taxonomy_term
from directory.postcodes import distance_km
from directory.search import allowed_mask, nearest_place, origin_for, search_services

__all__ = ["PER_PAGE_MAX", "api_details", "get_service", "get_service_at_location", "get_taxonomy",
           "get_taxonomy_term", "list_service_at_locations", "list_services", "list_taxonomies",
           "list_taxonomy_terms"]

NOT_FOUND = "No {} has that id."


def api_details() -> tuple[int, dict]:
    return 200, {"version": VERSION, "profile": PROFILE_URL, "openapi_url": OPENAPI_URL}


def list_services(session: Session, params: Mapping[str, str]) -> tuple[int, dict]:
    try:
        query = parse(params)
    except BadRequest as error:
        return _bad(error)
    index = get_index(session)
    origin, note = origin_for(session, query["postcode"]) if query["postcode"] else (None, None)
    if query["proximity_m"] is not None and origin is None:
        return _bad(note or "proximity needs a postcode")
    within_km = query["proximity_m"] / 1000 if query["proximity_m"] is not None else None
    only = allowed_ids(session, query)
    per_page, page = query["per_page"], query["page"]
    offset = (page - 1) * per_page
    extra: dict = {}
    if query["search"]:
        found = search_services(session, query["search"], postcode=query["postcode"], limit=per_page, offset=offset,
                                within_km=within_km, only=only, index=index)
        total = found.total
        rows = [(m.id, {"score": m.score, "why": m.why, "distance_km": m.distance_km, "next_open": m.next_open})
                for m in found.matches]
        extra["needs"] = found.needs
    else:
        ordered = _browse(index, origin, within_km, only)
        total = len(ordered)
        rows = [(index.cards[doc].id, {"distance_km": round(d, 1) if d is not None else None})
                for doc, d in ordered[offset:offset + per_page]]
    full = {s["id"]: s for s in export_v3(session, [sid for sid, _ in rows])["contents"]}
    contents = []
    for sid, match in rows:
        service = full[oruk_id(sid)]
        if match.get("distance_km") is not None:
            match["distance_m"] = round(match["distance_km"] * 1000)
        item = service if query["full"] else _one_to_one(service)
        contents.append({**item, **pruned({**_place(index, sid, origin), "match": match})})
    body = _page(contents, total, page, per_page) | extra
    if note:
        body["message"] = note
    return 200, body


def get_service(session: Session, service_id: str) -> tuple[int, dict]:
    sid = _listed_service(get_index(session), service_id)
    found = export_v3(session, [sid])["contents"] if sid else []
    return (200, found[0]) if found else _missing("service")


def list_taxonomies(session: Session, params: Mapping[str, str]) -> tuple[int, dict]:
    rows = [_taxonomy(row) for row in session.execute(select(Taxonomy.__table__).order_by(Taxonomy.id)).mappings()]
    return _paged(rows, params)


def get_taxonomy(session: Session, taxonomy_id: str) -> tuple[int, dict]:
    found = [_taxonomy(row) for row in session.execute(select(Taxonomy.__table__)).mappings()
             if _same_id(row["id"], taxonomy_id)]
    return (200, found[0]) if found else _missing("taxonomy")


def list_taxonomy_terms(session: Session, params: Mapping[str, str]) -> tuple[int, dict]:
    rows = [_term(row) for row in session.execute(select(TaxonomyTerm.__table__).order_by(TaxonomyTerm.id)).mappings()]
    return _paged(rows, params)


def get_taxonomy_term(session: Session, term_id: str) -> tuple[int, dict]:
    found = [_term(row) for row in session.execute(select(TaxonomyTerm.__table__)).mappings()
             if _same_id(row["id"], term_id)]
    return (200, found[0]) if found else _missing("taxonomy term")


def list_service_at_locations(session: Session, params: Mapping[str, str]) -> tuple[int, dict]:
    """Each place a listed service is offered; the service-level filters and `postcode`/`proximity`
    (metres from the postcode to the location) apply. `search` ranks the services first."""
    try:
        query = parse(params)
    except BadRequest as error:
        return _bad(error)
    index = get_index(session)
    origin, note = origin_for(session, query["postcode"]) if query["postcode"] else (None, None)
    if query["proximity_m"] is not None and origin is None:
        return _bad(note or "proximity needs a postcode")
    only = allowed_ids(session, query)
    if query["search"]:
        found = search_services(session, query["search"], limit=100, only=only, index=index)
        ranked = [m.id for m in found.matches]
    else:
        ranked = None
    links = _links(session, index, only, ranked)
    if query["proximity_m"] is not None:
        links = [link for link in links if link["latitude"] is not None and link["longitude"] is not None
                 and distance_km(origin[0], origin[1], link["latitude"], link["longitude"]) * 1000
                 <= query["proximity_m"]]
    page, per_page = query["page"], query["per_page"]
    shown = links[(page - 1) * per_page:page * per_page]
    return 200, _page(_sal_items(session, [link["id"] for link in shown]), len(links), page, per_page)


def get_service_at_location(session: Session, sal_id: str) -> tuple[int, dict]:
    index = get_index(session)
    wanted = record_id(sal_id)
    if wanted is None:
        return _missing("service at location")
    found = [link for link in _links(session, index, None, None) if _same_id(link["id"], wanted)]
    items = _sal_items(session, [found[0]["id"]]) if found else []
    return (200, items[0]) if items else _missing("service at location")


def _links(session: Session, index: DirectoryIndex, only, ranked: list[str] | None) -> list[dict]:
    rows = session.execute(select(ServiceAtLocation.id, ServiceAtLocation.service_id, Location.latitude,
                                  Location.longitude)
                           .join(Location, Location.id == ServiceAtLocation.location_id)
                           .order_by(ServiceAtLocation.id)).mappings()
    links = [dict(row) for row in rows if _is_listed(index, row["service_id"])
             and (only is None or row["service_id"] in only)]
    if ranked is not None:
        order = {sid: n for n, sid in enumerate(ranked)}
        links = sorted((link for link in links if link["service_id"] in order), key=lambda row: order[row["service_id"]])
    return links


def _sal_items(session: Session, sal_ids: list[str]) -> list[dict]:
    if not sal_ids:
        return []
    service_ids = list(session.scalars(select(ServiceAtLocation.service_id).where(ServiceAtLocation.id.in_(sal_ids))))
    by_id = {}
    for service in export_v3(session, service_ids)["contents"]:
        for sal in service.get("service_at_locations", []):
            by_id[sal["id"]] = {**sal, "service_id": service["id"], "service": _one_to_one(service)}
    return [by_id[oruk_id(sid)] for sid in sal_ids if oruk_id(sid) in by_id]


def _listed_service(index: DirectoryIndex, wanted: str) -> str | None:
    wanted = record_id(wanted)
    if wanted is None:
        return None
    if wanted not in index.positions:
        wanted = _oruk_ids(index).get(wanted.lower())
    return wanted if wanted is not None and _is_listed(index, wanted) else None


_ORUK_IDS: dict[int, tuple[DirectoryIndex, dict[str, str]]] = {}


def _oruk_ids(index: DirectoryIndex) -> dict[str, str]:
    """ORUK id -> stored id for services whose stored id is not a UUID; one map per index build."""
    cached = _ORUK_IDS.get(id(index))
    if cached is None or cached[0] is not index:
        _ORUK_IDS.clear()
        cached = _ORUK_IDS[id(index)] = (index, {oruk_id(card.id): card.id for card in index.cards})
    return cached[1]


def _is_listed(index: DirectoryIndex, service_id: str) -> bool:
    doc = index.positions.get(service_id)
    return doc is not None and bool(index.active[doc])


def _same_id(stored: str, wanted: str) -> bool:
    return stored == wanted or oruk_id(stored) == wanted.lower()


def _one_to_one(service: dict) -> dict:
    return {key: value for key, value in service.items() if not isinstance(value, list)}


def _taxonomy(row) -> dict:
    row = dict(row)
    row["description"] = row.get("description") or row["name"]
    return pruned(row)


def _term(row) -> dict:
    return pruned(taxonomy_term(dict(row)))


def _paged(rows: list[dict], params: Mapping[str, str]) -> tuple[int, dict]:
    try:
        page, per_page = page_numbers(params)
    except BadRequest as error:
        return _bad(error)
    return 200, _page(rows[(page - 1) * per_page:page * per_page], len(rows), page, per_page)


def _page(contents: list, total: int, page: int, per_page: int) -> dict:
    pages = max(1, -(-total // per_page))
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents, "contents": contents}


def _bad(error) -> tuple[int, dict]:
    return 400, {"error": "bad_request", "message": str(error)}


def _missing(kind: str) -> tuple[int, dict]:
    return 404, {"error": "not_found", "message": NOT_FOUND.format(kind)}


def _browse(index: DirectoryIndex, origin, within_km: float | None, only) -> list[tuple[int, float | None]]:
    mask = index.active.copy()
    if only is not None:
        mask &= allowed_mask(index, only)
    rows = []
    for doc in mask.nonzero()[0]:
        card = index.cards[doc]
        distance = None
        if origin:
            near = [distance_km(origin[0], origin[1], p.latitude, p.longitude) for p in card.places
                    if p.latitude is not None and p.longitude is not None]
            distance = min(near) if near else None
            if within_km is not None and (distance is None or distance > within_km):
                continue
        rows.append((int(doc), distance))
    rows.sort(key=lambda r: (r[1] is None, r[1] or 0.0, index.cards[r[0]].name.lower()))
    return rows


def _place(index: DirectoryIndex, service_id: str, origin=None) -> dict:
    card = index.cards[index.positions[service_id]]
    place = nearest_place(card.places, origin)
    return {
        "phones": [{"number": card.phone}] if card.phone else [], "fees_description": card.cost,
        "address": place.address if place else None, "postal_code": place.postcode if place else None,
        "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
    }
