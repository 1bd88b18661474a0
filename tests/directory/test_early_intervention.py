"""When the council's early-intervention offer is shown: each inclusion and each exclusion."""

from __future__ import annotations

import pytest

from directory.early_intervention import (
    early_intervention_decision,
    early_intervention_service_ids,
    offer_early_intervention,
)


@pytest.mark.parametrize("message", [
    "I'm struggling to manage at home on my own",                       # struggling at home
    "I can't get in and out of the bath any more",                       # equipment / adaptations
    "the stairs are getting too much, could I have a rail fitted",       # adaptations
    "I keep falling over and I'm scared I'll fall again",                # risk of falls
    "my husband has Parkinson's and I'm with him day and night",         # carer
    "I think Mum needs carers to come in to help her get washed",        # asking for home care
    "Dad came out of hospital last week and isn't coping",               # after hospital
])
def test_offered_for_people_struggling_at_home_falls_equipment_carers_and_home_care(message):
    assert offer_early_intervention(message, None), early_intervention_decision(message, None)


def test_offered_when_the_bot_knows_the_person_is_a_carer():
    assert offer_early_intervention("what help is there", "routine", about="carer")


@pytest.mark.parametrize("message, route, about, reason", [
    ("I keep falling over at home", "emergency", None, "triage route"),
    ("I keep falling over at home", "safeguarding", None, "triage route"),
    ("I'm struggling at home and some days I wonder what the point is", "check", None, "triage route"),
    ("Mum has fallen and is on the floor and can't get up", None, None, "urgent"),
    ("I need help urgently, he's collapsed", None, None, "urgent"),
    ("my son takes my money and I'm scared of him", None, None, "safeguarding"),
    ("Mum lives in a care home and keeps falling", None, None, "care home"),
    ("struggling to manage", None, "care_home_resident", "about"),
    ("my daughter has learning difficulties and needs something to do in the day", None, None, "learning-disability"),
    ("I feel really low and anxious all the time", None, None, "mental-wellbeing"),
    ("my partner is abusive and controlling", None, None, "safeguarding"),
    ("we've got no food in the house until payday", None, None, "food-support"),
    ("I've got a chest infection and I feel really unwell", None, None, "unwell"),
])
def test_not_offered_for_urgent_safeguarding_care_homes_or_other_main_needs(message, route, about, reason):
    decision = early_intervention_decision(message, route, about)
    assert decision.offer is False
    assert reason in decision.reason


def test_not_offered_when_nothing_points_to_it():
    assert not offer_early_intervention("I'd like to join a choir", None)


def test_the_council_services_are_found_in_the_sample_directory(sample_session):
    from directory.models import Service

    names = {sample_session.get(Service, sid).name for sid in early_intervention_service_ids(sample_session)}
    assert names == {"Occupational therapy assessment", "Reablement (short-term support to regain independence)",
                     "Community equipment and minor adaptations", "Careline telecare and personal alarms"}


@pytest.mark.parametrize("message, first", [
    ("I can't get in and out of the bath", "Community equipment and minor adaptations"),
    ("I need one of those alarms in case I fall and nobody's there", "Careline telecare and personal alarms"),
    ("Dad came out of hospital and isn't coping", "Reablement (short-term support to regain independence)"),
])
def test_the_council_service_that_fits_the_message_comes_first(sample_session, message, first):
    from directory.models import Service

    ids = early_intervention_service_ids(sample_session, message)
    assert sample_session.get(Service, ids[0]).name == first
    assert len(ids) == 4
