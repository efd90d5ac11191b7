"""Matching on a big collection: the full-text query asks for the rarest words only (issue 15).

The speed itself is measured by ``benchmarks/matching.py``; these tests check what the query asks
for, on a real database of each engine, with the budget made small so that a few hundred rows are
"a big collection".
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from claimtrack.services import matching
from claimtrack.services.factcheck_store import insert_fact_checks, row_from_json
from claimtrack.services.matching import Matcher, Search, plan_search, search_words
from claimtrack.store.engine import Database

COMMON = "The minister said taxes rose last year, in report number {n}"
TARGET = "Taxes on Zanzibar cloves rose by 12% last year, the minister said"


def _store(db: Database, texts: list[str]) -> None:
    rows = [row_from_json({"text": t, "id": f"fc-{n}"}, collection="test", source="test") for n, t in enumerate(texts)]
    with db.engine.begin() as conn:
        insert_fact_checks(conn, rows, user="alice")
        if db.dialect == "postgresql":
            conn.execute(sa.text("ANALYZE fact_check"))
    matching.forget_frequencies()


def test_the_rarest_words_within_the_budget_rarest_first() -> None:
    frequencies = {"zanzibar": 2, "clove": 3, "tax": 400, "minister": 300, "rose": 350}
    assert plan_search(list(frequencies), frequencies, budget=100) == Search(("zanzibar", "clove"))
    assert plan_search(list(frequencies), frequencies, budget=10_000).words == (
        "zanzibar",
        "clove",
        "minister",
        "rose",
        "tax",
    )
    # words the index does not have cost nothing: always asked for
    assert plan_search(["unheard", "tax"], {"tax": 400}, budget=100) == Search(("unheard",))


def test_common_words_only_ask_for_rows_with_the_rarest_and_another() -> None:
    frequencies = {"minister": 300, "tax": 400, "rose": 350, "year": 900}
    search = plan_search(list(frequencies), frequencies, budget=100)
    assert search.anchor == "minister"
    assert search.words == ("rose", "tax")  # the next ones, while under ten times the budget
    assert search.fts5() == '"minister"* AND ("rose"* OR "tax"*)'
    assert search.tsquery() == "minister:* & (rose:* | tax:*)"
    assert plan_search(["minister"], {"minister": 300}, budget=100) == Search(("minister",))


def test_the_frequencies_are_the_index_s(db: Database) -> None:
    _store(db, [COMMON.format(n=n) for n in range(60)] + [TARGET])
    words = search_words(TARGET)
    with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            found = matching._frequencies.sqlite(conn, "fact_check_fts", words)
            assert found["zanzibar"] == 1
            assert found["minister"] == 61
            assert found["tax"] == 61  # a prefix: "taxes"
        else:  # estimated from ANALYZE's statistics
            found = matching._frequencies.postgres(conn, "fact_check", words)
            assert found["minister"] > 30
            assert found["zanzibar"] < found["minister"]


def test_a_repeat_is_found_among_many_rows_of_common_words(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _store(db, [COMMON.format(n=n) for n in range(300)] + [TARGET, "Cloves grow on Zanzibar"])
    monkeypatch.setattr(matching, "POSTING_BUDGET", 20)
    matches = Matcher(db).match("The minister said taxes on Zanzibar cloves rose 12% last year", limit=3)
    assert matches[0].text == TARGET
    assert matches[0].score >= 0.75
    # only common words: the rows with the rarest and another are ranked, not every row
    common = Matcher(db).match("the minister said taxes rose", limit=5)
    assert common
    assert all("minister" in m.text.lower() for m in common)
