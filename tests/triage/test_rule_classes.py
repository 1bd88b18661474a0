"""Recall and false-alarm classes, each with fresh messages written before the rules for it.

The positive messages of each class were written first and run against the rules as they were
(commit d1abb42) before any rule was added; the figures are kept here. Each class was then fixed
with general rules (word lists, signals and all_of combinations in rules.yml), never by listing
these sentences. The hard negatives came after, to probe the new rules for false alarms.

First run, exact route on the positives (before -> after the new rules):
  crisis_indirect     2/13 -> 13/13   self_harm          1/10 -> 10/10
  coercive_control    2/10 -> 10/10   psychological      4/9  ->  9/9
  discriminatory      5/9  ->  9/9    organisational     5/10 -> 10/10
  scams               3/9  ->  9/9    cuckooing          2/8  ->  8/8
  self_neglect        2/10 -> 10/10   child_neglect      1/8  ->  7/8
  emergency_indirect  7/9  ->  9/9    urgent_breakdown   4/10 -> 10/10
  fa_training_study   5/9  ->  9/9    fa_fiction_news    1/8  ->  7/8
  fa_past_over        3/8  ->  8/8    fa_hypothetical    1/8  ->  8/8
  fa_care_fees        5/7  ->  7/7    fa_idioms          7/8  ->  8/8
  total              60/163 -> 161/163
The two left are marked xfail below with the reason.
"""

from __future__ import annotations

import pytest

# Messages whose route is knowingly different, and why (xfail, strict: a fix must remove them here).
KNOWN = {
    # "Passed out" reads as unconscious (999). Safer than the safeguarding route it was written for.
    "the parents are passed out drunk and the baby's been screaming for hours": "emergency outranks: unconscious",
    # The story word is in another clause; cancelling "the one ... has a nurse who kills" would also
    # cancel "the one on Smith Street has a carer who hits residents", a real report.
    "mum loves crime novels, the one she's on has a nurse who kills patients": "story told across a comma",
}

