"""Text handling shared by import and search: HTML stripping, cleaning, tokens and lemmas.

Lemmas come from spaCy's English lookup table (spacy-lookups-data), the same table
`nlp.add_pipe("lemmatizer", config={"mode": "lookup"})` uses, read directly so that indexing
50,000 descriptions takes seconds rather than minutes. Nothing is downloaded at run time.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# Block-level tags become line breaks so sentences do not run together once tags go.
_BLOCK_TAG = re.compile(r"<\s*/?\s*(p|div|br|li|ul|ol|h[1-6]|tr|table|section|article)\b[^>]*>", re.I)
_DROP_ELEMENT = re.compile(r"<\s*(script|style|iframe|object|template)\b.*?(<\s*/\s*\1\s*>|$)", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?(-->|$)", re.S)
_TAG = re.compile(r"<[^<>]*>")
_STRAY_ANGLE = re.compile(r"[<>]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def strip_html(raw: object, max_length: int | None = None) -> str:
    """Plain text from an HTML fragment (or plain text). Never returns markup."""
    if raw is None:
        return ""
    text = str(raw)
    if "<" not in text and ">" not in text and "&" not in text:  # plain text: skip the markup passes
        text = clean_text(text, multiline=True)
        return text[:max_length].rsplit(" ", 1)[0] + "…" if max_length and len(text) > max_length else text
    text = _COMMENT.sub(" ", text)
    text = _DROP_ELEMENT.sub(" ", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub(" ", text)
    # Unescape after removing tags, then remove any angle brackets the entities produced
    # (e.g. "&lt;script&gt;"), so the stored text can never become markup again.
    text = html.unescape(text)
    text = _STRAY_ANGLE.sub(" ", text)
    text = clean_text(text, multiline=True)
    if max_length is not None and len(text) > max_length:
        text = text[:max_length].rsplit(" ", 1)[0] + "…"
    return text


def clean_text(value: object, multiline: bool = False) -> str:
    """Trimmed text without control characters; `None` becomes ""."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _SPACES.sub(" ", text)
    if not multiline:
        return " ".join(text.split())
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


# --- tokens and lemmas -------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Contractions expanded so "don't see anyone" keeps its negation for phrase matching.
_CONTRACTIONS = {
    "n't": ["not"], "'m": ["be"], "'re": ["be"], "'ve": ["have"], "'ll": ["will"], "'d": ["would"],
}
_IRREGULAR_NOT = {"can't": ["can", "not"], "won't": ["will", "not"], "shan't": ["shall", "not"], "ain't": ["be", "not"]}
# People typing on phones drop apostrophes: "dont", "cant", "im".
_BARE_CONTRACTIONS = {
    "dont": ["do", "not"], "cant": ["can", "not"], "wont": ["will", "not"], "didnt": ["did", "not"],
    "doesnt": ["does", "not"], "isnt": ["is", "not"], "arent": ["are", "not"], "wasnt": ["was", "not"],
    "werent": ["were", "not"], "havent": ["have", "not"], "hasnt": ["has", "not"], "hadnt": ["had", "not"],
    "couldnt": ["could", "not"], "wouldnt": ["would", "not"], "shouldnt": ["should", "not"], "im": ["i", "am"],
    "ive": ["i", "have"], "youre": ["you", "are"], "theyre": ["they", "are"],
    "thats": ["that", "is"], "whats": ["what", "is"], "theres": ["there", "is"], "cannot": ["can", "not"],
}

# Lemmas the lookup table lacks or gets wrong for this domain.
_LEMMA_OVERRIDES = {
    "parkinsons": "parkinson", "parkinson's": "parkinson", "alzheimers": "alzheimer", "alzheimer's": "alzheimer",
    "carers": "carer", "cares": "care", "lonelier": "lonely", "loneliness": "lonely", "befrienders": "befriender",
    "memories": "memory", "disabilities": "disability", "disabled": "disable", "better": "better",
    "aged": "age", "elderly": "elderly", "older": "old", "oldest": "old", "glasses": "glasses",
    "activities": "activity", "wellbeing": "wellbeing", "well-being": "wellbeing", "organisations": "organisation",
    "dementia's": "dementia", "men's": "man", "women's": "woman", "stroke's": "stroke", "walking": "walk",
    "cafes": "cafe", "café": "cafe", "cafés": "cafe", "benefits": "benefit", "falls": "fall", "fell": "fall",
    "housing": "housing", "meeting": "meeting", "meetings": "meeting", "sight": "sight", "blind": "blind",
    "learning": "learning", "hearing": "hearing", "feeling": "feel", "feelings": "feeling", "living": "live",
    "bereaved": "bereave", "bereavement": "bereavement", "widowed": "widow", "widower": "widow",
}


@lru_cache(maxsize=1)
def _lookup_table():
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def known_lemmas() -> frozenset[str]:
    """Every lemma in the lookup table: a rough list of real English words (for spelling checks)."""
    return frozenset(value.lower() for value in _lookup_table().values())


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    if word in _LEMMA_OVERRIDES:
        return _LEMMA_OVERRIDES[word]
    found = _lookup_table().get(word)
    return found.lower() if isinstance(found, str) else word


def fold(text: str) -> str:
    """Lower-case ASCII-ish text: accents dropped, curly apostrophes straightened."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    """Surface words, contractions expanded ("don't" -> "do", "not"; "Parkinson's" -> "parkinson")."""
    out: list[str] = []
    for raw in _TOKEN.findall(fold(text)):
        if raw in _IRREGULAR_NOT:
            out.extend(_IRREGULAR_NOT[raw])
            continue
        if "'" not in raw:
            out.extend(_BARE_CONTRACTIONS.get(raw, (raw,)))
            continue
        if raw in _LEMMA_OVERRIDES:
            out.append(raw)
            continue
        if raw.endswith("n't"):
            out.extend([raw[:-3], "not"])
            continue
        stem, _, suffix = raw.partition("'")
        if suffix == "s":  # possessive or "is": the stem carries the meaning
            out.append(stem)
        elif "'" + suffix in _CONTRACTIONS:
            out.extend([stem, *_CONTRACTIONS["'" + suffix]])
        else:  # a name such as O'Brien
            out.append(stem + suffix)
    return out


def lemmas(text: str) -> list[str]:
    """Lemmatised words in order, stop words kept (phrase matching needs them)."""
    return [lemma(word) for word in words(text)]
