"""Bad input never raises, and the result has the promised shape."""

from __future__ import annotations

import dataclasses
import random
import time

import pytest

from bot.triage import ROUTES, Reason, TriageResult


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "\x00\x01\x02\x1b[31m\x7f",
        "<script>alert('x')</script><b>hello</b>",
        "😀😀😀 🙏🏼",
        "Bonjour, j'ai besoin d'aide",
        "مرحبا، أحتاج إلى مساعدة",
        "我需要帮助",
        "İİİ ǅ ß ﬁ",
        "\ud800 lone surrogate",
        "a" * 200_000,
        "'" * 5000,
        "[[[ ]]] {{{ }}} ... ,,, ???",
        "12345678901234567890 999999999999",
        "!?" * 3000,
        ". " * 3000,
        "&amp;" * 2000,
    ],
    ids=lambda text: repr(text[:12]) + f"x{len(text)}",
)
def test_strange_input_is_none_and_never_raises(engine, text):
    start = time.perf_counter()
    result = engine.triage(text)
    assert result.route == "none"
    assert result.check is False
    assert time.perf_counter() - start < 0.5, "pathological input must stay fast"


def test_random_unicode_never_raises(engine):
    """A seeded fuzz over every kind of character: digits like ² and ٣, marks, emoji, controls."""
    rng = random.Random(20240611)
    alphabet = [chr(code) for code in range(0x20, 0x3000) if code not in range(0xD800, 0xE000)]
    alphabet += ["😀", "🏳️‍🌈", "\u200b", "\ufeff", "²", "½", "٣", "Ⅻ", " ", "'", "-"] * 20
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert engine.triage(text).route in ROUTES
    assert engine.triage("I have ² pills and ½ a packet ٣").route in ROUTES


@pytest.mark.parametrize("value", [None, b"\xff\xfe\xfa binary", b"I want to die", 42, ["a list"]])
def test_non_text_values_never_raise(engine, value):
    assert engine.triage(value).route in ROUTES


def test_bytes_are_read_as_text(engine):
    assert engine.triage(b"I want to die").route == "crisis"


def test_html_is_ignored_but_the_words_count(route_of):
    assert route_of("<p>my husband <b>hits</b> me</p>") == "safeguarding"


def test_emoji_and_control_characters_do_not_break_words(route_of):
    assert route_of("I want to die 😢\x00") == "crisis"


def test_a_risk_anywhere_in_a_long_message_is_found(engine):
    filler = "I went to the lunch club and it was lovely. " * 200
    assert len(filler) > 5000
    assert engine.triage("I want to die. " + filler).route == "crisis"
    assert engine.triage(filler + " I want to die").route == "crisis"


def test_a_huge_message_is_quick(engine):
    text = "my neighbour is lovely and the garden is nice, " * 20_000
    start = time.perf_counter()
    engine.triage(text)
    assert time.perf_counter() - start < 1.0


def test_result_shape(engine):
    result = engine.triage("I've just swallowed a whole packet of pills")
    assert isinstance(result, TriageResult)
    assert result.route == "emergency"
    assert isinstance(result.check, bool)
    assert all(isinstance(reason, Reason) for reason in result.reasons)
    first = result.reasons[0]
    assert first.route == "emergency"
    assert "swallowed" in first.matched
    data = result.to_dict()
    assert set(data) == {"route", "check", "check_route", "reasons"}
    assert data["reasons"][0] == {"layer": "rules", "rule": first.rule, "route": "emergency", "matched": first.matched}


def test_result_is_frozen(engine):
    result = engine.triage("hello")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.route = "crisis"  # type: ignore[misc]


def test_matched_quotes_the_residents_own_words(engine):
    result = engine.triage("I WANNA KMS")
    assert result.route == "crisis"
    assert any(reason.matched == "KMS" for reason in result.reasons), result.to_dict()


def test_reasons_are_ordered_most_severe_first(engine):
    result = engine.triage("I've got a bad cough and my son hits me")
    assert [reason.route for reason in result.reasons] == sorted(
        (reason.route for reason in result.reasons), key=ROUTES.index
    )
    assert result.route == "safeguarding"


def test_a_negated_crisis_reason_points_to_none(engine):
    result = engine.triage("I'm not going to hurt myself")
    assert result.route == "none" and result.check
    assert [reason.route for reason in result.reasons] == ["none"]


def test_routes_are_ordered_most_severe_first():
    assert ROUTES == ("emergency", "crisis", "safeguarding", "urgent", "medical", "none")
