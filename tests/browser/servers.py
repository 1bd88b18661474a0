"""Servers the browser tests start themselves: a web front on its own, and (opt-in) a stand-in bot.

`live_stack` normally runs the real servers through tests/support/stack.py. Setting
FRONTDOOR_BROWSER_STACK=fake swaps Rasa for the scripted stand-in below, which is only for working
on the pages quickly: it knows nothing about care, so only the real stack proves the bot's behaviour.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from tests.support.ports import free_port, wait_for_port
from tests.web.fake_rasa import FakeRasa

REPO = Path(__file__).resolve().parents[2]


@contextmanager
def web_front(workdir: Path, env: dict[str, str]):
    """`python -m web` as the launcher runs it; yields its base URL."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    child_env = {
        **os.environ,
        "FRONTDOOR_VAR_DIR": str(workdir / "var"),
        "DATABASE_URL": f"sqlite:///{workdir / 'frontdoor.db'}",
        **env,
        "FRONTDOOR_WEB_PORT": str(port),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    with open(workdir / f"web-{port}.log", "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "web"], cwd=REPO, env=child_env,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, timeout=60, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def scripted_bot(body: dict) -> list[dict]:
    """The stand-in's replies: enough shape (greeting, buttons, 999, case note) to exercise the pages."""
    text, staff = body["message"], body.get("metadata", {}).get("channel") == "staff"
    if text.startswith("/greet"):
        greeting = "Guided script (stand-in)." if staff else "Hello. I'm an automated helper (stand-in), not a person."
        return [{"text": greeting + "\nIf anyone is in danger now, call 999."},
                {"text": "Who is this about?", "buttons": [{"title": "Me", "payload": "/about_self"},
                                                            {"title": "Someone else", "payload": "/about_other"}]}]
    if "pills" in text or "swallowed" in text:
        return [{"text": "Please call 999 now and ask for an ambulance."}]
    return [{"text": f"Thank you. You said:\n- {text}"}]


@dataclass
class FakeStack:
    web_url: str
    rasa_url: str
    database_url: str
    action_url: str = ""

    def stop_action_server(self) -> None:
        raise NotImplementedError("the stand-in bot has no action server")


@contextmanager
def fake_stack(workdir: Path, env: dict[str, str]):
    rasa_port = free_port()
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(FakeRasa(reply=scripted_bot).app())

    def serve():
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", rasa_port).start())
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    wait_for_port(rasa_port, timeout=30)
    database_url = f"sqlite:///{workdir / 'frontdoor.db'}"
    try:
        with web_front(workdir, {**env, "FRONTDOOR_RASA_URL": f"http://127.0.0.1:{rasa_port}",
                                 "DATABASE_URL": database_url}) as url:
            yield FakeStack(web_url=url, rasa_url=f"http://127.0.0.1:{rasa_port}", database_url=database_url)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
