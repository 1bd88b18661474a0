"""Find services for a resident's own words: `search_services(session, text, ...)`.

A message is cleaned, spell-corrected against the directory's own vocabulary, lemmatised and
matched to needs (directory/data/needs.yml). A service scores for the needs its text shows it
meets and for the message's words it contains (BM25F), weighted by how sure we are it is a
running, year-round service. Then eligibility (age), cost, opening times and distance are applied.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from core.clock import now as current_time
from core.postcodes import parse_postcode
from directory.index import STOP, DirectoryIndex, get_index
from directory.postcodes import coordinates_for, distance_km
from directory.schedules import opening
from directory.text import clean_text, known_lemmas, lemma, strip_html, words

MAX_MESSAGE = 2000
NEED_WEIGHT = 1.6  # how much a need match counts against the best word match (which counts 1)
FAMILY_WEIGHT = 0.25  # "husband", "mum": who the need is about, rarely what the service is about
DISTANCE_SCALE_KM = 4.0
_AGE_SAID = re.compile(r"\b(?:i'?m|i am|aged|age)\s+(\d{2,3})\b|\b(\d{2,3})\s*(?:years?|yrs?)[- ]old\b|"
                       r"\bin my (sixties|seventies|eighties|nineties)\b", re.I)
_DECADES = {"sixties": 65, "seventies": 75, "eighties": 85, "nineties": 95}


@dataclass
class Match:
    id: str
    name: str
    organization: str | None
    score: float
    why: list[str]
    distance_km: float | None = None
    phone: str | None = None
    url: str | None = None
    email: str | None = None
    address: str | None = None
    cost: str | None = None
    open_now: bool | None = None
    next_open: str | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class SearchResults:
    matches: list[Match] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    message: str | None = None
    total: int = 0
    corrected: dict[str, str] = field(default_factory=dict)


def search_services(session: Session, text: str, *, postcode: str | None = None, age: int | None = None,
                    open_now: bool = False, free_only: bool = False, limit: int = 5, offset: int = 0,
                    now: datetime | None = None, access_needs: tuple[str, ...] = (),
                    within_km: float | None = None, only: frozenset[str] | None = None,
                    index: DirectoryIndex | None = None) -> SearchResults:
    """Services for a resident's message, best first. `within_km` drops services further than that from
    `postcode` (and those with no place); `only` limits results to those service ids (API filters)."""
    index = index or get_index(session)
    now = now or current_time()
    limit, offset = max(0, min(int(limit), 100)), max(0, int(offset))
    cleaned = clean_text(strip_html(text or ""))[:MAX_MESSAGE]
    corrected, message_lemmas = _understand(cleaned, index)
    needs = index.taxonomy.detect(message_lemmas)
    results = SearchResults(needs=[index.taxonomy.needs[n].label for n in needs], corrected=corrected)
    if age is None and (said := _AGE_SAID.search(cleaned)):
        spoken = next(g for g in said.groups() if g)
        age = _DECADES.get(spoken.lower()) or int(spoken)
    if age is not None and age >= 60 and "older-people" in index.taxonomy.needs:
        needs.setdefault("older-people", 0.5)
    scores, matched_words = _score(index, message_lemmas, needs)
    mask = index.active & (scores > 0)
    if age is not None and 0 <= age <= 130:
        mask &= (index.min_age <= age) & (index.max_age >= age)
    if free_only:
        mask &= index.free == 1
    if only is not None:
        mask &= allowed_mask(index, only)
    scores = np.where(mask, scores * index.trust, 0.0)
    if "volunteering" not in needs:  # volunteer-recruitment listings are for helpers, not for this person
        scores = np.where(index.volunteer_roles, scores * 0.4, scores)
    if access_needs:
        scores = _prefer_accessible(index, scores, access_needs)
    origin, results.message = origin_for(session, postcode)
    ranked = _rank(index, scores, origin, need_cut=bool(needs))
    if within_km is not None and origin is not None:
        ranked = [item for item in ranked if item[2] is not None and item[2] <= within_km]
    if open_now:
        answers = {doc: opening(index.cards[doc].openings, now) for doc, _s, _d in ranked if index.cards[doc].openings}
        ranked = [item for item in ranked if item[0] in answers and answers[item[0]].open_now]
    results.total = len(ranked)
    for doc, score, distance in ranked[offset:offset + limit]:
        card = index.cards[doc]
        answer = opening(card.openings, now) if card.openings else None
        results.matches.append(_match(index, doc, score, distance, answer, needs, matched_words, origin))
    if open_now and not results.matches and scores.any():
        results.message = _join(results.message, "Nothing that matches is open right now; try without 'open now'.")
    return results


def allowed_mask(index: DirectoryIndex, service_ids: frozenset[str]) -> np.ndarray:
    mask = np.zeros(len(index), dtype=bool)
    positions = [index.positions[i] for i in service_ids if i in index.positions]
    mask[positions] = True
    return mask


def _understand(text: str, index: DirectoryIndex) -> tuple[dict[str, str], list[str]]:
    """Lemmas of the message, with unknown words corrected to the nearest word the directory knows."""
    corrected: dict[str, str] = {}
    out: list[str] = []
    english = known_lemmas()
    for word in words(text):
        found = lemma(word)
        if (len(word) >= 4 and word.isalpha() and found == word and word not in english
                and word not in index.known_words and word not in STOP):
            bucket = index.vocabulary.get(word[0], [])
            near = [w for w in bucket if abs(len(w) - len(word)) <= 2]
            best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=80) if near else None
            if best:
                corrected[word] = best[0]
                found = lemma(best[0])
        out.append(found)
    return corrected, out


def _score(index: DirectoryIndex, message: list[str], needs: dict[str, float]) -> tuple[np.ndarray, dict]:
    n = len(index)
    text_scores = np.zeros(n, dtype=np.float32)
    family = index.taxonomy.family_words
    matched: dict[str, str] = {}
    for word in dict.fromkeys(message):
        if word in STOP or word in index.taxonomy.fillers or len(word) < 2 or word not in index.postings:
            continue
        docs, weights = index.postings[word]
        text_scores[docs] += weights * (FAMILY_WEIGHT if word in family else 1.0)
        matched[word] = word
    # Word matches are scaled by what the message's words could score at best (at least one rare
    # word's worth), so a message made of common words cannot outweigh the needs it expresses.
    potential = sum(index.potential.get(w, 0.0) for w in matched)
    scores = text_scores / max(potential, index.rare_potential, 1e-6)
    if needs:
        need_scores = np.zeros(n, dtype=np.float32)
        for need_id, weight in needs.items():
            if need_id in index.need_postings:
                docs, strength = index.need_postings[need_id]
                need_scores[docs] += weight * strength
        # Cosine-like: a service focused on the asked-for need beats a catch-all page that mentions
        # everything; services with little need evidence are not inflated (norm floor of 1).
        query_norm = float(np.sqrt(sum(w * w for w in needs.values())))
        scores = scores + NEED_WEIGHT * need_scores / (query_norm * index.need_norm**0.75)
    return scores, matched


def _prefer_accessible(index: DirectoryIndex, scores: np.ndarray, access_needs: tuple[str, ...]) -> np.ndarray:
    wanted = {lemma(w) for need in access_needs for w in words(need)} - STOP
    boosted = scores.copy()
    for doc in np.flatnonzero(scores > 0):
        text = " ".join(place.accessibility for place in index.cards[doc].places).lower()
        if text and wanted & {lemma(w) for w in words(text)}:
            boosted[doc] *= 1.25
    return boosted


def origin_for(session: Session, postcode: str | None) -> tuple[tuple[float, float] | None, str | None]:
    if not postcode or not postcode.strip():
        return None, None
    place = parse_postcode(postcode)
    if place is None:
        return None, f"'{clean_text(postcode)[:20]}' is not a UK postcode, so results are not sorted by distance."
    found = coordinates_for(session, place)
    if found is None:
        return None, f"We don't know where {place.postcode} is, so results are not sorted by distance."
    return (found.latitude, found.longitude), None


def _rank(index: DirectoryIndex, scores: np.ndarray, origin, need_cut: bool) -> list[tuple[int, float, float | None]]:
    """Candidates best first; near ones lifted when a postcode is known."""
    positive = np.flatnonzero(scores > 0)
    if not len(positive):
        return []
    floor = 0.25 * float(scores[positive].max()) if need_cut else 0.0
    positive = positive[scores[positive] >= floor]
    if len(positive) > 400:
        positive = positive[np.argpartition(-scores[positive], 400)[:400]]
    ranked = []
    for doc in positive:
        score, distance = float(scores[doc]), None
        if origin:
            distances = [distance_km(origin[0], origin[1], p.latitude, p.longitude)
                         for p in index.cards[doc].places if p.latitude is not None and p.longitude is not None]
            if distances:
                distance = min(distances)
                score *= 1.0 / (1.0 + distance / DISTANCE_SCALE_KM) ** 0.5
            else:
                score *= 0.8  # phone, online or borough-wide: useful anywhere, but not "nearby"
        ranked.append((int(doc), score, distance))
    ranked.sort(key=lambda item: (-item[1], index.cards[item[0]].name))
    return ranked


def nearest_place(places: list, origin) -> object | None:
    """The place to show: the nearest to the resident when we know where they are, else one with a location."""
    located = [p for p in places if p.latitude is not None and p.longitude is not None]
    if origin and located:
        return min(located, key=lambda p: distance_km(origin[0], origin[1], p.latitude, p.longitude))
    return (located or places or [None])[0]


def _match(index: DirectoryIndex, doc: int, score: float, distance, answer, needs, matched_words, origin) -> Match:
    card = index.cards[doc]
    service_needs = index.doc_needs[doc]
    why = [index.taxonomy.needs[n].label for n in needs if service_needs.get(n, 0) >= 0.3][:3]
    if not why:
        text = " ".join(w for w in (card.name + " " + (card.description or "")).lower().split())
        mentioned = [w for w in matched_words if w in text][:2]
        why = [f"mentions \"{w}\"" for w in mentioned] or ["closest match to your words"]
    place = nearest_place(card.places, origin)
    return Match(
        id=card.id, name=card.name, organization=card.organization, score=round(score, 4), why=why,
        distance_km=round(distance, 1) if distance is not None else None, phone=card.phone, url=card.url,
        email=card.email, address=place.address if place else None, cost=card.cost,
        open_now=answer.open_now if answer else None,
        next_open=answer.next_open.isoformat() if answer and answer.next_open else None)


def _join(first: str | None, second: str) -> str:
    return f"{first} {second}" if first else second
