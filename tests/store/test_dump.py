"""``claimtrack dump`` and ``load``: the whole desk round-trips, on SQLite and PostgreSQL alike,
and a file that is cut short, changed or of another schema is refused before anything is written."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, col, func, select
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.errors import InputError, NotFoundError
from claimtrack.services import workflow
from claimtrack.services.evidence import add_web_evidence, recheck_evidence
from claimtrack.services.factcheck_store import list_fact_checks, row_from_json, store_fact_checks
from claimtrack.services.factchecks import import_claim_reviews, prepare_reviews
from claimtrack.services.queries import ClaimFilter, list_claims
from claimtrack.services.web_ingest import ingest_feed, ingest_sources
from claimtrack.store import Database, open_database
from claimtrack.store import dump as dumpmod
from claimtrack.store.dump import (
    DumpInfo,
    check_empty,
    dump_lines,
    load_dump,
    table_specs,
    verify_dump,
    write_dump,
)
from claimtrack.store.migrate import head_revision
from claimtrack.store.models import (
    Article,
    Claim,
    Evidence,
    EvidenceSnapshot,
    HistoryEntry,
)
from tests.builders import seed
from tests.clicheck import fails, ok
from tests.conftest import EXAMPLE, ROOT
from tests.web.conftest import article_html, mock_fetcher, said_extractor

# --- a desk with something in every table ------------------------------------------------------

FEED = "https://news.example/feed.xml"
PAGE = "<html><head><title>Embassy statement</title></head><body><p>No citizens were hurt. 中文 ✓</p></body></html>".encode()
PDF = b"%PDF-1.7 binary\x00\x01\xff\xfe" + bytes(range(256))
REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example/2024/bridge",
    "datePublished": "2024-03-06",
    "headline": "Non, le pont ne s’est pas effondré à midi",
    "claimReviewed": "The bridge collapsed at noon on Tuesday",
    "author": {"@type": "Organization", "name": "Desk Facts", "url": "https://checks.example"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "A local paper"},
        "appearance": [
            {"@type": "CreativeWork", "url": "https://paper.example/bridge", "headline": "Bridge falls at noon"}
        ],
    },
    "reviewRating": {"@type": "Rating", "ratingValue": "1", "bestRating": "5", "alternateName": "False"},
}


def rss(*links: str) -> bytes:
    items = "".join(f"<item><title>{link}</title><link>{link}</link><guid>{link}#guid</guid></item>" for link in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Test</title>{items}</channel></rss>'.encode()


def populate(db: Database) -> None:
    """Every table gets rows, through the real services: an ingested file (the bundled example,
    with the real extractor), web pages from a feed (snapshots, feed items), evidence with and
    without captures, rechecks (unchanged, changed, failed), verdicts, notes, assignments,
    removed evidence (a gap in the ids) and a ClaimReview import."""
    ingest_sources(db, [str(EXAMPLE)], user="alice")
    ids = seed(db, user="bob")
    statement = {"body": PAGE}

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == FEED:
            return httpx.Response(
                200,
                content=rss("https://news.example/s1", "https://news.example/s2"),
                headers={"Content-Type": "application/rss+xml"},
            )
        if url.startswith("https://news.example/s"):
            n = url[-1]
            extra = f"The unique fact {n} was reported by officials, the agency said on day {n}."
            return httpx.Response(
                200,
                content=article_html(f"Story number {n}", extra=extra),
                headers={"Content-Type": "text/html; charset=utf-8"},
            )
        if url == "https://gov.example/statement":
            if statement["body"] is None:
                return httpx.Response(404)
            return httpx.Response(200, content=statement["body"], headers={"Content-Type": "text/html; charset=utf-8"})
        if url == "https://gov.example/report.pdf":
            return httpx.Response(200, content=PDF, headers={"Content-Type": "application/pdf"})
        return httpx.Response(404)

    with mock_fetcher(handler, retries=0) as fetcher:
        feed = ingest_feed(db, FEED, user="carol", fetcher=fetcher, extractor=said_extractor)
        assert len(feed.ingested) == 2 and not feed.failed
        captured = add_web_evidence(
            db, ids[0], "https://gov.example/statement", user="alice", fetcher=fetcher, stance="refutes"
        )
        add_web_evidence(
            db, ids[0], "https://gov.example/report.pdf", user="alice", fetcher=fetcher, title="Annual report"
        )
        recheck_evidence(db, captured.evidence.id, user="bob", fetcher=fetcher)  # unchanged
        statement["body"] = PAGE.replace(b"No citizens", b"Two citizens")
        recheck_evidence(db, captured.evidence.id, user="bob", fetcher=fetcher)  # changed
        statement["body"] = None
        recheck_evidence(db, captured.evidence.id, user="bob", fetcher=fetcher)  # gone
    with db.session() as s:
        gone = workflow.add_evidence(s, ids[2], "https://example.org/gone", user="erin")
    add_web_evidence(db, ids[1], "https://example.org/later", user="dana", fetcher=None, stance="supports")
    with db.session() as s:
        workflow.remove_evidence(s, gone.id, user="erin")  # type: ignore[arg-type]  # a gap in the ids
    with db.session() as s:
        workflow.set_status(
            s, ids[0], "disputed", user="alice", note="The mayor denied it — “strongly”.\u2028A 2nd line: 中文 ✓"
        )
    with db.session() as s:
        workflow.assign(s, ids[1], "dana", user="alice")
    with db.session() as s:
        workflow.add_note(s, ids[2], "naïve note\twith a tab", user="erin")
    with db.session() as s:  # an undo and a redo: history.undoes names what each reversed
        workflow.assign(s, ids[2], "erin", user="erin")
    with db.session() as s:
        workflow.undo_last(s, ids[2], user="erin")
    with db.session() as s:
        workflow.redo_last(s, ids[2], user="erin")
    import_claim_reviews(db, [prepare_reviews([REVIEW], source="reviews.json")], user="frank")
    with db.session() as s:  # a fact-check collection (the review above is in it too)
        store_fact_checks(
            s,
            [
                row_from_json(
                    {
                        "id": "pf-1",
                        "text": "Unemployment fell to 4% — “claimed”",
                        "date": "2024-01-02",
                        "rating": "False",
                    },
                    collection="politifact",
                    source="checks.jsonl",
                )
            ],
            user="gina",
        )
    from claimtrack.domain import MatchKind
    from claimtrack.services.similar import Target, decide

    with db.session() as s:  # matches, decided by hand: one pair of claims, one fact check
        decide(s, ids[1], Target(MatchKind.CLAIM, ids[0]), "same", user="hana", note="the same “figure”")
        check = list_fact_checks(db, search="Unemployment")[0]
        decide(s, ids[2], Target(MatchKind.FACT_CHECK, check.id), "different", user="hana")  # type: ignore[arg-type]


# --- helpers ----------------------------------------------------------------------------------


def dump_bytes(db: Database) -> bytes:
    out = io.BytesIO()
    write_dump(db, out)
    return out.getvalue()


def engine_of(url: str) -> str:
    return "postgres" if url.startswith("postgres") else "sqlite"


@pytest.fixture
def fresh(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    """New, empty (migrated) databases: ``fresh("sqlite")`` or ``fresh("postgres")``."""
    opened: list[Database] = []

    def make(engine: str) -> Database:
        if engine == "sqlite":
            url = str(tmp_path / f"fresh-{len(opened)}.db")
        else:
            url = request.getfixturevalue("pg_server").create()
        db = open_database(url)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture(scope="module")
def desk_dump(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The dump of a populated SQLite desk (made once for this module)."""
    db = open_database(tmp_path_factory.mktemp("desk") / "desk.db")
    try:
        populate(db)
        return dump_bytes(db)
    finally:
        db.close()


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def resigned(lines: list[bytes], *, recount: bool = False) -> bytes:
    """``lines`` (header, rows, end line) with the end line's SHA-256 (and counts) made to fit:
    a file changed by someone who knows the format."""
    *body, end = lines
    trailer = json.loads(end)
    trailer["sha256"] = hashlib.sha256(b"".join(body)).hexdigest()
    if recount:
        trailer["rows"] = {name: 0 for name in trailer["rows"]}
        for line in body[1:]:
            table = json.loads(line)["table"]
            trailer["rows"][table] = trailer["rows"].get(table, 0) + 1
    return b"".join(body) + json.dumps(trailer, separators=(",", ":")).encode() + b"\n"


