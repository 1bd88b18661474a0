"""The launcher keeps the servers up: a server that exits is restarted after a back-off while the
others keep running, and only a crash loop makes it give up. Secrets stay off command lines and out
of files others can read."""

from __future__ import annotations

import os
import stat
import sys

from rasa.utils.endpoints import read_endpoint_config

from core.settings import Settings
from ops.launcher import MAX_FAST_EXITS, Stack, child_env, write_endpoints

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]
CRASHER = [sys.executable, "-c", "raise SystemExit(3)"]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _stack(tmp_path, commands) -> tuple[Stack, list[str]]:
    said: list[str] = []
    settings = Settings.from_env({"FRONTDOOR_VAR_DIR": str(tmp_path / "var")})
    stack = Stack(settings, dict(os.environ), say=said.append, _commands=commands)
    for name in commands:
        stack._spawn(name, commands[name])
    return stack, said


def _wait_exit(process):
    process.wait(timeout=30)


def test_a_crashed_server_is_restarted_after_a_back_off_and_the_others_keep_running(tmp_path):
    stack, said = _stack(tmp_path, {"actions": SLEEPER, "rasa": SLEEPER, "web": SLEEPER})
    clock = Clock()
    try:
        rasa, web, actions = stack.processes["rasa"], stack.processes["web"], stack.processes["actions"]
        actions.kill()
        _wait_exit(actions)
        assert stack.supervise(clock) is None
        assert "the actions server stopped unexpectedly" in said[-1] and "restarting it in 1 s" in said[-1]
        assert stack.processes["actions"] is actions, "not restarted before the back-off"
        clock.now += 1.0
        assert stack.supervise(clock) is None
        assert stack.processes["actions"] is not actions and stack.processes["actions"].poll() is None
        assert said[-1].startswith("restarted the actions server (pid ")
        assert stack.processes["rasa"] is rasa and rasa.poll() is None
        assert stack.processes["web"] is web and web.poll() is None
    finally:
        stack.stop()


def test_the_back_off_grows_and_a_crash_loop_makes_it_give_up(tmp_path):
    stack, said = _stack(tmp_path, {"actions": CRASHER, "rasa": SLEEPER})
    clock = Clock()
    delays = []
    try:
        for _ in range(MAX_FAST_EXITS - 1):
            _wait_exit(stack.processes["actions"])
            assert stack.supervise(clock) is None
            delays.append(stack.restart_at["actions"] - clock.now)
            clock.now = stack.restart_at["actions"]
            assert stack.supervise(clock) is None  # restarted; it crashes again
        _wait_exit(stack.processes["actions"])
        assert stack.supervise(clock) == "actions"
        assert delays == [1.0, 2.0, 4.0, 8.0]
        assert f"exited {MAX_FAST_EXITS} times within 60 s" in said[-1] and "giving up" in said[-1]
        assert stack.processes["rasa"].poll() is None
    finally:
        stack.stop()


def test_exits_spread_over_time_never_give_up(tmp_path):
    stack, _ = _stack(tmp_path, {"actions": CRASHER})
    clock = Clock()
    try:
        for _ in range(MAX_FAST_EXITS * 2):
            _wait_exit(stack.processes["actions"])
            assert stack.supervise(clock) is None
            clock.now += 61.0
            assert stack.supervise(clock) is None
    finally:
        stack.stop()


def test_no_secret_on_any_command_line_and_the_endpoints_file_is_owner_only(tmp_path):
    env = {**os.environ, "FRONTDOOR_VAR_DIR": str(tmp_path / "var"), "FRONTDOOR_ACTION_PORT": "5999",
           "FRONTDOOR_REDIS_URL": "redis://:hunter2-redis@127.0.0.1:6390/3"}
    env.pop("FRONTDOOR_RASA_TOKEN", None)
    env.pop("FRONTDOOR_ACTION_SECRET", None)
    settings = Settings.from_env(env)
    children = child_env(settings, env)
    token, secret = children["FRONTDOOR_RASA_TOKEN"], children["FRONTDOOR_ACTION_SECRET"]
    assert len(token) == 64 and len(secret) == 64 and token != secret
    commands = Stack(settings, children).commands()
    for command in commands.values():
        assert not any(token in part or secret in part or "hunter2" in part for part in command)
        assert "--auth-token" not in command
    endpoints = write_endpoints(settings)
    assert stat.S_IMODE(endpoints.stat().st_mode) == 0o600
    text = endpoints.read_text(encoding="utf-8")
    assert secret not in text and "hunter2" not in text
    os.environ.update({"FRONTDOOR_ACTION_SECRET": secret, "FRONTDOOR_REDIS_PASSWORD": children["FRONTDOOR_REDIS_PASSWORD"]})
    try:
        action = read_endpoint_config(str(endpoints), "action_endpoint")
        lock = read_endpoint_config(str(endpoints), "lock_store")
    finally:
        for name in ("FRONTDOOR_ACTION_SECRET", "FRONTDOOR_REDIS_PASSWORD"):
            os.environ.pop(name, None)
    assert action.url == "http://127.0.0.1:5999/webhook"
    assert action.headers == {"X-Frontdoor-Action-Secret": secret}
    assert lock.kwargs["password"] == "hunter2-redis"


def test_an_old_world_readable_endpoints_file_is_made_owner_only(tmp_path):
    settings = Settings.from_env({"FRONTDOOR_VAR_DIR": str(tmp_path / "var")})
    old = settings.var_dir / f"endpoints-{settings.rasa_port}.yml"
    old.parent.mkdir(parents=True)
    old.write_text("old", encoding="utf-8")
    old.chmod(0o644)
    assert stat.S_IMODE(write_endpoints(settings).stat().st_mode) == 0o600


def test_the_rasa_wrapper_refuses_a_token_on_its_command_line(monkeypatch):
    from ops import rasa_server

    monkeypatch.setenv("FRONTDOOR_RASA_TOKEN", "t")
    assert rasa_server.main(["run", "--auth-token", "t"]) == 2
    monkeypatch.delenv("FRONTDOOR_RASA_TOKEN")
    assert rasa_server.main(["run"]) == 2

