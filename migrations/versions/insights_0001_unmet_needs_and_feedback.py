"""Unmet needs and feedback (planning insight, no personal data).

Revision ID: insights_0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "insights_0001"
down_revision = None
branch_labels = ("insights",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unmet_need",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recorded_on", sa.Date, nullable=False, index=True),
        sa.Column("needs", sa.String(500), nullable=False),
        sa.Column("area", sa.String(10)),
    )
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recorded_on", sa.Date, nullable=False, index=True),
        sa.Column("helped", sa.String(10), nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("channel", sa.String(10)),
    )


def downgrade() -> None:
    op.drop_table("feedback")
    op.drop_table("unmet_need")
