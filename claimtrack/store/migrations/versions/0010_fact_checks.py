"""Fact checks as data: the ``fact_check`` table, full-text indexed, filled from ClaimReviews (issue 15).

A collection of published fact checks (the claim reviewed, its rating, publisher, url, date,
speaker, title and the collection's own id) to match new claims against. Importing is
idempotent: ``(collection, external_id)`` and ``url`` are unique, and every import is an
``INSERT ... ON CONFLICT DO NOTHING``.

It is full-text indexed like the claims, so that matching takes its candidates from the
database: on SQLite an FTS5 table ``fact_check_fts`` over text, title and speaker, kept by
triggers (as ``claim_fts``, migration 0002); on PostgreSQL a stored generated ``tsvector``
column ``search_doc`` with a GIN index (as ``claim.search_doc``, migration 0006).

The ClaimReviews imported before this revision (``claimreview_import``) are copied in.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE fact_check_fts USING fts5(
        text, title, speaker, content='fact_check', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER fact_check_fts_insert AFTER INSERT ON fact_check BEGIN
        INSERT INTO fact_check_fts(rowid, text, title, speaker)
        VALUES (new.id, new.text, coalesce(new.title, ''), coalesce(new.speaker, ''));
    END""",
    """CREATE TRIGGER fact_check_fts_delete AFTER DELETE ON fact_check BEGIN
        INSERT INTO fact_check_fts(fact_check_fts, rowid, text, title, speaker)
        VALUES ('delete', old.id, old.text, coalesce(old.title, ''), coalesce(old.speaker, ''));
    END""",
    """CREATE TRIGGER fact_check_fts_update AFTER UPDATE OF text, title, speaker ON fact_check BEGIN
        INSERT INTO fact_check_fts(fact_check_fts, rowid, text, title, speaker)
        VALUES ('delete', old.id, old.text, coalesce(old.title, ''), coalesce(old.speaker, ''));
        INSERT INTO fact_check_fts(rowid, text, title, speaker)
        VALUES (new.id, new.text, coalesce(new.title, ''), coalesce(new.speaker, ''));
    END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS fact_check_fts_update",
    "DROP TRIGGER IF EXISTS fact_check_fts_delete",
    "DROP TRIGGER IF EXISTS fact_check_fts_insert",
    "DROP TABLE IF EXISTS fact_check_fts",
]

#: Must match claimtrack.services.factcheck_store.PG_DOCUMENT's column (the search reads it).
PG_DOCUMENT = "to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(title, '') || ' ' || coalesce(speaker, ''))"

#: The ClaimReviews imported before: the claim reviewed as the claim made of it, the review url.
BACKFILL = """
INSERT INTO fact_check (text, rating, publisher, url, review_date, speaker, collection, origin, source,
                        imported_at, imported_by)
SELECT claim.text, ci.rating, ci.publisher, ci.review_url, ci.review_date, claim.claimant,
       'claimreview', 'claimreview', ci.review_url, ci.imported_at, ci.imported_by
FROM claimreview_import AS ci JOIN claim ON claim.id = ci.claim_id
WHERE true
ORDER BY ci.id
ON CONFLICT DO NOTHING
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "fact_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("rating", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("external_id", sa.String(length=300), nullable=True),
        sa.Column("collection", sa.String(length=200), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("collection", "external_id", name="uq_fact_check_collection_external_id"),
        sa.UniqueConstraint("url", name="uq_fact_check_url"),
    )
    if dialect == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(f"ALTER TABLE fact_check ADD COLUMN search_doc tsvector GENERATED ALWAYS AS ({PG_DOCUMENT}) STORED")
        op.execute("CREATE INDEX ix_fact_check_search_doc ON fact_check USING gin (search_doc)")
    op.execute(BACKFILL)
    if dialect == "postgresql":
        op.execute("ANALYZE fact_check")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    op.drop_table("fact_check")
