"""Reading people's answers the way they write them."""

from __future__ import annotations

import pytest

from bot.conversation.answers import (
    clean_answer,
    is_anywhere,
    is_skip,
    read_about,
    read_access_needs,
    them_from_text,
    valid_email,
    valid_uk_phone,
)


@pytest.mark.parametrize("text", ["skip", "Not sure", "dunno", "I don't know", "no idea really", "pass"])
def test_skips(text):
    assert is_skip(text)


@pytest.mark.parametrize("text", ["I'm not sure the stairs are safe any more", "my garden", "knowing my neighbours"])
def test_real_answers_are_not_skips(text):
    assert not is_skip(text)


@pytest.mark.parametrize(
    ("text", "about", "them"),
    [("it's for my mum", "someone_else", "your mum"), ("my elderly father", "someone_else", "your father"),
     ("for me", "self", None), ("I'm a district nurse", "professional", "the person you support"),
     ("asking about my neighbour", "someone_else", "your neighbour"),
     ("me mam", "someone_else", "your mam"), ("it's for me nan", "someone_else", "your nan"),
     ("me not my husband", "self", None), ("it's not for me, it's for my husband", "someone_else", "your husband"),
     ("her neighbour", "someone_else", "her neighbour"), ("calling about his dad", "someone_else", "his dad")],
)
def test_who_it_is_for(text, about, them):
    read = read_about(text)
    assert (read.about, read.them) == (about, them)


def test_who_it_is_for_unclear():
    assert read_about("what lovely weather") is None


def test_them_keeps_a_short_description_when_no_relation_is_named():
    assert them_from_text("Bob") == "Bob"
    assert them_from_text("my wife") == "your wife"


def test_access_needs():
    assert read_access_needs("wheelchair access please, and somewhere with a hearing loop") == ["wheelchair", "hearing"]
    assert read_access_needs("no, nothing else") == []
    assert read_access_needs("I can't afford much") == ["free"]


def test_anywhere():
    assert is_anywhere("anywhere is fine") and is_anywhere("don't mind") and not is_anywhere("SB1 2AB")


@pytest.mark.parametrize("text", ["jo.bloggs@example.org", " <ann@example.co.uk>. "])
def test_valid_email(text):
    assert valid_email(text)


@pytest.mark.parametrize("text", ["jo.bloggs", "@example.org", "a@b", "x" * 300 + "@example.org", "<script>@x.org"])
def test_invalid_email(text):
    assert valid_email(text) is None


@pytest.mark.parametrize(("text", "tidy"), [("01632 960123", "01632 960123"), ("+44 1632 960123", "01632 960123"),
                                           ("07700-900123", "07700 900123")])
def test_uk_phone(text, tidy):
    assert valid_uk_phone(text) == tidy


@pytest.mark.parametrize("text", ["12345", "call me", "+33 1 23 45 67 89", ""])
def test_not_a_uk_phone(text):
    assert valid_uk_phone(text) is None


def test_clean_answer_removes_control_characters_and_caps_length():
    assert clean_answer("hello\x00\x1b there") == "hello there"
    assert len(clean_answer("x" * 100_000)) == 2_000