# Each class: the route every positive message must get exactly, the positives (varied
# wording: dialect, text-speak, contact-centre notes, plain words, the risk at the end of a
# long message) and hard negatives (the same words in a harmless sense) with their own route.
CLASSES: dict[str, tuple[str, list[str], list[tuple[str, str]]]] = {
    "crisis_indirect": (
        "crisis",
        [
            "sorted my will out and paid for the funeral, cancelled the milk and the papers. wont be needing them after this week",
            "Caller states she has rehomed her two cats and given her wedding ring to her niece as she 'won't need it where she's going'.",
            "I've paid off all my debts and said sorry to everyone I've let down. Just want you to know I'm grateful x",
            "Since Jean passed I just want to go and join her, I've made my mind up",
            "been up the multi storey a few times this week just looking over the edge",
            "i keep going down to the railway bridge and standing there watching the trains",
            "I've been keeping back some of my insulin, just in case, for when it gets too bad",
            "I've looked into Dignitas and if they won't take me I'll do it myself",
            "dad keeps his shotgun in the shed and he's been saying there's no point any more",
            "I won't be around much longer so don't worry about the assessment",
            "I'll stop being a burden to all of you soon, I promise",
            "wouldnt mind if i didnt wake up tomoz tbh",
            "Hi, I'm writing about my mum's council tax reduction, she's 82 and on pension credit and we've sent "
            "the form twice with no reply. Also she's been giving all her jewellery away to the grandkids saying "
            "she won't need it soon.",
        ],
        [
            ("I'm making a will, who can help me with that", "none"),
            ("we're rehoming our dog because I'm moving into sheltered housing", "none"),
            ("I'm giving my old clothes to the charity shop as they don't fit me", "none"),
            ("we went for a walk along the cliffs at the weekend, lovely day", "none"),
            ("I keep a few spare tablets in my bag just in case I'm out late", "none"),
            ("mum has paid off her mortgage and wants to know about pension credit", "none"),
            ("dad loves watching the trains from the railway bridge", "none"),
            ("I've been going to the bridge club on Tuesdays", "none"),
            ("I've been to the car park by the river a few times this week", "none"),
            ("I keep my tablets by the bed", "none"),
            ("the doctor held back my medication until the review", "none"),
            ("with a stairlift I'll no longer be a burden on my daughter", "none"),
            ("since mum died dad just wants to be with her family", "none"),
            ("I've made a will and paid off my mortgage, what about care fees", "none"),
        ],
    ),
    "self_harm": (
        "crisis",
        [
            "been using a razor on my arms again",
            "I hold a lighter to my skin when it gets too much",
            "he bangs his head on the wall till it bleeds",
            "cut again last night, deeper this time",
            "I scratch my arms raw with my nails when im stressed",
            "I punch walls till my knuckles bleed",
            "my son bites his hands till they bleed when he's upset",
            "ive started doing it again with the blade out of a pencil sharpener",
            "i carve words into my legs",
            "Caller disclosed she has been burning her arms with cigarettes",
        ],
        [
            ("I cut my finger chopping onions", "medical"),
            ("he banged his head on the cupboard door, he's fine", "none|medical"),
            ("I cut deep into my thumb with the bread knife", "none|medical"),
            ("had my hair cut again today", "none"),
            ("I need a new razor for shaving dad", "none"),
            ("I burnt my hand on the oven, should I see someone", "medical"),
        ],
    ),
    "coercive_control": (
        "safeguarding",
        [
            "I have to ask him permission before I buy anything, even a coffee",
            "my partner chooses what clothes I wear and who I'm allowed to be friends with",
            "he tracks my phone and goes mad if I'm not where I said",
            "She keeps the only key to the flat so I can't go out when she's at work",
            "he goes through my phone every night and reads all my messages",
            "there are new rules at home, I have to be back by 6 and ask before I put the heating on",
            "my son-in-law decides when mum can see us and listens in on her calls",
            "Client reports husband monitors her spending, gives her £10 a week and times her when she goes to the shop",
            "he's put an app on my phone so he knows where I am all the time",
            "my boyfriend wont let me see my mates or my family",
        ],
        [
            ("my daughter has my spare key in case I fall", "none"),
            ("I let my son track my phone so he knows I'm safe", "none"),
            ("my husband does our budget and I'm happy with that", "none"),
            ("the care home has rules about visiting times, what are they", "none"),
            ("my wife decides what we eat for tea", "none"),
            ("my husband chooses what we watch on telly", "none"),
            ("what am I allowed to eat with my diabetes", "none"),
            ("what I'm allowed to spend my direct payment on", "none"),
            ("the council has new rules, I have to reapply for my blue badge", "none"),
            ("I record my calls so I remember what was said", "none"),
            ("we put a tracker on mum's phone because she has dementia and gets lost", "none"),
        ],
    ),
    "psychological": (
        "safeguarding",
        [
            "the staff copy his stammer and laugh at him",
            "my brother calls me a retard and says nobody wants me",
            "she takes the mick out of my wheelchair in front of people",
            "he tells me I'm thick and useless every day",
            "my carer says I'm a waste of space and should be grateful",
            "my daughter-in-law keeps telling mum she's going mad and making things up",
            "he copies the way I walk and everyone laughs at me",
            "they call me stupid cos i cant read",
            "my son screams in my face and calls me a useless old cow",
        ],
        [
            ("my grandkids tease me about my phone, it's lovely", "none"),
            ("I have a stammer, is there a speech therapist I can see", "none"),
            ("my husband copies my recipes and laughs at his own cooking", "none"),
            ("my son says he's useless at DIY", "none"),
            ("my carer says she's useless at cooking", "none"),
        ],
    ),
    "discriminatory": (
        "safeguarding",
        [
            "the carer keeps making comments about my religion and won't touch my food because I'm Muslim",
            "one of the carers called my dad a paki",
            "staff at the home won't help him wash because he's gay, they laugh about it",
            "the new worker mocks mum's headscarf and her prayers",
            "the night staff call the black residents monkeys",
            "my carer said disabled people like me shouldn't be allowed to have kids",
            "support worker keeps calling my partner 'it' because she's trans",
            "the agency carer refuses to care for my husband because of his colour",
            "they treat mum worse than the others because she's Polish and her English isn't good",
        ],
        [
            ("do you have carers who speak Urdu", "none"),
            ("mum is Muslim and would like a female carer", "none"),
            ("is there an LGBT social group for older people", "none"),
            ("my grandson calls me a cheeky monkey", "none"),
            ("mum is deaf so she can't talk on the phone because of her disability", "none"),
        ],
    ),
    "organisational": (
        "safeguarding",
        [
            "at mum's care home they strap her into the chair so she can't get up",
            "they tied him to his chair with a sheet",
            "the ward leaves her dinner on the side where she can't reach it and takes it away uneaten",
            "every morning dad is sat in a soaking wet pad, they don't change him overnight",
            "a male staff member goes into my sister's room at night at the supported living place",
            "they lock residents in their rooms at night at the home",
            "the home has taken his walking frame away so he can't wander",
            "Visited nan at the nursing home, she was in yesterday's clothes, drink out of reach and her call bell unplugged",
            "residents are left sitting in the lounge in their own urine for hours",
            "in the supported living they only let him shower once a week and make him go to bed at 7",
        ],
        [
            ("the care home staff are lovely, they take her to the garden every day", "none"),
            ("dad needs incontinence pads, who supplies them", "none|medical"),
            ("she's strapped into the seat on the minibus for safety", "none"),
            ("the care home has a locked front door", "none"),
            ("can I visit my mum in the care home in the evening", "none"),
        ],
    ),
    "scams": (
        "safeguarding",
        [
            "mum's met a man on facebook who says he's in the army overseas and she's sent him £3000 for his flight home",
            "dad has been talking to a woman online for months, she needs money for her hospital bills and he keeps sending it",
            "some men came round saying his roof tiles were loose and charged him £8000 for a day's work",
            "a bloke knocked on mum's door saying her drive needed doing and took her to the bank to get cash",
            "my aunt keeps getting letters saying she's won and has to pay a fee to claim it",
            "she's in love with someone she's never met and has given him all her savings",
            "got a text from 'my son' on a new number asking me to pay a bill for him",
            "a man pretending to be from the bank rang and told dad to move his money to a safe account",
            "Caller concerned neighbour has paid a gardener £2,000 upfront who never came back",
        ],
        [
            ("I met my husband online and we've been married ten years", "none"),
            ("a man knocked on the door about the census", "none"),
            ("I want to send some money to my grandson at university", "none"),
        ],
    ),
    "cuckooing": (
        "safeguarding",
        [
            "some lads have moved into my brother's flat and he can't get them out",
            "there are people dealing from my uncle's flat and he sleeps on the floor now",
            "a group of men have taken over my neighbour's place, he has learning disabilities",
            "my son's so called friends are using his flat to sell drugs and won't leave",
            "since these lads started coming round Gary's been staying at his mum's and they've got his keys",
            "there's people coming and going from Daisy's flat at all hours and she looks frightened",
            "he lets them stay cos they say they're his mates but they eat all his food and take his money",
            "a woman moved in with my neighbour who has a learning disability and now he's not allowed in his own living room",
        ],
        [
            ("my son and his friends are staying at mine for the weekend", "none"),
            ("my lodger moved in last month, how does that affect my council tax", "none"),
            ("my grandson has taken over the spare room with his computer", "none"),
            ("I sell cakes from home, do I need to tell benefits", "none"),
            ("my son uses my house as a base when he visits", "none"),
            ("my daughter moved in and has her own bedroom", "none"),
            ("my grandkids keep coming round and they've got my keys", "none"),
        ],
    ),
    "self_neglect": (
        "safeguarding",
        [
            "you can't get through the front door for all the stuff, it's piled floor to ceiling",
            "his kitchen has mouldy food everywhere and flies all over",
            "she's living on biscuits and won't let anyone help",
            "dad won't wash and smells, he says he's fine and refuses any help",
            "there's no way through the hall, boxes and bags up to the ceiling",
            "my brother hasn't changed his clothes in weeks and the flat stinks of wee",
            "the neighbour's toilet has been blocked for months and he just uses buckets",
            "mum keeps all her newspapers, there's only a path from the bed to the door",
            "he's had nothing but tea and biscuits for weeks and won't see the doctor",
            "bins overflowing inside, cat mess everywhere, she says leave her alone",
        ],
        [
            ("I need help cleaning the house now I can't bend", "none"),
            ("my garage is full of junk, does the council take bulky waste", "none"),
            ("I live on my own and mostly eat ready meals", "none"),
            ("I don't like baths, can I have a shower fitted", "none"),
            ("I need help cleaning every room, things are getting on top of me", "none"),
            ("I can't get through to the post office on the phone", "none"),
            ("the clothes are piled up, I can't manage the washing", "none"),
            ("there's rotten window frames and the landlord refuses to help", "none"),
            ("the cat keeps bringing in mice and there's cat mess everywhere", "none"),
        ],
    ),
    "child_neglect": (
        "safeguarding",
        [
            "the toddler next door was out on the street on his own at 11 at night",
            "the mum over the road is off her face most days and the kids are running wild",
            "my niece's kids go to school in dirty clothes and come to mine hungry",
            "neighbours leave their 6 year old on her own while they go to the pub",
            "the parents are passed out drunk and the baby's been screaming for hours",
            "my grandson's dad smacks him with a belt",
            "the 4 year old from number 12 was wandering by the main road in his pyjamas this morning",
            "my daughter's boyfriend is too drunk to look after the baby and she's at work",
        ],
        [
            ("my grandchildren are staying with me for half term", "none"),
            ("the kids next door play out till it gets dark in summer", "none"),
            ("my son is off to uni, what support is there for carers", "none"),
            ("the kids are high on sugar after the party", "none"),
            ("the grandkids come round hungry after school", "none"),
        ],
    ),
    "emergency_indirect": (
        "emergency",
        [
            "he's gone grey and clammy and he's gasping",
            "her mouth is drooping on one side and the words won't come out",
            "my diabetic husband won't wake up properly and he's sweating",
            "can smell gas and mum is really drowsy",
            "my brother has just drunk weedkiller",
            "dad fell and his hip is at a funny angle",
            "my friend texted me goodbye and said she'd cut deep and now she won't answer",
            "nan's just swallowed some bleach by mistake",
            "he's slumped in his chair, grey and sweating and won't answer me",
        ],
        [
            ("dad looks a bit pale today after his flu jab", "none|medical"),
            ("his speech doesn't make sense since the dementia got worse", "none|medical"),
            ("I can't get my words out because of my stammer", "none|medical"),
            ("I bought weedkiller for the garden, is it safe round pets?", "none"),
            ("she texted goodbye as she's off on holiday", "none"),
        ],
    ),
    "urgent_breakdown": (
        "urgent",
        [
            "the carer didn't turn up this morning and mum is still in bed at 2pm",
            "the care agency has gone bust today and nobody is coming tonight",
            "the boiler's broken and it's freezing, my nan is 94",
            "dad was discharged this afternoon and he can't get in the house, the key safe isn't fitted",
            "her care package hasn't been restarted since she came home from hospital",
            "respite won't take him back tonight and I can't cope with him",
            "I'm in A&E and my husband who has dementia is home alone",
            "no carers since Friday, he's not had a wash or a proper meal",
            "mum's carer has been taken into hospital and she has nobody",
            "the carers rang and said they can't cover tonight so no one will put dad to bed",
        ],
        [
            ("the carer was late this morning but she came", "none"),
            ("we're getting a new boiler next week", "none"),
            ("dad comes out of hospital next week, what support is there", "none"),
            ("can I book respite for July", "none"),
            ("mum has dementia and can't be left alone", "none"),
            ("I've had no calls for two weeks from my son", "none"),
        ],
    ),
    # ------------------------------------------------------------ false-alarm classes
    "fa_training_study": (
        "none",
        [
            "do you do safeguarding awareness training for volunteers?",
            "I'm writing a dissertation on self-neglect in older people, can I interview one of your social workers?",
            "Where can I find the council's policy on restraint in care homes?",
            "is there a course on spotting coercive control for our church group",
            "I have an interview for a support worker job, what do they ask about abuse",
            "my essay is about suicide prevention in men over 50",
            "we're doing a project at college about cuckooing",
            "can someone come and give a talk on scams at our luncheon club",
            "what's the difference between neglect and self-neglect for my nvq",
        ],
        [
            ("I'm doing a course and my tutor hits me", "safeguarding"),
            ("we had suicide awareness training but I still want to die", "crisis"),
        ],
    ),
    "fa_fiction_news": (
        "none",
        [
            "I'm reading a book where the husband poisons his wife slowly",
            "in Emmerdale last night he locked her in the cellar",
            "watched a film about a woman who was strangled by her lodger",
            "saw on the news that an old man was scammed out of his savings",
            "mum loves crime novels, the one she's on has a nurse who kills patients",
            "the storyline in Corrie where she's being controlled by her husband is so upsetting",
            "there was a documentary about care homes tying people to chairs",
            "my book club is reading a novel about a girl who self-harms",
        ],
        [
            ("I was reading a book when my son hit me", "safeguarding"),
            ("saw on the news about scams and realised my carer has been taking my money", "safeguarding"),
        ],
    ),
    "fa_past_over": (
        "none",
        [
            "had a scare at Christmas when mum collapsed, she's fine now",
            "he used to hoard but we cleared it all last year and it's been fine since",
            "my dad fell over in the summer, no harm done and he's back to normal",
            "I had a bad patch a few years ago with dark thoughts but I'm doing really well now",
            "she was scammed in 2019 but the bank refunded everything and she's fine",
            "the carers missed a visit back in March but they've been brilliant since",
            "mum had a stroke five years ago and made a good recovery",
            "dad was in hospital last month with a chest infection but he's much better",
        ],
        [
            ("mum collapsed at Christmas and again today and she isn't breathing", "emergency"),
            ("he used to hoard, it's all come back and you can't get in the door", "safeguarding"),
        ],
    ),
    "fa_hypothetical": (
        "none",
        [
            "what would happen if my carer didn't turn up?",
            "who do I call if mum falls and can't get up?",
            "if my husband goes into hospital who would look after me?",
            "what should I do if I think someone is being scammed",
            "what happens if the care agency goes bust",
            "if the heating breaks in winter can the council help?",
            "how would I know if my neighbour was being cuckooed",
            "in case of a fire who should I ring first",
        ],
        [
            ("what happens now, my carer didn't turn up and I can't get up", "urgent"),
            ("who do I call, mum has fallen and can't get up", "urgent"),
        ],
    ),
    "fa_care_fees": (
        "none",
        [
            "will they take dad's house to pay for his care home?",
            "do I have to sell mum's house to pay for her care",
            "can the council take my savings for care fees",
            "my brother has power of attorney, can he use mum's money to pay her care fees",
            "will they take my pension if I go in a home",
            "how much of nan's savings will she have left after the care fees",
            "is the house counted if my wife still lives there",
        ],
        [
            ("my brother has power of attorney and has been spending mum's savings on himself", "safeguarding"),
            ("my son took my pension and says it's for care fees but I'm not in a home", "safeguarding"),
        ],
    ),
    "fa_idioms": (
        "none",
        [
            "this is an abuse of power by the council",
            "the assessor is killing me with questions",
            "these forms are killing me",
            "my grandson will be the death of me",
            "I nearly had a heart attack when I saw the gas bill",
            "the waiting list is a joke, it's torture",
            "I'd kill for a decent night's sleep",
            "my daughter drives me up the wall but she means well",
        ],
        [
            ("these forms are killing me and my son hits me every night", "safeguarding"),
        ],
    ),
}


def _param(*values: str, text: str):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[text])] if text in KNOWN else []
    return pytest.param(*values, marks=marks)


POSITIVES = [_param(name, route, text, text=text) for name, (route, texts, _) in CLASSES.items() for text in texts]
NEGATIVES = [(name, text, route) for name, (_, _, controls) in CLASSES.items() for text, route in controls]


@pytest.mark.parametrize(("name", "route", "text"), POSITIVES)
def test_class_message_gets_its_route(engine, name, route, text):
    result = engine.triage(text)
    assert result.route == route, (name, result.to_dict())


@pytest.mark.parametrize(("name", "text", "routes"), NEGATIVES)
def test_hard_negative_control(engine, name, text, routes):
    """`routes` may allow a non-risk alternative ("none|medical"): a knock is not a risk, but may be medical."""
    result = engine.triage(text)
    assert result.route in routes.split("|"), (name, result.to_dict())
