"""Calibrate the example layer's thresholds by cross-validation on the bank (README, "Triage").

Each bank example is scored against the rest of the bank with its own fold left out
(5 folds, seeded), as if a resident had typed it, and also run through the rules. For each
choice of `neighbours`, `margin` and `min_score` it counts the risk examples that get a risk
route or a safety question (caught, both layers), and the ordinary examples written for the
bank (hard negatives, everyday questions, medical) that get a safety question needlessly
(asked; the bot's own NLU examples are shown apart as "asked nlu"). It prints the trade-off
and the choice that catches most within the budget of needless questions:

    .venv/bin/python bench/calibrate_examples.py [--budget 0.04] [--write]

`--write` puts the chosen thresholds into bot/triage/examples.yml.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.triage import load_engine, load_examples  # noqa: E402
from bot.triage.example_bank import DEFAULT_BANK  # noqa: E402
from bot.triage.similarity import RISKS, ExampleLayer  # noqa: E402

FOLDS = 5
MARGINS = (-0.05, 0.0, 0.02, 0.04, 0.06, 0.08, 0.10)
MIN_SCORES = (0.35, 0.40, 0.45, 0.50, 0.55, 0.60)
NEIGHBOURS = (1, 2, 3, 5)


def held_out_scores(layer: ExampleLayer, neighbours: int, seed: int = 0) -> list:
    """Route scores for every bank example, computed with its fold left out of the bank."""
    layer.thresholds = type(layer.thresholds)(neighbours, layer.thresholds.margin, layer.thresholds.min_score)
    fold = np.random.default_rng(seed).integers(0, FOLDS, len(layer.ids))
    return [layer.route_scores(layer.vectors[i], exclude=np.flatnonzero(fold == fold[i])) for i in range(len(layer.ids))]


def tally(layer: ExampleLayer, scores: list, routed: list[bool], margin: float,
          min_score: float) -> tuple[float, float, float]:
    thresholds = dict.fromkeys(RISKS, min_score)
    examples = layer.bank.examples
    risk = [i for i, example in enumerate(examples) if example.route in RISKS]
    ordinary = [i for i, example in enumerate(examples) if example.route not in RISKS and not routed[i]]
    written = [i for i in ordinary if ".nlu." not in examples[i].id]
    nlu = [i for i in ordinary if ".nlu." in examples[i].id]
    caught = sum(routed[i] or layer.decide([scores[i]], margin, thresholds) is not None for i in risk)
    asked = [layer.decide([scores[i]], margin, thresholds) is not None for i in ordinary]
    asked_by = dict(zip(ordinary, asked, strict=True))
    return (caught / len(risk), sum(asked_by[i] for i in written) / len(written),
            sum(asked_by[i] for i in nlu) / max(1, len(nlu)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", type=float, default=0.07, help="largest share of written ordinary examples asked")
    parser.add_argument("--write", action="store_true", help="write the choice into examples.yml")
    args = parser.parse_args()
    layer = load_examples()
    rules = load_engine()
    routed = [rules.triage(example.text).route in RISKS for example in layer.bank.examples]
    best = None
    print(f"{'k':>2} {'margin':>6} {'min':>5} {'caught':>7} {'asked':>6} {'asked nlu':>9}")
    for neighbours in NEIGHBOURS:
        scores = held_out_scores(layer, neighbours)
        for margin, min_score in itertools.product(MARGINS, MIN_SCORES):
            caught, asked, asked_nlu = tally(layer, scores, routed, margin, min_score)
            print(f"{neighbours:>2} {margin:>6.2f} {min_score:>5.2f} {caught:>7.3f} {asked:>6.3f} {asked_nlu:>9.3f}")
            if asked <= args.budget and (best is None or caught > best[0]):
                best = (caught, asked, neighbours, margin, min_score)
    if best is None:
        print("no setting is within the budget")
        return 1
    caught, asked, neighbours, margin, min_score = best
    print(f"chosen: neighbours {neighbours}, margin {margin}, min_score {min_score}: "
          f"caught {caught:.3f} of risk examples, asked {asked:.3f} of ordinary ones (cross-validated)")
    if args.write:
        write_thresholds(DEFAULT_BANK, neighbours, margin, min_score)
    return 0


def write_thresholds(path: Path, neighbours: int, margin: float, min_score: float) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  neighbours: .*$", f"  neighbours: {neighbours}", text, count=1)
    text = re.sub(r"(?m)^  margin: .*$", f"  margin: {margin}", text, count=1)
    for route in RISKS:
        text = re.sub(rf"(?m)^    {route}: [0-9.]+$", f"    {route}: {min_score}", text, count=1)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
