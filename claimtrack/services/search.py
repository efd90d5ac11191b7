"""Full-text search over claims (text, sentence, claimant), as the checker types.

SQLite uses the FTS5 table ``claim_fts``; PostgreSQL a GIN index on a stored ``tsvector``
column (migrations 0002 and 0006). Both match every word of the query as a prefix, case-insensitively: ``chin nat`` finds
"Chinese nationals" (a one-character word matches as a whole word: ``4`` finds "4 people"). Only the words of the query are used, so no query can inject search
syntax, let alone SQL.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import col

from claimtrack.store.models import Claim

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12

#: The indexed document on PostgreSQL: a stored generated column (migration 0006), the
#: ``tsvector`` of text, sentence and claimant.
PG_DOCUMENT = "claim.search_doc"


def query_words(query: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(query)][:MAX_WORDS]


def fts5_query(words: list[str]) -> str:
    """Every word as a prefix, but a single character as a whole word ("4", not "4*"):
    a one-letter prefix matches most of the database and says little."""
    return " AND ".join('"' + w.replace('"', '""') + ('"*' if len(w) > 1 else '"') for w in words)


def tsquery(words: list[str]) -> str:
    return " & ".join(f"{w}:*" if len(w) > 1 else w for w in words)


def pg_match(document: sa.ColumnElement[Any], words: list[str]) -> sa.ColumnElement[bool]:
    """PostgreSQL: ``document`` (a ``tsvector``) matches every word, as a prefix."""
    return document.op("@@")(sa.func.to_tsquery("simple", tsquery(words)))


def indexed_condition(
    dialect: str,
    query: str,
    *,
    fts_table: str,
    id_column: Mapped[int | None],
    pg_document: str,
    text_columns: tuple[Mapped[Any], ...],
) -> sa.ColumnElement[bool]:
    """A WHERE condition: every word of ``query``, as a prefix, in a table's full-text index
    (the FTS5 table ``fts_table``, whose rowid is ``id_column``, on SQLite; the stored tsvector
    ``pg_document`` on PostgreSQL); matches nothing if the query has no words. Any other database:
    a plain (slow) substring match of every word on ``text_columns``."""
    words = query_words(query)
    if not words:
        return sa.false()
    if dialect == "sqlite":
        matching: sa.Select[int] = (
            sa.select(sa.column("rowid"))
            .select_from(sa.table(fts_table))
            .where(sa.literal_column(fts_table).op("MATCH")(fts5_query(words)))
        )
        return id_column.in_(matching)
    if dialect == "postgresql":
        return pg_match(sa.literal_column(pg_document), words)
    conditions = []
    for word in words:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        conditions.append(sa.or_(*(column.ilike(pattern) for column in text_columns)))
    return sa.and_(*conditions)


def search_condition(dialect: str, query: str) -> sa.ColumnElement[bool]:
    """A WHERE condition on ``claim`` for ``query``; matches nothing if it has no words."""
    return indexed_condition(
        dialect,
        query,
        fts_table="claim_fts",
        id_column=col(Claim.id),
        pg_document=PG_DOCUMENT,
        text_columns=(col(Claim.text), col(Claim.sentence)),
    )
