"""Planning insight for the council: needs nobody could meet, and whether the bot helped.

No personal data: a need label, an outward postcode at most, a date, an answer.
"""
