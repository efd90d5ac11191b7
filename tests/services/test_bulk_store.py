"""Storing in bulk: the rows are those one ORM flush per claim gave, and concurrent ingests of
overlapping articles store each exactly once, whole, with no error (no deadlock on PostgreSQL).

The history test keeps the ORM path the ingest used before (:func:`reference_store`) and
compares every stored row, ids included, with what :func:`store_proposed` stores now. The
concurrency test runs four processes on one database (a SQLite file, a PostgreSQL database),
each ingesting an overlapping set of articles in its own order, in batches.
"""

from __future__ import annotations

import multiprocessing
import random
import re
import time
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from claimtrack.domain import ChangeKind, ClaimStatus, ParsedArticle, Stance, utcnow
from claimtrack.errors import Notice
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.articles import parse_article
from claimtrack.services.ingest import (
    EXTRACTOR_ACTOR,
    IngestResult,
    PendingArticle,
    create_claim,
    extract_then_store,
    propose_claims,
    store_batch,
)
from claimtrack.services.queries import ClaimFilter, list_claims
from claimtrack.services.workflow import record_change
from claimtrack.store import Database, open_database
from claimtrack.store.bulk import COPY_FROM
from claimtrack.store.models import Article, Evidence, stored_id
from tests.builders import BODY, fixed_extractor
from tests.conftest import EXAMPLE

TABLES = ("article", "claim", "evidence", "history")
TIMESTAMPS = {"ingested_at", "created_at", "updated_at", "added_at", "at"}


def reference_store(
    session: Session, parsed: ParsedArticle, proposals: Sequence[ProposedClaim], *, user: str, source: str
) -> IngestResult:
    """How an article was stored before the bulk insert: one ORM flush per claim (kept verbatim)."""
    now = utcnow()
    article = Article(
        title=parsed.title,
        outlet=parsed.outlet,
        authors=parsed.authors,
        url=parsed.url,
        published=parsed.published,
        standfirst=parsed.standfirst,
        text=parsed.body,
        content_hash=parsed.content_hash,
        source=source,
        ingested_at=now,
        ingested_by=user,
    )
    session.add(article)
    session.flush()
    for proposal in proposals:
        claim = create_claim(
            session,
            proposal,
            article_id=stored_id(article),
            user=user,
            at=now,
            origin="extractor",
            note=f"extracted from article {article.id}" + (f" ({source})" if source else ""),
        )
        if proposal.disputed_by:
            who = "; ".join(proposal.disputed_by)
            claim.version = 2
            evidence = Evidence(
                claim_id=stored_id(claim),
                url=parsed.url,
                title=f"In the article: disputed by {who}",
                stance=Stance.REFUTES.value,
                note="An in-article denial found by the extractor.",
                quote=proposal.dispute,
                added_by=EXTRACTOR_ACTOR,
                added_at=now,
            )
            session.add(evidence)
            session.flush()
            record_change(
                session,
                claim,
                EXTRACTOR_ACTOR,
                ChangeKind.EVIDENCE,
                to_value=f"{Stance.REFUTES.value}: in-article denial by {who}",
                evidence_id=evidence.id,
            )
    session.flush()
    return IngestResult(article=article, created=True, claims=len(proposals))


def _articles() -> list[tuple[str, ParsedArticle, list[ProposedClaim]]]:
    """The fixture article (real extractor), a short one with an in-article denial, and enough
    others that a batch of them takes PostgreSQL's COPY path (``store.bulk.COPY_FROM`` rows)."""
    fixture = parse_article(EXAMPLE.read_text(encoding="utf-8"), EXAMPLE.name)
    bridge = ParsedArticle(
        title="Bridge collapse", body=BODY, outlet="Daily Test", authors=["Ann Writer"], url="https://news.example/b"
    )
    others = [(f"n{n}.txt", parse_article(article_text(n), f"n{n}")) for n in range(12)]
    return [
        (str(EXAMPLE), fixture, propose_claims(fixture)),
        ("bridge.txt", bridge, propose_claims(bridge, fixed_extractor)),
        *[(source, parsed, propose_claims(parsed)) for source, parsed in others],
    ]


