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
from bot.triage.rules_file import RuleBook, RulesError, RuleSpec, every_word, load_rules
from bot.triage.text import Normalised, Normaliser, build_nlp, english_vocabulary

MATCHING_KINDS = ("emergency", "crisis", "safeguarding", "urgent", "medical", "check", "signal")
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
    def __init__(self, book: RuleBook):
        self.book = book
        self.nlp = build_nlp()
        vocabulary = english_vocabulary() | frozenset(word for text in every_word(book) for word in text.split())
        self.normaliser = Normaliser(book.max_chars, book.rewrites, book.fuzzy_words, book.fuzzy_min_length, vocabulary)
        self.rules: dict[str, RuleSpec] = {rule.id: rule for rule in book.rules}
        self.scope_ends = frozenset(self._lemmas(word)[0] for word in book.scope_ends)
        self.window = book.negation_window
        self.combos = [rule for rule in book.rules if rule.all_of]
        self._compile()

    # ------------------------------------------------------------------ building
    def _lemmas(self, text: str) -> list[str]:
        doc = self.nlp(self.normaliser.normalise(text, fuzzy=False).text)
        return [token.lemma_ for token in doc if not token.is_space][:-1]  # drop the sentinel

    def _forms(self, text: str) -> list[str]:
        doc = self.nlp(self.normaliser.normalise(text, fuzzy=False).text)
        return [token.lower_ for token in doc if not token.is_space][:-1]

    def _compile(self) -> None:
        gap_stops = [lemma for word in self.book.gap_stops for lemma in self._lemmas(word)]
        compiler = PatternCompiler(self.book.words, self.book.words["clause_end"], gap_stops, self._lemmas, self._forms)
        self.phrase_matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        buckets: dict[tuple[str, str], dict[str, list[list[dict]]]] = {}
        self.pattern_count = 0
        for rule in self.book.rules:
            for text, line in rule.phrases:
                doc = self.nlp(self.normaliser.normalise(text, fuzzy=False).text[: -len(" .")])
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
        for key, by_rule in buckets.items():
            matcher = Matcher(self.nlp.vocab, validate=True)
            for rule_id, patterns in by_rule.items():
                matcher.add(rule_id, patterns)
            self.matchers[key] = matcher

    # ------------------------------------------------------------------ matching
    def _hits(self, doc: Doc) -> list[Hit]:
        keys = {("LEMMA", token.lemma_) for token in doc} | {("LOWER", token.lower_) for token in doc}
        found: set[tuple[str, int, int]] = set()
        strings = self.nlp.vocab.strings
        for key in keys:
            matcher = self.matchers.get(key)
            if matcher is not None:
                found.update((strings[match_id], start, end) for match_id, start, end in matcher(doc))
        found.update((strings[match_id], start, end) for match_id, start, end in self.phrase_matcher(doc))
        return sorted((Hit(self.rules[rule_id], start, end) for rule_id, start, end in found), key=hit_order)

    def triage(self, text: object) -> TriageResult:
        """Route one message. Never raises on bad input: anything unreadable is route none."""
        normalised = self.normaliser.normalise(text)
        doc = self.nlp(normalised.text)
        hits = self._hits(doc)
        by_kind: dict[str, list[Hit]] = {}
        for hit in hits:
            by_kind.setdefault(hit.rule.kind, []).append(hit)
        negators = self._negating_tokens(by_kind)
        exclusions = by_kind.get("exclusion", [])
        routed: list[tuple[str, Hit]] = []  # (route, hit), route "check" for a check reason
        for hit in hits:
            if hit.rule.kind not in MATCHING_KINDS:
                continue
            route = hit.rule.kind
            effect = exclusion_effect(hit, exclusions)
            if effect == "ignore":
                continue
            if effect is not None:
                route = effect
            elif self._negated(doc, hit, negators):
                if hit.rule.when_negated != "check":
                    continue
                route = "check"
            routed.append((route, hit))
        return self._decide(routed, doc, normalised)

    def _negating_tokens(self, by_kind: dict[str, list[Hit]]) -> frozenset[int]:
        cues = {i for hit in by_kind.get("cue", []) for i in range(hit.start, hit.end)}
        pseudo = {i for hit in by_kind.get("not_negation", []) for i in range(hit.start, hit.end)}
        return frozenset(cues - pseudo)

    def _negated(self, doc: Doc, hit: Hit, negators: frozenset[int]) -> bool:
        """A cue no more than `window` words before the match, in the same clause."""
        if not negators:
            return False
        for index in range(hit.start - 1, max(-1, hit.start - self.window - 2), -1):
            if index in negators:
                return True
            token = doc[index]
            if token.is_punct or token.lemma_ in self.scope_ends:
                return False
        return False

    def _decide(self, routed: list[tuple[str, Hit]], doc: Doc, normalised: Normalised) -> TriageResult:
        reasons: dict[str, tuple[int, int, Reason]] = {}

        def add(route: str, rule_id: str, matched: str, position: int) -> None:
            shown = "none" if route == "check" else route
            key = f"{rule_id}|{shown}"
            if key not in reasons:
                reasons[key] = (severity(shown), position, Reason(rule_id, shown, matched))

        signals: dict[str, str] = {}
        check = False
        for route, hit in routed:
            quote = quote_hit(doc, hit, normalised)
            if route == "signal":
                signals.setdefault(hit.rule.id, quote)
                continue
            check = check or route == "check"
            add(route, hit.rule.id, quote, hit.start)
        for combo in self.combos:
            if all(ref in signals for ref in combo.all_of):
                check = check or combo.kind == "check"
                add(combo.kind, combo.id, " + ".join(signals[ref] for ref in combo.all_of), len(doc))
        ordered = [reason for _, _, reason in sorted(reasons.values(), key=lambda item: (item[0], item[1]))]
        route = ordered[0].route if ordered else "none"
        return TriageResult(route=route, check=check and route not in ROUTES_THAT_COVER_CHECK, reasons=ordered)


def hit_order(hit: Hit) -> tuple[int, int, str]:
    return hit.start, hit.end, hit.rule.id


def exclusion_effect(hit: Hit, exclusions: list[Hit]) -> str | None:
    """'ignore', a new route, 'check', or None when no exclusion overlaps the match."""
    effects = [
        ex.rule.effect
        for ex in exclusions
        if ex.start < hit.end and hit.start < ex.end and hit.rule.kind in ex.rule.applies_to
    ]
    if not effects:
        return None
    if "ignore" in effects:
        return "ignore"
    return min(effects, key=lambda effect: severity("none") if effect == "check" else severity(effect))


def quote_hit(doc: Doc, hit: Hit, normalised: Normalised) -> str:
    span = doc[hit.start : hit.end]
    return normalised.quote(span.start_char, span.end_char)


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


def build_engine(path: str | Path | None = None) -> TriageEngine:
    return TriageEngine(load_rules(path))
