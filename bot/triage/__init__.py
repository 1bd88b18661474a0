"""Triage of every message a resident types: the product's safety core, in two layers.

    from bot.triage import load_triage
    triage = load_triage()                  # once, at start-up
    result = triage.triage("I've just swallowed a whole packet of pills")
    result.route, result.check_route, result.to_dict()

1. The rules (rules.yml, reviewed by a safeguarding lead) decide the route, deterministically.
   A message longer than `limits.max_chars` is read in overlapping windows (windows.py).
2. The example layer (examples.yml + a local sentence model) compares the message by
   meaning with reviewed examples. It can only add a safety question (`check_route`),
   never remove or soften a route (layers.py).
`load_engine()` gives the rules layer alone.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from bot.triage.embedding import ModelError, load_encoder, verify_model_files
from bot.triage.engine import TriageEngine, build_engine
from bot.triage.example_bank import DEFAULT_BANK, BankError, load_bank
from bot.triage.layers import Triage
from bot.triage.result import RISK_ROUTES, ROUTES, Reason, TriageResult
from bot.triage.rules_file import DEFAULT_RULES, RulesError, load_rules
from bot.triage.similarity import ExampleLayer, bank_vectors
from core.paths import REPO_ROOT

__all__ = [
    "ROUTES", "RISK_ROUTES", "BankError", "ModelError", "Reason", "RulesError", "Triage", "TriageEngine",
    "TriageResult", "load_engine", "load_examples", "load_triage",
]
# Errors that stop start-up: each message names the file (and line) to fix.
StartupError = (RulesError, BankError, ModelError)


def load_engine(path: str | Path | None = None) -> TriageEngine:
    """The engine for a rules file (default: bot/triage/rules.yml), built once per path.

    Raises RulesError, naming the line, when the rules file is broken.
    """
    return _cached_engine(str(Path(path or DEFAULT_RULES).resolve()))


@lru_cache(maxsize=8)
def _cached_engine(resolved_path: str) -> TriageEngine:
    return build_engine(resolved_path)


def load_examples(path: str | Path | None = None) -> ExampleLayer:
    """The example layer for a bank (default: bot/triage/examples.yml), built once per path.

    Raises BankError (naming the line) or ModelError (a missing or altered model file).
    """
    return _cached_examples(str(Path(path or DEFAULT_BANK).resolve()))


@lru_cache(maxsize=4)
def _cached_examples(resolved_path: str) -> ExampleLayer:
    bank = load_bank(resolved_path)
    encoder = load_encoder()
    return ExampleLayer(bank, encoder, bank_vectors(bank, encoder, vector_cache_dir()))


def vector_cache_dir() -> Path:
    """Derived data shared by every run of this checkout (FRONTDOOR_CACHE_DIR to move it)."""
    return Path(os.environ.get("FRONTDOOR_CACHE_DIR") or REPO_ROOT / "var" / "cache")


def load_triage(rules: str | Path | None = None, examples: str | Path | None = None) -> Triage:
    """Both layers, built once per process (the rules about a second; the model a few more)."""
    return Triage(load_engine(rules), load_examples(examples))


def check_triage_files() -> None:
    """At start-up, before any server: the rules, the example bank and the model's hashes.

    Raises RulesError, BankError or ModelError with the file (and line) to fix. Quick: no
    spaCy pipeline and no TensorFlow.
    """
    load_rules()
    load_bank()
    verify_model_files()
