"""`python -m directory <command>`: import, export, search, load-sample, load-postcodes.

The database is DATABASE_URL (SQLite under var/ by default, see core/settings.py). Exit status:
0 done, 1 the input could not be used (nothing was changed), 2 the command line was wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m directory", description="Front Door community directory")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    imp = commands.add_parser("import", help="Import an ORUK v1/v3 feed from a file or http(s) URL")
    imp.add_argument("source", help="file path or http(s) URL of an ORUK /services feed")
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    exp = commands.add_parser("export", help="Write the directory as ORUK v3 JSON")
    exp.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    find = commands.add_parser("search", help="Find services for a resident's words")
    find.add_argument("text")
    find.add_argument("--postcode")
    find.add_argument("--age", type=int)
    find.add_argument("--open-now", action="store_true")
    find.add_argument("--free", action="store_true")
    find.add_argument("--limit", type=int, default=5)
    find.add_argument("--json", action="store_true", help="machine-readable output")
    commands.add_parser("load-sample", help="Load the fictional Sample Borough directory and its postcodes")
    pcs = commands.add_parser("load-postcodes", help="Load the ONS Postcode Directory CSV (columns pcds, lat, long)")
    pcs.add_argument("csv", type=Path)
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    from core.settings import Settings

    database_url = Settings.from_env().database_url
    handler = {"import": _import, "export": _export, "search": _search, "load-sample": _load_sample,
               "load-postcodes": _load_postcodes}[args.command]
    return handler(args, database_url)


def _import(args, database_url: str) -> int:
    from directory.importer import FeedError, import_feed

    try:
        summary = import_feed(database_url, args.source, show_progress=not args.quiet)
    except FeedError as error:
        print(f"Import failed: {error}", file=sys.stderr)
        print("The directory was not changed.", file=sys.stderr)
        return 1
    print(summary.report())
    return 0


def _export(args, database_url: str) -> int:
    from directory.exporter import export_v3

    with _session(database_url) as session:
        page = export_v3(session)
    text = json.dumps(page, indent=1, ensure_ascii=False)
    if args.output:
        try:
            args.output.write_text(text + "\n", encoding="utf-8")
        except OSError as error:
            print(f"Cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
            return 1
        print(f"Wrote {page['total_items']} services to {args.output}", file=sys.stderr)
    else:
        print(text)
    return 0


def _search(args, database_url: str) -> int:
    from directory.search import search_services

    if not 1 <= args.limit <= 100:
        print("--limit must be between 1 and 100", file=sys.stderr)
        return 2
    with _session(database_url) as session:
        found = search_services(session, args.text, postcode=args.postcode, age=args.age, open_now=args.open_now,
                                free_only=args.free, limit=args.limit)
    if args.json:
        print(json.dumps([m.as_dict() for m in found.matches], indent=1, ensure_ascii=False))
        if found.message:
            print(found.message, file=sys.stderr)
        return 0
    if found.message:
        print(f"Note: {found.message}")
    if found.needs:
        print("Understood: " + "; ".join(found.needs))
    if not found.matches:
        print("No services found. Try other words, or call the council's adult social care team.")
    for number, match in enumerate(found.matches, start=1):
        print(f"\n{number}. {match.name}" + (f" ({match.organization})" if match.organization else ""))
        print(f"   Why: {', '.join(match.why)}")
        details = [f"Phone {match.phone}" if match.phone else None, match.cost,
                   f"{match.distance_km} km away" if match.distance_km is not None else None,
                   "Open now" if match.open_now else (f"Next open {match.next_open[:16].replace('T', ' ')}"
                                                      if match.next_open else None)]
        if any(details):
            print("   " + " · ".join(d for d in details if d))
        if match.address:
            print(f"   {match.address}")
        if match.url:
            print(f"   {match.url}")
    return 0


def _load_sample(_args, database_url: str) -> int:
    from directory.sample import load_sample

    summary = load_sample(database_url, show_progress=True)
    print(summary.report())
    print("Loaded Sample Borough postcode areas (SB1-SB9).")
    return 0


def _load_postcodes(args, database_url: str) -> int:
    from tqdm import tqdm

    from core.db import make_engine, upgrade
    from directory.postcodes import PostcodeFileError, load_onspd, read_onspd
    from directory.store import bump_data_version

    try:  # check the file before touching the database
        next(iter(read_onspd(args.csv)), None)
    except PostcodeFileError as error:
        print(f"Cannot load postcodes: {error}", file=sys.stderr)
        return 1
    upgrade(database_url)
    engine = make_engine(database_url)
    bar = tqdm(desc="Loading postcodes", unit="postcode", file=sys.stderr)
    try:
        with engine.begin() as connection:
            loaded = load_onspd(connection, args.csv, progress=bar.update)
            bump_data_version(connection)
    except PostcodeFileError as error:
        print(f"Cannot load postcodes: {error}. Nothing was changed.", file=sys.stderr)
        return 1
    finally:
        bar.close()
        engine.dispose()
    print(f"Loaded {loaded} live postcodes from {args.csv}")
    return 0


def _session(database_url: str):
    from core.db import make_engine, make_session_factory, upgrade

    upgrade(database_url)
    return make_session_factory(make_engine(database_url))()


if __name__ == "__main__":
    sys.exit(main())
