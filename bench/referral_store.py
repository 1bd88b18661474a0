"""How fast the referral store takes handoffs and shows the queue.

    .venv/bin/python bench/referral_store.py [--database-url URL] [--referrals 500] [--threads 8]

Without --database-url it uses a throw-away SQLite file. Against a real database it writes
referrals with keys starting "bench-": use an empty database made for the purpose. Not part of
`make bench` (which runs bench/*_bench.py), because it is pointed at a database by hand.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from bot.referrals.records import NewReferral  # noqa: E402
from bot.referrals.service import open_store  # noqa: E402


def sample(key: str) -> NewReferral:
    turns = [{"who": "bot" if n % 2 else "resident", "text": f"message {n} " + "words " * 20, "at": None}
             for n in range(12)]
    return NewReferral(referral_key=key, route="urgent", reasons=["bench"], channel="web", about="self",
                       transcript=turns, in_hours=True, team="duty_team", what_matters="bench")


def run(database_url: str, spool_dir: Path, referrals: int, threads: int) -> dict:
    store = open_store(database_url, spool_dir)
    run_id = uuid.uuid4().hex[:8]
    latencies: list[float] = []

    def submit(n: int) -> bool:
        started = time.perf_counter()
        outcome = store.submit(sample(f"bench-{run_id}-{n}"))
        latencies.append(time.perf_counter() - started)
        return outcome.stored

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        stored = sum(pool.map(submit, range(referrals)))
    elapsed = time.perf_counter() - started
    list_started = time.perf_counter()
    shown = len(store.list(limit=200))
    list_ms = (time.perf_counter() - list_started) * 1000
    store.dispose()
    latencies.sort()
    return {
        "stored": stored,
        "spooled_or_lost": referrals - stored,
        "submits_per_second": round(referrals / elapsed, 1),
        "submit_p50_ms": round(statistics.median(latencies) * 1000, 1),
        "submit_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
        "list_200_ms": round(list_ms, 1),
        "listed": shown,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/referral_store.py", description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--referrals", type=int, default=500)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="frontdoor-bench-") as scratch:
        url = args.database_url or f"sqlite:///{Path(scratch) / 'bench.db'}"
        result = run(url, Path(scratch) / "spool", max(1, args.referrals), max(1, args.threads))
    for name, value in result.items():
        print(f"{name:>20}: {value}")
    return 0 if result["spooled_or_lost"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
