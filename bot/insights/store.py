"""Recording unmet needs and feedback."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.insights.models import Feedback, UnmetNeed

MAX_COMMENT = 2_000


def record_unmet_need(engine: Engine, needs: list[str], postcode: str | None, on: date) -> None:
    area = postcode.split()[0].upper()[:10] if postcode else None
    with Session(engine, future=True) as session, session.begin():
        session.add(UnmetNeed(recorded_on=on, needs="; ".join(needs)[:500] or "not recognised", area=area))


def record_feedback(engine: Engine, helped: str, comment: str | None, channel: str | None, on: date) -> None:
    comment = (comment or "").strip()[:MAX_COMMENT] or None
    with Session(engine, future=True) as session, session.begin():
        session.add(Feedback(recorded_on=on, helped=helped, comment=comment, channel=channel))


def unmet_needs(engine: Engine) -> list[dict]:
    with Session(engine, future=True) as session:
        rows = session.execute(select(UnmetNeed).order_by(UnmetNeed.id)).scalars().all()
        return [{"recorded_on": r.recorded_on.isoformat(), "needs": r.needs, "area": r.area} for r in rows]


def feedback(engine: Engine) -> list[dict]:
    with Session(engine, future=True) as session:
        rows = session.execute(select(Feedback).order_by(Feedback.id)).scalars().all()
        return [{"recorded_on": r.recorded_on.isoformat(), "helped": r.helped, "comment": r.comment,
                 "channel": r.channel} for r in rows]
