"""The example layer: which reviewed examples does a message mean much the same as?

Each message (and each sentence of a longer one, so a risk in the last line is not diluted)
is embedded with a local sentence model (embedding.py) and compared with every example in
the bank. For each route, its score is the mean similarity of its `neighbours` closest
examples. A risk route is pointed to when its score reaches that route's `min_score` and
beats the closest ordinary examples (none, medical) by `margin`: hard negatives such as
"dying for a cuppa" sit next to the risks they resemble and hold them off. Of the risk
routes pointed to, the closest wins; danger to life also wins when it is within `SEVERE_LEEWAY`
of the closest (asking about 999 needlessly costs less than not asking). The thresholds are data in examples.yml,
calibrated by cross-validation on the bank (bench/calibrate_examples.py).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.triage.example_bank import Bank
from bot.triage.result import ROUTES, ExampleReason

log = logging.getLogger(__name__)

RISKS = ("emergency", "crisis", "safeguarding", "urgent")
ORDINARY = ("none", "medical")
CHUNK_WORDS = 40  # a long sentence is read in windows of this many words
MAX_CHUNKS = 160  # the first and last halves of a very long message; the rules read all of it
SEVERE_LEEWAY = 0.03
_SENTENCE_END = re.compile(r"(?<=[.!?;:\n])\s+|\n+")


@dataclass(frozen=True)
class RouteScores:
    """Per route: (score, id of the closest example). For one piece of a message."""

    by_route: dict[str, tuple[float, str]]

    def ordinary(self) -> float:
        return max(self.by_route[route][0] for route in ORDINARY)


class ExampleLayer:
    def __init__(self, bank: Bank, encoder, vectors: np.ndarray):
        self.bank = bank
        self.encoder = encoder
        self.vectors = vectors
        self.thresholds = bank.thresholds
        self.ids = [example.id for example in bank.examples]
        routes = np.array([example.route for example in bank.examples])
        self.rows = {route: np.flatnonzero(routes == route) for route in ROUTES}

    def assess(self, text: str) -> ExampleReason | None:
        """The most severe risk route the examples point to, with the closest example; None if none."""
        pieces = message_pieces(text)
        if not pieces:
            return None
        return self.decide([self.route_scores(vector) for vector in self.encoder.encode(pieces)])

    def decide(self, pieces: list[RouteScores], margin: float | None = None,
               min_score: dict[str, float] | None = None) -> ExampleReason | None:
        margin = self.thresholds.margin if margin is None else margin
        min_score = min_score or self.thresholds.min_score
        found: ExampleReason | None = None
        for scores in pieces:
            ordinary = scores.ordinary()
            for route in RISKS:
                score, example = scores.by_route[route]
                if score < min_score[route] or score - ordinary < margin:
                    continue
                if found is None or _outranks(route, score, found):
                    found = ExampleReason(route=route, similar_to=example, score=score)
        return found

    def route_scores(self, vector: np.ndarray, exclude: np.ndarray | None = None) -> RouteScores:
        similarities = self.vectors @ vector
        if exclude is not None:
            similarities = similarities.copy()
            similarities[exclude] = -1.0
        k = self.thresholds.neighbours
        by_route = {}
        for route, rows in self.rows.items():
            values = similarities[rows]
            top = np.argpartition(-values, min(k, len(values)) - 1)[:k] if len(values) > k else np.arange(len(values))
            best = rows[top[np.argmax(values[top])]]
            by_route[route] = (float(values[top].mean()), self.ids[best])
        return RouteScores(by_route)


def _outranks(route: str, score: float, found: ExampleReason) -> bool:
    if route == "emergency" and found.route != "emergency":
        return score >= found.score - SEVERE_LEEWAY
    if found.route == "emergency" and route != "emergency":
        return score > found.score + SEVERE_LEEWAY
    return score > found.score


def message_pieces(text: str) -> list[str]:
    """The whole message when short, and each sentence (long ones in windows) when there are several."""
    words = str(text).split()
    if not words:
        return []
    sentences = [s.split() for s in _SENTENCE_END.split(" ".join(str(text).splitlines(True))) if s.strip()]
    pieces: list[list[str]] = []
    for sentence in sentences:
        if pieces and len(pieces[-1]) < 4:  # "Yes." or "Hi." joins the next sentence
            pieces[-1] = pieces[-1] + sentence
            continue
        for start in range(0, len(sentence), CHUNK_WORDS - 8):
            pieces.append(sentence[start : start + CHUNK_WORDS])
            if start + CHUNK_WORDS >= len(sentence):
                break
    texts = [" ".join(piece) for piece in pieces if piece]
    if len(texts) > 1 and len(words) <= 60:
        texts.insert(0, " ".join(words))
    if len(texts) > MAX_CHUNKS:
        texts = texts[: MAX_CHUNKS // 2] + texts[-MAX_CHUNKS // 2 :]
    return texts


def bank_vectors(bank: Bank, encoder, cache_dir: Path | None) -> np.ndarray:
    """The bank's vectors, computed once and cached by the bank's and the model's fingerprints."""
    key = f"{bank.fingerprint[:20]}-{str(getattr(encoder, 'fingerprint', 'model'))[:12]}"
    path = cache_dir / f"triage-examples-{key}.npy" if cache_dir else None
    if path is not None and path.exists():
        try:
            vectors = np.load(path, allow_pickle=False)
            if vectors.shape == (len(bank.examples), vectors.shape[1]):
                return vectors
        except (OSError, ValueError):
            log.warning("example vector cache unreadable; recomputing")
    vectors = encoder.encode([example.text for example in bank.examples])
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp.npy")
            np.save(partial, vectors, allow_pickle=False)
            os.replace(partial, path)
        except OSError as error:
            log.warning("could not cache the example vectors (%s)", type(error).__name__)
    return vectors
