"""Relevance measures and the plain-keyword baseline the directory's search is compared with.

Used by bench/directory_bench.py and tests/directory/test_relevance_bristol.py on judged
messages (tests/directory/relevance_bristol.yml): nDCG@5 (graded, 2 = clearly relevant,
1 = partly) and success@3 (a clearly relevant service among the first three).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Judged:
    id: str
    text: str
    relevant: dict[str, int]


def load_judgements(path: Path) -> list[Judged]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(m["id"], m["text"], {str(k): int(v) for k, v in m["relevant"].items()}) for m in data["messages"]]


def ndcg_at(ranked: list[str], relevant: dict[str, int], k: int = 5) -> float:
    gains = [(2 ** relevant.get(sid, 0) - 1) / math.log2(i + 2) for i, sid in enumerate(ranked[:k])]
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return sum(gains) / best if best else 0.0


def success_at(ranked: list[str], relevant: dict[str, int], k: int = 3) -> float:
    return 1.0 if any(relevant.get(sid, 0) >= 2 for sid in ranked[:k]) else 0.0


def evaluate(judged: Iterable[Judged], rank: Callable[[str], list[str]]) -> dict[str, float]:
    rows = [(ndcg_at(r := rank(j.text), j.relevant), success_at(r, j.relevant)) for j in judged]
    return {"ndcg@5": sum(r[0] for r in rows) / len(rows), "success@3": sum(r[1] for r in rows) / len(rows),
            "messages": len(rows)}


class Fts5Baseline:
    """SQLite FTS5 BM25 over name + description (default tokenizer); the query is the message's words OR-ed."""

    def __init__(self, services: Iterable[tuple[str, str, str]]):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE services USING fts5(id UNINDEXED, name, description)")
        self.db.executemany("INSERT INTO services VALUES (?, ?, ?)", services)

    def rank(self, message: str, k: int = 5) -> list[str]:
        terms = [t for t in re.findall(r"[A-Za-z0-9]+", message)]
        if not terms:
            return []
        query = " OR ".join(f'"{t}"' for t in terms)
        rows = self.db.execute("SELECT id FROM services WHERE services MATCH ? ORDER BY bm25(services) LIMIT ?",
                               (query, k)).fetchall()
        return [row[0] for row in rows]
