"""Regression guard: on the real Bristol feed, search beats plain keyword BM25 (SQLite FTS5) by 2x.

The judged messages (relevance_bristol.yml) are residents' words; relevant services were judged
by reading the feed before the search was tuned. bench/directory_bench.py prints the figures.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from directory.evaluation import Fts5Baseline, evaluate, load_judgements
from directory.index import DirectoryIndex
from directory.models import Service
from directory.search import search_services

JUDGED = Path(__file__).with_name("relevance_bristol.yml")


def test_search_is_at_least_twice_as_good_as_keyword_bm25_on_bristol(bristol_url, sessions_for):
    judged = load_judgements(JUDGED)
    assert len(judged) >= 35
    with sessions_for(bristol_url)() as session:
        index = DirectoryIndex.build(session)
        rows = session.execute(select(Service.id, Service.name, Service.description)).all()
        baseline = evaluate(judged, Fts5Baseline((r.id, r.name, r.description or "") for r in rows).rank)
        ours = evaluate(judged, lambda text: [m.id for m in search_services(session, text, index=index).matches])
    assert ours["ndcg@5"] >= 2 * baseline["ndcg@5"], (ours, baseline)
    assert ours["success@3"] >= 2 * baseline["success@3"], (ours, baseline)
