"""`python -m bot referrals ...`: the duty team's queue from a terminal.

    list [--status new] [--route R] [--limit N] [--json]
    show ID [--json]
    claim ID --by NAME [--json]
    note ID --by NAME --text TEXT [--json]
    close ID --by NAME --outcome TEXT [--reassign] [--json]
                               (a claimed referral: only its claimer, or a manager with --reassign)
    reopen ID --by NAME --reason TEXT [--json]   (the only change a closed referral takes)
    resume ID --by NAME        (un-pause the person's chat once a worker has picked it up)
    flush-spool

The database is DATABASE_URL (see core/settings.py). Any problem is one clear line on stderr
and exit status 1; nothing is changed by a command that fails.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from bot.referrals.models import STATUSES
from bot.referrals.records import ReferralError
from bot.referrals.render import details, table
from bot.referrals.resume import resume_conversation
from bot.referrals.service import open_store
from core.vocabulary import REFERRAL_ROUTES


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """Mistyped commands are errors like any other: a message and exit status 1."""

    def error(self, message: str):
        raise UsageError(f"{message} (see: python -m bot referrals --help)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m bot referrals", description="Referrals waiting for the duty team.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMAND")

    listing = commands.add_parser("list", help="referrals, most urgent first then newest")
    listing.add_argument("--status", choices=STATUSES)
    listing.add_argument("--route", choices=REFERRAL_ROUTES)
    listing.add_argument("--limit", type=int, default=200)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    show = commands.add_parser("show", help="everything about one referral, with its history")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")

    claim = commands.add_parser("claim", help="take a new referral")
    claim.add_argument("id")
    claim.add_argument("--by", required=True, help="your name, as the audit trail should show it")
    claim.add_argument("--json", action="store_true")

    note = commands.add_parser("note", help="add a note to a referral")
    note.add_argument("id")
    note.add_argument("--by", required=True)
    note.add_argument("--text", required=True)
    note.add_argument("--json", action="store_true")

    close = commands.add_parser("close", help="close a referral with its outcome")
    close.add_argument("id")
    close.add_argument("--by", required=True)
    close.add_argument("--outcome", required=True)
    close.add_argument("--reassign", action="store_true",
                       help="close a referral a colleague has claimed (a manager's decision)")
    close.add_argument("--json", action="store_true")

    reopen = commands.add_parser("reopen", help="put a closed referral back in the queue, with the reason")
    reopen.add_argument("id")
    reopen.add_argument("--by", required=True)
    reopen.add_argument("--reason", required=True)
    reopen.add_argument("--json", action="store_true")

    resume = commands.add_parser("resume", help="let the person carry on in the chat (it pauses at a handoff)")
    resume.add_argument("id")
    resume.add_argument("--by", required=True)
    resume.add_argument("--json", action="store_true")

    commands.add_parser("flush-spool", help="store referrals kept on disk while the database was down")
    return parser


def main(argv: list[str] | None = None) -> int:
    # The command prints its own plain summary; only real errors (an unreadable spool file) are logged.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    try:
        args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    store = None
    try:
        store = open_store()
        return _run(store, args)
    except ReferralError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except ValueError as error:  # a setting such as DATABASE_URL or FRONTDOOR_NOW is malformed
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.dispose()


def _run(store, args) -> int:
    if args.command == "list":
        views = store.list(status=args.status, route=args.route, limit=args.limit)
        _print([view.to_dict() for view in views] if args.json else table(views), args.json)
        return 0
    if args.command == "flush-spool":
        return _flush(store)
    if args.command == "show":
        view = store.get(args.id)
        if view is None:
            raise ReferralError(f"There is no referral {args.id.strip().upper()}.")
        _print(view.to_dict() if args.json else details(view), args.json)
        return 0
    if args.command == "claim":
        view = store.claim(args.id, args.by)
        message = f"{view.id} is now claimed by {view.claimed_by}."
    elif args.command == "note":
        view = store.add_note(args.id, args.by, args.text)
        message = f"Note added to {view.id}."
    elif args.command == "resume":
        view = resume_conversation(store, args.id, args.by)
        message = f"{view.id}: the conversation is resumed."
    elif args.command == "reopen":
        view = store.reopen(args.id, args.by, args.reason)
        message = f"{view.id} is open again."
    else:
        view = store.close(args.id, args.by, args.outcome, may_reassign=args.reassign)
        message = f"{view.id} is closed."
    _print(view.to_dict() if args.json else message, args.json)
    return 0


def _flush(store) -> int:
    stored = store.flush_spool()
    waiting = store.pending_spool()
    unreadable = store.spool.unreadable()
    print(f"Stored {stored} spooled referral{'s' if stored != 1 else ''}.")
    if unreadable:
        print(f"error: {len(unreadable)} spool file(s) cannot be read and need a person to look at them in "
              f"{store.spool.directory}", file=sys.stderr)
    if waiting:
        print(f"error: {waiting} referral(s) are still waiting in the spool: the database is not taking them yet.",
              file=sys.stderr)
    return 1 if waiting or unreadable else 0


def _print(data, as_json: bool) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False) if as_json else data)
