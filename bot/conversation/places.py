"""Finding a postcode in what someone typed ("I'm in sb1 2ab" -> "SB1 2AB")."""

from __future__ import annotations

import re

from core.postcodes import parse_postcode

_CANDIDATE = re.compile(r"\b([A-Za-z]{1,2}[0-9][A-Za-z0-9]?)(?:\s*([0-9][A-Za-z]{2}))?\b")


def find_place(text: str) -> str | None:
    """The first full UK postcode or outward code in the text, tidied; None if there is none."""
    for match in _CANDIDATE.finditer(text or ""):
        candidate = match.group(1) + (match.group(2) or "")
        place = parse_postcode(candidate)
        if place is not None:
            return place.postcode
    return None
