"""Facts read from a service's own words when the feed has no field for them.

Feeds often say "for people aged 16 to 25" or "free" only in prose, and list one-off events
("Christmas Party", "cancelled", "on Saturday 3rd December 2022") beside year-round services.
These helpers recover ages, cost and event noise so search can respect eligibility and prefer
services that are actually running. Each is conservative: when unsure, it says nothing.
"""

from __future__ import annotations

import re
from datetime import date

_AGE_RANGE = re.compile(r"\b(?:aged?|ages|from)\s+(\d{1,2})\s*(?:-|–|to|and)\s*(\d{1,3})\b|"
                        r"\b(\d{1,2})\s*(?:-|–|to)\s*(\d{1,2})\s*(?:year|yr)s?[- ]olds?\b", re.I)
_AGE_OVER = re.compile(r"\b(?:over|aged|age|for)\s+(\d{2})\s*(?:'?s\b|\+|and over|or over|and above|plus)|"
                       r"\b(?:over|over the age of|aged over|older than)\s+(\d{2})\b|\b(\d{2})\s*\+", re.I)
_AGE_UNDER = re.compile(r"\b(?:under|under the age of|younger than|up to the age of)\s+(\d{1,2})s?\b", re.I)
_YOUNG = re.compile(r"\b(?:young people|children|child|kids|teenagers?|youth club|students?|toddlers?|"
                    r"babies|baby|school|pupils?|under 5s|under fives)\b", re.I)
_ADULT_WORDS = re.compile(r"\b(?:adults?|older people|families|parents? and|all ages)\b", re.I)

_STOPPED = re.compile(r"\b(?:cancell?ed|postponed|suspended|no longer (?:running|available|operating)|"
                      r"(?:has|have) (?:now )?closed|temporarily closed|currently closed|not currently (?:running|"
                      r"taking|able)|unable to (?:offer|run|take)|ceased|closed down|has ended|will not be running)\b",
                      re.I)
_ONE_OFF = re.compile(r"\b(?:one[- ]off|this event|the event|christmas party|christmas (?:lunch|dinner|day)|"
                      r"festival|open day|fun day|summer fair|launch event|booking essential|tickets?)\b", re.I)
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
_DATED = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTHS})\.?,?\s+(20\d\d)\b|"
                    rf"\b({_MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(20\d\d)\b|"
                    r"\b(\d{1,2})/(\d{1,2})/(20\d\d)\b", re.I)
_MONTH_NUMBER = {name: index % 12 + 1 for index, name in enumerate(_MONTHS.split("|"))}
_MONTH_NUMBER.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                      "sept": 9, "oct": 10, "nov": 11, "dec": 12})

_FREE = re.compile(r"\b(?:free of charge|free service|is free|are free|it'?s free|free to (?:attend|join|use|"
                   r"access)|no charge|at no cost|all free|completely free|free\b(?! parking| wifi| wi-fi| tea|"
                   r" coffee| refreshments| charging| internet))", re.I)
_PAID = re.compile(r"£\s?\d|\bcosts?\b|\bper (?:session|hour|class|week|month)\b|\bfees?\b(?!: funded)|"
                   r"\bdonation\b|\bsubscription\b|\bmembership\b", re.I)


_VOLUNTEER_ROLE = re.compile(r"\b(?:become an? (?:volunteer|befriender|driver|helper)|volunteers? (?:wanted|needed)|"
                             r"looking for (?:friendly )?volunteers|we(?:'re| are) (?:looking for|recruiting) volunteers|"
                             r"volunteer an hour|volunteering opportunit)", re.I)


_FOR_PROFESSIONALS = re.compile(r"\b(?:for (?:health and social care )?professionals|clinicians|commissioners|"
                                r"knowledge portal|practitioners to|policy ?makers|take part in (?:dementia )?research|"
                                r"join (?:dementia )?research|professional training|for employers)\b", re.I)


def for_professionals(name: str, text: str) -> bool:
    """A listing aimed at professionals or researchers rather than at residents."""
    return bool(_FOR_PROFESSIONALS.search(f"{name}. {text[:400]}"))


def volunteer_role(name: str, text: str) -> bool:
    """A listing that recruits volunteers (for people who want to help, not for people who need help)."""
    return bool(_VOLUNTEER_ROLE.search(f"{name}. {text[:300]}"))


def ages_from_text(text: str) -> tuple[int | None, int | None]:
    """(minimum, maximum) age a service's text states, or (None, None)."""
    low = high = None
    if match := _AGE_RANGE.search(text):
        first, second = (int(g) for g in match.groups() if g)
        if first < second <= 120:
            low, high = first, second
    if low is None and (match := _AGE_OVER.search(text)):
        value = int(next(g for g in match.groups() if g))
        if 40 <= value <= 90:
            low = value
    if high is None and (match := _AGE_UNDER.search(text)):
        value = int(match.group(1))
        if 5 <= value <= 30:
            high = value - 1
    return low, high


def young_people_only(name: str, text: str) -> bool:
    """A service plainly for children or young people (by its name or opening words), not adults."""
    head = f"{name}. {text[:200]}"
    return bool(_YOUNG.search(name)) or (bool(_YOUNG.search(head)) and not _ADULT_WORDS.search(head))


def stopped_or_event(name: str, text: str, today: date) -> float:
    """How much to trust that this is a running, year-round service: 1.0 yes, lower for noise."""
    factor = 1.0
    head = f"{name}. {text[:600]}"
    if _STOPPED.search(head):
        factor *= 0.5
    if _ONE_OFF.search(head):
        factor *= 0.75
    dates = _dates(head)
    if dates and max(dates) < today:
        factor *= 0.6
    return factor


def _dates(text: str) -> list[date]:
    found = []
    for match in _DATED.finditer(text):
        g = match.groups()
        try:
            if g[0]:
                found.append(date(int(g[2]), _MONTH_NUMBER[g[1].lower()], int(g[0])))
            elif g[3]:
                found.append(date(int(g[5]), _MONTH_NUMBER[g[3].lower()], int(g[4])))
            else:
                found.append(date(int(g[8]), int(g[7]), int(g[6])))
        except (ValueError, KeyError):
            continue
    return found


def looks_free(*texts: str | None) -> bool | None:
    """True when the service says it is free, False when it names a price, None when it does not say."""
    joined = " ".join(t for t in texts if t)
    if not joined:
        return None
    if _FREE.search(joined) and not re.search(r"£\s?[1-9]", joined):
        return True
    if _PAID.search(joined):
        return False
    return None