def row_lines(data: bytes, table: str) -> list[int]:
    return [i for i, line in enumerate(lines_of(data)) if line.startswith(b'{"table":"%s","row"' % table.encode())]


def count(db: Database, model: type[SQLModel]) -> int:
    with db.session() as s:
        return s.exec(select(func.count()).select_from(model)).one()


def total_rows(db: Database) -> int:
    with db.engine.connect() as conn:
        return sum(conn.execute(sa.select(func.count()).select_from(spec.table)).scalar_one() for spec in table_specs())


def max_id(db: Database, model: type[SQLModel]) -> int:
    with db.session() as s:
        return s.exec(select(func.max(col(model.id)))).one() or 0  # type: ignore[attr-defined]


def texts(db: Database, query: str) -> list[str]:
    with db.session() as s:
        return sorted(c.text for c, _ in list_claims(s, ClaimFilter.build(search=query)))


def claim_states(db: Database) -> list[tuple[int, int, str, str | None]]:
    with db.session() as s:
        return [(c.id, c.version, c.status, c.assignee) for c in s.exec(select(Claim).order_by(col(Claim.id))).all()]  # type: ignore[misc]


def load_bytes(db: Database, data: bytes, tmp_path: Path, name: str = "desk.jsonl") -> DumpInfo:
    path = tmp_path / name
    path.write_bytes(data)
    return load_dump(db, path)


