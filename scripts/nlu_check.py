"""How well the intent classifier reads people: cross-validation and a held-out set.

    python scripts/nlu_check.py [--min-cv 0.90] [--min-fresh 0.90] [--seed 0]

1. `rasa test nlu --cross-validation` (5 folds) on data/nlu. Rasa shuffles the folds at random;
   the seed makes the split, and so the figure, the same on every run.
2. `rasa test nlu` of the newest trained model on tests/nlu/fresh_messages.yml: messages written
   by a separate author who never saw the training data (a generalisation check).

Prints the weighted intent F1 of each and the weakest intents; exits 1 if either is below its
minimum. Reports are left in results/nlu-cv and results/nlu-fresh.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASA = [sys.executable, "-c", "import sys, numpy; numpy.random.seed(int(sys.argv.pop(1))); "
        "from rasa.__main__ import main; main()"]


def rasa_test_nlu(seed: int, *args: str) -> None:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT)}
    subprocess.run([*RASA, str(seed), "test", "nlu", "--config", "config.yml", "--domain", "domain", "--no-plot", *args],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def summary(report_dir: Path, label: str, weakest: int = 5) -> float:
    report = json.loads((report_dir / "intent_report.json").read_text())
    intents = {name: scores for name, scores in report.items()
               if isinstance(scores, dict) and "support" in scores and "avg" not in name}
    f1 = report["weighted avg"]["f1-score"]
    worst = sorted(intents.items(), key=lambda item: item[1]["f1-score"])[:weakest]
    print(f"{label}: weighted intent F1 {f1:.3f} over {report['weighted avg']['support']} messages, "
          f"{len(intents)} intents")
    print("  weakest: " + ", ".join(f"{name} {scores['f1-score']:.2f}" for name, scores in worst))
    return f1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-cv", type=float, default=0.0, help="fail below this cross-validation F1")
    parser.add_argument("--min-fresh", type=float, default=0.0, help="fail below this held-out F1")
    parser.add_argument("--seed", type=int, default=0, help="seed for the cross-validation split")
    parser.add_argument("--folds", type=int, default=5)
    options = parser.parse_args()

    results = ROOT / "results"
    rasa_test_nlu(options.seed, "--nlu", "data/nlu", "--cross-validation", "--folds", str(options.folds),
                  "--out", str(results / "nlu-cv"))
    cv = summary(results / "nlu-cv", f"Cross-validation ({options.folds} folds, seed {options.seed})")
    rasa_test_nlu(options.seed, "--nlu", "tests/nlu/fresh_messages.yml", "--model", "models",
                  "--out", str(results / "nlu-fresh"))
    fresh = summary(results / "nlu-fresh", "Held-out fresh messages (newest model in models/)")

    failures = [f"{label} F1 {got:.3f} is below {minimum:.2f}"
                for label, got, minimum in (("cross-validation", cv, options.min_cv),
                                            ("held-out", fresh, options.min_fresh)) if got < minimum]
    for failure in failures:
        print("FAIL:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
