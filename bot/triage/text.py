"""Turning whatever a resident typed into tokens the rules can match.

Two steps, both deterministic:
1. `Normaliser` cleans the text (length cap, control characters, HTML tags, curly quotes,
   lower case), then rewrites text-speak ("kms" -> "kill myself") and misspellings of key
   words ("sucide", "tabelts") from rules.yml. It keeps a map back to the original
   characters so reasons quote the resident's own words. Fuzzy correction is for typos
   only: a real or frequent English word is never "corrected" into a key word
   ("texting" is not "beating", "phishing" is not "pushing"); see `Normaliser._correct`.
2. `build_nlp` makes spaCy's blank English tokenizer with the lookup lemmatizer, plus a
   small component that fixes the lemmas of contractions ("ca"+"n't" -> can + not) and
   marks big numbers, so "hit", "hits" and "hitting" all match one rule.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
import spacy_lookups_data
import srsly
from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.language import Language
from spacy.tokens import Doc

from bot.triage.patterns import MANY_LEMMA

# Pieces spaCy's tokenizer splits contractions into, and what they mean.
CONTRACTION_LEMMAS = {
    "ca": "can", "wo": "will", "sha": "shall", "n't": "not", "nt": "not",
    "'m": "be", "m": "be", "'re": "be", "re": "be", "'s": "'s", "s": "'s",
    "'ll": "will", "ll": "will", "'ve": "have", "ve": "have", "'d": "would", "d": "would",
    "gon": "go", "na": "to", "i": "i",
}  # fmt: skip
NUMBER_WORDS = {
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
MANY_THRESHOLD = 8
# A word at least this frequent in spaCy's English word-frequency table (natural-log
# probability; about the 37,000 most common words) is real English, not a typo, even when
# the lemma tables do not list it ("texting", "anybody", "punchline"). Common misspellings
# of key words above it ("somone") are listed in rules.yml `rewrites` instead.
FREQUENT_LOG_PROB = -15.0
# A typo usually keeps the first letter, and a wrong letter is usually a neighbouring key
# or another vowel ("husbund"). Other substitutions make different words: "chosing" is not
# "choking", "monty" is not "money".
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_VOWELS = frozenset("aeiou")

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_PLAIN = re.compile(r"[ -~]*")
_TAG = re.compile(r"<[^<>]{0,300}>")
_INNER_HYPHEN = re.compile(r"(?<=[a-z])[-\u2010\u2011\u2013](?=[a-z])")
# Runs of spaces, words, and long runs of punctuation (spaCy's tokenizer is slow on "...").
_WORD_OR_SPACES = re.compile(r" {2,}|[a-z0-9]+(?:'[a-z]+)*|[^\w\s]{9,}")
# Appended to every message so a rule can say "end of clause" (#) at the very end too.
SENTINEL = " ."


@dataclass(frozen=True)
class Normalised:
    text: str  # what spaCy sees (ends with SENTINEL)
    original: str  # the analysed part of the resident's text
    # For each character of `text`, the span of original characters it came from; None when identical.
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None
    truncated: bool

    def quote(self, start_char: int, end_char: int) -> str:
        """The resident's own words behind text[start_char:end_char] (whole words when rewritten)."""
        end_char = min(end_char, len(self.text) - len(SENTINEL))
        if end_char <= start_char:
            return ""
        if self.starts is None or self.ends is None:
            return self.original[start_char:end_char].strip()
        return self.original[self.starts[start_char] : self.ends[end_char - 1]].strip()


def clean(text: str) -> str:
    """Same-length cleaning, so character offsets still point into the original."""
    text = text.translate(_QUOTES)
    text = _TAG.sub(lambda match: " " * len(match.group()), text)
    if _PLAIN.fullmatch(text):  # the common case: printable ASCII
        return _INNER_HYPHEN.sub(" ", text.lower())
    chars = []
    for char in text:
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            chars.append(" ")
        else:
            lower = char.lower()
            chars.append(lower if len(lower) == 1 else char)
    return _INNER_HYPHEN.sub(" ", "".join(chars))


