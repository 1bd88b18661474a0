"""The small pattern language of rules.yml, compiled to spaCy Matcher token patterns.

A pattern is words separated by spaces, read left to right:

    hit            the word in any form: hit, hits, hitting
    =took          exactly this form (to tell "took" from "take")
    hit|kick       any of these words
    $person        any word in the list `words: person`; `=$list` for exact forms
    word?          optional (also $list?, a|b?, [..]?)
    _              any one word
    ...  ...5      a gap of up to 3 (or 5) words, never across punctuation or a "not" word
    #              the end of a clause: punctuation, "and", "but", ... or the end of the message
    [going to|gonna|about to]   alternatives of several words; mixable: bad|[of urine]
    <many>         a number of 8 or more (digits or words: "40", "thirty")

Words are lower-cased, spelled out ("wanna" -> "want to") and lemmatised exactly as a
message is, so a rule written as "hit me" also catches "he's hitting me".
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_EXPANSIONS = 400
MAX_GAP = 8
MANY_LEMMA = "_many_"
_WORD = re.compile(r"^=?[a-z0-9'<>_-]+$")
_GAP = re.compile(r"^\.\.\.(\d*)$")


class PatternError(ValueError):
    """A pattern that cannot be compiled; the message says why."""


@dataclass(frozen=True)
class Atom:
    kind: str  # "words" | "list" | "any" | "gap" | "end"
    values: tuple[str, ...] = ()
    exact: bool = False
    optional: bool = False
    gap: int = 0


@dataclass(frozen=True)
class Group:
    alternatives: tuple[tuple[Atom, ...], ...]
    optional: bool = False


def split_elements(pattern: str) -> list[str]:
    """Split on spaces, keeping [ ... ] groups whole (also inside choices: bad|[of urine])."""
    elements, i, text = [], 0, pattern.strip()
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        end = i
        while end < len(text) and not text[end].isspace():
            if text[end] == "[":
                close = text.find("]", end)
                if close < 0:
                    raise PatternError(f"'[' without ']' in {pattern!r}")
                end = close
            end += 1
        elements.append(text[i:end])
        i = end
    if not elements:
        raise PatternError("empty pattern")
    return elements


def split_choices(element: str) -> list[str]:
    """Split on | outside brackets."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(element):
        depth += char == "["
        depth -= char == "]"
        if char == "|" and depth == 0:
            parts.append(element[start:index])
            start = index + 1
    parts.append(element[start:])
    return parts


def parse_atom(token: str, lists: dict[str, list[str]]) -> Atom:
    optional = token.endswith("?") and len(token) > 1
    body = token[:-1] if optional else token
    if body == "_":
        return Atom("any", optional=optional)
    if body == "#":
        return Atom("end", optional=optional)
    gap = _GAP.match(body)
    if gap:
        size = int(gap.group(1) or 3)
        if not 1 <= size <= MAX_GAP:
            raise PatternError(f"gap {body!r} must be between ...1 and ...{MAX_GAP}")
        return Atom("gap", gap=size)
    exact = body.startswith("=")
    if body.lstrip("=").startswith("$") and "|" not in body:
        name = body.lstrip("=")[1:]
        if name not in lists:
            raise PatternError(f"unknown word list ${name}")
        return Atom("list", values=(name,), exact=exact, optional=optional)
    words: list[str] = []
    for word in body.split("|"):
        name = word.lstrip("=")
        if name.startswith("$"):  # a list among the choices: hit|$violent
            if name[1:] not in lists:
                raise PatternError(f"unknown word list {name}")
            prefix = "=" if word.startswith("=") else ""
            words.extend(prefix + item for item in lists[name[1:]])
        elif not word or not _WORD.match(word) or ("<" in word and word.lstrip("=") != "<many>"):
            raise PatternError(f"bad word {word!r} in {token!r} (use lower-case words, = for exact, $ for lists)")
        else:
            words.append(word)
    return Atom("words", values=tuple(words), optional=optional)


def parse(pattern: str, lists: dict[str, list[str]]) -> list[Atom | Group]:
    parsed: list[Atom | Group] = []
    for element in split_elements(pattern.lower()):
        if "[" not in element and "#" not in element.rstrip("?").split("|")[1:] + element.rstrip("?").split("|")[:-1]:
            parsed.append(parse_atom(element, lists))
            continue
        optional = element.endswith("?")
        body = element[:-1] if optional else element
        alternatives: list[tuple[Atom, ...]] = []
        for part in split_choices(body):
            if part.startswith("[") and part.endswith("]"):
                for alternative in part[1:-1].split("|"):
                    atoms = tuple(parse_atom(token, lists) for token in alternative.split())
                    if not atoms:
                        raise PatternError(f"empty choice in {element!r}")
                    alternatives.append(atoms)
            elif part and "[" not in part and "]" not in part:
                alternatives.append((parse_atom(part, lists),))
            else:
                raise PatternError(f"cannot read {part!r} in {element!r}")
        parsed.append(Group(tuple(alternatives), optional))
    return parsed


