"""The triage_* examples in the NLU data are routed by the rules, not left to the classifier."""

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


@pytest.mark.parametrize(("intent", "text"), examples())
def test_every_safety_example_is_caught_by_the_rules(engine, intent, text):
    result = engine.triage(text)
    routed = "triage_check" if result.route == "none" and result.check else f"triage_{result.route}"
    assert routed == intent, result.to_dict()


def test_ordinary_conversation_raises_no_alarm(engine):
    alarms = [(text, result.to_dict()["reasons"]) for _, text in examples(FRESH_FILE)
              if (result := engine.triage(text)).route != "none" or result.check]
    assert alarms == []  # e.g. "is there a number I can ring" once read "number" as "numb"
