"""Full-text search (FTS5 on SQLite, tsvector on PostgreSQL) behaves the same on both."""

from __future__ import annotations

import pytest

from claimtrack.services import workflow
from claimtrack.services.queries import ClaimFilter, list_claims, status_counts
from claimtrack.services.search import fts5_query, query_words, tsquery
from claimtrack.store import Database
from tests.builders import seed


def texts(db: Database, query: str) -> list[str]:
    with db.session() as s:
        return [c.text for c, _ in list_claims(s, ClaimFilter.build(search=query))]


def test_words_match_as_prefixes_in_text_sentence_and_claimant(db: Database) -> None:
    seed(db)
    assert texts(db, "bridge") == ["the bridge collapsed at noon"]
    assert texts(db, "BRID coll") == ["the bridge collapsed at noon"]
    assert texts(db, "ministry") == ["40 people were hurt"]  # in the claimant and the sentence
    assert texts(db, "prices 5") == ["Prices rose 5% last year."]
    assert texts(db, "4") == [] and texts(db, "40") == ["40 people were hurt"]
    assert texts(db, "bridge prices") == []


@pytest.mark.parametrize("query", ['"', "'; DROP TABLE claim; --", "a OR b", "NEAR(x y)", "*", "%_", "col:umn", "(("])
def test_search_syntax_and_sql_in_a_query_are_just_words(db: Database, query: str) -> None:
    seed(db)
    texts(db, query)  # no error
    with db.session() as s:
        assert len(list_claims(s)) == 3


def test_search_follows_edits_and_counts_respect_it(db: Database) -> None:
    ids = seed(db)
    with db.session() as s:
        workflow.set_status(s, ids[1], "dismissed", user="bob")
    with db.session() as s:
        counts = status_counts(s, ClaimFilter.build(search="bridge"))
    assert counts["dismissed"] == 1 and counts["new"] == 0
    assert texts(db, "bridge") == ["the bridge collapsed at noon"]


def test_query_building() -> None:
    assert query_words('Chinese "nationals" — 4!') == ["chinese", "nationals", "4"]
    assert fts5_query(["ab", "c", 'd"e']) == '"ab"* AND "c" AND "d""e"*'
    assert tsquery(["ab", "c"]) == "ab:* & c"


def test_sqlite_keeps_prefix_indexes_for_search_as_you_type(sqlite_path) -> None:  # type: ignore[no-untyped-def]
    from claimtrack.store import open_database

    db = open_database(sqlite_path)
    try:
        with db.engine.connect() as conn:
            sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'claim_fts'").scalar()
    finally:
        db.close()
    assert "prefix='2 3 4 5 6'" in sql
