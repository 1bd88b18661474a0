"""Taxonomy terms a feed attaches to a service, stored as HSDS taxonomy/taxonomy_term/attribute rows.

Three sources: ORUK v3 `attributes` (each with a nested `taxonomy_term`), ORUK v1
`service_taxonomys` (each with a nested `taxonomy`), and Placecube's `pc_targetAudience`
(`audienceType`, e.g. "Carers ", "Sensory Impaired>Visually Impaired"): audiences become terms
of a "pc-target-audience" taxonomy, with ">" read as parent>child.
"""

from __future__ import annotations

from directory import fields as f
from directory.oruk import oruk_id

AUDIENCE_TAXONOMY = "pc-target-audience"


def attribute_rows(raw: dict, sid: str, problems: f.Problems) -> list[dict]:
    rows: list[dict] = []
    for index, attribute in enumerate(f.items(raw.get("attributes"), problems, "attributes")):
        term = attribute.get("taxonomy_term") if isinstance(attribute.get("taxonomy_term"), dict) else {}
        term_id = f.record_id(term.get("id")) or f.record_id(attribute.get("taxonomy_term_id"))
        if term_id is None:
            problems.note("attributes", "an attribute has no taxonomy term; ignored")
            continue
        if term:
            term, term_id = _readable_id(term, term_id)
            rows += _term_rows(term, term_id, problems)
        rows.append(_attribute(attribute.get("id"), sid, index, term_id, problems,
                               value=attribute.get("value"), label=attribute.get("label"),
                               link_entity=attribute.get("link_entity")))
    for index, link in enumerate(f.items(raw.get("service_taxonomys"), problems, "service_taxonomys")):
        taxonomy = link.get("taxonomy") if isinstance(link.get("taxonomy"), dict) else {}
        term_id = f.record_id(taxonomy.get("id"))
        if term_id is None:
            problems.note("service_taxonomys", "an entry has no taxonomy id; ignored")
            continue
        rows += _term_rows({**taxonomy, "taxonomy": taxonomy.get("vocabulary"), "parent_id": taxonomy.get("parent")},
                           term_id, problems)
        rows.append(_attribute(link.get("id"), sid, 1000 + index, term_id, problems))
    rows += _audience_rows(raw, sid, problems)
    return rows


def _audience_rows(raw: dict, sid: str, problems: f.Problems) -> list[dict]:
    rows: list[dict] = []
    seen: set[str] = set()
    for entry in f.items(raw.get("pc_targetAudience"), problems, "pc_targetAudience"):
        label = f.one_line(entry.get("audienceType"), problems, "pc_targetAudience", 200)
        if not label:
            continue
        parent_id = None
        path: list[str] = []
        for part in [p.strip() for p in label.split(">") if p.strip()]:
            path.append(part)
            term_id = f"{AUDIENCE_TAXONOMY}:{f.slug('>'.join(path))}"
            rows += _term_rows({"name": part, "taxonomy": AUDIENCE_TAXONOMY, "taxonomy_id": AUDIENCE_TAXONOMY,
                                "parent_id": parent_id, "code": ">".join(path)}, term_id, problems)
            parent_id = term_id
        if parent_id and parent_id not in seen:
            seen.add(parent_id)
            rows.append(_attribute(None, sid, 0, parent_id, problems, stable_key=f"audience/{parent_id}"))
    if rows:
        rows.insert(0, {"_table": "taxonomy", "id": AUDIENCE_TAXONOMY, "name": "Target audience (Placecube)",
                        "description": "Who a service is for, from the feed's pc_targetAudience extension.",
                        "uri": None, "version": None})
    return rows


def _readable_id(term: dict, term_id: str) -> tuple[dict, str]:
    """Our own export writes `frontdoor-needs:dementia` as a UUID derived from it (directory.oruk);
    reading it back restores the id search and early intervention look terms up by."""
    vocabulary, code = term.get("taxonomy"), term.get("code")
    if isinstance(vocabulary, str) and isinstance(code, str):
        readable = f"{vocabulary}:{code}"
        if oruk_id(readable) == term_id:
            taxonomy_id = vocabulary if term.get("taxonomy_id") == oruk_id(vocabulary) else term.get("taxonomy_id")
            return {**term, "taxonomy_id": taxonomy_id}, readable
    return term, term_id


def _term_rows(term: dict, term_id: str, problems: f.Problems) -> list[dict]:
    name = f.one_line(term.get("name"), problems, "taxonomy_term.name", 500)
    if not name:
        problems.note("taxonomy_term", f"term {term_id!r} has no name; stored with its id as name")
        name = term_id
    detail = term.get("taxonomy_detail") if isinstance(term.get("taxonomy_detail"), dict) else {}
    vocabulary = f.one_line(term.get("taxonomy") or detail.get("name"), problems, "taxonomy_term.taxonomy", 200)
    taxonomy_id = f.record_id(term.get("taxonomy_id") or detail.get("id")) or (f.slug(vocabulary) if vocabulary else None)
    rows = []
    if taxonomy_id:
        rows.append({"_table": "taxonomy", "id": taxonomy_id, "name": vocabulary or taxonomy_id,
                     "description": f.text(detail.get("description"), problems, "taxonomy.description"),
                     "uri": f.web_address(detail.get("uri"), problems, "taxonomy.uri"),
                     "version": f.one_line(detail.get("version"), problems, "taxonomy.version", 50)})
    rows.append({
        "_table": "taxonomy_term", "id": term_id, "name": name,
        "code": f.one_line(term.get("code"), problems, "taxonomy_term.code", 200),
        "description": f.text(term.get("description"), problems, "taxonomy_term.description"),
        "parent_id": f.record_id(term.get("parent_id")),
        "taxonomy": vocabulary, "taxonomy_id": taxonomy_id,
        "language": f.one_line(term.get("language"), problems, "taxonomy_term.language", 16),
        "term_uri": f.web_address(term.get("term_uri"), problems, "taxonomy_term.term_uri"),
    })
    return rows


def _attribute(raw_id: object, sid: str, index: int, term_id: str, problems: f.Problems, *, value=None,
               label=None, link_entity=None, stable_key: str | None = None) -> dict:
    row_id = f.record_id(raw_id) or f.child_id(None, sid, stable_key or f"attribute/{term_id}", index)
    return {
        "_table": "attribute", "id": row_id, "link_id": sid, "link_type": "service",
        "link_entity": f.one_line(link_entity, problems, "attributes.link_entity", 64) or "service",
        "taxonomy_term_id": term_id,
        "value": f.one_line(value, problems, "attributes.value", 500),
        "label": f.one_line(label, problems, "attributes.label", 500),
    }
