"""Triage speed and accuracy on the labelled set.

    .venv/bin/python bench/triage_bench.py            # plain text lines
    .venv/bin/python bench/triage_bench.py --json     # one JSON object
    .venv/bin/python bench/triage_bench.py --repeat 50 --labelled other.yml

Loads the engine once (the load time is reported but is not part of the per-message
figures), then runs every labelled message `--repeat` times. Target: mean <= 1 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from bot.triage import load_engine  # noqa: E402
from bot.triage.evaluate import load_labelled, score  # noqa: E402

DEFAULT_LABELLED = REPO / "tests" / "triage" / "labelled_messages.yml"
TARGET_MEAN_MS = 1.0


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def run(labelled: Path, repeat: int) -> dict:
    started = time.perf_counter()
    engine = load_engine()
    load_seconds = time.perf_counter() - started
    items = load_labelled(labelled)
    texts = [item.text for item in items]
    for text in texts:  # warm caches once, as a running bot would be
        engine.triage(text)
    timings: list[float] = []
    for _ in range(repeat):
        for text in texts:
            start = time.perf_counter()
            engine.triage(text)
            timings.append((time.perf_counter() - start) * 1000.0)
    timings.sort()
    scores = score(engine, items)
    return {
        "messages": len(texts),
        "runs": len(timings),
        "load_seconds": round(load_seconds, 2),
        "mean_ms": round(statistics.fmean(timings), 4),
        "p50_ms": round(percentile(timings, 0.50), 4),
        "p99_ms": round(percentile(timings, 0.99), 4),
        "max_ms": round(timings[-1], 4),
        "target_mean_ms": TARGET_MEAN_MS,
        **scores.as_dict(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Triage speed and accuracy on the labelled set")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text lines")
    parser.add_argument("--repeat", type=int, default=20, help="times each message is run (default 20)")
    parser.add_argument("--labelled", type=Path, default=DEFAULT_LABELLED, help="labelled messages (YAML)")
    args = parser.parse_args(argv)
    report = run(args.labelled, max(1, args.repeat))
    if args.json:
        print(json.dumps(report))
        return 0
    print(f"engine load: {report['load_seconds']} s")
    print(f"messages: {report['messages']} x {args.repeat} runs = {report['runs']}")
    print(f"mean per message: {report['mean_ms']:.3f} ms (target <= {TARGET_MEAN_MS} ms)")
    print(f"p50 per message: {report['p50_ms']:.3f} ms")
    print(f"p99 per message: {report['p99_ms']:.3f} ms")
    print(f"max per message: {report['max_ms']:.3f} ms")
    print(f"exact route: {report['exact_percent']:.1f}%")
    print(f"risk recall: {report['risk_recall_percent']:.1f}%")
    print(f"emergency recall: {report['emergency_recall_percent']:.1f}%")
    print(f"false alarms: {report['false_alarm_percent']:.1f}%")
    print(f"check agreement: {report['check_agreement_percent']:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