# --- the format ---------------------------------------------------------------------------------


def test_every_table_gets_rows_and_the_file_is_plain_json_lines(desk_dump: bytes) -> None:
    lines = lines_of(desk_dump)
    assert all(line.endswith(b"\n") for line in lines)
    header, trailer = json.loads(lines[0]), json.loads(lines[-1])
    assert header == {
        "format": "claimtrack-dump",
        "version": 1,
        "schema": head_revision(),
        "claimtrack": header["claimtrack"],
    }
    assert trailer["end"] is True and trailer["sha256"] == hashlib.sha256(b"".join(lines[:-1])).hexdigest()
    names = [spec.name for spec in table_specs()]
    assert list(trailer["rows"]) == names and sum(trailer["rows"].values()) == len(lines) - 2
    assert all(trailer["rows"][name] > 0 for name in names), trailer["rows"]  # the test desk fills every table
    assert names.index("article") < names.index("claim") < names.index("evidence") < names.index("evidence_snapshot")
    rows = [json.loads(line) for line in lines[1:-1]]
    # parents first, each table's rows together and in id order
    order = [(names.index(r["table"]), r["row"]["id"]) for r in rows]
    assert order == sorted(order) and len(set(order)) == len(order)
    snapshots = [r["row"] for r in rows if r["table"] == "evidence_snapshot"]
    bodies = [gzip.decompress(base64.b64decode(s["body"])) for s in snapshots if s["body"] is not None]
    assert PAGE in bodies and PDF in bodies  # bytes as base64, exactly
    assert [s["kind"] for s in snapshots].count("recheck") == 3 and any(s["error"] for s in snapshots)
    claim = next(r["row"] for r in rows if r["table"] == "claim")
    assert (
        claim["created_at"].endswith("+00:00")
        and isinstance(claim["cues"], list)
        and isinstance(claim["in_title"], bool)
    )
    imported = next(r["row"] for r in rows if r["table"] == "claimreview_import")
    assert imported["raw"]["author"]["name"] == "Desk Facts" and imported["review_date"] == "2024-03-06"
    # the desk's text is kept as it is (UTF-8, not \u escapes), and U+2028 does not split a line
    assert "“strongly”.\u2028A 2nd line: 中文 ✓".encode() in desk_dump
    # the removed evidence is named in the history, not in evidence: ids are what they were
    evidence = {r["row"]["id"] for r in rows if r["table"] == "evidence"}
    named = {r["row"]["evidence_id"] for r in rows if r["table"] == "history" and r["row"]["evidence_id"]}
    assert named - evidence
    # an undo names the change it reversed, a redo the undo
    history = {r["row"]["id"]: r["row"] for r in rows if r["table"] == "history"}
    undo, redo = [h for h in history.values() if h["undoes"] is not None]
    assert redo["undoes"] == undo["id"] and history[undo["undoes"]]["undoes"] is None
    assert history[undo["undoes"]]["to_value"] == "erin" and redo["note"].startswith("redo of v")
    assert verify_dump(io.BytesIO(desk_dump), "desk.jsonl").rows == trailer["rows"]


