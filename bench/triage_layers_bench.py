"""Both triage layers: speed on one core, start-up and memory added by the example layer.

    .venv/bin/python bench/triage_layers_bench.py [--json]

Runs as the Rasa server does: TensorFlow is already imported (Rasa's NLU loads it) and the
rules engine is built; the figures are what the example layer adds on top, then the mean
time per message for both layers together on one CPU core (pinned), over the labelled set
and 600 real ordinary queries (CLINC150). Targets (issue #11): mean <= 15 ms per message,
start-up + <= 5 s, memory + <= 250 MB. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

TARGETS = {"mean_ms": 15.0, "startup_added_s": 5.0, "memory_added_mb": 250.0}
CLINC = REPO.parent / "shared" / "data" / "external" / "clinc150_benign_3000.txt"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import tensorflow  # noqa: F401  (already loaded in the Rasa server)

    from bot.triage import Triage, load_engine, load_examples
    from bot.triage.evaluate import load_labelled

    rules = load_engine()
    rules.triage("warm up")
    before_mb, started = rss_mb(), time.perf_counter()
    examples = load_examples()
    triage = Triage(rules, examples)
    triage.triage("warm up the model once")
    startup_added = time.perf_counter() - started
    memory_added = rss_mb() - before_mb
    texts = [item.text for item in load_labelled(REPO / "tests" / "triage" / "labelled_messages.yml")]
    if CLINC.exists():
        texts += [line.strip() for line in CLINC.read_text(encoding="utf-8").splitlines()[::5] if line.strip()]
    timings = []
    for text in texts:
        start = time.perf_counter()
        triage.triage(text)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    figures = {
        "messages": len(texts),
        "cores": 1,
        "mean_ms": round(statistics.fmean(timings), 2),
        "p50_ms": round(timings[len(timings) // 2], 2),
        "p99_ms": round(timings[int(len(timings) * 0.99)], 2),
        "startup_added_s": round(startup_added, 2),
        "memory_added_mb": round(memory_added, 1),
        "backend": getattr(examples.encoder, "backend", "?"),
        "bank_examples": len(examples.ids),
    }
    missed = [name for name, target in TARGETS.items() if figures[name] > target]
    figures["targets"] = TARGETS
    figures["ok"] = not missed
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>16}: {value}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
