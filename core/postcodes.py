"""Reading a UK postcode or outward code as typed ("sb12ab" -> "SB1 2AB"): text only, no database.

Coordinates and distances need the postcode table and live in directory/postcodes.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULL = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


@dataclass(frozen=True)
class Place:
    """A postcode as the resident typed it, tidied: full ("SB1 2AB") or outward only ("SB1")."""

    postcode: str
    outward: str
    is_full: bool


def parse_postcode(text: str | None) -> Place | None:
    """A tidied UK postcode or outward code, or None when the text is not one."""
    if not text or len(text) > 16:
        return None
    squashed = re.sub(r"\s+", "", str(text)).upper()
    if squashed == "GIR0AA":
        return Place("GIR 0AA", "GIR", True)
    match = _FULL.match(squashed)
    if match:
        return Place(f"{match.group(1)} {match.group(2)}", match.group(1), True)
    if _OUTWARD.match(squashed):
        return Place(squashed, squashed, False)
    return None


def normalise_postcode(text: str | None) -> str | None:
    """A full UK postcode in its standard form ("sb12ab" -> "SB1 2AB"), else None."""
    place = parse_postcode(text)
    return place.postcode if place and place.is_full else None
