"""Referral store: referrals to a person, staff notes and the audit trail.

Revision ID: referrals_0001
Revises: (first revision of the "referrals" branch)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "referrals_0001"
down_revision = None
branch_labels = ("referrals",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referral",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("referral_key", sa.String(length=200), nullable=False),
        sa.Column("conversation_id", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("route", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("about", sa.String(length=20), nullable=False),
        sa.Column("transcript", sa.JSON(), nullable=False),
        sa.Column("what_matters", sa.Text(), nullable=True),
        sa.Column("contact", sa.JSON(), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("in_hours", sa.Boolean(), nullable=False),
        sa.Column("team", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("claimed_by", sa.String(length=100), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=100), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral")),
        sa.UniqueConstraint("referral_key", name=op.f("uq_referral_referral_key")),
    )
    op.create_index("ix_referral_queue", "referral", ["status", "priority", "created_at"])
    for table, extra in (
        ("referral_note", [sa.Column("by", sa.String(length=100), nullable=False),
                           sa.Column("text", sa.Text(), nullable=False)]),
        ("referral_audit", [sa.Column("who", sa.String(length=100), nullable=False),
                            sa.Column("action", sa.String(length=20), nullable=False),
                            sa.Column("detail", sa.Text(), nullable=True)]),
    ):
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            sa.Column("referral_id", sa.String(length=16), nullable=False),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            *extra,
            sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], name=op.f(f"fk_{table}_referral_id_referral")),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_referral_id"), table, ["referral_id"])


def downgrade() -> None:
    for table in ("referral_audit", "referral_note"):
        op.drop_index(op.f(f"ix_{table}_referral_id"), table_name=table)
        op.drop_table(table)
    op.drop_index("ix_referral_queue", table_name="referral")
    op.drop_table("referral")
