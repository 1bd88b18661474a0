"""Small pieces with rules of their own: input cleaning, limits, passwords, the wording file."""

from __future__ import annotations

import base64
import hashlib

import pytest

from bot.council import load_council
from web.input import InputProblem, clean_text, typed_message
from web.limits import LoginThrottle, RateLimiter
from web.passwords import hash_password, verify_password
from web.wording import MESSAGES_FILE, check_messages, load_wording


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("raw, cleaned", [
    ("  hello  ", "hello"),
    ("line one\r\nline two", "line one\nline two"),
    ("a\n\n\n\n\nb", "a\n\nb"),
    ("tab\tbell\x07nul\x00", "tab bellnul"),
    ("family 👨‍👩‍👧 ok", "family 👨‍👩‍👧 ok"),
])
def test_clean_text_keeps_words_and_emoji_and_drops_control_characters(raw, cleaned):
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize("raw, code", [("", "empty"), (" \n\t ", "empty"), (None, "empty"), (b"bytes", "empty"),
                                       ("x" * 5001, "too_long"), ("x" * 100_000, "too_long")])
def test_clean_text_refuses_empty_and_overlong(raw, code):
    with pytest.raises(InputProblem) as problem:
        clean_text(raw)
    assert problem.value.code == code


def test_typed_messages_cannot_start_with_a_slash():
    assert typed_message("/affirm") == "affirm"
    with pytest.raises(InputProblem):
        typed_message(" / ")


def test_rate_limiter_is_per_client_and_forgets_after_the_window():
    clock = Clock()
    limiter = RateLimiter(3, 60, clock)
    assert [limiter.allow("a") for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b")
    assert limiter.retry_after("a") == 61
    clock.now = 60.5
    assert limiter.allow("a")


def test_login_throttle_is_per_user_and_client_and_old_failures_expire():
    clock = Clock()
    throttle = LoginThrottle(max_failures=5, lock_seconds=900, clock=clock)
    for _ in range(5):
        throttle.failed("alice", "10.0.0.1")
    assert throttle.locked("alice", "10.0.0.1")
    assert not throttle.locked("alice", "10.0.0.2") and not throttle.locked("bob", "10.0.0.1")
    clock.now = 901
    assert not throttle.locked("alice", "10.0.0.1")
    # Four failures spread over more than 15 minutes each never add up to a lock.
    for _ in range(8):
        throttle.failed("carol", "10.0.0.1")
        clock.now += 1000
    assert not throttle.locked("carol", "10.0.0.1")


def test_password_hashes_are_salted_scrypt_and_checked_exactly():
    first, second = hash_password("a long passphrase"), hash_password("a long passphrase")
    assert first.startswith("scrypt$") and first != second and "passphrase" not in first
    assert verify_password("a long passphrase", first)
    assert not verify_password("a long passphrasE", first)
    assert not verify_password("a long passphrase", "scrypt$broken")
    assert not verify_password("a long passphrase", "plain text")
    assert not verify_password("x", "scrypt$1048576$8$1$AAAA$AAAA")  # would exhaust memory: refused


def test_pbkdf2_sha256_hashes_from_other_tools_are_accepted():
    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", b"another passphrase", salt, 100_000)
    stored = f"pbkdf2_sha256$100000${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert verify_password("another passphrase", stored)
    assert not verify_password("wrong passphrase", stored)


def test_the_wording_file_is_complete_and_filled_in_from_the_council():
    wording = load_wording(load_council())
    assert "01632 960 100" in wording["bot_unavailable"] and "{" not in "".join(wording.values())
    assert "5,000" in wording["message_too_long"]


def test_the_wording_check_catches_missing_messages_and_unknown_placeholders():
    import yaml

    raw = yaml.safe_load(MESSAGES_FILE.read_text(encoding="utf-8"))
    assert check_messages(raw) == []
    del raw["rate_limited"]
    raw["bot_unavailable"] = "Call {council_phone_number}"
    raw["no_reply"] = "   "
    problems = check_messages(raw)
    assert "missing rate_limited" in problems
    assert "bot_unavailable uses unknown placeholder {council_phone_number}" in problems
    assert "no_reply must be non-empty text" in problems


def test_a_mistake_in_the_web_messages_names_the_file_and_line(tmp_path):
    import pytest

    from web.wording import WordingError

    text = MESSAGES_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "messages.yml"
    broken.write_text(text.replace("{council_asc_phone}", "{council_phone}", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "{council_asc_phone}" in row)
    key_line = max(n for n, row in enumerate(text.splitlines()[:line], 1) if row and not row[0].isspace())
    with pytest.raises(WordingError, match=rf"{broken} line {key_line}: .*unknown placeholder {{council_phone}}"):
        load_wording(load_council(), broken)
    broken.write_text(text + "\nbogus: : [\n", encoding="utf-8")
    with pytest.raises(WordingError, match=rf"{broken} line \d+: YAML syntax error"):
        load_wording(load_council(), broken)
