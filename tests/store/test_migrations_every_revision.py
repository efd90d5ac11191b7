"""Every schema revision upgrades to head keeping its data, and every downgrade comes back up.

``test_migrations.py`` upgrades from the first revision; here a database is built at *each*
revision before head (0001 ... head-1, read from the migration files), on SQLite and PostgreSQL,
filled with representative data written with the column types claimtrack itself uses (UTC
timestamps with microseconds, JSON lists, dates, unicode, NULLs, a verdict with its evidence, an
extractor's in-article denial, a manual claim, an article without claims, and from 0004 on the
web captures). Opening it with claimtrack upgrades it to head; every row and value must still be
there, the columns later revisions add must hold their defaults, full-text search must find the
old claims (and new ones), and the services must go on writing (versions follow the history).

The downgrade test walks head -> each revision -> head on an empty database and checks the
schema at each step is the one a fresh database at that revision has.
"""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, col, select

from claimtrack.services import workflow
from claimtrack.services.queries import ClaimFilter, list_claims
from claimtrack.store import open_database
from claimtrack.store.engine import create_db_engine, database_url
from claimtrack.store.migrate import backup_path, current_revision, downgrade, head_revision, known_revisions, upgrade
from claimtrack.store.models import (
    Article,
    ArticleSnapshot,
    Claim,
    ClaimReviewImport,
    Evidence,
    EvidenceSnapshot,
    FeedItem,
    HistoryEntry,
)
from tests.builders import seed

pytestmark = pytest.mark.slow

REVISIONS = known_revisions()
OLD_REVISIONS = REVISIONS[:-1]

T0 = datetime(2024, 3, 5, 10, 0, 0, 123456, tzinfo=UTC)
T1 = datetime(2024, 3, 6, 8, 30, 15, 654321, tzinfo=UTC)
T2 = datetime(2024, 3, 7, 23, 59, 59, 999999, tzinfo=UTC)
PAGE = b"<html><head><title>Embassy statement</title></head><body>No casualties.</body></html>"
BODY1 = (
    "The ministry said 40 people were hurt near Harbourtown on Monday.\n"
    "Zebrafish numbers doubled in the bay, Dr Okafor said, but the mayor denied it.\n"
    "Prices rose 5% last year."
)
BODY2 = "Les prix ont augmenté de 5 % en 2023, selon l’Insee.\nLe maire a nié — « c’est faux »."

MODELS: dict[str, type[SQLModel]] = {
    "article": Article,
    "claim": Claim,
    "evidence": Evidence,
    "history": HistoryEntry,
    "evidence_snapshot": EvidenceSnapshot,
    "article_snapshot": ArticleSnapshot,
    "feed_item": FeedItem,
    "claimreview_import": ClaimReviewImport,
}


def _claim(id: int, article_id: int, text: str, body: str, **values: Any) -> dict[str, Any]:
    start = body.index(text)
    sentence_start = body.rfind("\n", 0, start) + 1
    sentence_end = body.find("\n", start) if "\n" in body[start:] else len(body)
    row = {
        "id": id,
        "article_id": article_id,
        "text": text,
        "sentence": body[sentence_start:sentence_end],
        "char_start": start,
        "char_end": start + len(text),
        "sentence_start": sentence_start,
        "sentence_end": sentence_end,
        "claimant": None,
        "cue": "said",
        "cues": [],
        "disputed_by": [],
        "score": 0.5,
        "status": "new",
        "assignee": None,
        "origin": "extractor",
        "version": 1,
        "created_at": T0,
        "created_by": "olduser",
        "updated_at": T0,
        "updated_by": "olduser",
    }
    row.update(values)
    return row


