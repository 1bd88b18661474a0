"""`python -m actions.server`: the action server as `make run` starts it (rasa_sdk with two guards).

1. The data files the actions read (office hours, council details, needs, early-intervention
   offers) are checked before the server listens, so a typo stops start-up with the file and line
   instead of breaking a handoff mid-conversation.
2. Every call except GET /health must carry this run's shared secret (FRONTDOOR_ACTION_SECRET, from
   the environment, never the command line) in the `X-Frontdoor-Action-Secret` header, which only
   our Rasa server sends (the launcher writes it into Rasa's endpoints file as ${FRONTDOOR_ACTION_SECRET}).
   Anything else gets 401 before an action runs, so a hand-made tracker cannot make a referral.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys

from bot.council import load_council
from bot.hours import load_hours
from core import log_privacy
from core.settings import Settings
from directory.early_intervention import load_rules as load_early_intervention
from directory.needs import load_taxonomy

SECRET_HEADER = "X-Frontdoor-Action-Secret"
SECRET_ENV = "FRONTDOOR_ACTION_SECRET"
OPEN_PATHS = frozenset({"/health"})


def check_data_files(settings: Settings) -> None:
    """Read every data file the actions use; raises ValueError naming the file (and line) to fix."""
    load_council(settings.council_file)
    load_hours(settings.hours_file, settings.bank_holiday_nation)
    load_taxonomy()
    load_early_intervention()


def create_app(secret: str):
    """rasa_sdk's app for the `actions` package, refusing any request without `secret`."""
    from rasa_sdk.endpoint import create_app as sdk_app
    from sanic import response

    if not secret:
        raise ValueError(f"{SECRET_ENV} is empty: the action server would accept anyone")
    expected = secret.encode("utf-8")
    app = sdk_app("actions", cors_origins=None)

    @app.on_request
    async def require_secret(request):
        if request.path in OPEN_PATHS and request.method == "GET":
            return None
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, expected):
            return response.json({"error": "unauthorised"}, status=401)
        return None

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions.server", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-p", "--port", type=int, help="default FRONTDOOR_ACTION_PORT or 5055")
    args = parser.parse_args(argv)
    log_privacy.install()  # no message text, e-mail or phone number in this server's logs either
    try:
        settings = Settings.from_env()
        check_data_files(settings)
    except ValueError as error:
        print(f"Front Door action server cannot start: {error}", file=sys.stderr, flush=True)
        return 2
    secret = settings.action_secret
    if not secret:
        print(f"Front Door action server cannot start: {SECRET_ENV} is not set (`make run` sets it).",
              file=sys.stderr, flush=True)
        return 2

    from rasa_sdk import utils
    from rasa_sdk.plugin import plugin_manager

    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    app = create_app(secret)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    host = os.environ.get("SANIC_HOST", "127.0.0.1")
    port = args.port or settings.action_port
    logging.getLogger(__name__).info("Action server on http://%s:%s (calls need the shared secret)", host, port)
    app.run(host, port, workers=utils.number_of_sanic_workers())
    return 0


if __name__ == "__main__":
    sys.exit(main())
