"""Referrals to a person: stored, or spooled until they can be, and never lost.

The public API (see service.py): `open_store`, `ReferralStore` (submit, flush_spool, pending_spool,
list, get, get_by_key, claim, add_note, close), `NewReferral`, `SubmitOutcome`, `ReferralView`,
`ReferralError` (and `StoreUnavailable`, a kind of it), `SpoolRetrier`.
"""

from bot.referrals.records import NewReferral, ReferralError, ReferralView, StoreUnavailable, SubmitOutcome
from bot.referrals.service import ReferralStore, SpoolRetrier, open_store

__all__ = [
    "NewReferral",
    "ReferralError",
    "ReferralStore",
    "ReferralView",
    "SpoolRetrier",
    "StoreUnavailable",
    "SubmitOutcome",
    "open_store",
]
