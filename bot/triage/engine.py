"""The triage engine: rules.yml in, a route for every message out.

Built once (spaCy pipeline, matchers, vocabulary: about a second), then each message is
a spaCy tokenisation plus a few small matchers, well under a millisecond.

How one message is decided:
1. Normalise and tokenise (see text.py); only the first `limits.max_chars` characters
   are analysed.
2. Find every match of every rule: route rules, signals (building blocks for `all_of`),
   exclusions (idioms such as "dying for a cuppa"), negation cues and things that only
   look like negation ("not sure").
3. Drop or re-route matches an exclusion overlaps; drop or turn into a check the matches
   a negation cue scopes over ("I'm not going to hurt myself").
4. Fire the `all_of` rules whose signals all survived.
5. The most severe route left wins; `check` is set by negated suicidal language or
   low-level language ("I feel hopeless") unless the route already covers it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from bot.triage.patterns import PatternCompiler, PatternError, is_required_literal, spec_values
from bot.triage.result import ROUTES_THAT_COVER_CHECK, Reason, TriageResult, severity
from bot.triage.rules_file import ROUTE_SECTIONS, RuleBook, RulesError, RuleSpec, every_word, load_rules
from bot.triage.text import SENTINEL, Normalised, Normaliser, build_nlp, english_vocabulary
from bot.triage.windows import combine, message_windows

MATCHING_KINDS = (*ROUTE_SECTIONS, "signal")
# Words too common to decide which small matcher to run for a pattern.
COMMON = frozenset(
    {
        "i", "me", "my", "you", "your", "he", "him", "his", "she", "her", "it", "its", "we", "us", "our", "they",
        "them", "their", "the", "a", "an", "to", "of", "in", "on", "at", "for", "with", "and", "or", "but", "so",
        "be", "have", "do", "not", "'s", "will", "would", "can", "could", "should", "get", "go", "just", "all", "no",
        "this", "that", "there", "what", "up", "out", "down", "about", "from", "by", "as", "if", "when", "than",
        "then", "any", "some", "one",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Hit:
    rule: RuleSpec
    start: int
    end: int


class TriageEngine:
    def __init__(self, book: RuleBook, validate: bool = False):
        """`validate` also runs spaCy's own check of every token pattern (slow; the tests use it)."""
        self.book = book
        self.validate = validate
        self._lemma_cache: dict[tuple[str, bool], list[str]] = {}
        self.nlp = build_nlp()
        vocabulary = english_vocabulary() | frozenset(word for text in every_word(book) for word in text.split())
        self.normaliser = Normaliser(
            book.max_chars, book.rewrites, book.fuzzy_words, book.fuzzy_min_length, vocabulary, book.rewrites_between_words
        )
        self.rules: dict[str, RuleSpec] = {rule.id: rule for rule in book.rules}
        self.scope_ends = frozenset(self._lemmas(word)[0] for word in book.scope_ends)
        self.window = book.negation_window
        self.combos = [rule for rule in book.rules if rule.all_of]
        self._compile()

    # ------------------------------------------------------------------ building
    def _tokens(self, text: str, lemmas: bool) -> list[str]:
        """How the message pipeline reads a word of a pattern: its lemmas, or its lower-case forms."""
        key = (text, lemmas)
        if key not in self._lemma_cache:
            doc = self.nlp(self.normaliser.normalise(text, fuzzy=False).text)
            tokens = [token for token in doc if not token.is_space][:-1]  # drop the sentinel
            self._lemma_cache[key] = [token.lemma_ if lemmas else token.lower_ for token in tokens]
        return self._lemma_cache[key]

    def _lemmas(self, text: str) -> list[str]:
        return self._tokens(text, lemmas=True)

    def _forms(self, text: str) -> list[str]:
        return self._tokens(text, lemmas=False)

    def _compile(self) -> None:
        gap_stops = [lemma for word in self.book.gap_stops for lemma in self._lemmas(word)]
        compiler = PatternCompiler(self.book.words, self.book.words["clause_end"], gap_stops, self._lemmas, self._forms)
        self.phrase_matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        buckets: dict[tuple[str, str], dict[str, list[list[dict]]]] = {}
        self.pattern_count = 0
        for rule in self.book.rules:
            for text, line in rule.phrases:
                doc = self.nlp(self.normaliser.normalise(text, fuzzy=False).text[: -len(SENTINEL)])
                if not len(doc):
                    raise RulesError(f"{self.book.where(line)}: phrase {text!r} of '{rule.id}' has no words")
                self.phrase_matcher.add(rule.id, [doc])
            for text, line in rule.patterns:
                try:
                    expansions = compiler.compile(text)
                except PatternError as error:
                    raise RulesError(f"{self.book.where(line)}: pattern '{rule.id}': {error}") from error
                self.pattern_count += len(expansions)
                for tokens in expansions:
                    for key in anchor_keys(tokens):
                        buckets.setdefault(key, {}).setdefault(rule.id, []).append(tokens)
        self.matchers: dict[tuple[str, str], Matcher] = {}
        self.reach: dict[tuple[str, str], int] = {}  # longest match a bucket can make, in tokens
        for key, by_rule in buckets.items():
            matcher = Matcher(self.nlp.vocab, validate=self.validate)
            for rule_id, patterns in by_rule.items():
                matcher.add(rule_id, patterns)
            self.matchers[key] = matcher
            self.reach[key] = max(longest_match(tokens) for patterns in by_rule.values() for tokens in patterns)

    # ------------------------------------------------------------------ matching
    def _hits(self, doc: Doc) -> list[Hit]:
        """Every rule match. A bucket runs only near its anchor word, so long messages stay fast."""
        anchors: dict[tuple[str, str], list[int]] = {}
        for index, token in enumerate(doc):
            for key in (("LEMMA", token.lemma_), ("LOWER", token.lower_)):
                if key in self.matchers:
                    anchors.setdefault(key, []).append(index)
        found: set[tuple[int, int, int]] = set()
        for key, positions in anchors.items():
            matcher, reach = self.matchers[key], self.reach[key]
            for start, end in windows(positions, reach, len(doc)):
                found.update((match_id, start + first, start + last) for match_id, first, last in matcher(doc[start:end]))
        found.update(self.phrase_matcher(doc))
        strings = self.nlp.vocab.strings
        hits = (Hit(self.rules[strings[match_id]], start, end) for match_id, start, end in found)
        return sorted(hits, key=hit_order)

    def triage(self, text: object) -> TriageResult:
        """Route one message, however long (see windows.py). Never raises: anything unreadable is route none."""
        if isinstance(text, str) and len(text) > self.normaliser.max_chars:
            return combine([self._triage_window(piece) for piece in message_windows(text, self.normaliser.max_chars)])
        return self._triage_window(text)

    def _triage_window(self, text: object) -> TriageResult:
        normalised = self.normaliser.normalise(text)
        doc = self.nlp(normalised.text)
        hits = self._hits(doc)
        by_kind: dict[str, list[Hit]] = {}
        for hit in hits:
            by_kind.setdefault(hit.rule.kind, []).append(hit)
        negators = self._negating_tokens(by_kind)
        exclusions = by_kind.get("exclusion", [])
        routed: list[tuple[str, Hit]] = []  # (route, hit); route "check" for a check reason
        signals: dict[str, list[Hit]] = {}  # surviving signal hits, for the all_of rules
        for hit in hits:
            if hit.rule.kind not in MATCHING_KINDS:
                continue
            effect = exclusion_effect(hit.rule.kind, [hit], exclusions)
            if effect is None and self._negated(doc, hit, negators):
                effect = "check" if hit.rule.when_negated == "check" else "ignore"
            if effect == "ignore":
                continue
            if hit.rule.kind == "signal":
                signals.setdefault(hit.rule.id, []).append(hit)
            else:
                routed.append((effect or hit.rule.kind, hit))
        return self._decide(routed, signals, exclusions, doc, normalised)

    def _negating_tokens(self, by_kind: dict[str, list[Hit]]) -> frozenset[int]:
        cues = {i for hit in by_kind.get("cue", []) for i in range(hit.start, hit.end)}
        pseudo = {i for hit in by_kind.get("not_negation", []) for i in range(hit.start, hit.end)}
        return frozenset(cues - pseudo)

    def _negated(self, doc: Doc, hit: Hit, negators: frozenset[int]) -> bool:
        """A cue no more than `window` words before the match, in the same clause."""
        if not negators or doc[hit.start].lemma_ in self.scope_ends:  # the match opens its own clause ("she took")
            return False
        for index in range(hit.start - 1, max(-1, hit.start - self.window - 2), -1):
            if index in negators:
                return True
            token = doc[index]
            if token.is_punct or token.lemma_ in self.scope_ends:
                return False
        return False

    def _decide(
        self,
        routed: list[tuple[str, Hit]],
        signals: dict[str, list[Hit]],
        exclusions: list[Hit],
        doc: Doc,
        normalised: Normalised,
    ) -> TriageResult:
        reasons: dict[str, tuple[int, int, Reason]] = {}

        def add(route: str, rule_id: str, matched: str, position: int) -> None:
            shown = "none" if route == "check" else route
            key = f"{rule_id}|{shown}"
            if key not in reasons:
                reasons[key] = (severity(shown), position, Reason(rule_id, shown, matched))

        for route, hit in routed:
            add(route, hit.rule.id, quote_hit(doc, hit, normalised), hit.start)
        for combo in self.combos:
            if not all(ref in signals for ref in combo.all_of):
                continue
            parts = [signals[ref][0] for ref in combo.all_of]
            # An exclusion over any part re-routes the whole rule ("I fell last year and broke my hip").
            effect = exclusion_effect(combo.kind, [hit for ref in combo.all_of for hit in signals[ref]], exclusions)
            if effect == "ignore":
                continue
            quote = " + ".join(quote_hit(doc, part, normalised) for part in parts)
            add(effect or combo.kind, combo.id, quote, min(part.start for part in parts))
        ordered = [reason for _, _, reason in sorted(reasons.values(), key=lambda item: (item[0], item[1]))]
        route = next((reason.route for reason in ordered), "none")
        check = any(reason.route == "none" for reason in ordered)
        return TriageResult(route=route, check=check and route not in ROUTES_THAT_COVER_CHECK, reasons=ordered)


