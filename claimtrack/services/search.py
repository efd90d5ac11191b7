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


def search_condition(dialect: str, query: str) -> sa.ColumnElement[bool]:
    """A WHERE condition on ``claim`` for ``query``; matches nothing if it has no words."""
    words = query_words(query)
    if not words:
        return sa.false()
    if dialect == "sqlite":
        matching: sa.Select[int] = (  # the FTS5 table's rowid is the claim's id
            sa.select(sa.column("rowid"))
            .select_from(sa.table("claim_fts"))
            .where(sa.literal_column("claim_fts").op("MATCH")(fts5_query(words)))
        )
        return col(Claim.id).in_(matching)
    if dialect == "postgresql":
        return pg_match(sa.literal_column(PG_DOCUMENT), words)
    # Any other database: a plain (slow) substring match on every word.
    conditions = []
    for word in words:
        pattern = f"%{word.replace('%', '').replace('_', '')}%"
        conditions.append(sa.or_(col(Claim.text).ilike(pattern), col(Claim.sentence).ilike(pattern)))
    return sa.and_(*conditions)
