"""The queue's orders read from indexes: check-worthiness and the article's date (issue 14).

The desk pages its queue by key (``claimtrack.services.queue``): each page continues from the
last row's sort key through an index, whatever the size of the desk. The queue was in claim id
order (the primary key); it can now also be sorted by score, highest first (the default), and by
the article's date, newest or oldest first. Each order gets the index it walks:

- ``ix_claim_score_order`` on ``claim (score DESC, id)``: highest score first, equal scores in
  id order (and ``--min-score`` is a range of it);
- ``ix_article_date`` on ``article (<date>, id)``, ``<date>`` the day the article was published,
  else the moment it was ingested (``claimtrack.services.queries.ARTICLE_DATE_SQL``, which must
  match it exactly): the articles in date order, each one's claims then read by ``article_id``.

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

#: Must match claimtrack.services.queries.ARTICLE_DATE_SQL (with the table name dropped), or the
#: date orders sort every article on each page instead of reading this index.
ARTICLE_DATE = {
    "sqlite": "coalesce(published || ' 00:00:00.000000', ingested_at)",
    "postgresql": "coalesce(published::timestamp, ingested_at AT TIME ZONE 'UTC')",
}


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_index("ix_claim_score_order", "claim", [sa.text("score DESC"), "id"])
    if dialect in ARTICLE_DATE:
        op.execute(f"CREATE INDEX ix_article_date ON article (({ARTICLE_DATE[dialect]}), id)")
    if dialect == "postgresql":
        op.execute("ANALYZE article")  # statistics of the expression, for the planner


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_article_date")
    op.drop_index("ix_claim_score_order", table_name="claim")
