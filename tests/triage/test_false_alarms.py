"""False alarms: ordinary wording that must not get a risk route, each class with positive controls.

Each class is fixed by a general rule (rules.yml, text.py), not by listing sentences:
- a past event the person says is over (history.resolved, history.resolved_crisis);
- a film, book, soap or the news about other people (info.fiction);
- general or policy questions and professionals asking about procedure (info.general_question,
  info.professional_procedure);
- idioms with death, kill, shoot or heart-attack words (idiom.*, usual.freeze_account);
- and, over all of them, 3,000 real queries to a general assistant (CLINC150).
Fuzzy spelling correction has its own tests in test_language.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage import RISK_ROUTES

CLINC = Path(__file__).resolve().parents[3] / "shared" / "data" / "external" / "clinc150_benign_3000.txt"
# Risk routes allowed on the 3,000 CLINC queries (58 before the general fixes). Lower it when a
# general fix removes one; never raise it to let a change through. The three left are kept on purpose:
# "how long does it take to call an ambulance" (asking for an ambulance is always emergency),
# "someone used my chase card without my authorization" (card misuse is financial abuse, as in the
# labelled set) and "why would the water be turned off" (a resident may be asking about their own water).
CLINC_RISK_ROUTES_ALLOWED = 3


def test_ordinary_queries_almost_never_get_a_risk_route(engine):
    if not CLINC.exists():
        pytest.skip(f"{CLINC} is not here (it lives outside the repository; see its README)")
    queries = [line.strip() for line in CLINC.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(queries) == 3000
    risky = []
    for query in queries:
        result = engine.triage(query)
        if result.route in RISK_ROUTES:
            rules = ", ".join(reason.rule for reason in result.reasons[:2])
            risky.append(f"  {result.route}: {query!r} ({rules})")
    assert len(risky) <= CLINC_RISK_ROUTES_ALLOWED, (
        f"{len(risky)} ordinary queries got a risk route (at most {CLINC_RISK_ROUTES_ALLOWED} allowed):\n"
        + "\n".join(risky)
    )


def assert_no_risk(engine, text):
    result = engine.triage(text)
    assert result.route not in RISK_ROUTES, result.to_dict()


@pytest.mark.parametrize(
    "text",
    [
        "I took an overdose when I was 19, I'm 60 now and doing well",
        "I tried to kill myself in my twenties but I've been fine for years",
        "I self harmed at school but that's all behind me",
        "I was suicidal as a teenager, I'm in a good place now",
        "dad had a fall two years ago, he's fine now",
        "mum broke her hip last year but she has recovered",
        "I had a heart attack years ago and I've been well since",
    ],
)
def test_a_past_event_that_is_over_is_not_a_risk(engine, text):
    assert_no_risk(engine, text)


def test_a_past_attempt_that_is_over_still_gets_a_gentle_check(engine):
    result = engine.triage("I took an overdose when I was 19, I'm 60 now and doing well")
    assert (result.route, result.check) == ("none", True), result.to_dict()


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("I took an overdose when I was 19 and I want to die now", "crisis"),
        ("I took an overdose years ago, I'm fine now, but tonight I've taken 30 tablets", "emergency"),
        ("I used to self harm as a teenager, I was fine, but I've started cutting again", "crisis"),
        ("I tried to kill myself last year and I'm still thinking about it", "crisis"),
        ("I took an overdose in 1998", "crisis"),
        ("dad fell years ago, he was fine, but he's collapsed this morning and isn't breathing", "emergency"),
        ("I had a fall last year and today I fell again and can't get up", "urgent"),
    ],
)
def test_a_current_risk_beside_a_past_event_still_routes(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    "text",
    [
        "in Eastenders last night he strangled her",
        "the book is about a man who kills himself",
        "we watched the film where she jumps off a bridge",
        "there's a bit in Coronation Street where a woman gets stabbed",
        "I'm reading a thriller where the husband poisons his wife",
        "the paper says a pensioner was attacked in the park",
        "my favourite detective series has a murder every week",
    ],
)
def test_fiction_and_the_news_are_not_a_disclosure(engine, text):
    assert_no_risk(engine, text)


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("we were watching a film when he attacked me", "safeguarding"),
        ("I was watching the telly when my son stabbed me", "emergency"),
        ("mum watches tv all day and her son hits her", "safeguarding"),
        ("I saw a programme about abuse and realised my husband abuses me", "safeguarding"),
        ("the film was about abuse and he hit me", "safeguarding"),
        ("in the news he said he would kill me", "safeguarding"),
    ],
)
def test_a_disclosure_that_mentions_a_film_or_the_telly_still_routes(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    "text",
    [
        "what is the legal definition of neglect",
        "what counts as financial abuse",
        "what would count as neglect in a care home",
        "How is financial abuse defined?",
        "what are the signs of domestic abuse",
        "is there a law against elder abuse",
        "what is the point of life",
        "would you let me know what the meaning of life is",
        "as a social worker, how do I raise a safeguarding concern?",
        "as a support worker, what should I do if I suspect financial abuse?",
        "I'm a district nurse, who do I call to report neglect?",
    ],
)
def test_general_questions_and_professional_procedure_are_not_a_disclosure(engine, text):
    assert_no_risk(engine, text)


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("what's the point of life anymore, I can't go on", "crisis"),
        ("what's the point of my life", "crisis"),
        ("what counts as abuse, my son takes my pension every week", "safeguarding"),
        ("what he does to me is the definition of abuse", "safeguarding"),
        ("how do I report abuse", "safeguarding"),
        ("I'm a nurse and I want to report abuse of a patient by her daughter", "safeguarding"),
        ("I'm a social worker and my client says her son hits her", "safeguarding"),
        ("I'm a district nurse, one of my patients has bruises on her arms", "safeguarding"),
        ("how do I report a safeguarding concern about a neighbour who is being neglected", "safeguarding"),
    ],
)
def test_a_question_that_discloses_or_a_professional_reporting_someone_still_routes(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    "text",
    [
        "I really shot myself in the foot by not applying sooner",
        "I was killing myself laughing at my grandson's videos",
        "you nearly gave me a heart attack sneaking up like that",
        "my mum would have a heart attack if she saw my room",
        "my heart stopped when I saw the gas bill",
        "I could murder a curry",
        "I'm dead on my feet",
        "I'm drowning in paperwork",
        "glad to be shot of him",
        "can you freeze my bank account",
        "the bank froze my card",
        "I'm locked out of my online banking",
        "my phone got cut off",
    ],
)
def test_idioms_are_not_a_risk(engine, text):
    assert_no_risk(engine, text)


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("I want to shoot myself", "crisis"),
        ("he shot me in the foot", "emergency"),
        ("I could kill myself laughing but honestly I want to die", "crisis"),
        ("I think I'm having a heart attack", "emergency"),
        ("I nearly had a heart attack and now I've got chest pain", "emergency"),
        ("she's drowning", "emergency"),
        ("he tried to drown me in the bath", "safeguarding"),
        ("it's freezing in here and the heating's broken", "urgent"),
        ("I'm locked out and have nowhere to sleep", "urgent"),
    ],
)
def test_the_literal_meaning_still_routes(route_of, text, route):
    assert route_of(text) == route


@pytest.mark.parametrize(
    "text",
    [
        # Study and teaching on a topic (info.study)
        "I'm doing a presentation on cuckooing for my social work degree",
        # Hypothetical questions about care breaking down (info.hypothetical, info.hypothetical_abuse)
        "what would happen if the carers stopped coming?",
        "how can I tell if my dad is being scammed",
        # Care charges (usual.care_fees), a complaint (idiom.abuse_of_power)
        "can the council take mum's bungalow for her care fees",
        "the way the council treats people is an abuse of power",
        # A past event told as over, with a season or "used to" (history.over_now)
        "mum used to hoard but we cleared the house and she's been fine since",
        "he collapsed over Christmas but he's back to normal now",
    ],
)
def test_study_hypothetical_fees_and_over_now_are_not_a_risk(engine, text):
    assert_no_risk(engine, text)


# Awareness, training, policy and "is it real / allowed" questions about a risk topic; a move into
# one's own new home. Each with a control that must still route.
@pytest.mark.parametrize(("text", "route"), [
    ("do you run trafficking awareness sessions for volunteers?", "none"),
    ("is there a leaflet on cuckooing I could give our tenants", "none"),
    ("what's the council's threshold for a safeguarding referral about bed sores", "none"),
    ("is restraining a resident ever allowed in a care home", "none"),
    ("would that count as financial abuse if it was a stranger", "none"),
    ("mum moves into her new bungalow next week, can the carers come there", "none"),
    ("lads have moved into my brother's flat and he sleeps on the floor now", "safeguarding"),
    ("is it allowed for my son to take all my pension every week", "safeguarding"),
])
def test_questions_about_a_topic_are_not_disclosures(engine, text, route):
    got = engine.triage(text).route
    assert got not in RISK_ROUTES if route == "none" else got == route
