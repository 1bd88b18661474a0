"""Should the bot offer the council's early-intervention services alongside community options?

The rules are data (directory/data/early_intervention.yml, checked against its schema) so a
practice lead can audit and change them without reading code:

  offer when no exclusion applies and at least one inclusion does.
  Include: struggling at home, equipment or adaptation needs, risk of falls, carers, asking for
           home care (needs from the need taxonomy, or the phrases listed).
  Exclude: urgent cases, safeguarding, care-home residents (triage route, `about` or phrases),
           and messages whose main need is a learning disability, mental health, domestic abuse,
           food parcels or being medically unwell.

`triage_route` is the route bot/triage chose for the conversation ("none" or None are fine; the
excluded routes are listed in the YAML). `about` is who the conversation is about (the bot's slot:
"self", "someone_else", "professional"; "carer" and "care_home_resident" are also understood).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.checked_yaml import load_checked
from directory.needs import DATA, compile_phrases, find_phrases, load_taxonomy
from directory.text import clean_text, lemmas, strip_html

RULES_FILE = DATA / "early_intervention.yml"
SCHEMA_FILE = DATA / "early_intervention.schema.json"
OFFER_TERM = "frontdoor-offers:council-early-intervention"


@dataclass(frozen=True)
class Decision:
    offer: bool
    reason: str  # why, for logs and audits (never the resident's words)


@dataclass(frozen=True)
class _Rules:
    services: tuple[str, ...]
    include_needs: frozenset[str]
    include_phrases: dict
    include_about: frozenset[str]
    exclude_routes: frozenset[str]
    exclude_about: frozenset[str]
    exclude_groups: dict[str, dict]
    exclude_main_needs: frozenset[str]
    medically_unwell: dict


def offer_early_intervention(text: str, triage_route: str | None, about: str | None = None) -> bool:
    """True when the council's early-intervention offer should be shown with community options."""
    return early_intervention_decision(text, triage_route, about).offer


def early_intervention_decision(text: str, triage_route: str | None, about: str | None = None) -> Decision:
    rules = load_rules()
    route = (triage_route or "").strip().lower()
    who = (about or "").strip().lower()
    if route in rules.exclude_routes:
        return Decision(False, f"triage route '{route}'")
    if who in rules.exclude_about:
        return Decision(False, f"about '{who}'")
    message = lemmas(clean_text(strip_html(text or ""))[:2000])
    for group, index in rules.exclude_groups.items():
        if find_phrases(message, index):
            return Decision(False, f"{group.replace('_', ' ')} words")
    taxonomy = load_taxonomy()
    needs = taxonomy.detect(message)
    main = next(iter(needs), None)
    if main in rules.exclude_main_needs:
        return Decision(False, f"main need is {main}")
    said_inclusion = [n for n, weight in needs.items() if n in rules.include_needs and weight >= 0.9]
    if find_phrases(message, rules.medically_unwell) and not said_inclusion:
        return Decision(False, "being unwell is the main need")
    if said_inclusion or any(n in rules.include_needs for n in needs):
        return Decision(True, f"need: {(said_inclusion or [n for n in needs if n in rules.include_needs])[0]}")
    if find_phrases(message, rules.include_phrases):
        return Decision(True, "struggling at home")
    if who in rules.include_about:
        return Decision(True, f"about '{who}'")
    return Decision(False, "no early-intervention need")


def early_intervention_service_ids(session: Session, text: str | None = None) -> list[str]:
    """The council's early-intervention services: tagged ones, then any listed in the rules. Given the
    resident's message, the one that fits it best comes first (a bath problem: equipment, not alarms)."""
    from directory.models import Attribute
    from directory.search import search_services

    tagged = session.execute(select(Attribute.link_id).where(Attribute.taxonomy_term_id == OFFER_TERM,
                                                             Attribute.link_type == "service")).scalars()
    ids = list(dict.fromkeys([*sorted(tagged), *load_rules().services]))
    if text and ids:
        best = search_services(session, text, only=frozenset(ids), limit=len(ids)).matches
        ids = list(dict.fromkeys([*(m.id for m in best), *ids]))
    return ids


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> _Rules:
    data = load_checked(path, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    known = set(load_taxonomy().needs)
    unknown = (set(data["include"]["needs"]) | set(data["exclude"]["main_needs"])) - known
    if unknown:
        raise ValueError(f"{path}: unknown need id(s): {', '.join(sorted(unknown))}")
    include, exclude = data["include"], data["exclude"]
    return _Rules(
        services=tuple(data["services"]),
        include_needs=frozenset(include["needs"]),
        include_phrases=compile_phrases(include["phrases"], "include"),
        include_about=frozenset(include.get("about", [])),
        exclude_routes=frozenset(exclude["triage_routes"]),
        exclude_about=frozenset(exclude.get("about", [])),
        exclude_groups={name: compile_phrases(words, name) for name, words in exclude["phrase_groups"].items()},
        exclude_main_needs=frozenset(exclude["main_needs"]),
        medically_unwell=compile_phrases(exclude["medically_unwell"], "medically_unwell"),
    )