def _rows(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every row of the four tables, in id order, timestamps left out (the two runs differ in
    when they ran)."""
    out: dict[str, list[dict[str, Any]]] = {}
    with db.engine.connect() as conn:
        for table in TABLES:
            rows = [dict(row._mapping) for row in conn.execute(sa.text(f"SELECT * FROM {table} ORDER BY id"))]
            for row in rows:
                row.pop("search_doc", None)  # PostgreSQL's generated column: compared through search
                stamps = {row.pop(key) for key in TIMESTAMPS & row.keys()}
                assert len(stamps) == 1, (table, row)  # each row's timestamps are its ingest's
            out[table] = rows
    return out


def test_bulk_rows_are_the_orm_paths_rows(db_url: str, tmp_path: Any) -> None:
    """Claims, evidence and history (kinds, values, notes, versions, ids) as the ORM path stored them."""
    articles = _articles()
    assert any(p.disputed_by for _, _, ps in articles for p in ps)  # the evidence rows are covered

    def run(bulk: bool) -> dict[str, list[dict[str, Any]]]:
        with db.session() as session:
            if bulk:  # one batch, as an ingest stores it
                items = [PendingArticle(source, parsed) for source, parsed, _ in articles]
                store_batch(
                    session, items, {i.content_hash: ps for i, (_, _, ps) in zip(items, articles)}, user="alice"
                )
            else:
                for source, parsed, proposals in articles:
                    reference_store(session, parsed, proposals, user="alice", source=source)
        rows = _rows(db)
        with db.engine.begin() as conn:  # empty again (ids restart: SQLite reuses them, PG is reset)
            for table in reversed(TABLES):
                conn.execute(sa.text(f"DELETE FROM {table}"))
            if db.dialect == "postgresql":
                for table in TABLES:
                    conn.execute(sa.text(f"ALTER SEQUENCE {table}_id_seq RESTART WITH 1"))
        return rows

    db = open_database(db_url)
    try:
        before = run(bulk=False)
        after = run(bulk=True)
    finally:
        db.close()
    assert after == before
    claims = after["claim"]
    assert len(claims) == sum(len(ps) for _, _, ps in articles) >= COPY_FROM
    disputed = [c for c in claims if c["version"] == 2]
    assert disputed and all(c["status"] == ClaimStatus.NEW.value for c in claims)
    history = after["history"]
    assert [h["kind"] for h in history].count(ChangeKind.CREATED.value) == len(claims)
    assert [(h["kind"], h["version"]) for h in history if h["evidence_id"] is not None] == [
        (ChangeKind.EVIDENCE.value, 2)
    ] * len(disputed)
    assert {h["evidence_id"] for h in history if h["evidence_id"]} == {e["id"] for e in after["evidence"]}


def test_nul_in_a_bulk_insert_is_removed_with_a_notice(db: Database) -> None:
    """COPY (PostgreSQL) bypasses the engine's hook that removes NUL characters: it removes them
    itself, with the same notice, and the stored text is the same on both engines."""
    items = [PendingArticle(f"n{n}", parse_article(article_text(n), f"n{n}")) for n in range(12)]
    proposals = {item.content_hash: propose_claims(item.parsed) for item in items}
    first = proposals[items[0].content_hash]
    first[0] = replace(first[0], claimant="Ann Nul\x00Test")
    assert sum(len(ps) for ps in proposals.values()) >= COPY_FROM
    with pytest.warns(Notice, match="removed 1 NUL character "), db.session() as session:
        store_batch(session, items, proposals, user="alice")
    with db.engine.connect() as conn:
        claimants = conn.execute(sa.text("SELECT claimant FROM claim WHERE claimant LIKE 'Ann Nul%'")).scalars().all()
    assert claimants == ["Ann NulTest"]


def test_bulk_store_keeps_search_and_reingest(db: Database) -> None:
    """The full-text index (SQLite triggers, PostgreSQL's generated column) sees bulk-inserted
    claims, and a second ingest of the same batch changes nothing."""
    items = [PendingArticle(source, parsed) for source, parsed, _ in _articles()[:2]]
    first = extract_then_store(db, items, user="alice")
    assert [r.created for r in first] == [True, True]
    with db.session() as session:
        hits = list_claims(session, ClaimFilter(search="bridge collapsed"))
    assert [claim.text for claim, _ in hits] == ["the bridge collapsed at noon"]
    with db.engine.connect() as conn:
        counts = [conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES]
    again = extract_then_store(db, [*items, items[0]], user="bob")
    assert [r.created for r in again] == [False, False, False]
    assert [r.claims for r in again] == [first[0].claims, first[1].claims, first[0].claims]
    assert [r.article.id for r in again] == [r.article.id for r in first] + [first[0].article.id]
    with db.engine.connect() as conn:
        assert [conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES] == counts


def test_a_batch_of_many_claims_is_whole_in_the_full_text_index(db: Database) -> None:
    """A batch of hundreds of claims goes in as a few multi-row statements on SQLite (one FTS5
    flush each, not one per claim): the index passes FTS5's own integrity check, and every claim
    is found by the words of its text, on both engines."""
    items = [PendingArticle(f"n{n}", parse_article(article_text(n), f"n{n}")) for n in range(60)]
    proposals = {item.content_hash: propose_claims(item.parsed) for item in items}
    with db.session() as session:
        store_batch(session, items, proposals, user="alice")
    with db.engine.connect() as conn:
        claims = conn.execute(sa.text("SELECT id, text FROM claim ORDER BY id")).all()
        if db.dialect == "sqlite":
            conn.execute(sa.text("INSERT INTO claim_fts(claim_fts, rank) VALUES ('integrity-check', 1)"))
    assert len(claims) == sum(len(ps) for ps in proposals.values()) > 200
    with db.session() as session:
        for claim_id, text in claims[:: max(1, len(claims) // 40)]:
            words = " ".join(re.findall(r"[A-Za-z]{4,}|\d{3,}", text)[:4])
            found = {claim.id for claim, _ in list_claims(session, ClaimFilter(search=words), limit=None)}
            assert claim_id in found, (words, text)


def test_bulk_inserts_use_few_statement_shapes(sqlite_path: Any) -> None:
    """Batches of any size go in as statements of a few sizes only (whole pages, then powers of
    two), so the driver's cache of prepared statements, a megabyte or two each, stays small
    however many batches a day's ingest stores."""
    db = open_database(str(sqlite_path))
    statements: set[str] = set()

    def seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("INSERT INTO claim "):
            statements.add(statement)

    sa.event.listen(db.engine, "before_cursor_execute", seen)
    try:
        rows = 0
        for size in (1, 2, 3, 5, 7, 11, 13, 17):
            numbers = range(rows, rows + size)
            items = [PendingArticle(f"n{n}", parse_article(article_text(n), f"n{n}")) for n in numbers]
            rows += size
            with db.session() as session:
                store_batch(session, items, {i.content_hash: propose_claims(i.parsed) for i in items}, user="alice")
        with db.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM article")).scalar() == rows
    finally:
        db.close()
    sizes = {statement.count("), (") + 1 for statement in statements}
    assert all(size & (size - 1) == 0 for size in sizes), sizes  # powers of two: no page is full here
    assert len(statements) <= 8


def test_articles_are_inserted_in_hash_order_and_numbered_in_input_order(db: Database) -> None:
    """On PostgreSQL every ingest takes the unique index's locks in one order (content hash), so
    that two ingests of the same articles in different orders cannot deadlock; the ids still
    follow the input, as when the articles were stored one by one. (SQLite locks the whole
    database: the articles go in in input order.)"""
    items = [PendingArticle(f"n{n}", parse_article(article_text(n), f"n{n}")) for n in range(8)]
    items.sort(key=lambda item: item.content_hash, reverse=True)
    inserted: list[list[str]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if statement.startswith("INSERT INTO article"):
            inserted.append([value for value in _flat(parameters) if isinstance(value, str) and len(value) == 64])

    sa.event.listen(db.engine, "before_cursor_execute", capture)
    try:
        results = extract_then_store(db, items, user="alice")
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", capture)
    hashes = [item.content_hash for item in items]
    assert inserted == [sorted(hashes) if db.dialect == "postgresql" else hashes]
    ids = [stored_id(result.article) for result in results]
    assert ids == sorted(ids) and all(result.created for result in results)


def _flat(parameters: Any) -> list[Any]:
    if isinstance(parameters, dict):
        return list(parameters.values())
    if isinstance(parameters, (list, tuple)):
        return [value for item in parameters for value in _flat(item)]
    return [parameters]


# -- four processes, one database -------------------------------------------------------------

ARTICLES = 24
WORKERS = 4
BATCH = 5

_PLACES = ["Leeds", "Cardiff", "Belfast", "Glasgow", "Bristol", "Norwich", "Derby", "Exeter"]


def article_text(n: int) -> str:
    """A short news article, different for every ``n``, with several check-worthy claims."""
    place = _PLACES[n % len(_PLACES)]
    return (
        f"Council in {place} cuts {n + 3} bus routes\n"
        f"The council said {n * 7 + 12} bus routes would be cut in {place} by next March.\n"
        f"Unemployment in the region rose by {n % 9 + 2}% last year, according to the Office for "
        f"National Statistics.\n"
        f"The transport minister claimed that {n * 1000 + 500} passengers use the routes every day.\n"
        f"Local campaigners said the cuts would cost the city £{n + 4} million a year.\n"
        f"Authors: Sam Reporter, {place} Gazette\n"
    )


def _worker(url: str, numbers: list[int], start: Any, out: Any) -> None:
    """Ingest ``numbers`` in batches of :data:`BATCH`, holding each write transaction open a
    moment after its articles are inserted (so that the four processes' transactions overlap);
    put (number, article id, created, claims) for each, or the error."""
    try:
        db = open_database(url)
        start.wait(60)
        done = []
        for i in range(0, len(numbers), BATCH):
            chunk = numbers[i : i + BATCH]
            items = [PendingArticle(f"n{n}", parse_article(article_text(n), f"n{n}")) for n in chunk]

            def then(session: Session, item: PendingArticle, result: IngestResult) -> IngestResult:
                if item is items[0]:
                    time.sleep(0.2)  # (widens the window: a lock taken out of order would deadlock)
                return result

            results = extract_then_store(db, items, user=f"worker{numbers[0]}", then=then)
            done += [(n, stored_id(r.article), r.created, r.claims) for n, r in zip(chunk, results)]
        db.close()
        out.put(("ok", done))
    except BaseException as exc:  # reported to the test, which fails with it
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def test_four_concurrent_ingests_store_each_article_once(db_url: str) -> None:
    open_database(db_url).close()  # created and migrated once, before the workers open it
    rng = random.Random(16)
    sets = []
    for w in range(WORKERS):  # each worker two thirds of the articles, overlapping, in its own order
        numbers = [n for n in range(ARTICLES) if n % WORKERS != w]
        rng.shuffle(numbers)
        sets.append(numbers)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WORKERS)
    out = context.Queue()
    processes = [context.Process(target=_worker, args=(db_url, numbers, start, out)) for numbers in sets]
    for process in processes:
        process.start()
    reports = [out.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(60)
    errors = [detail for status, detail in reports if status == "error"]
    assert not errors
    results = [row for _, rows in reports for row in rows]

    expected = {n: len(propose_claims(parse_article(article_text(n), f"n{n}"))) for n in range(ARTICLES)}
    assert all(expected.values())
    created = [(n, article_id) for n, article_id, was_created, _ in results if was_created]
    assert sorted(n for n, _ in created) == list(range(ARTICLES))  # each stored exactly once, by one process
    ids = dict(created)
    for n, article_id, _, claims in results:  # the others were told where it is, with its claims
        assert (article_id, claims) == (ids[n], expected[n])

    db = open_database(db_url)
    try:
        with db.engine.connect() as conn:
            articles = conn.execute(sa.text("SELECT id, source FROM article")).all()
            claims = dict(conn.execute(sa.text("SELECT article_id, count(*) FROM claim GROUP BY article_id")).all())
            created_entries = dict(
                conn.execute(
                    sa.text(
                        "SELECT c.article_id, count(*) FROM history h JOIN claim c ON c.id = h.claim_id "
                        "WHERE h.kind = 'created' GROUP BY c.article_id"
                    )
                ).all()
            )
    finally:
        db.close()
    assert len(articles) == ARTICLES  # no duplicate
    by_number = {int(re.sub(r"\D", "", source)): article_id for article_id, source in articles}
    assert by_number == ids
    for n, article_id in ids.items():  # every article whole
        assert claims.get(article_id) == expected[n]
        assert created_entries.get(article_id) == expected[n]
