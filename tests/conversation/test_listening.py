"""Reading a whole message for what it already tells, and hearing it back."""

from __future__ import annotations

import pytest

from bot.conversation.listening import read_message, reflect


@pytest.mark.parametrize(("text", "about", "them"), [
    ("im ringing about my dad hes 91 and keeps falling, hes not hurt but im worried", "someone_else", "your dad"),
    ("I just feel lonely", "self", None),
    ("My husband has Parkinson's and I'm with him day and night, I'm worn out and I never see my friends", "self", None),
    ("I'm a district nurse calling about a patient of mine, Mr B, 80, lonely and not eating well", "professional",
     "Mr B"),
    ("I'm lonely since my wife died", "self", None),
    ("my son visits on Sundays", None, None),
    ("I don't know", None, None),
    ("it's for my mum", "someone_else", "your mum"),
])
def test_who_it_is_about(text, about, them):
    heard = read_message(text)
    assert (heard.about, heard.them) == (about, them)


def test_strengths_wishes_and_place_are_read_in_the_persons_words():
    heard = read_message("I live at SB1 2AB and my daughter pops in most days")
    assert heard.postcode == "SB1 2AB" and heard.people_around == "my daughter pops in most days"
    heard = read_message("I've stopped going to my knitting group because the bus is too hard")
    assert heard.enjoys == "I've stopped going to my knitting group"
    assert read_message("I want to get back to my knitting group").would_help == "I want to get back to my knitting group"


def test_a_word_that_looks_like_an_outward_code_is_not_a_place():
    assert read_message("I'm on the M1 most days and my B12 is low").postcode is None


def test_reflect_turns_their_words_to_you_and_ends_at_a_clause():
    assert reflect("im ringing about my dad hes 91 and keeps falling, hes not hurt but im worried") == \
        "your dad he's 91 and keeps falling, he's not hurt but you're worried"
    long = ("I'm 78 and since my hip operation I can't get in and out of the bath and I've stopped going to my "
            "knitting group because the bus is too hard")
    assert reflect(long).endswith("your knitting group")
    assert reflect("we meet at 9 am") == "you meet at 9 am"
