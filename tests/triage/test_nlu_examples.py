"""The triage_* examples in the NLU data are routed by triage, not left to the classifier.

triage_<route> and triage_check examples come from the rules; triage_check_<route> examples
are ones the rules miss and the example layer asks about.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
NLU_FILE = ROOT / "data" / "nlu" / "triage.yml"
FRESH_FILE = ROOT / "tests" / "nlu" / "fresh_messages.yml"  # ordinary conversation, by a separate author


def examples(path: Path = NLU_FILE) -> list[tuple[str, str]]:
    found = []
    for block in yaml.safe_load(path.read_text())["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                found.append((block["intent"], line.strip()[2:]))
    return found


@pytest.fixture(scope="module")
def both_layers():
    from bot.triage import load_triage

    return load_triage()


@pytest.mark.parametrize(("intent", "text"), examples())
def test_every_safety_example_is_caught_by_triage(engine, both_layers, intent, text):
    result = engine.triage(text)
    routed = "triage_check" if result.route == "none" and result.check else f"triage_{result.route}"
    if intent.startswith("triage_check_"):
        assert routed == "triage_none", result.to_dict()
        result = both_layers.triage(text)
        routed = f"triage_check_{result.check_route}"
    assert routed == intent, result.to_dict()


def test_ordinary_conversation_raises_no_alarm(engine):
    alarms = [(text, result.to_dict()["reasons"]) for _, text in examples(FRESH_FILE)
              if (result := engine.triage(text)).route != "none" or result.check]
    assert alarms == []  # e.g. "is there a number I can ring" once read "number" as "numb"
