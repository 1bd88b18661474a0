"""Search on the Sample Borough directory: residents' own words, eligibility, opening times, distance."""

from __future__ import annotations

from datetime import datetime

import pytest

from core.clock import UK_TZ, now
from core.settings import Settings
from directory.search import search_services

TUESDAY_MORNING = datetime(2024, 11, 12, 10, 30, tzinfo=UK_TZ)
SUNDAY_EVENING = datetime(2024, 11, 17, 20, 0, tzinfo=UK_TZ)


def names(results, top: int = 3) -> list[str]:
    return [m.name for m in results.matches[:top]]


def test_a_worn_out_carer_finds_breaks_and_carers_groups(sample_session):
    found = search_services(sample_session, "my husband has Parkinson's and I'm with him day and night, I'm worn out",
                            limit=5, now=TUESDAY_MORNING)
    assert "support for carers" in found.needs and "breaks from caring" in found.needs
    top = names(found, 5)
    assert "Time Out sitting service for carers" in top[:3]
    assert {"Sample Borough Carers Centre", "Hatherley Respite Day Club", "Sample Borough Parkinson's support group"} & set(top)
    sitting = next(m for m in found.matches if m.name == "Time Out sitting service for carers")
    assert "breaks from caring" in sitting.why


def test_hearing_going_finds_hearing_loss_support(sample_session):
    found = search_services(sample_session, "my hearing's going and I miss out on conversations")
    assert set(names(found, 2)) == {"Lipreading and managing hearing loss class", "Hearing Help drop-in"}
    assert found.matches[0].why == ["hearing loss support"]


def test_not_seeing_anyone_finds_befriending_and_social_groups(sample_session):
    found = search_services(sample_session, "I don't see anyone from one week to the next", limit=5)
    top = names(found, 5)
    assert {"Friendly Voices telephone befriending", "Good Neighbours home visiting", "The Silver Line helpline"} <= set(top)
    assert "Become a befriender" not in top[:3]  # a volunteering role, not help for this person


@pytest.mark.parametrize("message, expected", [
    ("I'm so lonley since my husband dyed", {"Coffee and Comfort bereavement cafe", "Bereavement Support Service"}),
    ("singing for my wife with alzeimers", {"Singing for Memory"}),
    ("can't get in and out of the bath", {"Community equipment and minor adaptations", "Occupational therapy assessment"}),
    ("I had a fall and I'm scared it'll happen again", {"Steady Steps strength and balance classes",
                                                        "Careline telecare and personal alarms"}),
    ("im in debt and the letters keep coming", {"Debt advice service"}),
    ("we haven't got enough food to last the week", {"Sample Borough Foodbank", "Eastfield Community Pantry"}),
    ("I can't get to the shops since I stopped driving", {"Dial-a-Ride Sample Borough", "Volunteer Car Scheme"}),
    ("my friend keeps saying he wants to end it all", {"Samaritans"}),
])
def test_residents_words_reach_the_right_services(sample_session, message, expected):
    found = search_services(sample_session, message, limit=3)
    assert expected & set(names(found)), f"{message!r} gave {names(found)}"


def test_misspellings_are_corrected_from_the_directorys_own_words(sample_session):
    found = search_services(sample_session, "bereavment and feeling lonley")
    assert found.corrected == {"bereavment": "bereavement", "lonley": "lonely"}
    assert "bereavement support" in found.needs


def test_age_rules_out_services_for_other_ages(sample_session):
    everyone = names(search_services(sample_session, "someone to phone me for a chat, I'm lonely", limit=10), 10)
    assert "Friendly Voices telephone befriending" in everyone  # for people aged 60+
    young = names(search_services(sample_session, "someone to phone me for a chat, I'm lonely", age=35, limit=10), 10)
    assert "Friendly Voices telephone befriending" not in young
    said = names(search_services(sample_session, "I'm 35 and lonely, I'd like someone to phone me", limit=10), 10)
    assert "Friendly Voices telephone befriending" not in said


def test_free_only_keeps_free_services(sample_session):
    found = search_services(sample_session, "lunch club hot meal with company", free_only=True, limit=10)
    assert found.matches and all(m.cost and ("Free" in m.cost or "Pay as you feel" in m.cost) for m in found.matches)
    assert "St Mark's Lunch Club" not in names(found, 10)  # £5


def test_open_now_and_next_open_follow_the_given_time(sample_session):
    morning = search_services(sample_session, "lunch club", now=TUESDAY_MORNING, limit=5)
    st_marks = next(m for m in morning.matches if m.name == "St Mark's Lunch Club")
    assert st_marks.open_now is False and st_marks.next_open == "2024-11-13T12:00:00+00:00"
    lonely_sunday = search_services(sample_session, "I'm lonely and want to talk to someone now", open_now=True,
                                    now=SUNDAY_EVENING)
    assert names(lonely_sunday, 5) and all(m.open_now for m in lonely_sunday.matches)
    assert "The Silver Line helpline" in names(lonely_sunday, 5)


def test_frontdoor_now_sets_the_default_time(sample_session, monkeypatch):
    monkeypatch.setenv("FRONTDOOR_NOW", "2024-11-12T10:30")
    assert now(Settings.from_env()) == TUESDAY_MORNING
    found = search_services(sample_session, "strength and balance classes")
    steady = next(m for m in found.matches if m.name.startswith("Steady Steps"))
    assert steady.open_now is True and steady.next_open == "2024-11-12T10:00:00+00:00"


def test_postcode_sorts_by_distance_and_reports_it(sample_session):
    near_oakfield = search_services(sample_session, "exercise to keep me steady on my feet", postcode="SB6 7LM", limit=5)
    steady = next(m for m in near_oakfield.matches if m.name.startswith("Steady Steps"))
    assert steady.distance_km is not None and steady.distance_km < 1.0  # it also meets in Oakfield Village Hall
    assert near_oakfield.message is None


@pytest.mark.parametrize("postcode, note", [("not a postcode", "is not a UK postcode"),
                                             ("ZZ9 9ZZ", "don't know where ZZ9 9ZZ is")])
def test_bad_or_unknown_postcodes_get_a_note_and_search_still_runs(sample_session, postcode, note):
    found = search_services(sample_session, "memory cafe", postcode=postcode)
    assert note in found.message
    assert found.matches and found.matches[0].distance_km is None


@pytest.mark.parametrize("message", ["", "   ", "😀😀😀", "<script>alert(1)</script>", "x" * 100_000,
                                     "Je me sens très seul", "\x00\x01binary\xff"])
def test_odd_input_never_crashes(sample_session, message):
    found = search_services(sample_session, message)
    assert isinstance(found.matches, list)


def test_html_in_the_message_is_not_treated_as_words(sample_session):
    found = search_services(sample_session, "<b>memory</b> cafe")
    assert found.matches[0].name == "Kingsmead Memory Cafe"


def test_paging_with_offset(sample_session):
    first = search_services(sample_session, "support", limit=3)
    second = search_services(sample_session, "support", limit=3, offset=3)
    assert first.total == second.total >= 6
    assert not set(names(first)) & set(names(second))
