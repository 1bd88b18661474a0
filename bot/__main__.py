"""`python -m bot <command>`: the product's command line.

Each command lives in its own module with a `main(argv)`; the module is imported only when its
command runs, so `python -m bot triage` stays fast. `serve` and `retention` live in the operations
package (ops/, a layer above bot/): they are named here as strings, the one place bot/ points up,
so that `python -m bot serve` (what `make run` calls) keeps working.
"""

from __future__ import annotations

import argparse
import importlib
import sys

COMMANDS = {
    "triage": ("bot.triage.cli", "Route messages (JSON lines on stdin) to a safety response"),
    "referrals": ("bot.referrals.cli", "Duty-team referrals: list, show, claim, close"),
    "serve": ("ops.launcher", "Train if needed and start every server (what `make run` does)"),
    "retention": ("ops.retention", "Delete conversations older than the retention period"),
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m bot", description="Front Door command line")
    parser.add_argument("command", choices=sorted(COMMANDS), help="; ".join(f"{k}: {v[1]}" for k, v in COMMANDS.items()))
    if not argv or argv[0] not in COMMANDS:
        parser.print_help() if not argv else parser.parse_args(argv[:1])
        return 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    return module.main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main())
