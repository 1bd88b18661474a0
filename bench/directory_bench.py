"""Directory figures: relevance against a keyword baseline, search latency, import and index speed.

    .venv/bin/python bench/directory_bench.py [--json] [--size 50000] [--relevance-only]

Relevance: the judged resident messages in tests/directory/relevance_bristol.yml, on the real
Bristol ORUK v1 feed (../shared/data/oruk/), comparing our search with SQLite FTS5 BM25 over name
+ description with the message's words OR-ed: nDCG@5 and success@3.
Speed: a synthetic directory of --size services generated from realistic vocabulary (seeded, so
every run builds the same one) is imported through the real importer into SQLite; the index is
built; every judged message (plus postcode and age variants) is searched repeatedly for p50/p95.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import select  # noqa: E402

from core.db import make_engine, make_session_factory, upgrade  # noqa: E402
from directory.evaluation import Fts5Baseline, evaluate, load_judgements  # noqa: E402
from directory.importer import import_feed  # noqa: E402
from directory.index import DirectoryIndex  # noqa: E402
from directory.models import Service  # noqa: E402
from directory.search import search_services  # noqa: E402

BRISTOL = (REPO / "../shared/data/oruk/bristol_oruk_v1_services_2024-12.json").resolve()
JUDGED = REPO / "tests/directory/relevance_bristol.yml"

# Realistic service wording per kind of service: (name parts, sentences services write).
KINDS = {
    "befriending": (["Befriending", "Telephone Friends", "Good Neighbours", "Friendship Calls"],
                    ["Volunteers visit older people who live alone for a cup of tea and a chat.",
                     "A weekly friendship call for people who feel lonely or isolated.",
                     "We match you with a volunteer who shares your interests."]),
    "lunch": (["Lunch Club", "Community Meal", "Friday Lunch", "Soup and Social"],
              ["A two-course hot lunch with company, followed by bingo or a quiz.",
               "Pay-as-you-feel community meal cooked by volunteers.", "Transport can be arranged."]),
    "carers": (["Carers Group", "Carers Support", "Carers Cafe", "Sitting Service"],
               ["Support and a break for unpaid carers looking after a family member.",
                "A volunteer sits with the person you care for so you can have a few hours off.",
                "Meet other carers, share tips and get advice on carers assessments."]),
    "dementia": (["Memory Cafe", "Singing for the Brain", "Dementia Friends Group", "Reminiscence Club"],
                 ["A relaxed cafe for people living with dementia and their carers.",
                  "Music, reminiscence and activities for people with memory problems.",
                  "Dementia advisers are on hand to answer questions."]),
    "active": (["Tai Chi", "Chair Exercise", "Health Walk", "Strength and Balance", "Walking Football", "Zumba Gold"],
               ["Gentle exercise to improve strength, balance and confidence.",
                "Classes suitable for beginners and people with limited mobility.",
                "Reduce your risk of falls and stay independent."]),
    "mental": (["Wellbeing Group", "Talking Therapies", "Peer Support", "Mindfulness Course"],
               ["Support for people experiencing anxiety, depression or stress.",
                "A safe space to talk about how you are feeling.", "Free counselling sessions are available."]),
    "bereavement": (["Bereavement Support", "Grief Cafe", "Bereavement Group"],
                    ["Support for anyone who has lost a loved one.", "Trained volunteers listen and help you cope with grief."]),
    "ld": (["Day Opportunities", "Learning Disability Club", "Life Skills Group"],
           ["Activities and friendship for adults with a learning disability.",
            "Support to learn new skills, cook, budget and travel independently."]),
    "sensory": (["Sight Support", "Hearing Aid Clinic", "Lipreading Class", "Talking Newspaper"],
                ["Help for people living with sight loss or hearing loss.",
                 "Hearing aid batteries, re-tubing and advice on managing hearing loss."]),
    "money": (["Advice Centre", "Benefits Advice", "Debt Advice", "Money Matters"],
              ["Free, confidential advice on benefits, debt and bills.",
               "Help filling in forms for Pension Credit and Attendance Allowance."]),
    "digital": (["Computer Club", "Digital Help", "Tablet Training"],
                ["Friendly help with computers, tablets, smartphones and the internet."]),
    "food": (["Food Bank", "Community Pantry", "Community Fridge"],
             ["Emergency food parcels for people in crisis.", "Low-cost groceries for people on a low income."]),
    "transport": (["Community Transport", "Dial-a-Ride", "Volunteer Drivers"],
                  ["Door-to-door transport for people who cannot use buses.", "Lifts to medical appointments and shops."]),
    "volunteer": (["Volunteer Centre", "Volunteering"],
                  ["Find volunteering opportunities that suit you.", "Help others and make new friends."]),
    "housing": (["Housing Advice", "Tenancy Support"],
                ["Advice if you are homeless or at risk of losing your home.", "Help with landlords, rent and repairs."]),
    "social": (["Coffee Morning", "Social Club", "Craft Group", "Knit and Natter", "Men's Shed", "Community Choir"],
               ["A friendly group to meet new people and try something new.", "Tea, cake and good company."]),
}
FILLER = ["Everyone welcome.", "Refreshments provided.", "Please call to find out more.", "No need to book.",
          "We are a small local charity run by volunteers.", "The venue is accessible.", "Free parking nearby.",
          "Sessions run during term time only.", "Booking essential.", "Donations welcome."]
AREAS = ["Northgate", "Eastfield", "Southmoor", "Westbrook", "Oakfield", "Millbrook", "Hatherley", "Kingsmead",
         "Riverside", "Hillside", "Abbey", "Castle", "Meadow", "Brook", "Park"]


def synthetic_feed(size: int, seed: int = 42) -> dict:
    rng = random.Random(seed)
    kinds = list(KINDS)
    locations = [{"id": f"loc-{n}", "name": f"{rng.choice(AREAS)} {rng.choice(['Hall', 'Centre', 'Library', 'Church'])}",
                  "latitude": 52.90 + rng.random() * 0.1, "longitude": -1.0 + rng.random() * 0.12,
                  "addresses": [{"id": f"addr-{n}", "address_1": f"{rng.randint(1, 200)} High Street",
                                 "postal_code": f"SB{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFG')}"
                                                f"{rng.choice('HJLNPQ')}"}]} for n in range(max(1, size // 3))]
    contents = []
    for n in range(size):
        kind = kinds[n % len(kinds)]
        names, sentences = KINDS[kind]
        text = rng.sample(sentences, k=min(len(sentences), rng.randint(1, 3))) + rng.sample(FILLER, k=rng.randint(1, 3))
        if rng.random() < 0.02:
            text.append("This event has been cancelled.")
        day = rng.choice(["MO", "TU", "WE", "TH", "FR", "SA"])
        contents.append({
            "id": f"syn-{n}", "name": f"{rng.choice(AREAS)} {rng.choice(names)}", "description": " ".join(text),
            "status": "active", "organization": {"id": f"org-{n // 5}", "name": f"{rng.choice(AREAS)} Community Trust"},
            "phones": [{"id": f"ph-{n}", "number": f"01632 960 {rng.randint(0, 999):03d}"}],
            "schedules": [{"id": f"sch-{n}", "freq": "WEEKLY", "byday": day, "opens_at": f"{rng.randint(9, 14)}:00:00",
                           "closes_at": f"{rng.randint(15, 18)}:00:00"}],
            "cost_options": [{"id": f"cost-{n}", "amount": rng.choice([0, 0, 2, 3.5, 5])}],
            "service_at_locations": [{"id": f"sal-{n}", "location": rng.choice(locations)}],
        })
    return {"total_items": size, "total_pages": 1, "page_number": 1, "size": size, "contents": contents}


def relevance(workdir: Path) -> dict:
    # The first import in a process also loads the lemma table and need taxonomy and creates the schema;
    # the second, into another fresh database, shows the per-record rate.
    cold_started = time.perf_counter()
    import_feed(f"sqlite:///{workdir / 'bristol-cold.db'}", str(BRISTOL), show_progress=False)
    cold = time.perf_counter() - cold_started
    url = f"sqlite:///{workdir / 'bristol.db'}"
    upgrade(url)  # the schema exists in real use (make run creates it), so time the import itself
    started = time.perf_counter()
    summary = import_feed(url, str(BRISTOL), show_progress=False)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    import_feed(url, str(BRISTOL), show_progress=False)
    reimport = time.perf_counter() - started
    judged = load_judgements(JUDGED)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        index = DirectoryIndex.build(session)
        rows = session.execute(select(Service.id, Service.name, Service.description)).all()
        base = evaluate(judged, Fts5Baseline((r.id, r.name, r.description or "") for r in rows).rank)
        ours = evaluate(judged, lambda text: [m.id for m in search_services(session, text, index=index).matches])
    engine.dispose()
    return {"messages": len(judged), "ours": ours, "fts5_bm25": base,
            "ratio_ndcg@5": ours["ndcg@5"] / max(base["ndcg@5"], 1e-9),
            "ratio_success@3": ours["success@3"] / max(base["success@3"], 1e-9),
            "bristol_import": {"services": summary.services, "read": summary.read, "seconds": round(seconds, 2),
                               "services_per_second": round(summary.read / seconds),
                               "reimport_per_second": round(summary.read / reimport),
                               "first_in_process_seconds": round(cold, 2),
                               "first_in_process_per_second": round(summary.read / cold)}}


def speed(workdir: Path, size: int) -> dict:
    feed_path = workdir / "synthetic.json"
    feed_path.write_text(json.dumps(synthetic_feed(size)), encoding="utf-8")
    url = f"sqlite:///{workdir / 'synthetic.db'}"
    upgrade(url)
    started = time.perf_counter()
    summary = import_feed(url, str(feed_path), show_progress=False)
    import_seconds = time.perf_counter() - started
    messages = [j.text for j in load_judgements(JUDGED)]
    engine = make_engine(url)
    timings = []
    with make_session_factory(engine)() as session:
        index = DirectoryIndex.build(session)
        variants = [{}, {"postcode": "SB3 4EF"}, {"age": 80}, {"free_only": True}]
        for message in messages[:5]:
            search_services(session, message, index=index)  # warm up
        for _round in range(3):
            for number, message in enumerate(messages):
                options = variants[number % len(variants)]
                started = time.perf_counter()
                search_services(session, message, index=index, **options)
                timings.append((time.perf_counter() - started) * 1000)
    engine.dispose()
    timings.sort()
    return {"services": summary.services, "import_seconds": round(import_seconds, 2),
            "import_services_per_second": round(summary.read / import_seconds),
            "index_build_seconds": round(index.build_seconds, 2), "searches": len(timings),
            "search_ms_p50": round(statistics.median(timings), 2),
            "search_ms_p95": round(timings[int(0.95 * (len(timings) - 1))], 2),
            "search_ms_max": round(timings[-1], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--relevance-only", action="store_true")
    args = parser.parse_args(argv)
    if not BRISTOL.exists():
        print(f"Bristol feed not found at {BRISTOL}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="directory-bench-") as folder:
        result = {"relevance": relevance(Path(folder))}
        if not args.relevance_only:
            result["speed"] = speed(Path(folder), args.size)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    rel = result["relevance"]
    print(f"Relevance on Bristol ({rel['messages']} judged messages):")
    for name in ("ours", "fts5_bm25"):
        print(f"  {name:10s} nDCG@5 {rel[name]['ndcg@5']:.3f}   success@3 {rel[name]['success@3']:.3f}")
    print(f"  ratio      nDCG@5 {rel['ratio_ndcg@5']:.1f}x   success@3 {rel['ratio_success@3']:.1f}x")
    imp = rel["bristol_import"]
    print(f"Bristol import into an empty directory: {imp['read']} records ({imp['services']} services) in "
          f"{imp['seconds']}s = {imp['services_per_second']}/s; re-import (updates) {imp['reimport_per_second']}/s; "
          f"first import in a new process, creating the schema and loading lemmas and taxonomy: "
          f"{imp['first_in_process_seconds']}s = {imp['first_in_process_per_second']}/s")
    if "speed" in result:
        sp = result["speed"]
        print(f"Synthetic directory: {sp['services']} services imported in {sp['import_seconds']}s "
              f"= {sp['import_services_per_second']}/s; index built in {sp['index_build_seconds']}s")
        print(f"Search over {sp['services']} services ({sp['searches']} searches): p50 {sp['search_ms_p50']} ms, "
              f"p95 {sp['search_ms_p95']} ms, max {sp['search_ms_max']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
