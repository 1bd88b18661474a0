"""The REST webhook's checks before Rasa: body type and size, sender ids, rates, the web front's key."""

from __future__ import annotations

import json

import pytest

from bot.rasa_plugins.webhook_guard import (
    MAX_BODY_BYTES,
    RateLimiter,
    Refusal,
    from_web_front,
    normalise_sender,
    parse_object,
    refuse_body,
)


@pytest.mark.parametrize("sender", ["\udfff", "a\x00b", "tab\there", "\u200b", "x" * 129, "", "  ", None, ["a"],
                                    "rtl\u202emark", "line\u2028break", True])
def test_senders_that_cannot_be_stored_are_refused_with_a_reason(sender):
    refusal = normalise_sender(sender)
    assert isinstance(refusal, Refusal) and refusal.status == 400 and refusal.message


def test_good_senders_are_normalised():
    assert normalise_sender("  web-123 ") == "web-123"
    assert normalise_sender(42) == "42"
    assert normalise_sender("Zoe\u0301") == "Zo\u00e9"  # NFC: one id, however the accent was typed
    assert normalise_sender("x" * 128) == "x" * 128
    assert normalise_sender("名前") == "名前"


def test_json_only_and_at_most_64_kb():
    assert refuse_body("application/json", "20", b"{}") is None
    assert refuse_body("application/json; charset=utf-8", None, b"{}") is None
    assert refuse_body("text/plain", "2", b"{}").status == 415
    assert refuse_body(None, "2", b"{}").status == 415
    assert refuse_body("application/json", str(MAX_BODY_BYTES + 1), b"").status == 413
    assert refuse_body("application/json", None, b"x" * (MAX_BODY_BYTES + 1)).status == 413
    assert refuse_body("application/json", "lots", b"{}").status == 400


def test_only_json_objects_parse_and_deep_nesting_is_not_a_crash():
    assert parse_object(b'{"sender": "a"}') == {"sender": "a"}
    for body in (b"[1]", b"\xff\xfe", b"{", b"", b"[" * 100_000 + b"]" * 100_000,
                 json.dumps({"a": 1}).encode()[:-1], b'{"a":' * 50_000 + b"1" + b"}" * 50_000):
        assert parse_object(body) is None


def test_rate_limiter_counts_per_key_and_forgets_old_requests():
    now = [0.0]
    limiter = RateLimiter(2, 60.0, clock=lambda: now[0])
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
    assert limiter.allow("b")
    assert 1 <= limiter.retry_after("a") <= 61
    now[0] = 61.0
    assert limiter.allow("a")


def test_only_the_right_key_proves_the_web_front():
    assert from_web_front("s3cret", "s3cret")
    assert not from_web_front("wrong", "s3cret")
    assert not from_web_front(None, "s3cret")
    assert not from_web_front("", "")
    assert not from_web_front("anything", None)
