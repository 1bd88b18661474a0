"""The need taxonomy (directory/data/needs.yml): load it, check it, and match text against it.

Residents' messages and services' texts are both turned into needs, which is what lets
"I'm with him day and night, I'm worn out" meet a service that says "short breaks for carers".
Phrases are compiled to lemma patterns once and looked up by their first word, so classifying a
service costs one dictionary lookup per word.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from core.checked_yaml import load_checked
from directory.text import lemmas

DATA = Path(__file__).resolve().parent / "data"
NEEDS_FILE = DATA / "needs.yml"
SCHEMA_FILE = DATA / "needs.schema.json"
RESIDENT_GAP = 2  # words allowed between a phrase's words in a resident's message
SERVICE_GAP = 0  # services' own wording: phrases must appear exactly


class TaxonomyError(ValueError):
    pass


@dataclass(frozen=True)
class Pattern:
    slots: tuple[frozenset[str], ...]
    need: str
    kind: str  # resident | context | service | weak


@dataclass
class Need:
    id: str
    label: str
    context: tuple[str, ...] = ()
    audiences: frozenset[str] = frozenset()
    also: tuple[str, ...] = ()
    population: bool = False


@dataclass
class Taxonomy:
    id: str
    name: str
    description: str
    needs: dict[str, Need]
    fillers: frozenset[str]
    resident_index: dict[str, list[Pattern]] = field(default_factory=dict)
    service_index: dict[str, list[Pattern]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    family_words: frozenset[str] = frozenset()

    def term_id(self, need_id: str) -> str:
        return f"{self.id}:{need_id}"

    def detect(self, text_lemmas: list[str]) -> dict[str, float]:
        """Needs in a resident's message, strongest first: 1.0 = said outright, less = implied."""
        hits = _match(text_lemmas, self.resident_index, RESIDENT_GAP)
        order: dict[str, int] = {}
        found: dict[str, float] = {}
        for position, pattern in hits:
            if pattern.kind in ("resident", "service"):
                found[pattern.need] = 1.0
                order.setdefault(pattern.need, position)
        for position, pattern in hits:
            need = self.needs[pattern.need]
            if pattern.kind == "context" and any(c in found for c in need.context):
                found[pattern.need] = max(found.get(pattern.need, 0.0), 0.9)
                order.setdefault(pattern.need, position)
        for need_id in found:
            if self.needs[need_id].population:
                found[need_id] *= 0.5
        for need_id, weight in list(found.items()):
            for other in self.needs[need_id].also:
                if found.get(other, 0.0) < 0.4 * weight:
                    found[other] = 0.4 * weight
                    order.setdefault(other, 10_000 + order[need_id])
        return dict(sorted(found.items(), key=lambda item: (-round(item[1], 3), order[item[0]])))

    def classify(self, name: list[str], body: list[str], audiences: list[str], term_ids: list[str] = ()
                 ) -> dict[str, float]:
        """How strongly a service meets each need (0-1), from its name, text and feed taxonomy terms."""
        evidence: dict[str, float] = {}
        prefix = f"{self.id}:"
        for term_id in term_ids:  # tagged with this taxonomy by a council that curates its directory
            if term_id.startswith(prefix) and term_id[len(prefix):] in self.needs:
                evidence[term_id[len(prefix):]] = evidence.get(term_id[len(prefix):], 0.0) + 3.0
        for _position, pattern in _match(name, self.service_index, SERVICE_GAP):
            evidence[pattern.need] = evidence.get(pattern.need, 0.0) + (1.0 if pattern.kind == "weak" else 2.0)
        body_hits: dict[str, float] = {}
        for _position, pattern in _match(body, self.service_index, SERVICE_GAP):
            body_hits[pattern.need] = body_hits.get(pattern.need, 0.0) + (0.4 if pattern.kind == "weak" else 1.0)
        for need_id, score in body_hits.items():
            evidence[need_id] = evidence.get(need_id, 0.0) + min(score, 3.0)
        tags = {a.strip().lower() for a in audiences}
        # Feeds that tag a service with a dozen audiences mean "everyone welcome", not "specialist".
        spread = max(1.0, len(tags) / 2.0)
        audience_weight = 2.0 / spread
        # A feed's own taxonomy terms ("Befriending services", "Day centres") are read like a name.
        term_hits: dict[str, float] = {}
        for _position, pattern in _match(lemmas(" ; ".join(audiences)), self.service_index, SERVICE_GAP):
            term_hits[pattern.need] = max(term_hits.get(pattern.need, 0.0), 0.5 if pattern.kind == "weak" else 1.5)
        for need in self.needs.values():
            if need.audiences & tags:  # a known audience name: counted once, not again as words
                evidence[need.id] = evidence.get(need.id, 0.0) + audience_weight
            elif need.id in term_hits:
                evidence[need.id] = evidence.get(need.id, 0.0) + term_hits[need.id] / spread
        return {need_id: 1.0 - math.exp(-score / 1.5) for need_id, score in evidence.items()}


def compile_phrases(phrases, label: str, taxonomy_path: Path = NEEDS_FILE) -> dict[str, list[Pattern]]:
    """An index of phrases (same syntax as needs.yml, with its word classes) for other rule files."""
    classes = _classes(_validated(taxonomy_path))
    index: dict[str, list[Pattern]] = {}
    for phrase in phrases:
        pattern = _compile(str(phrase), label, "resident", classes, taxonomy_path)
        for first in pattern.slots[0]:
            index.setdefault(first, []).append(pattern)
    return index


