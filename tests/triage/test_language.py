"""How people really write: negation, idioms, misspellings, text-speak, third-party reports."""

from __future__ import annotations

import pytest

from bot.triage.text import typo_distance


@pytest.mark.parametrize(
    ("text", "route", "check"),
    [
        ("I'm not going to hurt myself, I'm just fed up", "none", True),
        ("i'm not suicidal, i just need help with the shopping", "none", True),
        ("I have no intention of killing myself", "none", True),
        ("nobody's abusing me, it's just the stairs", "none", False),
        ("my son doesn't hit me, he's just loud", "none", False),
        ("I've never been hit by anyone", "none", False),
    ],
)
def test_negation_cancels_only_what_it_scopes(engine, text, route, check):
    result = engine.triage(text)
    assert (result.route, result.check) == (route, check), result.to_dict()


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("I don't want to live anymore", "crisis"),
        ("I'm not safe at home", "safeguarding"),
        ("he doesn't let me have my own money", "safeguarding"),
        ("I'm not going to hurt myself, but I do want to die", "crisis"),
        ("I don't know why my husband hits me", "safeguarding"),
        ("my carer told me not to tell anyone she took my ring", "safeguarding"),
        ("I'm not sure I want to go on", "crisis"),
        ("I don't see the point in going on", "crisis"),
    ],
)
def test_negation_does_not_cancel_risk_it_does_not_scope(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    "text",
    [
        "that joke killed me",
        "my car battery died",
        "I'm dying for a cup of tea",
        "these stairs will be the death of me",
        "my phone is dead",
        "just killing time",
        "I could murder a bacon sandwich",
        "the heat is killing me",
        "dead tired",
        "my dad will kill me if I'm late",
        "I jumped at the chance to join the choir",
        "I want to end my tenancy",
        "the food was to die for",
    ],
)
def test_idioms_are_not_risks(engine, text):
    result = engine.triage(text)
    assert (result.route, result.check) == ("none", False), result.to_dict()


def test_a_number_is_only_a_word_between_words(engine):
    assert engine.triage("I've taken 2 paracetamol for my headache").route == "medical"
    assert engine.triage("taken 50 paracetemol").route == "emergency"


def test_an_idiom_does_not_hide_a_real_risk_in_the_same_message(route_of):
    assert route_of("I'm dying for a cuppa but honestly I want to die") == "crisis"


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("been having sucidal thoughts", "crisis"),
        ("feeling suicidle", "crisis"),
        ("ive od'd on my meds", "emergency"),
        ("i've taken all my tabelts", "emergency"),
        ("my carer abussed me", "safeguarding"),
        ("my boyfreind hits me", "safeguarding"),
        ("I took an overdoes", "emergency"),
        ("thinking about suiside", "crisis"),
        ("my husband cant breath", "emergency"),
    ],
)
def test_misspellings_of_key_words(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("he was unconcious on the floor", "emergency"),
        ("they neglcted my dad", "safeguarding"),
        ("my girlfreind hits me", "safeguarding"),
        ("my son threatend to kill me", "safeguarding"),
        ("somone is in my house", "emergency"),
        ("im killin myself", "crisis"),
        ("i keep hurtin myself", "crisis"),
    ],
)
def test_more_misspellings_and_dropped_gs(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    "word",
    # Each of these was once "corrected" into a key word ("texting" -> "beating"): real or
    # frequent English words, or typos of other words, are left alone.
    ["texting", "anybody", "phishing", "punchline", "heatsink", "turnpike", "benched", "chosing", "monty",
     "skilling", "tabbed", "unelected", "brining", "writting", "prision", "brandon", "opression", "ditzy",
     "sleeving", "breading", "stoopid", "sticked", "thyself"],
)  # fmt: skip
def test_a_real_or_frequent_word_is_never_corrected_into_a_key_word(engine, word):
    assert engine.normaliser.normalise(f"he was {word} again").text.split()[:4] == ["he", "was", word, "again"]


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("my grandson keeps texting me", "none"),
        ("I got a phishing email from the bank", "none"),
        ("is anybody there", "none"),
        ("my neighbour was chosing a care home", "none"),
    ],
)
def test_ordinary_words_near_key_words_do_not_route(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    ("typed", "meant", "slips"),
    [
        ("myslef", "myself", 1),  # two letters swapped
        ("husbund", "husband", 1),  # a vowel for a vowel
        ("abussed", "abused", 1),  # a letter doubled
        ("threatend", "threatened", 1),  # a letter left out
        ("suicjde", "suicide", 1),  # the next key along
        ("chosing", "choking", 2),  # s for k is not a slip: only as a letter lost and one added
    ],
)
def test_typo_distance_counts_only_slips_people_make(typed, meant, slips):
    assert typo_distance(typed, meant) == slips


