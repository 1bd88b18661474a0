"""Every reply in the domain passes a plain-English check, so wording can't drift into jargon."""

from __future__ import annotations

import re

import pytest
import textstat
import yaml

from core.paths import REPO_ROOT

MIN_READING_EASE = 60
MAX_SENTENCE_WORDS = 25
# Placeholders are read as short everyday words; phone numbers and addresses as one word each.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def responses() -> list[tuple[str, str]]:
    found = []
    for path in sorted((REPO_ROOT / "domain").glob("*.yml")):
        for name, variations in (yaml.safe_load(path.read_text()) or {}).get("responses", {}).items():
            found += [(f"{path.name}:{name}:{i}", v["text"]) for i, v in enumerate(variations) if v.get("text")]
    return found


def readable(text: str) -> str:
    text = PLACEHOLDER.sub("it", text)
    text = re.sub(r"\b[\d][\d ]{5,}\d\b", "number", text)  # phone numbers
    text = re.sub(r"\b\d+\.nhs\.uk\b|\S+@\S+", "site", text)
    return "\n".join(line.lstrip("- ") for line in text.splitlines())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+|\n", text) if s.strip()]


@pytest.mark.parametrize(("where", "text"), responses(), ids=[r[0] for r in responses()])
def test_reply_is_plain_english(where, text):
    if where.split(":")[1] == "utter_service_match":
        pytest.skip("a list of labelled fields filled from the directory, not prose")
    plain = readable(text)
    longest = max(sentences(plain), key=lambda s: len(s.split()))
    assert len(longest.split()) <= MAX_SENTENCE_WORDS, f"sentence too long: {longest!r}"
    assert textstat.flesch_reading_ease(plain) >= MIN_READING_EASE, f"hard to read: {plain!r}"


def test_the_check_finds_jargon():
    jargon = ("Notwithstanding the aforementioned considerations, individuals necessitating multidisciplinary "
              "intervention should contemporaneously communicate with appropriately designated professionals.")
    assert textstat.flesch_reading_ease(readable(jargon)) < MIN_READING_EASE