def test_the_dump_covers_every_table_and_column_of_the_database(db: Database) -> None:
    """Driven by the models: every table and column the migrations make is dumped, except what
    the database derives (the full-text index) and Alembic's own table."""
    specs = {spec.name: {c.name for c in spec.columns} for spec in table_specs()}
    inspector = sa.inspect(db.engine)
    tables = [t for t in inspector.get_table_names() if not dumpmod.is_derived(t)]
    assert sorted(tables) == sorted(specs)
    for table in tables:
        columns = {c["name"] for c in inspector.get_columns(table) if not dumpmod.is_derived(table, c["name"])}
        assert columns == specs[table], table
    trailer = json.loads(lines_of(dump_bytes(db))[-1])
    assert trailer["rows"] == {name: 0 for name in specs}


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_a_table_or_column_the_models_do_not_know_stops_the_dump(fresh: Callable[[str], Database], engine: str) -> None:
    db = fresh(engine)
    seed(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE extra_notes (id INTEGER PRIMARY KEY, body TEXT)")
    with pytest.raises(InputError, match="has table extra_notes, which this claimtrack does not know"):
        dump_bytes(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE extra_notes")
        conn.exec_driver_sql("ALTER TABLE claim ADD COLUMN mood TEXT")
    with pytest.raises(InputError, match="table claim has column mood"):
        dump_bytes(db)


# --- round trips --------------------------------------------------------------------------------


def test_dump_load_dump_is_byte_identical(
    db: Database, db_url: str, fresh: Callable[[str], Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # small batches, so fetching and inserting cross many batch boundaries
    monkeypatch.setattr(dumpmod, "FETCH_ROWS", 7)
    monkeypatch.setattr(dumpmod, "BATCH_ROWS", 5)
    populate(db)
    first = dump_bytes(db)
    assert dump_bytes(db) == first  # deterministic

    target = fresh(engine_of(db_url))
    info = load_bytes(target, first, tmp_path)
    assert info.total == len(lines_of(first)) - 2 and info.schema == head_revision()
    assert dump_bytes(target) == first

    # ids, versions, statuses and assignments kept
    assert claim_states(target) == claim_states(db)
    for model in (Article, Claim, Evidence, EvidenceSnapshot, HistoryEntry):
        assert max_id(target, model) == max_id(db, model)
    # the full-text index came with it (SQLite: FTS5 triggers; PostgreSQL: the generated column)
    for query in ("chin nat", "bridge", "unique fact"):
        assert texts(target, query) == texts(db, query) != []
    # and the fact checks' (issue 15)
    for query in ("unemploy", "bridge"):
        found = [(c.id, c.text) for c in list_fact_checks(target, search=query)]
        assert found == [(c.id, c.text) for c in list_fact_checks(db, search=query)] != []
    if target.dialect == "sqlite":
        with target.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO claim_fts(claim_fts) VALUES ('integrity-check')")
            conn.exec_driver_sql("INSERT INTO fact_check_fts(fact_check_fts) VALUES ('integrity-check')")


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_new_rows_after_a_load_get_ids_above_the_loaded_ones(
    fresh: Callable[[str], Database], desk_dump: bytes, tmp_path: Path, engine: str
) -> None:
    """On PostgreSQL the id sequences are moved past the loaded ids (else the next insert
    would collide with article 1); SQLite takes max(id) + 1 by itself."""
    target = fresh(engine)
    load_bytes(target, desk_dump, tmp_path)
    before = {model: max_id(target, model) for model in (Article, Claim, Evidence, HistoryEntry)}
    seed(target, title="After the load")
    with target.session() as s:
        article = s.exec(select(Article).where(Article.title == "After the load")).one()
        new_ids = sorted(s.exec(select(Claim.id).where(Claim.article_id == article.id)).all())
    assert article.id == before[Article] + 1
    assert new_ids[0] == before[Claim] + 1  # type: ignore[operator]
    assert max_id(target, HistoryEntry) > before[HistoryEntry] and max_id(target, Evidence) > before[Evidence]
    with target.session() as s:
        ev = workflow.add_evidence(s, new_ids[0], "https://example.org/new", user="zoe")  # type: ignore[arg-type]
    assert ev.id == max_id(target, Evidence) and ev.id > before[Evidence]  # type: ignore[operator]


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
def test_undo_goes_on_from_where_it_was_after_a_load(
    fresh: Callable[[str], Database], desk_dump: bytes, tmp_path: Path, engine: str
) -> None:
    target = fresh(engine)
    load_bytes(target, desk_dump, tmp_path)
    with target.session() as s:
        redo = s.exec(select(HistoryEntry).where(col(HistoryEntry.undoes).is_not(None))).all()[-1]
        claim_id, undo_id = redo.claim_id, redo.undoes
        assignment = s.get(HistoryEntry, s.get(HistoryEntry, undo_id).undoes)  # type: ignore[union-attr]
    with target.session() as s:
        with pytest.raises(NotFoundError, match="nothing of yours to redo"):
            workflow.redo_last(s, claim_id, user="erin")
    with target.session() as s:
        again = workflow.undo_last(s, claim_id, user="erin")  # the redone assignment, undone again
        assert (again.claim.assignee, again.entry.undoes) == (None, assignment.id)  # type: ignore[union-attr]


def test_sqlite_to_postgres_to_sqlite_is_the_same_file(
    pg_server: object, fresh: Callable[[str], Database], desk_dump: bytes, tmp_path: Path
) -> None:
    postgres = fresh("postgres")
    load_bytes(postgres, desk_dump, tmp_path, "from-sqlite.jsonl")
    from_postgres = dump_bytes(postgres)
    assert from_postgres == desk_dump
    sqlite = fresh("sqlite")
    load_bytes(sqlite, from_postgres, tmp_path, "from-postgres.jsonl")
    assert dump_bytes(sqlite) == desk_dump
    assert claim_states(sqlite) == claim_states(postgres)
    assert texts(postgres, "chin nat") == texts(sqlite, "chin nat") != []


def test_a_dump_is_one_snapshot_while_others_write(db: Database) -> None:
    """The read transaction starts before the header is written: a claim added, a status
    changed and a row deleted by another checker meanwhile are not in the dump, or all are."""
    ids = seed(db)
    with db.session() as s:
        extra = workflow.add_evidence(s, ids[2], "https://example.org/to-remove", user="bob")
    before_claims, before_evidence, states = count(db, Claim), count(db, Evidence), claim_states(db)
    info = DumpInfo(schema="", claimtrack="")
    lines = dump_lines(db, info)
    first = [next(lines)]  # the snapshot is taken
    seed(db, title="Written during the dump")
    with db.session() as s:
        workflow.set_status(s, ids[0], "in_review", user="carol")
    with db.session() as s:
        workflow.remove_evidence(s, extra.id, user="carol")  # type: ignore[arg-type]
    data = b"".join(first + list(lines))
    rows = [json.loads(line) for line in lines_of(data)[1:-1]]
    claims = [r["row"] for r in rows if r["table"] == "claim"]
    assert [(c["id"], c["version"], c["status"], c["assignee"]) for c in claims] == states
    assert len([r for r in rows if r["table"] == "evidence"]) == before_evidence
    assert not any(r["row"]["title"] == "Written during the dump" for r in rows if r["table"] == "article")
    assert json.loads(lines_of(data)[-1])["rows"] == info.rows and info.rows["claim"] == before_claims
    verify_dump(io.BytesIO(data), "during.jsonl")
    # the next dump has the new state
    after = json.loads(lines_of(dump_bytes(db))[-1])["rows"]
    assert after["claim"] == before_claims + 3 and after["evidence"] == before_evidence  # +1 in-article, -1 removed


# --- refused: nothing is written ---------------------------------------------------------------


def _cut_mid_line(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _without_end_line(data: bytes) -> bytes:
    return b"".join(lines_of(data)[:-1])


def _half_the_lines(data: bytes) -> bytes:
    return b"".join(lines_of(data)[: len(lines_of(data)) // 2])


def _value_changed(data: bytes) -> bytes:
    assert data.count(b'"status":"disputed"') >= 1
    return data.replace(b'"status":"disputed"', b'"status":"verified"', 1)


def _row_dropped(data: bytes) -> bytes:
    lines = lines_of(data)
    del lines[row_lines(data, "history")[0]]
    return b"".join(lines)


def _row_dropped_resigned(data: bytes) -> bytes:
    lines = lines_of(data)
    del lines[row_lines(data, "history")[0]]
    return resigned(lines)


def _edit_row(table: str, change: Callable[[dict], None], *, recount: bool = False) -> Callable[[bytes], bytes]:
    def mutate(data: bytes) -> bytes:
        lines = lines_of(data)
        index = row_lines(data, table)[0]
        value = json.loads(lines[index])
        change(value)
        lines[index] = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
        return resigned(lines, recount=recount)

    return mutate


def _header(change: dict) -> Callable[[bytes], bytes]:
    def mutate(data: bytes) -> bytes:
        lines = lines_of(data)
        lines[0] = json.dumps({**json.loads(lines[0]), **change}).encode() + b"\n"
        return resigned(lines)

    return mutate


def _swap_claims(data: bytes) -> bytes:
    lines = lines_of(data)
    a, b = row_lines(data, "claim")[:2]
    lines[a], lines[b] = lines[b], lines[a]
    return resigned(lines)


def _article_last(data: bytes) -> bytes:
    lines = lines_of(data)
    article = lines.pop(row_lines(data, "article")[0])
    lines.insert(len(lines) - 1, article)
    return resigned(lines)


def _line_after_end(data: bytes) -> bytes:
    return data + data.splitlines(keepends=True)[1]


def _not_json(data: bytes) -> bytes:
    lines = lines_of(data)
    lines.insert(2, b"{not json\n")
    return b"".join(lines)


REFUSED: list[tuple[str, Callable[[bytes], bytes], str]] = [
    ("cut mid-line", _cut_mid_line, "cut short"),
    ("cut at a line end: no end line", _without_end_line, "cut short (no end line after line"),
    ("cut at a line end: half the rows", _half_the_lines, "cut short (no end line after line"),
    ("the last line end missing", lambda d: d[:-1], "cut short (line"),
    ("a value changed", _value_changed, "SHA-256 mismatch"),
    ("a row dropped", _row_dropped, "SHA-256 mismatch"),
    ("a row dropped, the checksum redone", _row_dropped_resigned, "the end line counts"),
    ("a bad value", _edit_row("claim", lambda v: v["row"].update(version="2")), "claim.version: not an integer"),
    ("a null where a value is needed", _edit_row("claim", lambda v: v["row"].update(text=None)), "claim.text: null"),
    (
        "a string too long",
        _edit_row("article", lambda v: v["row"].update(content_hash="f" * 65)),
        "over the column's 64",
    ),
    ("bad base64", _edit_row("article_snapshot", lambda v: v["row"].update(body="not base64!")), "body: not base64"),
    (
        "a timestamp without offset",
        _edit_row("claim", lambda v: v["row"].update(created_at="2024-03-05T10:00:00")),
        "without its UTC offset",
    ),
    (
        "an unknown column",
        _edit_row("claim", lambda v: v["row"].update(mood="grumpy")),
        "table claim has no column 'mood'",
    ),
    ("a missing column", _edit_row("claim", lambda v: v["row"].pop("score")), "column score of claim is missing"),
    (
        "an unknown table",
        _edit_row("claim", lambda v: v.update(table="claim_fts"), recount=True),
        "unknown table 'claim_fts'",
    ),
    ("rows out of order", _swap_claims, "claim rows out of order"),
    ("a parent after its children", _article_last, "a row of article after the rows of"),
    ("another schema", _header({"schema": "0006"}), "a dump of schema revision 0006"),
    ("another format version", _header({"version": 2}), "dump format version 2"),
    ("another format", _header({"format": "pg_dump"}), "not a claimtrack dump"),
    ("a line that is not JSON", _not_json, "line 3 is not valid JSON"),
    ("a line after the end", _line_after_end, "comes after the end line"),
    ("not UTF-8", lambda d: d.replace("中文".encode(), b"\xff\xfe", 1), "is not UTF-8"),
    ("not a dump at all", lambda d: b"Hello, world\n", "not a claimtrack dump"),
    ("an empty file", lambda d: b"", "empty, not a claimtrack dump"),
]


@pytest.mark.parametrize(("mutate", "message"), [pytest.param(m, msg, id=name) for name, m, msg in REFUSED])
def test_a_bad_file_is_refused_and_nothing_is_written(
    db: Database, desk_dump: bytes, tmp_path: Path, mutate: Callable[[bytes], bytes], message: str
) -> None:
    data = mutate(desk_dump)
    assert data != desk_dump
    with pytest.raises(InputError) as refused:
        load_bytes(db, data, tmp_path)
    assert message in str(refused.value) and "\n" not in str(refused.value)
    assert total_rows(db) == 0
    check_empty(db)


def test_rows_that_do_not_fit_together_roll_back_everything(db: Database, desk_dump: bytes, tmp_path: Path) -> None:
    """A file whose checksum fits but whose rows name a missing parent: the database refuses
    it half way, and the whole transaction is undone."""
    data = _edit_row("evidence_snapshot", lambda v: v["row"].update(evidence_id=999_999))(desk_dump)
    with pytest.raises(InputError, match="its rows do not fit the database .*; nothing was loaded"):
        load_bytes(db, data, tmp_path)
    assert total_rows(db) == 0


def test_a_desk_with_rows_is_not_loaded_into(db: Database, desk_dump: bytes, tmp_path: Path) -> None:
    seed(db)
    before = claim_states(db)
    with pytest.raises(InputError, match=r"is not empty \(tables article, claim, evidence, history have rows\)"):
        load_bytes(db, desk_dump, tmp_path)
    assert claim_states(db) == before


def test_lines_are_bounded_both_ways(
    db: Database, desk_dump: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dumpmod, "LINE_LIMIT", 4000)
    with pytest.raises(InputError, match="line .* is over the 4,000-byte limit"):
        load_bytes(db, desk_dump, tmp_path)
    assert total_rows(db) == 0
    ids = seed(db)
    with db.session() as s:
        workflow.add_note(s, ids[0], "x" * 5000, user="alice")
    with pytest.raises(InputError, match=r"cannot dump history id \d+: the row is .* over the 4,000-byte limit"):
        dump_bytes(db)


def test_a_named_pipe_is_read_once_and_kept_meanwhile(
    fresh: Callable[[str], Database], desk_dump: bytes, tmp_path: Path
) -> None:
    fifo = tmp_path / "desk.fifo"
    os.mkfifo(fifo)

    def write() -> None:
        with open(fifo, "wb") as out:
            out.write(desk_dump)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    target = fresh("sqlite")
    try:
        load_dump(target, fifo)
    finally:
        writer.join(10)
    assert dump_bytes(target) == desk_dump


# --- the command line --------------------------------------------------------------------------


@pytest.fixture
def cli(db_url: str) -> Callable[..., Result]:
    runner = CliRunner()

    def run(*args: str, input: bytes | None = None, url: str = db_url) -> Result:
        from claimtrack.config import get_settings

        get_settings.cache_clear()
        return runner.invoke(app, list(args), env={"CLAIMTRACK_DB": url, "CLAIMTRACK_USER": "alice"}, input=input)

    return run


def test_dump_and_load_on_the_command_line(
    cli: Callable[..., Result],
    db: Database,
    desk_dump: bytes,
    tmp_path: Path,
    fresh: Callable[[str], Database],
    db_url: str,
) -> None:
    source = tmp_path / "desk.jsonl"
    source.write_bytes(desk_dump)
    loaded = ok(cli("load", str(source)))
    rows = len(lines_of(desk_dump)) - 2
    assert loaded.startswith(f"loaded {source} into ") and f": {rows} rows (article " in loaded

    # to stdout: the dump and nothing else
    result = cli("dump")
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == desk_dump
    # to a file (-o): the same bytes, and one line saying so
    out = tmp_path / "again.jsonl"
    said = ok(cli("dump", "-o", str(out)))
    assert out.read_bytes() == desk_dump
    assert said.startswith(f"dump written to {out}: {rows} rows (article ") and said.endswith(
        f"schema {head_revision()}\n"
    )

    # once loaded, never over it again
    fails(cli("load", str(source)), "is not empty (tables article, fact_check, article_snapshot, claim")
    # standard input, into another database
    other = fresh(engine_of(db_url))
    assert "loaded standard input into " in ok(cli("load", "-", input=desk_dump, url=other.url))
    assert dump_bytes(other) == desk_dump


def test_bad_input_on_the_command_line_is_one_line_and_writes_nothing(
    cli: Callable[..., Result], db: Database, desk_dump: bytes, tmp_path: Path
) -> None:
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(_without_end_line(desk_dump))
    fails(cli("load", str(cut)), f"{cut}: cut short (no end line after line")
    fails(cli("load", "-", input=_value_changed(desk_dump)), "standard input: SHA-256 mismatch")
    fails(cli("load", str(tmp_path / "missing.jsonl")), "missing.jsonl: no such file")
    fails(cli("load", str(tmp_path)), "a folder, not a claimtrack dump")
    assert total_rows(db) == 0
    fails(cli("dump", "-o", str(tmp_path)), "it is a folder")
    result = cli("load")
    assert result.exit_code == 2 and "Missing argument 'FILE'" in result.stderr


def test_dump_and_load_as_a_real_process(tmp_path: Path, desk_dump: bytes) -> None:
    """Through ``python -m claimtrack``: the bytes on stdout, and a pipe on stdin."""
    env = {**os.environ, "CLAIMTRACK_USER": "alice", "PYTHONPATH": str(ROOT)}
    env.pop("CLAIMTRACK_DB", None)
    desk, copy = tmp_path / "desk.db", tmp_path / "copy.db"

    def run(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "claimtrack", *args]
        return subprocess.run(
            command, env=env, capture_output=True, cwd=tmp_path, input=input, check=False, timeout=120
        )

    loaded = run("--db", str(desk), "load", "-", input=desk_dump)
    assert loaded.returncode == 0, loaded.stderr
    dumped = run("--db", str(desk), "dump")
    assert dumped.returncode == 0 and dumped.stderr == b"" and dumped.stdout == desk_dump
    # -o /dev/stdout is written straight into, the confirmation goes to stderr
    straight = run("--db", str(desk), "dump", "-o", "/dev/stdout")
    assert (
        straight.returncode == 0 and straight.stdout == desk_dump and b"dump written to /dev/stdout" in straight.stderr
    )
    bad = run("--db", str(copy), "load", "-", input=desk_dump[:-10])
    assert bad.returncode == 2 and bad.stderr.decode().startswith("claimtrack: error: standard input: cut short")
    assert b"Traceback" not in bad.stderr and bad.stderr.count(b"\n") == 1