def test_short_words_allow_no_substituted_letter():
    assert typo_distance("monty", "money", substitutions=False) == 2
    assert typo_distance("moeny", "money", substitutions=False) == 1


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("kms", "crisis"),
        ("wanna die", "crisis"),
        ("im gonna end it", "crisis"),
        ("cant go on", "crisis"),
        ("IM GONNA KMS", "crisis"),
        ("u wont believe it he hits me evry day", "safeguarding"),
        ("i want 2 die", "crisis"),
        ("thinkin bout killin myself", "crisis"),
        ("grandad fell an hes bleedin from his head n cant get up", "emergency"),
    ],
)
def test_text_speak_and_capitals(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("can't see a way forward", "crisis"),
        ("everyone would be happier if I was gone", "crisis"),
        ("there's no reason to carry on", "crisis"),
        ("I want to go to sleep and not wake up", "crisis"),
        ("I've been saving up my tablets", "crisis"),
    ],
)
def test_euphemisms_and_means(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("my son says he wants to kill himself", "crisis"),
        ("my friend told me her husband hits her", "safeguarding"),
        ("my neighbour is being abused by her son", "safeguarding"),
        ("the man next door hasn't eaten or washed in weeks and won't let anyone in", "safeguarding"),
        ("the kids next door are left on their own all night", "safeguarding"),
        ("my mum's carer hasn't turned up and she can't get out of bed", "urgent"),
    ],
)
def test_reports_about_someone_else(route_of, text, route):
    assert route_of(text) == route


def test_risk_buried_in_a_long_rambling_message(route_of):
    text = (
        "Hello, sorry to bother you, I'm ringing about the lunch club on Tuesdays because the bus has changed "
        "and I'm not sure of the times, and my neighbour said you could help. The other thing is my grandson "
        "has been staying and he keeps taking money out of my purse and gets nasty when I ask. Anyway, the "
        "lunch club, is it still at the church hall?"
    )
    assert route_of(text) == "safeguarding"


def test_the_most_severe_route_wins(engine):
    result = engine.triage("my husband hits me and last night I took all my tablets")
    assert result.route == "emergency"
    assert {reason.route for reason in result.reasons} >= {"emergency", "safeguarding"}


@pytest.mark.parametrize(
    "text, route",
    [
        # "in <many>" is "in" followed by a number: "in the night" is not the past.
        ("I took an overdose in the night", "emergency"),
        ("I took an overdose in 1998", "crisis"),
        ("someone broke in the house just now", "emergency"),
        ("we were burgled in 2009", "none"),
    ],
)
def test_in_a_year_is_the_past_but_in_the_night_is_now(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    ("text", "route"),
    [
        # Dropped subjects and text-speak in indirect risk
        ("wudnt mind if i didnt wake up tomoz", "crisis"),
        ("been keepin back my insulin for when the time comes", "crisis"),
        # Dialect for mocking: "taking the mick out of" a person
        ("the lads at the centre take the mick out of his stammer", "safeguarding"),
        # A third person's self-injury in plain words
        ("my son bangs his head on the floor till it bleeds", "crisis"),
    ],
)
def test_indirect_risk_in_everyday_words(route_of, text, route):
    assert route_of(text) == route