class PatternCompiler:
    """Turns pattern strings into lists of spaCy token patterns (one per expansion).

    `lemmas(word)` returns the lemmas the message pipeline gives that word (a contraction
    such as "can't" gives two), and `forms(word)` the lower-case token texts.
    """

    def __init__(
        self,
        lists: dict[str, list[str]],
        clause_end: list[str],
        gap_stops: list[str],
        lemmas: Callable[[str], list[str]],
        forms: Callable[[str], list[str]],
    ):
        self.lists = lists
        self.clause_end = sorted(set(clause_end))
        self.gap_stops = sorted(set(gap_stops))
        self.lemmas = lemmas
        self.forms = forms

    def compile(self, pattern: str) -> list[list[dict]]:
        choices = [self._element(element) for element in parse(pattern, self.lists)]
        total = 1
        for options in choices:
            total *= len(options)
        if total > MAX_EXPANSIONS:
            raise PatternError(f"pattern expands to {total} variants (limit {MAX_EXPANSIONS}); split it up")
        compiled = []
        for combination in itertools.product(*choices):
            tokens = [spec for sequence in combination for spec in sequence]
            if not any(is_required_literal(spec) for spec in tokens):
                raise PatternError(f"pattern {pattern!r} needs at least one word that is not optional")
            compiled.append(tokens)
        return compiled

    def _element(self, element: Atom | Group) -> list[list[dict]]:
        if isinstance(element, Atom):
            return self._atom(element)
        options: list[list[dict]] = [] if not element.optional else [[]]
        for alternative in element.alternatives:
            sequences = [[]]
            for atom in alternative:
                sequences = [done + more for done in sequences for more in self._atom(atom)]
            options.extend(sequences)
        return merge_single_words(options)

    def _word_lemmas(self, text: str) -> list[str]:
        """Lemmas of one choice, word by word, so <many> also works inside "in <many>"."""
        pieces: list[str] = []
        for word in text.split():
            if word == "<many>":
                pieces.append(MANY_LEMMA)
                continue
            lemmas = self.lemmas(word)
            if MANY_LEMMA in lemmas:
                raise PatternError(f"{word!r} would match any number of 8 or more: write ={word} or <many>")
            pieces.extend(lemmas)
        return pieces

    def _atom(self, atom: Atom) -> list[list[dict]]:
        # Gaps never step over punctuation or a negation word ("he doesn't hit me").
        word = {"IS_PUNCT": False, "LEMMA": {"NOT_IN": self.gap_stops}}
        if atom.kind == "any":
            return [[{**word, **({"OP": "?"} if atom.optional else {})}]]
        if atom.kind == "gap":
            return [[{**word, "OP": f"{{0,{atom.gap}}}"}]]
        if atom.kind == "end":
            return [[{"LEMMA": {"IN": self.clause_end}, **({"OP": "?"} if atom.optional else {})}]]
        words = self.lists[atom.values[0]] if atom.kind == "list" else list(atom.values)
        exact = atom.exact or (atom.kind == "words" and all(w.startswith("=") for w in words))
        single: set[str] = set()
        multi: list[list[dict]] = []
        for word in words:
            bare = word.lstrip("=")
            if exact or word.startswith("="):
                pieces, attr = self.forms(bare), "LOWER"
            else:
                pieces, attr = self._word_lemmas(bare), "LEMMA"
            if not pieces:
                raise PatternError(f"word {word!r} has no letters to match")
            if len(pieces) == 1 and attr == ("LOWER" if exact else "LEMMA"):
                single.add(pieces[0])
            else:
                multi.append([{attr: piece} for piece in pieces])
        options = []
        if single:
            options.append([{("LOWER" if exact else "LEMMA"): {"IN": sorted(single)}}])
        options.extend(multi)
        if atom.optional:
            if len(options) == 1 and len(options[0]) == 1:
                return [[{**options[0][0], "OP": "?"}]]
            options.append([])
        return options


def merge_single_words(options: list[list[dict]]) -> list[list[dict]]:
    """Fold one-word choices into a single token spec, so [a|b|c d] is 2 variants, not 3."""
    merged: dict[str, set[str]] = {}
    rest: list[list[dict]] = []
    for option in options:
        spec = option[0] if len(option) == 1 else None
        if spec is not None and len(spec) == 1 and is_required_literal(spec):
            attr, values = spec_values(spec)
            merged.setdefault(attr, set()).update(values)
        else:
            rest.append(option)
    return [[{attr: {"IN": sorted(values)}}] for attr, values in merged.items()] + rest


def is_required_literal(spec: dict) -> bool:
    """A token that must be one of some listed words (not a gap, not optional)."""
    value = spec.get("LEMMA", spec.get("LOWER"))
    listed = isinstance(value, str) or (isinstance(value, dict) and "IN" in value)
    return listed and spec.get("OP") not in ("?", "*") and not str(spec.get("OP", "")).startswith("{")


def spec_values(spec: dict) -> tuple[str, list[str]]:
    """('LEMMA' or 'LOWER', the values it accepts) for a literal token spec."""
    attr = "LEMMA" if "LEMMA" in spec else "LOWER"
    value = spec[attr]
    return attr, (list(value["IN"]) if isinstance(value, dict) else [value])
