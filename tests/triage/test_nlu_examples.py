"""The triage_* examples in the NLU data are routed by the rules, not left to the classifier."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

NLU_FILE = Path(__file__).resolve().parents[2] / "data" / "nlu" / "triage.yml"


def examples() -> list[tuple[str, str]]:
    found = []
    for block in yaml.safe_load(NLU_FILE.read_text())["nlu"]:
        for line in block["examples"].splitlines():
            if line.strip().startswith("- "):
                found.append((block["intent"], line.strip()[2:]))
    return found


@pytest.mark.parametrize(("intent", "text"), examples())
def test_every_safety_example_is_caught_by_the_rules(engine, intent, text):
    result = engine.triage(text)
    routed = "triage_check" if result.route == "none" and result.check else f"triage_{result.route}"
    assert routed == intent, result.to_dict()
