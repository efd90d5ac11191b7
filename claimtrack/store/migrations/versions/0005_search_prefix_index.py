"""Search as you type stays fast: FTS5 keeps prefix indexes for 2 to 6 characters.

A prefix query ("minis*") on a plain FTS5 index merges the postings of every matching term,
tens of milliseconds on a million claims; with a prefix index of that length it is one lookup.
Only SQLite changes; PostgreSQL's GIN index already serves prefix tsqueries.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TRIGGERS = [
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
]
_DROP = [
    "DROP TRIGGER IF EXISTS claim_fts_update",
    "DROP TRIGGER IF EXISTS claim_fts_delete",
    "DROP TRIGGER IF EXISTS claim_fts_insert",
    "DROP TABLE IF EXISTS claim_fts",
]


def _create(prefix: str) -> list[str]:
    option = f", prefix='{prefix}'" if prefix else ""
    return [
        f"""CREATE VIRTUAL TABLE claim_fts USING fts5(
            text, sentence, claimant, content='claim', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'{option})""",
        *_TRIGGERS,
        "INSERT INTO claim_fts(claim_fts) VALUES ('rebuild')",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in [*_DROP, *_create("2 3 4 5 6")]:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in [*_DROP, *_create("")]:
            op.execute(statement)