class Normaliser:
    def __init__(
        self,
        max_chars: int,
        rewrites: dict[str, str],
        fuzzy_words: list[str],
        fuzzy_min_length: int,
        vocabulary: frozenset[str],
        between_words: dict[str, str] | None = None,
        frequent: frozenset[str] | None = None,
    ):
        self.max_chars = max_chars
        self.rewrites = rewrites
        self.between_words = between_words or {}  # "want 2 die": only with a word on each side
        self.fuzzy_words = sorted(set(fuzzy_words))
        self.fuzzy_min_length = fuzzy_min_length
        self.vocabulary = vocabulary
        self.frequent = frequent_words() if frequent is None else frequent
        self._correct = lru_cache(maxsize=20000)(self._correct_uncached)

    def normalise(self, text: object, fuzzy: bool = True) -> Normalised:
        text = as_text(text)
        original = text[: self.max_chars]
        truncated = len(text) > self.max_chars
        cleaned = clean(original)
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        last = 0
        for match in _WORD_OR_SPACES.finditer(cleaned):
            word = match.group()
            if word[0] == " ":
                replacement = " "
            elif not word[0].isalnum():
                replacement = word[:3] + " "
            else:
                replacement = self.rewrites.get(word)
                if replacement is None and word in self.between_words and between_words(cleaned, *match.span()):
                    replacement = self.between_words[word]
                if replacement is None and fuzzy:
                    replacement = self._correct(word)
                if replacement is None or replacement == word:
                    continue
            start, end = match.span()
            pieces.append(cleaned[last:start])
            starts.extend(range(last, start))
            ends.extend(range(last + 1, start + 1))
            pieces.append(replacement)
            starts.extend([start] * len(replacement))
            ends.extend([end] * len(replacement))
            last = end
        if not pieces:
            return Normalised(cleaned.rstrip() + SENTINEL, original, None, None, truncated)
        pieces.append(cleaned[last:])
        starts.extend(range(last, len(cleaned)))
        ends.extend(range(last + 1, len(cleaned) + 1))
        return Normalised("".join(pieces).rstrip() + SENTINEL, original, tuple(starts), tuple(ends), truncated)

    def _correct_uncached(self, word: str) -> str | None:
        """A close misspelling of a key word ("abussed" -> "abused"), if the word is not English.

        Never for a word the lemma tables or the rules know, nor for a frequent word. Then
        one typo in words of up to 8 letters, two in longer ones; the first letter must be
        right; and in words under 6 letters no letter may be typed in place of another.
        """
        if not word.isalpha() or word in self.vocabulary:
            return None
        if word.endswith("in") and word + "g" in self.vocabulary:  # dropped g: "bleedin", "thinkin"
            return word + "g"
        if len(word) < self.fuzzy_min_length or word in self.frequent:
            return None
        limit = 1 if len(word) < 9 else 2
        candidates = process.extract(word, self.fuzzy_words, scorer=OSA.distance, score_cutoff=limit, limit=5)
        for candidate, _, _ in candidates:
            if candidate[0] == word[0] and typo_distance(word, candidate, substitutions=len(word) >= 6) <= limit:
                return candidate
        return None


def typo_distance(typed: str, meant: str, substitutions: bool = True) -> float:
    """Edits from `meant` to `typed` counting only slips people make: a letter left out,
    doubled or added, two letters swapped, or (if `substitutions`) a neighbouring key or
    another vowel typed instead. Any other change costs infinity (optimal string alignment)."""
    rows = [[float(j) for j in range(len(meant) + 1)]]
    for i, a in enumerate(typed, start=1):
        row = [float(i)]
        for j, b in enumerate(meant, start=1):
            swap = 0.0 if a == b else (1.0 if substitutions and near_keys(a, b) else math.inf)
            cost = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + swap)
            if i > 1 and j > 1 and a == meant[j - 2] and typed[i - 2] == b:
                cost = min(cost, rows[i - 2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


def near_keys(a: str, b: str) -> bool:
    """Two vowels, or keys next to each other on a QWERTY keyboard."""
    if a in _VOWELS and b in _VOWELS:
        return True
    for row, keys in enumerate(_KEY_ROWS):
        if a in keys:
            i = keys.index(a)
            beside = {keys[j] for j in (i - 1, i + 1) if 0 <= j < len(keys)}
            above = _KEY_ROWS[row - 1][i : i + 2] if row > 0 else ""
            below = _KEY_ROWS[row + 1][max(0, i - 1) : i + 1] if row < 2 else ""
            return b in beside or b in above or b in below
    return False


def between_words(text: str, start: int, end: int) -> bool:
    """True when text[start:end] sits between two words, as the "2" in "want 2 die"."""
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    return len(before) == 2 and len(after) == 2 and before[0].isalpha() and before[1] == " " and after[0] == " " and after[1].isalpha()


def as_text(value: object) -> str:
    """Any input as text: bytes are decoded leniently, None is empty, others use str()."""
    if value is None:
        return ""
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return value if isinstance(value, str) else str(value)


def number_value(lower: str) -> int | None:
    """40 for "40", "1,000" and "forty"; None otherwise (also for "²" and "½", which are not plain digits)."""
    plain = lower.replace(",", "")
    if plain.isascii() and plain.isdecimal():
        return int(plain[:6])
    return NUMBER_WORDS.get(lower)


@Language.component("triage_lemma_fixes")
def fix_lemmas(doc: Doc) -> Doc:
    for token in doc:
        lower = token.lower_
        fixed = CONTRACTION_LEMMAS.get(lower)
        if fixed is not None:
            token.lemma_ = fixed
        elif lower[:1].isdigit() or lower in NUMBER_WORDS:
            value = number_value(lower)
            if value is not None and value >= MANY_THRESHOLD:
                token.lemma_ = MANY_LEMMA
        elif not token.lemma_:
            token.lemma_ = lower
    return doc


def build_nlp() -> Language:
    """Blank English + lookup lemmas (spacy-lookups-data, no downloads) + contraction fixes."""
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe("triage_lemma_fixes")
    nlp.initialize()
    return nlp


def english_vocabulary() -> frozenset[str]:
    """Every English word form the lookup tables know, so fuzzy correction leaves them alone."""
    folder = Path(spacy_lookups_data.__file__).parent / "data"
    lookup = srsly.read_gzip_json(folder / "en_lemma_lookup.json.gz")
    index = srsly.read_gzip_json(folder / "en_lemma_index.json.gz")
    words = {word.lower() for word in lookup} | {lemma.lower() for lemma in lookup.values()}
    for forms in index.values():
        words.update(form.lower() for form in forms)
    return frozenset(words)


@lru_cache(maxsize=1)
def frequent_words(min_log_prob: float = FREQUENT_LOG_PROB) -> frozenset[str]:
    """Words at least this common in spaCy's English frequency table: real words, not typos."""
    folder = Path(spacy_lookups_data.__file__).parent / "data"
    probabilities = srsly.read_gzip_json(folder / "en_lexeme_prob.json.gz")
    return frozenset(
        word.lower() for word, log_prob in probabilities.items() if log_prob >= min_log_prob and word.isalpha()
    )
