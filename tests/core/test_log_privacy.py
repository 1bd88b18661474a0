"""Log lines hold no typed message, e-mail address or phone number, and fields cannot break a line."""

from __future__ import annotations

import logging
import warnings

import pytest

from core import log_privacy
from core.log_privacy import escape, mask, private_record


def test_email_addresses_and_uk_phone_numbers_are_masked():
    assert mask("write to jo.bloggs+x@example.co.uk today") == "write to [email] today"
    for number in ("07700 900123", "07700900123", "+44 7700 900123", "0161-496-0000", "01632 960 200"):
        assert mask(f"call {number} now") == "call [phone] now"
    assert mask("model 20261201-144125-affable-jay.tar.gz on port 5005") == (
        "model 20261201-144125-affable-jay.tar.gz on port 5005")


def test_rasa_messages_that_quote_typed_text_lose_the_quote():
    assert "secret" not in mask("Failed to parse arguments in line '/secret words'. Expected the intent ...")
    assert "secret" not in mask('{"user_text": "/secret", "event": "message.parsing.failed", "level": "warning"}')
    assert "message.parsing.failed" in mask('{"user_text": "/secret", "event": "message.parsing.failed"}')


def test_fields_are_escaped_onto_one_line():
    assert escape("/a\nFORGED\r\x1b[31m") == "/a\\nFORGED\\r\\x1b[31m"
    record = logging.LogRecord("web", logging.INFO, __file__, 1, "%s %s", ("GET", "/x\nFORGED"), None)
    assert private_record(record).getMessage() == "GET /x\\nFORGED"


@pytest.fixture
def installed(monkeypatch):
    """install() for one test: the process's record factory and warning printer are put back after."""
    factory, show = logging.getLogRecordFactory(), warnings.showwarning
    monkeypatch.setitem(log_privacy._installed, "done", False)
    yield log_privacy.install
    logging.setLogRecordFactory(factory)
    warnings.showwarning = show


def test_install_covers_every_logger_and_warnings(installed, caplog, capsys):
    installed()
    installed()  # twice is harmless
    with caplog.at_level(logging.INFO):
        logging.getLogger("rasa.core.processor").warning("Received user message 'help me' from ann@example.org")
        logging.getLogger("any.library").info("phone %s", "07700 900123")
    assert "help me" not in caplog.text and "example.org" not in caplog.text and "900123" not in caplog.text
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning(UserWarning("Failed to parse arguments in line '/x bob@example.org'"), UserWarning,
                             "io.py", 1)
    assert "bob@example.org" not in capsys.readouterr().err


def test_tracebacks_keep_their_frames_but_not_the_exceptions_text(installed, caplog):
    installed()
    said = "zq" + "secret"  # built here, so the traceback's source lines do not hold it
    try:
        try:
            raise KeyError(f"the resident said {said}")
        except KeyError as inner:
            raise RuntimeError(f'body={{"text": "{said} again"}}') from inner
    except RuntimeError:
        logging.getLogger("rasa.core.processor").exception("Encountered an exception while running action")
    assert "zqsecret" not in caplog.text
    assert "RuntimeError" in caplog.text and "KeyError" in caplog.text and "test_log_privacy.py" in caplog.text