def find_phrases(text_lemmas: list[str], index: dict[str, list[Pattern]]) -> list[tuple[int, Pattern]]:
    return _match(text_lemmas, index, RESIDENT_GAP)


def _classes(data: dict) -> dict[str, frozenset[str]]:
    return {name: frozenset(lemma for word in words for lemma in lemmas(str(word)))
            for name, words in data["classes"].items()}


def _match(text: list[str], index: dict[str, list[Pattern]], gap: int) -> list[tuple[int, Pattern]]:
    hits = []
    for start, word in enumerate(text):
        for pattern in index.get(word, ()):
            if _fits(text, start, pattern.slots, gap):
                hits.append((start, pattern))
    return hits


def _fits(text: list[str], start: int, slots: tuple[frozenset[str], ...], gap: int) -> bool:
    position = start
    for slot in slots[1:]:
        for offset in range(1, gap + 2):
            if position + offset < len(text) and text[position + offset] in slot:
                position += offset
                break
        else:
            return False
    return True


@lru_cache(maxsize=4)
def load_taxonomy(path: Path = NEEDS_FILE) -> Taxonomy:
    data = _validated(path)
    classes = _classes(data)
    needs: dict[str, Need] = {}
    resident: dict[str, list[Pattern]] = {}
    service: dict[str, list[Pattern]] = {}
    vocabulary: set[str] = set()
    for entry in data["needs"]:
        need = Need(entry["id"], entry["label"], tuple(entry.get("context", ())),
                    frozenset(a.strip().lower() for a in entry.get("audiences", ())), tuple(entry.get("also", ())),
                    bool(entry.get("population", False)))
        if need.id in needs:
            raise TaxonomyError(f"{path}: need {need.id!r} appears twice")
        needs[need.id] = need
        groups = [("resident", entry["resident_phrases"], resident), ("context", entry.get("context_phrases", []),
                  resident), ("service", entry["service_terms"], resident), ("service", entry["service_terms"], service),
                  ("weak", entry.get("weak_service_terms", []), service)]
        for kind, phrases, index in groups:
            for phrase in phrases:
                pattern = _compile(str(phrase), need.id, kind, classes, path)
                for first in pattern.slots[0]:
                    index.setdefault(first, []).append(pattern)
                for slot in pattern.slots:
                    vocabulary |= slot
    for need in needs.values():
        unknown = [n for n in need.context + need.also if n not in needs]
        if unknown:
            raise TaxonomyError(f"{path}: need {need.id!r} refers to unknown need(s) {', '.join(unknown)}")
    fillers = frozenset(lemma for word in data["resident_fillers"] for lemma in lemmas(str(word)))
    tax = data["taxonomy"]
    return Taxonomy(tax["id"], tax["name"], tax.get("description", ""), needs, fillers, resident, service,
                    frozenset(vocabulary), classes.get("FAMILY", frozenset()))


def _compile(phrase: str, need_id: str, kind: str, classes: dict, path: Path) -> Pattern:
    slots: list[frozenset[str]] = []
    for token in phrase.split():
        if token.startswith("{") and token.endswith("}"):
            if token[1:-1] not in classes:
                raise TaxonomyError(f"{path}: {need_id}: unknown word class {token} in {phrase!r}")
            slots.append(classes[token[1:-1]])
        elif "|" in token:
            slots.append(frozenset(lemma for part in token.split("|") for lemma in lemmas(part)[:1]))
        else:
            slots += [frozenset([lemma]) for lemma in lemmas(token)]
    if not slots:
        raise TaxonomyError(f"{path}: {need_id}: phrase {phrase!r} has no words")
    return Pattern(tuple(slots), need_id, kind)


def _validated(path: Path) -> dict:
    return load_checked(path, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), error=TaxonomyError)


def store_need_taxonomy(connection: Connection, taxonomy: Taxonomy | None = None) -> None:
    """Keep the need taxonomy in the ORUK taxonomy tables, so exports and the API can use its term ids."""
    from directory.models import Taxonomy as TaxonomyRow
    from directory.models import TaxonomyTerm

    taxonomy = taxonomy or load_taxonomy()
    _upsert(connection, TaxonomyRow, [{"id": taxonomy.id, "name": taxonomy.name,
                                       "description": taxonomy.description, "uri": None, "version": "1"}])
    _upsert(connection, TaxonomyTerm, [
        {"id": taxonomy.term_id(need.id), "code": need.id, "name": need.label, "description": None,
         "parent_id": None, "taxonomy": taxonomy.id, "taxonomy_id": taxonomy.id, "language": "en", "term_uri": None}
        for need in taxonomy.needs.values()])


def _upsert(connection: Connection, model, rows: list[dict]) -> None:
    known = set(connection.execute(select(model.id).where(model.id.in_([r["id"] for r in rows]))).scalars())
    new = [r for r in rows if r["id"] not in known]
    if new:
        connection.execute(insert(model), new)
    for row in rows:
        if row["id"] in known:
            connection.execute(update(model).where(model.id == row["id"]).values(**row))
