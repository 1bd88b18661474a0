"""`python -m web` serves the web front; `python -m web add-staff NAME` adds or resets a staff account."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path

from core import log_privacy
from core.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web", description="Front Door web front")
    commands = parser.add_subparsers(dest="command")
    serve = commands.add_parser("serve", help="serve the chat page and staff console (the default)")
    serve.add_argument("--host", help="default FRONTDOOR_WEB_HOST or 127.0.0.1")
    serve.add_argument("--port", type=int, help="default FRONTDOOR_WEB_PORT or 8000")
    add = commands.add_parser("add-staff", help="add a staff account, or set a new password for one")
    add.add_argument("username")
    add.add_argument("--file", type=Path, help="default FRONTDOOR_STAFF_USERS or var/staff-users.yml")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"Configuration problem: {error}", file=sys.stderr)
        return 2
    if args.command == "add-staff":
        return add_staff(args.username, args.file or settings.staff_users_file or settings.var_dir / "staff-users.yml")
    return serve_app(settings, getattr(args, "host", None), getattr(args, "port", None))


def serve_app(settings: Settings, host: str | None, port: int | None) -> int:
    from aiohttp import web

    from web.app import create_app
    from web.security import PrivateAccessLogger

    log_privacy.install()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    host, port = host or settings.web_host, port or settings.web_port
    web.run_app(create_app(settings), host=host, port=port, access_log_class=PrivateAccessLogger,
                print=lambda _: print(f"Front Door web front on http://{host}:{port}/ (staff: /staff)", flush=True))
    return 0


def add_staff(username: str, users_file: Path) -> int:
    from web.passwords import password_problem
    from web.staff_users import StaffUsers, StaffUsersError, normalise_username, valid_username

    if not valid_username(username):
        print("A username is 1-64 letters, digits, dots, dashes, underscores or @.", file=sys.stderr)
        return 1
    if sys.stdin.isatty():
        password = getpass.getpass(f"New password for {normalise_username(username)}: ")
        if getpass.getpass("Type it again: ") != password:
            print("The passwords do not match; nothing was changed.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    problem = password_problem(password)
    if problem:
        print(f"Not saved: {problem}.", file=sys.stderr)
        return 1
    try:
        StaffUsers(users_file).set_password(username, password)
    except (StaffUsersError, OSError) as error:
        print(f"Not saved: {error}", file=sys.stderr)
        return 1
    print(f"Saved staff account {normalise_username(username)} in {users_file}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
