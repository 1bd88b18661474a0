"""Reading one message for everything it already tells: who it is about, what matters, strengths, place.

The form's validation action calls `read_message` from its `extract_<slot>` methods, so any message
at any step can answer questions not yet asked. Words live in phrases.yml; no reply text here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.conversation.answers import _normal, _relation, _says, clean_answer, is_skip, phrases
from core.postcodes import parse_postcode

ACK_MAX_WORDS = 28
_JOINERS = {"and", "but", "because", "cos", "so"}
_FULL_POSTCODE = re.compile(r"\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)\s*([0-9][A-Za-z]{2})\b")
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|ive|i'd|id|me|my|myself|mine)\b")
_SPEAKER = re.compile(r"\b(i|i'm|im|i've|ive|i'd|me|myself)\b")  # the speaker, not just "my"
_CLAUSE_SPLIT = re.compile(r"[.,;!?\n]+|\s+(?:but|and|because|cos|so)\s+")
_TITLE_NAME = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mx)\.?\s+([A-Z][a-zA-Z-]*)")
_PROFESSIONAL = re.compile(
    r"\b(i'?m|i am|im)\s+(?:a|an|the|his|her|their)\s+(?:[a-z]+\s+)?(nurse|district nurse|social worker|gp|doctor|"
    r"support worker|key worker|occupational therapist|therapist|care coordinator|carer|paramedic|pharmacist|"
    r"housing officer|community matron|health visitor)\b|\b(patient|client|service user|tenant) of (mine|ours)\b|"
    r"\bmy (patient|client|service user)\b|\bi'?m calling from\b|\bon behalf of (a|my) (patient|client)\b")

# First person -> second person, for acknowledging in the person's own words.
_REFLECT = {
    "i": "you", "i'm": "you're", "im": "you're", "i've": "you've", "ive": "you've", "i'd": "you'd",
    "i'll": "you'll", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are",
    "we": "you", "we're": "you're", "our": "your", "us": "you", "ours": "yours",
    "hes": "he's", "shes": "she's", "dont": "don't", "cant": "can't", "wont": "won't", "isnt": "isn't",
    "doesnt": "doesn't", "didnt": "didn't", "meself": "yourself",
}


@dataclass(frozen=True)
class Heard:
    """What one message told. None where it told nothing."""

    about: str | None = None  # self | someone_else | professional
    them: str | None = None  # how to refer to the person: "your dad", "Mr B", "the person you support"
    situation: str | None = None  # what matters, in their words (the message, cleaned)
    people_around: str | None = None
    enjoys: str | None = None
    working_well: str | None = None
    would_help: str | None = None
    postcode: str | None = None

    def told(self) -> list[str]:
        return [name for name, value in self.__dict__.items() if value is not None]


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(text or "") if c and c.strip()]


def _clause_with(text: str, words: list[str]) -> str | None:
    for clause in clauses(text):
        if _says(clause, words):
            return clause
    return None


def _is_around_clause(clause: str) -> bool:
    """A relation who visits or helps (a strength), or who has died (a loss): not who it is for."""
    return _says(clause, phrases()["around_verbs"]) or _says(clause, phrases()["loss_words"])


def who_it_is_about(text: str) -> tuple[str, str | None] | None:
    """(about, them) from the words, or None. A relation who only visits or helps is a strength, not
    who it is for ("my son visits on Sundays"); a carer who says how it is for them is asking for
    themselves ("I look after my husband day and night and I'm worn out")."""
    normal = _normal(text)
    titled = _TITLE_NAME.search(text or "")
    if _PROFESSIONAL.search(normal):
        return "professional", (" ".join(titled.groups()) if titled else "the person you support")
    subject = None
    for clause in clauses(normal):
        named = _relation(clause)
        if named and not _is_around_clause(clause):
            subject = named
            break
    carer = _says(normal, phrases()["carer_cues"]) and _says(normal, phrases()["carer_self"])
    if subject and not carer:
        relation, them = subject
        if relation in {"client", "patient", "tenant"}:
            return "professional", them
        return "someone_else", them
    if is_skip(text) and not carer:
        return None  # "I don't know" is not "it's for me"
    if _SPEAKER.search(normal) or carer:
        return "self", None
    if any(_FIRST_PERSON.search(c) for c in clauses(normal) if not (_relation(c) and _is_around_clause(c))):
        return "self", None  # "my knees are bad"; but "my son visits on Sundays" alone says who is around
    return None


def tells_situation(text: str, intent: str | None = None) -> bool:
    """More than a short answer: the person is telling what is going on."""
    normal = _normal(text)
    words = normal.split()
    if not words or is_skip(text) and len(words) <= 5:
        return False
    if intent == "describe_situation" and len(words) >= 3:
        return True
    return len(words) >= 3 and _says(normal, phrases()["situation_cues"])


def find_postcode(text: str) -> str | None:
    """A full postcode anywhere in a message ("we live at SB1 2AB"): outward codes alone are too easily
    a word ("M1"), so only the question about where reads those."""
    for match in _FULL_POSTCODE.finditer(text or ""):
        place = parse_postcode(match.group(1) + match.group(2))
        if place is not None:
            return place.postcode
    return None


def read_message(text: str, intent: str | None = None) -> Heard:
    """Everything a free-text message tells, each piece kept in the person's words."""
    text = clean_answer(text)
    if not text or text.startswith("/"):
        return Heard()
    normal = _normal(text)
    who = who_it_is_about(text)
    around = next((c for c in clauses(text) if _relation(_normal(c)) and _is_around_clause(_normal(c))), None)
    enjoys = _clause_with(text, phrases()["enjoy_words"])
    would_help = _clause_with(text, phrases()["want_words"])
    working = _clause_with(text, phrases()["working_words"])
    return Heard(
        about=who[0] if who else None,
        them=who[1] if who else None,
        situation=text if tells_situation(text, intent) else None,
        people_around=around,
        enjoys=enjoys if enjoys and enjoys != would_help and "never" not in _normal(enjoys).split() else None,
        working_well=working,
        would_help=would_help,
        postcode=find_postcode(text) if len(normal) < 400 else None,
    )


