"""The fact-check collection (issue 15): importing JSON Lines and ClaimReview lists, idempotently,
all or nothing, on SQLite and PostgreSQL; listing, searching and showing what is stored."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from claimtrack.errors import InputError, NotFoundError, Notice
from claimtrack.services import factcheck_store
from claimtrack.services.factcheck_store import (
    count_fact_checks,
    fact_check_json,
    get_fact_check,
    import_fact_checks,
    list_fact_checks,
)
from claimtrack.store import Database, open_database
from claimtrack.store.migrate import current_revision, downgrade, head_revision, upgrade
from claimtrack.store.models import FactCheck

CHECKS = [
    {
        "id": "pf-1",
        "text": "Unemployment fell to 4% last year",
        "rating": "False",
        "url": "https://pf.example/checks/1",
        "publisher": "PolitiFact",
        "date": "2024-01-02",
        "speaker": "The minister",
        "title": "No, unemployment did not fall",
        "topic": "economy",  # unknown keys are ignored
    },
    {"id": 2, "text": "Unemployment rose to 4% last year", "rating": "True"},
    {"text": "Taxes   doubled\nsince 2010", "url": "https://pf.example/checks/3"},
    {"text": "A claim with neither id nor url"},
]

REVIEWS = [
    {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://snopes.example/fact-check/bridge",
        "claimReviewed": "The bridge collapsed at noon",
        "author": {"@type": "Organization", "name": "Snopes"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A local paper"}},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "datePublished": "2024-03-06",
    },
    {
        "@type": "ClaimReview",
        "url": "https://snopes.example/fact-check/prices",
        "claimReviewed": "Prices rose 5% last year",
        "author": {"name": "Snopes"},
        "reviewRating": {"alternateName": "Mostly true"},
    },
    {"@type": "ClaimReview", "url": "https://snopes.example/fact-check/empty"},  # no claimReviewed: skipped
]


def jsonl(path: Path, items: list[object]) -> str:
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return str(path)


def stored(db: Database) -> list[tuple[str, str | None, str | None]]:
    with db.session() as s:
        rows = s.exec(select(FactCheck).order_by(col(FactCheck.id))).all()
        return [(r.text, r.external_id, r.url) for r in rows]


def test_import_json_lines_then_again_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = jsonl(tmp_path / "checks.jsonl", CHECKS)
    report = import_fact_checks(db, path, user="alice")
    assert (report.kind, report.read, report.added, report.already) == ("jsonl", 4, 4, 0)
    first = stored(db)
    assert first == [
        ("Unemployment fell to 4% last year", "pf-1", "https://pf.example/checks/1"),
        ("Unemployment rose to 4% last year", "2", None),
        ("Taxes doubled since 2010", None, "https://pf.example/checks/3"),  # whitespace made one line
        ("A claim with neither id nor url", None, None),
    ]
    check = get_fact_check(db, 1)
    assert (check.rating, check.publisher, check.review_date, check.speaker, check.title) == (
        "False",
        "PolitiFact",
        date(2024, 1, 2),
        "The minister",
        "No, unemployment did not fall",
    )
    assert (check.collection, check.origin, check.source, check.imported_by) == ("default", "import", path, "alice")

    # The same file again: the three with an id or a url are recognised; the fourth has neither,
    # so nothing can say it is the same one, and it is stored again.
    again = import_fact_checks(db, path, user="bob")
    assert (again.read, again.added, again.already) == (4, 1, 3)
    assert stored(db)[:4] == first and len(stored(db)) == 5
    assert get_fact_check(db, 1).imported_by == "alice"  # left as it was


def test_the_same_url_or_id_in_other_words_is_the_same_fact_check(db: Database, tmp_path: Path) -> None:
    import_fact_checks(db, jsonl(tmp_path / "a.jsonl", CHECKS[:2]), user="alice")
    changed = [
        {"id": "pf-9", "text": "Another wording", "url": "https://pf.example/checks/1"},  # same url
        {"id": "2", "text": "Yet another wording"},  # same id (a number before, a string now)
        {"id": "2", "text": "The same id in another collection"},
    ]
    report = import_fact_checks(db, jsonl(tmp_path / "b.jsonl", changed[:2]), user="alice")
    assert (report.added, report.already) == (0, 2)
    other = import_fact_checks(db, jsonl(tmp_path / "c.jsonl", changed[2:]), user="alice", collection="snopes")
    assert (other.added, other.collection) == (1, "snopes")
    assert [t for t, _i, _u in stored(db)] == [
        "Unemployment fell to 4% last year",
        "Unemployment rose to 4% last year",
        "The same id in another collection",
    ]


def test_progress_is_told_the_bytes_read_of_the_file(db: Database, tmp_path: Path) -> None:
    items = [{"id": n, "text": f"claim number {n}"} for n in range(25)]
    path = Path(jsonl(tmp_path / "p.jsonl", items))
    calls: list[tuple[int, int, str]] = []
    import_fact_checks(db, str(path), user="alice", batch_rows=10, progress=lambda *a: calls.append(a))
    size = path.stat().st_size
    assert [what for _d, _t, what in calls] == ["10 fact checks", "20 fact checks", "25 fact checks"]
    assert all(total == size for _d, total, _w in calls) and calls[-1][0] == size
    assert calls[0][0] < calls[1][0] < size


def test_repeats_inside_one_file_and_one_batch_are_stored_once(db: Database, tmp_path: Path) -> None:
    items = [{"id": f"x{n % 3}", "text": f"claim {n}"} for n in range(10)]
    report = import_fact_checks(db, jsonl(tmp_path / "r.jsonl", items), user="alice", batch_rows=4)
    assert (report.read, report.added) == (10, 3)
    assert [t for t, _i, _u in stored(db)] == ["claim 0", "claim 1", "claim 2"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "ok"', "line 3: not valid JSON (Expecting ',' delimiter, column 14)"),
        ('{"id": 7}', 'line 3: no "text"'),
        ('{"text": "  "}', 'line 3: no "text"'),
        ('["text"]', "line 3: a JSON object is needed, not list"),
        ('{"text": "x", "url": "ftp://example.org/a"}', "line 3: url is not an http(s) url"),
        ('{"text": "x", "date": "March 2024"}', "line 3: date is not YYYY-MM-DD"),
        ('{"text": "x", "rating": 5}', 'line 3: "rating" must be a string, not int'),
        ('{"text": "x", "id": [1]}', 'line 3: "id" must be a string or a whole number, not list'),
        ('{"text": "x", "score": NaN}', "line 3: NaN is not a number JSON allows"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_imported(db: Database, tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    good = "".join(json.dumps(item) + "\n" for item in CHECKS[:2])
    path.write_text(good + line + "\n" + json.dumps(CHECKS[2]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_fact_checks(db, str(path), user="alice", batch_rows=1)  # two batches inserted before it
    said = str(caught.value)
    assert said.startswith(f"{path}: {message}") and said.endswith("; nothing imported") and "\n" not in said
    assert count_fact_checks(db) == 0


def test_empty_input_long_lines_and_missing_files_are_refused(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty.jsonl").write_text("\n  \n", encoding="utf-8")
    with pytest.raises(InputError, match="empty: no fact checks to import"):
        import_fact_checks(db, str(tmp_path / "empty.jsonl"), user="alice")
    with pytest.raises(InputError, match="no such file"):
        import_fact_checks(db, str(tmp_path / "none.jsonl"), user="alice")
    monkeypatch.setattr(factcheck_store, "LINE_LIMIT", 100)
    path = jsonl(tmp_path / "long.jsonl", [CHECKS[1], {"text": "x" * 200}])
    with pytest.raises(InputError, match="line 2 is over the 100-byte limit"):
        import_fact_checks(db, path, user="alice")
    with pytest.raises(InputError, match="--collection must not be empty"):
        import_fact_checks(db, jsonl(tmp_path / "ok.jsonl", CHECKS[:1]), user="alice", collection="  ")
    assert count_fact_checks(db) == 0


def test_a_json_list_of_claim_reviews(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(REVIEWS, indent=2), encoding="utf-8")
    report = import_fact_checks(db, str(path), user="carol", collection="snopes")
    assert (report.kind, report.read, report.added) == ("claimreview", 2, 2)
    assert report.skipped == ["ClaimReview 3: it has no claimReviewed"]
    bridge = get_fact_check(db, 1)
    assert (bridge.text, bridge.rating, bridge.publisher, bridge.speaker, bridge.url, bridge.review_date) == (
        "The bridge collapsed at noon",
        "False",
        "Snopes",
        "A local paper",
        "https://snopes.example/fact-check/bridge",
        date(2024, 3, 6),
    )
    assert (bridge.origin, bridge.collection) == ("import", "snopes")
    assert import_fact_checks(db, str(path), user="carol", collection="snopes").added == 0
    # a ClaimReview object as a line of JSON Lines is read the same way
    line = tmp_path / "one.jsonl"
    line.write_text(json.dumps({**REVIEWS[1], "url": "https://snopes.example/fact-check/other"}) + "\n")
    assert import_fact_checks(db, str(line), user="carol").added == 1
    broken = tmp_path / "broken.json"
    broken.write_text('[\n  {"@type": "ClaimReview",\n  "url": }\n]', encoding="utf-8")
    with pytest.raises(InputError, match=r"broken.json: line 3: not valid JSON .*; nothing imported"):
        import_fact_checks(db, str(broken), user="carol")
    none = tmp_path / "none.json"
    none.write_text(json.dumps(REVIEWS[2:]), encoding="utf-8")
    with pytest.raises(InputError, match="no usable ClaimReview found in the JSON list"):
        import_fact_checks(db, str(none), user="carol")
    assert count_fact_checks(db) == 3


def test_list_search_show(db: Database, tmp_path: Path) -> None:
    import_fact_checks(db, jsonl(tmp_path / "checks.jsonl", CHECKS), user="alice")
    assert [c.id for c in list_fact_checks(db, limit=2)] == [4, 3]
    assert [c.id for c in list_fact_checks(db, limit=None)] == [4, 3, 2, 1]
    # the full-text index: every word, as a prefix; numbers and accents as the claims' search
    assert [c.id for c in list_fact_checks(db, search="unemploy 4")] == [2, 1]
    assert [c.id for c in list_fact_checks(db, search="unemployment fell")] == [1]
    assert [c.id for c in list_fact_checks(db, search="minister")] == [1]  # the speaker
    assert [c.id for c in list_fact_checks(db, search="did not")] == [1]  # the title
    assert list_fact_checks(db, search="'; DROP TABLE fact_check; --") == []
    assert list_fact_checks(db, search="***") == []
    data = fact_check_json(get_fact_check(db, 1))
    assert data["date"] == "2024-01-02" and data["external_id"] == "pf-1" and data["imported_at"].endswith("+00:00")
    with pytest.raises(NotFoundError, match="no fact check with id 99"):
        get_fact_check(db, 99)


def test_text_is_stored_as_data(db: Database, tmp_path: Path) -> None:
    hostile = {"id": "h", "text": "[bold red]x[/] <script>alert(1)</script> \u202eevil \x1b[2J", "speaker": "a\x00b"}
    with pytest.warns(Notice, match="removed 1 NUL character"):
        import_fact_checks(db, jsonl(tmp_path / "h.jsonl", [hostile]), user="alice")
    check = get_fact_check(db, 1)
    assert check.text == hostile["text"] and check.speaker == "ab"  # NUL cannot be stored: removed


def test_the_migration_makes_the_table_and_copies_earlier_claim_reviews(blank_db_url: str) -> None:
    from claimtrack.services.factchecks import import_claim_reviews, prepare_reviews

    db = open_database(blank_db_url)
    try:
        import_claim_reviews(db, [prepare_reviews(REVIEWS[:2], source="reviews.json")], user="frank")
        with db.engine.begin() as conn:
            conn.execute(sa.delete(FactCheck))  # as in a database from before 0010
        downgrade(db.engine, "0009")
        assert current_revision(db.engine) == "0009"
        assert "fact_check" not in sa.inspect(db.engine).get_table_names()
        upgrade(db.engine, "head")
        assert current_revision(db.engine) == head_revision() == "0011"
        rows = list_fact_checks(db, limit=None)
        assert sorted((c.text, c.rating, c.url, c.origin, c.imported_by) for c in rows) == [
            (
                "Prices rose 5% last year",
                "Mostly true",
                "https://snopes.example/fact-check/prices",
                "claimreview",
                "frank",
            ),
            (
                "The bridge collapsed at noon",
                "False",
                "https://snopes.example/fact-check/bridge",
                "claimreview",
                "frank",
            ),
        ]
        assert [c.text for c in list_fact_checks(db, search="bridge")] == ["The bridge collapsed at noon"]
    finally:
        db.close()