def hit_order(hit: Hit) -> tuple[int, int, str]:
    return hit.start, hit.end, hit.rule.id


def exclusion_effect(kind: str, hits: list[Hit], exclusions: list[Hit]) -> str | None:
    """'ignore', a new route, 'check', or None when no exclusion for `kind` overlaps the hits."""
    effects = [
        ex.rule.effect
        for ex in exclusions
        if kind in ex.rule.applies_to and any(ex.start < hit.end and hit.start < ex.end for hit in hits)
    ]
    if not effects:
        return None
    if "ignore" in effects:
        return "ignore"
    return min(effects, key=lambda effect: severity("none") if effect == "check" else severity(effect))


def quote_hit(doc: Doc, hit: Hit, normalised: Normalised) -> str:
    span = doc[hit.start : hit.end]
    return normalised.quote(span.start_char, span.end_char)


def longest_match(tokens: list[dict]) -> int:
    length = 0
    for spec in tokens:
        op = str(spec.get("OP", ""))
        length += int(op[1:-1].split(",")[-1]) if op.startswith("{") else 1
    return length


def windows(positions: list[int], reach: int, size: int) -> list[tuple[int, int]]:
    """Token ranges around each anchor position that any match through it must lie in, merged."""
    merged: list[tuple[int, int]] = []
    for position in positions:
        start, end = max(0, position - reach), min(size, position + reach + 1)
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def anchor_keys(tokens: list[dict]) -> list[tuple[str, str]]:
    """The rarest required word of a pattern: its matcher runs only when that word is present."""
    best: tuple[int, str, list[str]] | None = None
    for spec in tokens:
        if not is_required_literal(spec):
            continue
        attr, values = spec_values(spec)
        cost = sum(100 if value in COMMON else 1 for value in values) + (50 if "." in values else 0)
        if best is None or cost < best[0]:
            best = (cost, attr, values)
    if best is None:
        raise PatternError("pattern has no required word")
    return [(best[1], value) for value in best[2]]


def build_engine(path: str | Path | None = None, validate: bool = False) -> TriageEngine:
    return TriageEngine(load_rules(path), validate=validate)
