"""From the web: evidence captures and rechecks, article snapshots, feed items, ClaimReview imports.

Evidence gains the summary of its capture (final url, status, content type, SHA-256, fetch time,
archive url); the bodies themselves (gzip) live in ``evidence_snapshot`` and
``article_snapshot``. The ``claim`` table is not touched (its FTS5 triggers stay as they are).

Revision ID: 0004
Revises: 0003
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

EVIDENCE_COLUMNS: list[tuple[str, sa.types.TypeEngine[Any]]] = [
    ("final_url", sa.Text()),
    ("http_status", sa.Integer()),
    ("content_type", sa.String(length=200)),
    ("content_sha256", sa.String(length=64)),
    ("fetched_at", sa.DateTime(timezone=True)),
    ("archive_url", sa.Text()),
]


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        for name, type_ in EVIDENCE_COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))

    op.create_table(
        "evidence_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("requested_url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("changed", sa.Boolean(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_snapshot_evidence_id", "evidence_snapshot", ["evidence_id"])

    op.create_table(
        "article_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("requested_url", sa.Text(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_article_snapshot_article_id", "article_snapshot", ["article_id"], unique=True)

    op.create_table(
        "feed_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_url", sa.Text(), nullable=False),
        sa.Column("item_key", sa.String(length=64), nullable=False),
        sa.Column("guid", sa.Text(), nullable=True),
        sa.Column("link", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("feed_url", "item_key", name="uq_feed_item_feed_key"),
    )
    op.create_index("ix_feed_item_article_id", "feed_item", ["article_id"])

    op.create_table(
        "claimreview_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_key", sa.String(length=64), nullable=False),
        sa.Column("review_url", sa.Text(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("rating", sa.Text(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claim.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("review_key"),
    )
    op.create_index("ix_claimreview_import_claim_id", "claimreview_import", ["claim_id"])


def downgrade() -> None:
    op.drop_index("ix_claimreview_import_claim_id", table_name="claimreview_import")
    op.drop_table("claimreview_import")
    op.drop_index("ix_feed_item_article_id", table_name="feed_item")
    op.drop_table("feed_item")
    op.drop_index("ix_article_snapshot_article_id", table_name="article_snapshot")
    op.drop_table("article_snapshot")
    op.drop_index("ix_evidence_snapshot_evidence_id", table_name="evidence_snapshot")
    op.drop_table("evidence_snapshot")
    with op.batch_alter_table("evidence") as batch:
        for name, _type in reversed(EVIDENCE_COLUMNS):
            batch.drop_column(name)
