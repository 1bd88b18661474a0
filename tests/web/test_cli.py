"""`python -m web add-staff`: how the first account is made (there is no default password)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from web.staff_users import StaffUsers

REPO = Path(__file__).resolve().parents[2]


def add_staff(users_file: Path, username: str, password: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "web", "add-staff", username, "--file", str(users_file)],
        input=password + "\n", capture_output=True, text=True, cwd=REPO, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def test_add_staff_reads_the_password_from_stdin_and_stores_only_a_hash(tmp_path):
    users_file = tmp_path / "staff.yml"
    done = add_staff(users_file, "Alice.Smith", "a good long password")
    assert done.returncode == 0, done.stderr
    assert "alice.smith" in done.stdout and "a good long password" not in done.stdout
    text = users_file.read_text()
    assert "a good long password" not in text and "scrypt$" in text
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    users = StaffUsers(users_file)
    assert users.check("alice.smith", "a good long password")
    assert not users.check("alice.smith", "a good long passwor")


def test_running_it_again_resets_the_password_and_keeps_other_accounts(tmp_path):
    users_file = tmp_path / "staff.yml"
    assert add_staff(users_file, "alice", "first password here").returncode == 0
    assert add_staff(users_file, "bob", "bobs password here").returncode == 0
    assert add_staff(users_file, "alice", "second password here").returncode == 0
    users = StaffUsers(users_file)
    assert users.usernames() == ["alice", "bob"]
    assert users.check("alice", "second password here") and not users.check("alice", "first password here")


def test_short_passwords_and_odd_usernames_are_refused_and_nothing_is_written(tmp_path):
    users_file = tmp_path / "staff.yml"
    short = add_staff(users_file, "alice", "short")
    assert short.returncode == 1 and "at least 10 characters" in short.stderr
    odd = add_staff(users_file, "<script>", "a good long password")
    assert odd.returncode == 1 and "username" in odd.stderr
    assert not users_file.exists()


def test_a_broken_users_file_means_no_one_signs_in_rather_than_a_crash(tmp_path):
    users_file = tmp_path / "staff.yml"
    users_file.write_bytes(b"\x00\xff users: [ {")
    users = StaffUsers(users_file)
    assert not users.any()
    assert not users.check("alice", "anything at all")
