"""Full-text search over claims: SQLite FTS5, PostgreSQL a GIN tsvector index.

The queue filters by text as the checker types, on databases of a million claims: a ``LIKE
'%word%'`` scan cannot keep up, an inverted index can.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SQLITE_UP = [
    """CREATE VIRTUAL TABLE claim_fts USING fts5(
        text, sentence, claimant, content='claim', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN
        INSERT INTO claim_fts(rowid, text, sentence, claimant)
        VALUES (new.id, new.text, new.sentence, coalesce(new.claimant, ''));
    END""",
    """CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN
        INSERT INTO claim_fts(claim_fts, rowid, text, sentence, claimant)
        VALUES ('delete', old.id, old.text, old.sentence, coalesce(old.claimant, ''));
    END""",
    """CREATE TRIGGER claim_fts_update AFTER UPDATE OF text, sentence, claimant ON claim BEGIN
        INSERT INTO claim_fts(claim_fts, rowid, text, sentence, claimant)
        VALUES ('delete', old.id, old.text, old.sentence, coalesce(old.claimant, ''));
        INSERT INTO claim_fts(rowid, text, sentence, claimant)
        VALUES (new.id, new.text, new.sentence, coalesce(new.claimant, ''));
    END""",
    "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS claim_fts_update",
    "DROP TRIGGER IF EXISTS claim_fts_delete",
    "DROP TRIGGER IF EXISTS claim_fts_insert",
    "DROP TABLE IF EXISTS claim_fts",
]

#: Must match claimtrack.services.search.PG_DOCUMENT exactly, or the index is not used.
PG_DOCUMENT = "to_tsvector('simple', coalesce(text, '') || ' ' || coalesce(sentence, '') || ' ' || coalesce(claimant, ''))"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute(f"CREATE INDEX ix_claim_fts ON claim USING gin (({PG_DOCUMENT}))")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_claim_fts")
