"""The official Open Referral UK 3.0 schemas and validator profile, read from ../shared/reference/oruk/.

They are read where they are, not copied in. Validation is JSON Schema draft 2020-12, plainly and
with formats. jsonschema checks `date-time` and `uri` only when optional packages are installed,
so `FORMATS` adds both here (RFC 3339 with a zone; an absolute RFC 3986 URI) and the result does
not depend on what else is in the virtualenv.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker

from core.paths import REPO_ROOT

ORUK = (REPO_ROOT / "../shared/reference/oruk").resolve()
PROFILE = ORUK / "uk-profile-schema"
VALIDATOR = ORUK / "validator"

_RFC3339 = re.compile(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    return True


@FORMATS.checks("uri")
def _uri(value) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


@cache
def schema(path: str) -> dict:
    """A schema by its path under the reference folder, e.g. 'uk-profile-schema/compiled/service.json'."""
    return json.loads((ORUK / path).read_text(encoding="utf-8"))


def errors(instance, path: str, formats: bool = True) -> list[str]:
    validator = Draft202012Validator(schema(path), format_checker=FORMATS if formats else None)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(instance)]


def profile() -> dict:
    return json.loads((VALIDATOR / "HSDS-UK-3.0.test-profile.json").read_text(encoding="utf-8"))


def validator_schema_path(profile_schema: str) -> str:
    """The test profile names schemas as 'V3.0-UK/x.json'; the validator's copies are in validator/."""
    return f"validator/{Path(profile_schema).name}"
