"""`make run` refuses to start, naming the file (and line), when a data file or the model is wrong."""

from __future__ import annotations

import os
import subprocess
import sys

from core.paths import REPO_ROOT


def serve(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "serve", "--skip-train"], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})


def test_an_altered_model_stops_start_up_before_any_server(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"tampered")
    (tmp_path / "tokenizer.json").write_bytes(b"{}")
    done = serve({"FRONTDOOR_EMBEDDING_MODEL": str(tmp_path), "FRONTDOOR_VAR_DIR": str(tmp_path / "var")})
    assert done.returncode == 2
    assert "Front Door cannot start" in done.stderr and "model.safetensors" in done.stderr
    assert "starting the action server" not in done.stdout


def test_a_typo_in_the_hours_file_stops_start_up_with_the_line_before_any_server(tmp_path):
    hours = tmp_path / "hours.yml"
    hours.write_text((REPO_ROOT / "config" / "hours.yml").read_text(encoding="utf-8")
                     .replace('monday: "09:00-17:00"', 'monday: "9am to 5pm"', 1), encoding="utf-8")
    done = serve({"FRONTDOOR_HOURS_FILE": str(hours), "FRONTDOOR_VAR_DIR": str(tmp_path / "var")})
    assert done.returncode == 2
    assert f"Front Door cannot start: {hours} line 24: teams/duty_team/opening_hours/monday" in done.stderr
    assert "starting the action server" not in done.stdout


def test_a_broken_council_file_stops_start_up_with_the_line_before_any_server(tmp_path):
    council = tmp_path / "council.yml"
    council.write_text((REPO_ROOT / "domain" / "council.yml").read_text(encoding="utf-8")
                       .replace('initial_value: "01632 960 200"', 'initial_value: "01632 960 200', 1), encoding="utf-8")
    done = serve({"FRONTDOOR_COUNCIL_FILE": str(council), "FRONTDOOR_VAR_DIR": str(tmp_path / "var")})
    assert done.returncode == 2
    assert f"Front Door cannot start: {council} line " in done.stderr and "YAML syntax error" in done.stderr
    assert "starting the action server" not in done.stdout
