"""The models and the migrations describe the same schema, on SQLite and on PostgreSQL.

A database upgraded to the newest revision is compared with ``SQLModel.metadata`` by Alembic's
autogenerate (the comparison ``alembic revision --autogenerate`` would make): a column, index,
constraint, type, nullability or server default added to a model without a migration (or the
other way round) shows up here as a non-empty diff.

The full-text search structures are made by the migrations alone, on purpose, and are left out:

- SQLite: the FTS5 table ``claim_fts`` and its shadow tables ``claim_fts_*`` (migration 0002),
  and ``fact_check_fts`` and ``fact_check_fts_*`` (migration 0010);
- PostgreSQL: the generated ``tsvector`` column ``claim.search_doc`` and its GIN index
  ``ix_claim_search_doc`` (migration 0006), and ``fact_check.search_doc`` and
  ``ix_fact_check_search_doc`` (migration 0010);
- both: ``alembic_version``, Alembic's own bookkeeping.

So is the index of the queue's date orders, ``ix_article_date``: an index on an expression written
for each engine (migration 0009), which SQLAlchemy cannot reflect on SQLite (it warns and skips it)
and a model cannot declare for both engines at once.
"""

from __future__ import annotations

import pprint
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import claimtrack.store.models  # noqa: F401  (registers every table on SQLModel.metadata)
from claimtrack.store import open_database
from claimtrack.store.migrate import head_revision

#: Tables in a migrated database that the models do not (and should not) declare.
MIGRATION_ONLY_TABLES = {"alembic_version", "claim_fts", "fact_check_fts"}
MIGRATION_ONLY_TABLE_PREFIXES = ("claim_fts_", "fact_check_fts_")
#: (table, column) and index names made by the migrations only (PostgreSQL full-text search).
MIGRATION_ONLY_COLUMNS = {("claim", "search_doc"), ("fact_check", "search_doc")}
MIGRATION_ONLY_INDEXES = {"ix_claim_search_doc", "ix_fact_check_search_doc", "ix_article_date"}
#: What SQLAlchemy says when it skips ix_article_date on SQLite (tests make its warnings errors).
EXPRESSION_INDEX_SKIPPED = "ignore:Skipped unsupported reflection of expression-based index ix_article_date"


def _migration_only(obj: Any, name: str | None, type_: str, reflected: bool, _compare_to: Any) -> bool:
    """True for the full-text search structures the models leave to the migrations."""
    if not reflected:  # only what the database has and the models lack is ever excused
        return False
    if type_ == "table":
        return name in MIGRATION_ONLY_TABLES or (name or "").startswith(MIGRATION_ONLY_TABLE_PREFIXES)
    if type_ == "column":
        return (obj.table.name, name) in MIGRATION_ONLY_COLUMNS
    if type_ == "index":
        return name in MIGRATION_ONLY_INDEXES
    return False


def schema_drift(url: str) -> list[Any]:
    """The differences Alembic finds between the models and the database at ``url`` (at head)."""
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "include_object": lambda *args: not _migration_only(*args),
                },
            )
            assert context.get_current_revision() == head_revision()
            return list(compare_metadata(context, SQLModel.metadata))
    finally:
        db.close()


@pytest.mark.filterwarnings(EXPRESSION_INDEX_SKIPPED)
def test_models_and_migrations_agree(blank_db_url: str) -> None:
    diff = schema_drift(blank_db_url)
    assert diff == [], (
        "the models (claimtrack/store/models.py) and the migrations (claimtrack/store/migrations/versions) "
        "disagree; add a migration for the model change (or fix the model):\n" + pprint.pformat(diff, width=120)
    )


def test_the_exceptions_are_only_the_full_text_structures() -> None:
    """The excuses excuse nothing the models declare: a model column named like them still counts."""
    assert not _migration_only(None, "claim", "table", False, None)
    assert not _migration_only(None, "claim", "table", True, None)
    assert not _migration_only(None, "claimant_fts", "table", True, None)
    assert _migration_only(None, "claim_fts_data", "table", True, None)
    assert _migration_only(None, "fact_check_fts_data", "table", True, None)
    assert not _migration_only(None, "fact_check", "table", True, None)
    assert not _migration_only(None, "ix_claim_search_doc", "index", False, None)
