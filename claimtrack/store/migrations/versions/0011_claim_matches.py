"""Matches: a claim matched to an earlier claim or a fact check, and the checker's decision (issue 15).

``claim_match`` holds one row per pair found by the matcher on ingest (score, method, state
``suggested``) or decided by a checker (``same``, ``different``, who and when). The target is a
claim (``other_claim_id``) or a fact check (``fact_check_id``), exactly one of them. Indexed for
the queue's marks (by claim, by target) and its "matches a checked claim" filter.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_match",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("other_claim_id", sa.Integer(), nullable=True),
        sa.Column("fact_check_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_claim_id"], ["claim.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["fact_check_id"], ["fact_check.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "other_claim_id", name="uq_claim_match_claim_other"),
        sa.UniqueConstraint("claim_id", "fact_check_id", name="uq_claim_match_claim_fact_check"),
        sa.CheckConstraint("(other_claim_id IS NULL) <> (fact_check_id IS NULL)", name="ck_claim_match_one_target"),
    )
    op.create_index("ix_claim_match_claim_id", "claim_match", ["claim_id"])
    op.create_index("ix_claim_match_other_claim_id", "claim_match", ["other_claim_id"])
    op.create_index("ix_claim_match_fact_check_id", "claim_match", ["fact_check_id"])


def downgrade() -> None:
    op.drop_index("ix_claim_match_fact_check_id", table_name="claim_match")
    op.drop_index("ix_claim_match_other_claim_id", table_name="claim_match")
    op.drop_index("ix_claim_match_claim_id", table_name="claim_match")
    op.drop_table("claim_match")
