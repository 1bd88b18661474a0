"""A read-only, ORUK-style services API as plain functions (no web framework), for the web front
to mount at `/api/services` and `/api/services/{id}`.

    status, body = list_services(session, request.query)   # 200 page | 400 {"error": ...}
    status, body = get_service(session, service_id)        # 200 service | 404 {"error": ...}

Query parameters for list_services: `search` (free text, resident's words welcome),
`taxonomy_term_id`, `postcode`, `proximity` (km, needs postcode), `page` (from 1), `per_page`
(at most 50). Unknown parameters are ignored, as ORUK APIs do. Every string in a response is
plain text (HTML was removed on import), so the front can insert it as text.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.postcodes import parse_postcode
from directory.exporter import service_v3
from directory.fields import record_id
from directory.index import DirectoryIndex, get_index
from directory.models import Attribute
from directory.postcodes import distance_km
from directory.search import allowed_mask, nearest_place, origin_for, search_services

PER_PAGE_DEFAULT, PER_PAGE_MAX = 10, 50
MAX_SEARCH = 500


class BadRequest(ValueError):
    pass


def list_services(session: Session, params: Mapping[str, str]) -> tuple[int, dict]:
    try:
        query = _parse(params)
    except BadRequest as error:
        return 400, {"error": "bad_request", "message": str(error)}
    index = get_index(session)
    only = _with_term(session, index, query["taxonomy_term_id"]) if query["taxonomy_term_id"] else None
    origin, note = origin_for(session, query["postcode"]) if query["postcode"] else (None, None)
    if query["proximity"] is not None and origin is None:
        return 400, {"error": "bad_request", "message": note or "proximity needs a postcode"}
    per_page, page = query["per_page"], query["page"]
    offset = (page - 1) * per_page
    if query["search"]:
        found = search_services(session, query["search"], postcode=query["postcode"], limit=per_page, offset=offset,
                                within_km=query["proximity"], only=only, index=index)
        total = found.total
        contents = [{**_summary(index, m.id, origin), "match": {"score": m.score, "why": m.why, "distance_km": m.distance_km,
                                                      "next_open": m.next_open}} for m in found.matches]
        extra = {"needs": found.needs}
    else:
        ordered = _browse(index, origin, query["proximity"], only)
        total = len(ordered)
        contents = [{**_summary(index, index.cards[doc].id, origin),
                     "match": {"distance_km": round(d, 1) if d is not None else None}}
                    for doc, d in ordered[offset:offset + per_page]]
        extra = {}
    pages = max(1, -(-total // per_page))
    body = {"total_items": total, "total_pages": pages, "page_number": page, "size": len(contents),
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents, "contents": contents, **extra}
    if note:
        body["message"] = note
    return 200, body


def get_service(session: Session, service_id: str) -> tuple[int, dict]:
    sid = record_id(service_id)
    if sid is None:
        return 404, {"error": "not_found", "message": "No service has that id."}
    found = service_v3(session, sid)
    if found is None:
        return 404, {"error": "not_found", "message": f"No service has the id {sid[:80]!r}."}
    return 200, found


def _parse(params: Mapping[str, str]) -> dict:
    def text(name: str, limit: int) -> str | None:
        value = params.get(name)
        if value is None or str(value).strip() == "":
            return None
        value = str(value).strip()
        if len(value) > limit:
            raise BadRequest(f"{name} is too long (at most {limit} characters)")
        if "\x00" in value:
            raise BadRequest(f"{name} contains a character that is not allowed")
        return value

    def number(name: str, default, low, high, kind=int):
        raw = text(name, 20)
        if raw is None:
            return default
        try:
            value = kind(raw)
        except ValueError:
            raise BadRequest(f"{name} must be a {'whole ' if kind is int else ''}number, not {raw!r}") from None
        if kind is float and value != value:
            raise BadRequest(f"{name} must be a number")
        if value < low:
            raise BadRequest(f"{name} must be at least {low}")
        return min(value, high)

    postcode = text("postcode", 16)
    if postcode and parse_postcode(postcode) is None:
        raise BadRequest(f"postcode {postcode!r} is not a UK postcode")
    proximity = number("proximity", None, 0.1, 200.0, float)
    if proximity is not None and not postcode:
        raise BadRequest("proximity needs a postcode")
    return {"search": text("search", MAX_SEARCH), "taxonomy_term_id": text("taxonomy_term_id", 255),
            "postcode": postcode, "proximity": proximity, "page": number("page", 1, 1, 100_000),
            "per_page": number("per_page", PER_PAGE_DEFAULT, 1, PER_PAGE_MAX)}


def _with_term(session: Session, index: DirectoryIndex, term_id: str) -> frozenset[str]:
    """Services tagged with the term, plus (for a need term) services whose text shows that need."""
    tagged = set(session.execute(select(Attribute.link_id).where(Attribute.taxonomy_term_id == term_id)).scalars())
    prefix = f"{index.taxonomy.id}:"
    if term_id.startswith(prefix):
        need = term_id[len(prefix):]
        tagged |= {index.cards[doc].id for doc, needs in enumerate(index.doc_needs) if needs.get(need, 0) >= 0.5}
    return frozenset(tagged)


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


def _summary(index: DirectoryIndex, service_id: str, origin=None) -> dict:
    card = index.cards[index.positions[service_id]]
    place = nearest_place(card.places, origin)
    return {
        "id": card.id, "name": card.name, "description": card.description, "url": card.url, "email": card.email,
        "organization": {"name": card.organization} if card.organization else None,
        "phones": [{"number": card.phone}] if card.phone else [],
        "fees_description": card.cost,
        "address": place.address if place else None, "postal_code": place.postcode if place else None,
        "latitude": place.latitude if place else None, "longitude": place.longitude if place else None,
    }
