"""`python -m ops.rasa_server run ...`: `rasa run` with its API token taken from the environment.

`rasa run` reads the token only from `--auth-token`, and a command line is visible to every user in
`ps`. The launcher starts this module instead, without the token; the token is added to this
process's own argument list, which `ps` does not show (it reads the one the process was started with).
"""

from __future__ import annotations

import os
import sys

TOKEN_ENV = "FRONTDOOR_RASA_TOKEN"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    token = os.environ.get(TOKEN_ENV, "")
    if not token or any(arg == "--auth-token" or arg.startswith("--auth-token=") for arg in argv):
        print(f"ops.rasa_server: give the API token in {TOKEN_ENV}, not on the command line.", file=sys.stderr)
        return 2
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *argv, "--auth-token", token]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