def _strip_preamble(words: list[str]) -> list[str]:
    preambles = sorted((p.split() for p in phrases()["preambles"]), key=len, reverse=True)
    changed = True
    while changed and words:
        changed = False
        for preamble in preambles:
            if [w.lower().strip(",.!") for w in words[: len(preamble)]] == preamble and len(words) > len(preamble):
                words, changed = words[len(preamble):], True
                break
    return words


def reflect(text: str) -> str:
    """The person's words turned to "you" for an acknowledgement, shortened at a clause:
    "im ringing about my dad hes 91 and keeps falling" -> "your dad he's 91 and keeps falling"."""
    words = _strip_preamble(clean_answer(text).replace("’", "'").split())
    out: list[str] = []
    for i, word in enumerate(words):
        core = word.strip(",.!?;:").lower()
        tail = word[len(word.rstrip(",.!?;:")):]
        if core == "am" and (i == 0 or words[i - 1].lower() != "i"):
            core = ""  # "9 am" stays; only "I am" becomes "you are"
        out.append(_REFLECT[core] + tail if core in _REFLECT else word)
    if len(out) > ACK_MAX_WORDS:  # end at a clause: after a comma, or before "and", "but", "because"
        ends = [i for i, w in enumerate(out[:ACK_MAX_WORDS]) if w.endswith((",", ".", ";"))]
        ends += [i - 1 for i, w in enumerate(out[:ACK_MAX_WORDS + 1]) if i > 3 and w.lower() in _JOINERS]
        out = out[: max(ends, default=ACK_MAX_WORDS - 1) + 1]
    sentence = " ".join(out).rstrip(",.;:!? ")
    return sentence