def representative_data(revision: str) -> dict[str, list[dict[str, Any]]]:
    """Rows as claimtrack at ``revision`` would have written them (only that revision's columns)."""
    data: dict[str, list[dict[str, Any]]] = {
        "article": [
            {
                "id": 1,
                "title": "Bridge collapse in Harbourtown",
                "outlet": "Daily Test",
                "authors": ["Ann Writer", "Bo Li"],
                "url": "https://news.example/bridge",
                "published": date(2024, 3, 4),
                "standfirst": "- What we know",
                "text": BODY1,
                "content_hash": "a" * 64,
                "source": "/data/bridge.txt",
                "ingested_at": T0,
                "ingested_by": "olduser",
            },
            {
                "id": 2,
                "title": "Zürich : les « prix » montent — 5 %",
                "outlet": None,
                "authors": [],
                "url": None,
                "published": None,
                "standfirst": None,
                "text": BODY2,
                "content_hash": "b" * 64,
                "source": None,
                "ingested_at": T1,
                "ingested_by": "ünïcode-user",
            },
            {
                "id": 3,
                "title": "An article without claims",
                "outlet": "Wire",
                "authors": ["X"],
                "url": None,
                "published": date(1999, 12, 31),
                "standfirst": None,
                "text": "Nothing to check here.",
                "content_hash": "c" * 64,
                "source": "-",
                "ingested_at": T2,
                "ingested_by": "olduser",
            },
        ],
        "claim": [
            _claim(
                1,
                1,
                "40 people were hurt near Harbourtown",
                BODY1,
                claimant="The ministry",
                score=0.91,
                status="false",
                assignee="alice",
                version=5,
                updated_at=T2,
                updated_by="alice",
            ),
            _claim(
                2,
                1,
                "Zebrafish numbers doubled in the bay",
                BODY1,
                claimant="Dr Okafor",
                cues=["denied"],
                disputed_by=["the mayor"],
                score=0.75,
                version=2,
            ),
            _claim(
                3,
                2,
                "Les prix ont augmenté de 5 % en 2023",
                BODY2,
                claimant="l’Insee",
                cue="selon",
                score=0.6,
                status="dismissed",
                version=2,
                updated_at=T1,
                updated_by="bob",
            ),
            _claim(
                4,
                2,
                "c’est faux",
                BODY2,
                claimant=None,
                cue=None,
                score=0.0,
                status="in_review",
                origin="manual",
                version=2,
                created_by="bob",
                updated_at=T2,
                updated_by="bob",
            ),
        ],
        "evidence": [
            {
                "id": 1,
                "claim_id": 1,
                "url": "https://embassy.example/statement",
                "title": "Embassy statement",
                "stance": "refutes",
                "note": "No casualties among citizens.",
                "quote": None,
                "added_by": "alice",
                "added_at": T1,
            },
            {
                "id": 2,
                "claim_id": 2,
                "url": "https://news.example/bridge",
                "title": "In the article: disputed by the mayor",
                "stance": "refutes",
                "note": "An in-article denial found by the extractor.",
                "quote": "the mayor denied it",
                "added_by": "extractor",
                "added_at": T0,
            },
        ],
        "history": [
            {
                "id": 1,
                "claim_id": 1,
                "at": T0,
                "actor": "olduser",
                "kind": "created",
                "from_value": None,
                "to_value": "new",
                "note": "extracted from article 1 (/data/bridge.txt)",
                "version": 1,
            },
            {
                "id": 2,
                "claim_id": 1,
                "at": T1,
                "actor": "alice",
                "kind": "assignment",
                "from_value": None,
                "to_value": "alice",
                "note": None,
                "version": 2,
            },
            {
                "id": 3,
                "claim_id": 1,
                "at": T1,
                "actor": "alice",
                "kind": "evidence",
                "from_value": None,
                "to_value": "refutes: https://embassy.example/statement",
                "note": "No casualties among citizens.",
                "version": 3,
                "evidence_id": 1,
            },
            {
                "id": 4,
                "claim_id": 1,
                "at": T2,
                "actor": "alice",
                "kind": "note",
                "from_value": None,
                "to_value": None,
                "note": "Called the embassy: « personne n’a été blessé ».",
                "version": 4,
            },
            {
                "id": 5,
                "claim_id": 1,
                "at": T2,
                "actor": "alice",
                "kind": "status",
                "from_value": "new",
                "to_value": "false",
                "note": "The embassy denies it.",
                "version": 5,
            },
            {
                "id": 6,
                "claim_id": 2,
                "at": T0,
                "actor": "olduser",
                "kind": "created",
                "from_value": None,
                "to_value": "new",
                "note": "extracted from article 1 (/data/bridge.txt)",
                "version": 1,
            },
            {
                "id": 7,
                "claim_id": 2,
                "at": T0,
                "actor": "extractor",
                "kind": "evidence",
                "from_value": None,
                "to_value": "refutes: in-article denial by the mayor",
                "note": None,
                "version": 2,
                "evidence_id": 2,
            },
            {
                "id": 8,
                "claim_id": 3,
                "at": T1,
                "actor": "ünïcode-user",
                "kind": "created",
                "from_value": None,
                "to_value": "new",
                "note": "extracted from article 2",
                "version": 1,
            },
            {
                "id": 9,
                "claim_id": 3,
                "at": T1,
                "actor": "bob",
                "kind": "status",
                "from_value": "new",
                "to_value": "dismissed",
                "note": "Opinion, not a fact.",
                "version": 2,
            },
            {
                "id": 10,
                "claim_id": 4,
                "at": T1,
                "actor": "bob",
                "kind": "created",
                "from_value": None,
                "to_value": "new",
                "note": "added by hand",
                "version": 1,
            },
            {
                "id": 11,
                "claim_id": 4,
                "at": T2,
                "actor": "bob",
                "kind": "status",
                "from_value": "new",
                "to_value": "in_review",
                "note": None,
                "version": 2,
            },
        ],
    }
    if revision < "0003":  # history.evidence_id came with 0003
        for row in data["history"]:
            row.pop("evidence_id", None)
    if revision >= "0004":  # the web captures
        data["evidence"][0].update(
            {
                "final_url": "https://www.embassy.example/statement?lang=en",
                "http_status": 200,
                "content_type": "text/html; charset=utf-8",
                "content_sha256": "d" * 64,
                "fetched_at": T1,
                "archive_url": "https://web.archive.org/web/2024/https://embassy.example/statement",
            }
        )
        data["evidence_snapshot"] = [
            {
                "id": 1,
                "evidence_id": 1,
                "kind": "capture",
                "requested_url": "https://embassy.example/statement",
                "final_url": "https://www.embassy.example/statement?lang=en",
                "http_status": 200,
                "content_type": "text/html; charset=utf-8",
                "title": "Embassy statement",
                "sha256": "d" * 64,
                "size": len(PAGE),
                "body": gzip.compress(PAGE, mtime=0),
                "changed": None,
                "error": None,
                "fetched_at": T1,
                "fetched_by": "alice",
            },
            {
                "id": 2,
                "evidence_id": 1,
                "kind": "recheck",
                "requested_url": "https://embassy.example/statement",
                "final_url": None,
                "http_status": None,
                "content_type": None,
                "title": None,
                "sha256": None,
                "size": None,
                "body": None,
                "changed": None,
                "error": "timed out after 20 s",
                "fetched_at": T2,
                "fetched_by": "bob",
            },
        ]
        data["article_snapshot"] = [
            {
                "id": 1,
                "article_id": 1,
                "requested_url": "https://news.example/bridge",
                "final_url": "https://news.example/2024/bridge",
                "http_status": 200,
                "content_type": "text/html",
                "sha256": "e" * 64,
                "size": len(PAGE),
                "body": gzip.compress(PAGE, mtime=0),
                "fetched_at": T0,
                "fetched_by": "olduser",
            },
        ]
        data["feed_item"] = [
            {
                "id": 1,
                "feed_url": "https://news.example/rss.xml",
                "item_key": "f" * 64,
                "guid": "urn:bridge:1",
                "link": "https://news.example/bridge",
                "article_id": 1,
                "ingested_at": T0,
            },
        ]
        data["claimreview_import"] = [
            {
                "id": 1,
                "review_key": "0" * 64,
                "review_url": "https://factcheck.example/r/1",
                "claim_id": 4,
                "publisher": "Fact Desk",
                "rating": "False",
                "review_date": date(2024, 3, 1),
                "raw": {"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}, "n": [1, 2.5, None]},
                "imported_at": T2,
                "imported_by": "bob",
            },
        ]
    for rows in data.values():  # every row names every column (a NULL where it has no value)
        keys = {k for row in rows for k in row}
        for row in rows:
            for k in keys - set(row):
                row[k] = None
    return data


@pytest.fixture(scope="module")
def pg_blank_database(pg_server: Any) -> str:
    """One PostgreSQL database for the module (creating and dropping one per test is slow)."""
    return pg_server.create()


@pytest.fixture(params=["sqlite", "postgres"])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema at all, on each engine."""
    if request.param == "sqlite":
        return str(tmp_path / "blank.db")
    url: str = request.getfixturevalue("pg_blank_database")
    engine = sa.create_engine(database_url(url))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()
    return url


def _typed_table(conn: sa.Connection, name: str) -> sa.Table:
    """The table as it is in the database, each column with the type claimtrack's model gives it."""
    model_columns = MODELS[name].__table__.c  # type: ignore[attr-defined]
    present = [c["name"] for c in sa.inspect(conn).get_columns(name)]
    return sa.Table(name, sa.MetaData(), *[sa.Column(c, model_columns[c].type) for c in present if c in model_columns])


def build_database_at(url: str, revision: str) -> dict[str, list[dict[str, Any]]]:
    engine = create_db_engine(database_url(url))
    try:
        upgrade(engine, revision)
        assert current_revision(engine) == revision
        data = representative_data(revision)
        with engine.begin() as conn:
            for name, rows in data.items():
                table = _typed_table(conn, name)
                missing = {k for row in rows for k in row} - set(table.c.keys())
                assert not missing, f"{name} at {revision} has no column {missing}"
                conn.execute(sa.insert(table), rows)
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences on
            with engine.begin() as conn:
                for name in data:
                    conn.exec_driver_sql(f"SELECT setval('{name}_id_seq', (SELECT max(id) FROM {name}))")
    finally:
        engine.dispose()
    return data


#: Columns later revisions add, and what rows from before them hold afterwards.
ADDED_LATER = {
    "history": {"evidence_id": None, "undoes": None},
    "evidence": {
        "final_url": None,
        "http_status": None,
        "content_type": None,
        "content_sha256": None,
        "fetched_at": None,
        "archive_url": None,
    },
    "claim": {"in_title": False},
}


def _search(db: Any, query: str) -> list[int]:
    with db.session() as s:
        return sorted(c.id for c, _ in list_claims(s, ClaimFilter.build(search=query)))  # type: ignore[misc]


@pytest.mark.parametrize("revision", OLD_REVISIONS)
def test_a_database_at_every_revision_upgrades_keeping_its_data(blank_url: str, revision: str) -> None:
    data = build_database_at(blank_url, revision)

    db = open_database(blank_url)
    try:
        assert current_revision(db.engine) == head_revision()
        # -- every row, every value --
        with db.session() as s:
            for name, rows in data.items():
                model = MODELS[name]
                stored = {obj.id: obj for obj in s.exec(select(model).order_by(col(model.id)))}  # type: ignore[attr-defined]
                assert sorted(stored) == [row["id"] for row in rows], f"{name}: rows lost or added"
                for row in rows:
                    obj = stored[row["id"]]
                    expected = {**ADDED_LATER.get(name, {}), **row}
                    got = {k: getattr(obj, k) for k in expected}
                    assert got == expected, f"{name} {row['id']} after the upgrade from {revision}"
            for name in set(MODELS) - set(data):  # tables later revisions add start empty
                assert s.exec(select(sa.func.count()).select_from(MODELS[name])).one() == 0
            # timestamps are aware UTC, as the model promises
            assert s.get(HistoryEntry, 5).at == T2 and s.get(HistoryEntry, 5).at.tzinfo is not None  # type: ignore[union-attr]

        # -- the history still explains every claim: version n, versions 1..n --
        with db.session() as s:
            for claim in s.exec(select(Claim)):
                versions = [h.version for h in workflow.history(s, claim.id)]  # type: ignore[arg-type]
                assert versions == list(range(1, claim.version + 1)), claim.id

        # -- search finds the old claims (text, sentence, claimant; prefixes), and nothing else --
        assert _search(db, "harbourtown") == [1]
        assert _search(db, "zebra doub") == [2]
        assert _search(db, "okafor") == [2]  # the claimant
        assert _search(db, "ministry hurt") == [1]  # the claimant and the text
        assert _search(db, "prix 2023") == [3]
        assert _search(db, "unicorns") == []
        if db.dialect == "sqlite":  # the file, and the full-text index against the claims it indexes
            with db.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                conn.exec_driver_sql("INSERT INTO claim_fts(claim_fts) VALUES ('integrity-check')")
                conn.rollback()

        # -- and claimtrack goes on working on it --
        with db.session() as s:
            workflow.add_note(s, 2, "After the upgrade.", user="newuser", expected_version=2)
            ev = workflow.add_evidence(
                s, 2, "https://new.example/src", user="newuser", stance="supports", expected_version=3
            )
            assert ev.id == 3
            workflow.set_status(s, 2, "disputed", user="newuser", note="Both sides have sources.", expected_version=4)
        with db.session() as s:
            assert [(h.version, h.actor) for h in workflow.history(s, 2)][-3:] == [
                (3, "newuser"),
                (4, "newuser"),
                (5, "newuser"),
            ]
            assert workflow.history(s, 2)[-2].evidence_id == 3
            assert workflow.get_claim(s, 2).version == 5
        new_ids = sorted(set(seed(db, title="After the upgrade", user="newuser")) - {1, 2, 3, 4})
        assert new_ids == [5, 6, 7]  # new rows get new ids: the sequences were not reset
        assert _search(db, "bridge collapsed") == [6]
        assert _search(db, "zebra") == [2]
    finally:
        db.close()

    if not blank_url.startswith("postgres"):  # SQLite: the copy made before the upgrade is the old database
        backup = open_database(backup_path(Path(blank_url), revision), upgrade=False)
        try:
            assert current_revision(backup.engine) == revision
            with backup.engine.connect() as conn:
                counts = {name: conn.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar() for name in data}
            assert counts == {name: len(rows) for name, rows in data.items()}
        finally:
            backup.close()


def schema(engine: sa.Engine) -> dict[str, Any]:
    """What a migration decides: tables, columns, keys, indexes; SQLite's triggers and FTS table."""
    inspector = sa.inspect(engine)
    tables: dict[str, Any] = {}
    for name in sorted(inspector.get_table_names()):
        if name.startswith("claim_fts"):  # FTS5's shadow tables: compared through claim_fts's own sql
            continue
        tables[name] = {
            "columns": {
                c["name"]: (str(c["type"]), c["nullable"], str(c.get("default")), str(c.get("computed")))
                for c in inspector.get_columns(name)
            },
            "pk": inspector.get_pk_constraint(name)["constrained_columns"],
            "fks": sorted(
                (
                    tuple(fk["constrained_columns"]),
                    fk["referred_table"],
                    tuple(fk["referred_columns"]),
                    str(fk.get("options", {}).get("ondelete")).upper(),
                )
                for fk in inspector.get_foreign_keys(name)
            ),
            "indexes": sorted(
                (
                    ix["name"],
                    tuple(str(c) for c in ix["column_names"]),
                    bool(ix["unique"]),
                    tuple(ix.get("expressions") or ()),
                )
                for ix in inspector.get_indexes(name)
            ),
            "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(name)),
        }
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.exec_driver_sql(  # (and the indexes on expressions SQLAlchemy skips)
                "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') OR name = 'claim_fts'"
            ).fetchall()
            tables["sqlite_master"] = sorted((t, n, " ".join((sql or "").split())) for t, n, sql in rows)
        else:
            rows = conn.exec_driver_sql(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
            ).fetchall()
            tables["pg_indexes"] = sorted(rows)
    return tables


@pytest.mark.filterwarnings(  # SQLite: its index on an expression is compared through sqlite_master
    "ignore:Skipped unsupported reflection of expression-based index ix_article_date"
)
def test_downgrade_from_head_to_every_revision_and_back_up(blank_url: str) -> None:
    engine = create_db_engine(database_url(blank_url))
    try:
        fresh: dict[str, Any] = {}
        for revision in REVISIONS:  # the schema of a fresh database at each revision
            upgrade(engine, revision)
            fresh[revision] = schema(engine)
        assert current_revision(engine) == head_revision()
        for revision in reversed(OLD_REVISIONS):
            downgrade(engine, revision)
            assert current_revision(engine) == revision
            assert schema(engine) == fresh[revision], f"head -> {revision} does not give {revision}'s schema"
            upgrade(engine, "head")
            assert current_revision(engine) == head_revision()
            assert schema(engine) == fresh[head_revision()], f"{revision} -> head after a downgrade differs"
    finally:
        engine.dispose()
    db = open_database(blank_url)  # and claimtrack works on it
    try:
        ids = seed(db)
        assert _search(db, "bridge") == [ids[1]]
        with db.session() as s:
            workflow.add_note(s, ids[0], "works", user="alice", expected_version=1)
    finally:
        db.close()
