"""`python -m bot triage`, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "bot", "triage"]


def run(stdin: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], input=stdin, capture_output=True, cwd=REPO, timeout=120)


def test_lines_in_order_with_errors_for_bad_lines():
    stdin = b"\n".join(
        [
            b'{"text": "I want to die"}',
            b"",
            b"not json at all",
            b"[1, 2, 3]",
            b'{"text": 42}',
            b'{"message": "no text key"}',
            b"\xff\xfe binary junk",
            b'{"text": "my phone is dead", "extra": true}',
            b'{"text": "caf\xc3\xa9 \xf0\x9f\x98\x80"}',
        ]
    )
    done = run(stdin + b"\n")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(lines) == 8  # the blank line is skipped
    assert lines[0]["route"] == "crisis" and lines[0]["text"] == "I want to die"
    assert set(lines[0]) == {"text", "route", "check", "check_route", "reasons"}
    assert lines[0]["reasons"][0]["route"] == "crisis"
    assert [("error" in line) for line in lines] == [False, True, True, True, True, True, False, False]
    assert "line 3" in lines[1]["error"]
    assert lines[6] == {"text": "my phone is dead", "route": "none", "check": False, "check_route": None, "reasons": []}
    assert lines[7]["text"] == "café 😀"


def test_each_answer_is_flushed_before_the_next_line_arrives():
    process = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=REPO)
    try:
        process.stdin.write(b'{"text": "there is smoke coming from the kitchen"}\n')
        process.stdin.flush()
        first = json.loads(process.stdout.readline())  # would hang if the output were buffered
        assert first["route"] == "emergency"
        process.stdin.write(b'{"text": "hello"}\n')
        process.stdin.close()
        assert json.loads(process.stdout.readline())["route"] == "none"
        assert process.wait(timeout=60) == 0
    finally:
        process.kill()


def test_a_broken_rules_file_exits_2_with_the_line(tmp_path):
    rules = tmp_path / "rules.yml"
    rules.write_text("version: 1\nlimits: [\n", encoding="utf-8")
    done = run(b'{"text": "hi"}\n', "--rules", str(rules))
    assert done.returncode == 2
    assert b"rules.yml line" in done.stderr
    assert done.stdout == b""


def test_empty_input_gives_empty_output():
    done = run(b"")
    assert done.returncode == 0 and done.stdout == b""


def test_the_example_layer_explains_its_safety_question():
    done = run(b'{"text": "he listens to all my calls and chooses my clothes"}\n{"text": "I feel so low"}\n')
    assert done.returncode == 0, done.stderr
    asked, gentle = (json.loads(line) for line in done.stdout.decode().splitlines())
    assert asked["route"] == "none" and asked["check"] is True and asked["check_route"] == "safeguarding"
    [why] = [reason for reason in asked["reasons"] if reason["layer"] == "examples"]
    assert why["similar_to"].startswith("safeguarding.") and 0 < why["score"] <= 1
    assert gentle["check_route"] == "crisis"  # the rules' gentle question about suicidal thoughts
    rules_only = run(b'{"text": "he listens to all my calls and chooses my clothes"}\n', "--rules-only")
    assert json.loads(rules_only.stdout)["check_route"] is None


def test_an_altered_model_file_stops_start_up(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    (tmp_path / "tokenizer.json").write_bytes(b"{}")
    done = subprocess.run([*COMMAND], input=b'{"text": "hi"}\n', capture_output=True, cwd=REPO, timeout=120,
                          env={**os.environ, "FRONTDOOR_EMBEDDING_MODEL": str(tmp_path)})
    assert done.returncode == 2 and done.stdout == b""
    assert b"model.safetensors" in done.stderr
