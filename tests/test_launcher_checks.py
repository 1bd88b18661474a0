"""`make run` refuses to start, naming the file, when a triage data file or the model is wrong."""

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
