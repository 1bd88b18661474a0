"""A broken rules.yml stops start-up with a message that names the line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.triage import RulesError, load_engine
from bot.triage.engine import build_engine
from bot.triage.patterns import PatternCompiler
from bot.triage.rules_file import DEFAULT_RULES, load_rules

GOOD = DEFAULT_RULES.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.yml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_shipped_rules_load():
    book = load_rules()
    assert len(book.rules) > 100
    assert {rule.kind for rule in book.rules} >= {"emergency", "crisis", "safeguarding", "urgent", "medical", "check"}


def test_every_compiled_token_pattern_passes_spacys_own_check(engine):
    from spacy.schemas import validate_token_pattern

    book = engine.book
    gap_stops = [lemma for word in book.gap_stops for lemma in engine._lemmas(word)]
    compiler = PatternCompiler(book.words, book.words["clause_end"], gap_stops, engine._lemmas, engine._forms)
    specs = {
        json.dumps(spec, sort_keys=True)
        for rule in book.rules
        for text, _ in rule.patterns
        for tokens in compiler.compile(text)
        for spec in tokens
    }
    problems = {spec: validate_token_pattern([json.loads(spec)]) for spec in specs}
    assert not {spec: errors for spec, errors in problems.items() if errors}


def test_a_rule_without_description_is_named_with_its_line(tmp_path):
    needle = "      - id: crisis.method_pills\n        description: Stockpiling or planning to take pills\n"
    assert needle in GOOD
    broken = GOOD.replace(needle, "      - id: crisis.method_pills\n")
    with pytest.raises(RulesError) as error:
        load_rules(write(tmp_path, broken))
    expected = f"rules.yml line {line_of(broken, '- id: crisis.method_pills')}: pattern 'crisis.method_pills' has no 'description'"
    assert str(error.value) == expected


def test_yaml_syntax_error_names_the_line(tmp_path):
    broken = GOOD.replace("version: 1\n", "version: 1\nlimits: [unclosed\n", 1)
    with pytest.raises(RulesError, match=r"rules\.yml line \d+: YAML syntax error"):
        load_rules(write(tmp_path, broken))


def test_a_misspelt_key_is_reported(tmp_path):
    broken = GOOD.replace("        description: Suicide or suicidal thoughts named\n", "        descripton: Suicide or suicidal thoughts named\n")
    with pytest.raises(RulesError) as error:
        load_rules(write(tmp_path, broken))
    assert re.match(r"rules\.yml line \d+: pattern 'crisis\.suicide'", str(error.value)), str(error.value)


def test_a_duplicate_id_names_both_lines(tmp_path):
    broken = GOOD.replace("- id: crisis.method_other\n", "- id: crisis.method_pills\n")
    with pytest.raises(RulesError, match=r"id 'crisis\.method_pills' is used twice \(first at line \d+\)"):
        load_rules(write(tmp_path, broken))


def test_all_of_must_name_signals(tmp_path):
    broken = GOOD.replace("all_of: [signal.fall, signal.injury, signal.stuck_down]", "all_of: [signal.fall, signal.nonsense]")
    with pytest.raises(RulesError, match=r"uses 'signal\.nonsense', which is not a signal"):
        load_rules(write(tmp_path, broken))


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ('"hit $nobody_knows"', "unknown word list"),
        ('"[going to|gonna"', "without"),
        ('"Hit! me"', "bad word"),
        ('"...20 me"', "gap"),
        ('"_ ...3"', "needs at least one word"),
        ('"call 999"', "write =999"),
    ],
)
def test_a_bad_pattern_names_its_line(tmp_path, pattern, problem):
    needle = '          - "suicide|suicidal|suicidality"\n'
    assert needle in GOOD
    broken = GOOD.replace(needle, f"          - {pattern}\n")
    with pytest.raises(RulesError) as error:
        build_engine(write(tmp_path, broken))
    assert str(error.value).startswith(f"rules.yml line {line_of(broken, pattern)}: pattern 'crisis.suicide'")
    assert problem in str(error.value)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "top level"),
        (b"\xff\xfe\x00junk", "not UTF-8"),
        (b"- just\n- a list\n", "top level"),
        (b"version: 2\n", "line"),
    ],
)
def test_junk_files_give_a_clear_error(tmp_path, content, problem):
    path = tmp_path / "rules.yml"
    path.write_bytes(content)
    with pytest.raises(RulesError, match=problem):
        load_rules(path)


def test_a_missing_file_gives_a_clear_error(tmp_path):
    with pytest.raises(RulesError, match="cannot read"):
        load_rules(tmp_path / "nope.yml")


def test_load_engine_builds_once_per_path(engine):
    assert load_engine() is engine
    assert load_engine(DEFAULT_RULES) is engine


def test_an_edited_rule_changes_behaviour_without_code(tmp_path, engine):
    assert engine.triage("my budgie is unwell").route == "medical"
    extra = GOOD.replace(
        "      - id: crisis.suicide\n",
        "      - id: crisis.test_only_phrase\n        description: A phrase added by a reviewer\n"
        '        phrases: ["purple elephant"]\n      - id: crisis.suicide\n',
    )
    edited = build_engine(write(tmp_path, extra))
    result = edited.triage("I keep seeing a purple elephant")
    assert result.route == "crisis"
    assert result.reasons[0].rule == "crisis.test_only_phrase"
