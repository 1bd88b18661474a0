"""Reading the person's answers: skips, who it's for, places and access needs.

Words come from phrases.yml, so they can be reviewed and extended without code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

PHRASES_FILE = Path(__file__).with_name("phrases.yml")
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
MAX_ANSWER_CHARS = 2_000


@lru_cache(maxsize=1)
def phrases() -> dict:
    return yaml.safe_load(PHRASES_FILE.read_text(encoding="utf-8"))


_WORDS = re.compile(r"[^\W_]")  # a letter or digit, in any script


def has_words(text: str | None) -> bool:
    """False for "", "???", "..." or emoji alone: nothing a person could mean as an answer."""
    return bool(_WORDS.search(text or ""))


def clean_answer(text: str | None) -> str:
    """The person's words, kept as they wrote them, without control characters or runaway length."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", " ", text or "")
    return re.sub(r"[ \t]+", " ", text).strip()[:MAX_ANSWER_CHARS]


def _normal(text: str) -> str:
    return re.sub(r"[^\w'/ -]+", " ", (text or "").lower().replace("’", "'")).strip()


def _says(text: str, words: list[str]) -> bool:
    normal = f" {_normal(text)} "
    return any(f" {w} " in normal for w in words)


def safety_answer(text: str | None) -> str | None:
    """"yes", "no", or None for a reply to a safety question. A button sends /affirm or /deny; a
    typed reply counts only when it starts with yes or no words (unsure is yes). Nothing else guesses."""
    raw = (text or "").strip().lower()
    if raw in ("/affirm", "/deny"):
        return "yes" if raw == "/affirm" else "no"
    normal = _normal(text)
    said = [(len(w), answer) for answer, key in (("no", "safety_no"), ("yes", "safety_yes"))
            for w in phrases()[key] if normal == w or normal.startswith(f"{w} ")]
    return max(said)[1] if said else None  # the longest phrase wins: "i'm not sure" over "i'm not"


def is_skip(text: str) -> bool:
    """A short answer that means "skip this question"."""
    normal = _normal(text)
    return bool(normal) and len(normal.split()) <= 5 and _says(normal, phrases()["skip"])


def means_nothing_else(text: str) -> bool:
    normal = _normal(text)
    return not normal or (len(normal.split()) <= 4 and _says(normal, phrases()["nothing_else"])) or is_skip(text)


def is_anywhere(text: str) -> bool:
    return _says(text, phrases()["anywhere"]) or is_skip(text)


@dataclass(frozen=True)
class About:
    about: str  # self | someone_else | professional
    them: str | None  # how to refer to the person, e.g. "your mum"


def read_about(text: str) -> About | None:
    """Who the conversation is about, from free text such as "it's for my mum"."""
    normal = _normal(text)
    named = _relation(normal)
    if _says(normal, phrases()["professional_words"]) and not named:
        return About("professional", "the person you support")
    if named:
        relation, them = named
        return About("professional" if relation in {"client", "patient", "tenant"} else "someone_else", them)
    if _says(normal, phrases()["self_words"]):
        return About("self", None)
    return None


def them_from_text(text: str) -> str:
    """"my mum" -> "your mum"; otherwise the person's own short description, or "them"."""
    named = _relation(_normal(text))
    if named:
        return named[1]
    words = clean_answer(text).split()
    return " ".join(words[:6]) if 0 < len(words) <= 6 else "them"


_RELATION = re.compile(
    r"\b(my|our|me|mine|for a|a|his|her|their)\s+(?:elderly |older |old |disabled |poorly |)([a-z-]+)")
_THIRD_PERSON = {"his", "her", "their"}  # staff typing for a caller: "her neighbour"


def _relation(normal: str) -> tuple[str, str] | None:
    """(relation, how to refer to them): "my mum" or northern "me mam" -> ("mam", "your mam"),
    "her neighbour" -> ("neighbour", "her neighbour"); skips "not my husband"."""
    for match in _RELATION.finditer(normal):
        if "not" in normal[: match.start()].split()[-2:]:
            continue
        owner, relation = match.groups()
        if relation in phrases()["relations"]:
            return relation, f"{owner if owner in _THIRD_PERSON else 'your'} {relation}"
    return None


def read_access_needs(text: str) -> list[str]:
    """Access needs named in the answer, as flags (wheelchair, hearing, sight, language, free, ...)."""
    if means_nothing_else(text):
        return []
    return [flag for flag, words in phrases()["access"].items() if _says(text, words)]


def valid_email(text: str) -> str | None:
    candidate = (text or "").strip().strip("<>.,;")
    return candidate if len(candidate) <= 254 and EMAIL.match(candidate) else None


def valid_uk_phone(text: str) -> str | None:
    """A UK phone number written any common way, returned in a tidy form; None if it isn't one."""
    digits = re.sub(r"[\s()-]", "", text or "")
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0\d{9,10}", digits):
        return None
    return f"{digits[:5]} {digits[5:]}" if len(digits) == 11 else f"{digits[:4]} {digits[4:]}"
