"""The SQLite write lock is not held while claims are extracted (or a model is asked, or a page fetched).

An ingest reads (and fetches) its inputs, extracts their claims with no transaction open, and
only then stores them in one short transaction. A checker's note written meanwhile, through
another connection or from another process, goes through at once instead of waiting for the
extractor and failing with "database is locked".

Each test blocks the extractor on an Event, writes while it is blocked, and checks that the
write succeeded *while the extractor was still blocked*; the time the write took is printed
(run with ``-s``), never asserted (machines are noisy). The second connection waits at most
:data:`BUSY_MS` for the lock, so that code holding the lock fails in seconds, not 15.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from claimtrack.domain import ParsedArticle
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.desk import Desk
from claimtrack.services.ingest import IngestResult, store_article
from claimtrack.services.web_ingest import ingest_feed, ingest_sources
from claimtrack.services.workflow import add_note
from claimtrack.store import Database, open_database
from claimtrack.store.models import Article, Claim, HistoryEntry
from tests.builders import BODY, fixed_extractor, seed

BUSY_MS = 2_000
"""How long the second connection waits for the write lock (the default is 15 s)."""

WAIT = 30.0
"""Generous upper bound for anything the tests wait on (never reached when all is well)."""

ARTICLE = "Bridge report\n" + BODY + "\nAuthors: Ann Writer, Daily Test\n"


def fixed_or_none(body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
    """``fixed_extractor``'s three claims for BODY, nothing for any other text."""
    return fixed_extractor(body, default_claimant=default_claimant) if body.startswith(BODY) else []


class BlockingExtractor:
    """An extractor that blocks until released, then proposes what ``inner`` proposes."""

    def __init__(self, inner: Callable[..., list[ProposedClaim]] = fixed_or_none) -> None:
        self.inner = inner
        self.entered = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def __call__(self, body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
        self.calls += 1
        self.entered.set()
        if not self.release.wait(WAIT):
            raise RuntimeError("the test never released the extractor")
        return self.inner(body, default_claimant=default_claimant)


class Background:
    """Run ``fn`` in a thread; ``result()`` joins it and returns its value or raises its error."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.value: Any = None
        self.error: BaseException | None = None

        def run() -> None:
            try:
                self.value = fn()
            except BaseException as exc:
                self.error = exc

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def result(self) -> Any:
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "the ingest did not finish"
        if self.error is not None:
            raise self.error
        return self.value


def impatient(path: Path) -> Database:
    """A second, separate connection to the file that waits at most BUSY_MS for the write lock."""
    other = open_database(path)

    @event.listens_for(other.engine, "connect")
    def _short_wait(dbapi_connection: Any, _record: Any) -> None:  # after open_database's pragmas
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_MS}")

    other.engine.dispose()
    return other


def note_while_blocked(other: Database, claim_id: int, extractor: BlockingExtractor, label: str) -> float:
    """Wait until ``extractor`` is blocked, write a note through ``other``; return the seconds it took."""
    assert extractor.entered.wait(WAIT), "the ingest never reached the extractor"
    start = time.monotonic()
    try:
        with other.session() as session:
            entry = add_note(session, claim_id, "Asked the ministry for the figures.", user="bob")
    except OperationalError as exc:
        pytest.fail(
            f"{label}: the note failed after {time.monotonic() - start:.2f} s while the extractor ran: {exc.orig}"
        )
    elapsed = time.monotonic() - start
    assert not extractor.release.is_set(), "the note must go through while the extractor is still blocked"
    assert entry.id is not None and entry.actor == "bob"
    print(f"\n{label}: note written in {elapsed * 1000:.0f} ms while the extractor was blocked")
    return elapsed


def counts(db: Database) -> tuple[int, int, int]:
    with db.session() as s:
        return tuple(s.exec(select(func.count()).select_from(t)).one() for t in (Article, Claim, HistoryEntry))  # type: ignore[return-value]


@pytest.fixture
def desk_file(tmp_path: Path) -> Iterator[tuple[Path, Database, int]]:
    """A SQLite file holding one article with claims; yields (path, the ingest's db, a claim id)."""
    path = tmp_path / "desk.db"
    db = open_database(path)
    claim_id = seed(db, title="An earlier story")[0]
    yield path, db, claim_id
    db.close()


def write_article(tmp_path: Path, name: str = "a.txt", text: str = ARTICLE) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- in one process, two connections ---------------------------------------------------------


def test_a_note_goes_through_while_an_ingest_extracts(tmp_path: Path, desk_file: tuple[Path, Database, int]) -> None:
    path, db, claim_id = desk_file
    before = counts(db)
    article = write_article(tmp_path)
    slow = BlockingExtractor()
    other = impatient(path)
    try:
        ingest = Background(lambda: ingest_sources(db, [str(article)], user="alice", extractor=slow))
        try:
            note_while_blocked(other, claim_id, slow, "ingest_sources")
        finally:
            slow.release.set()
        [result] = ingest.result()
    finally:
        other.close()
    assert result.created and result.claims == 3 and slow.calls == 1
    articles, claims, history = counts(db)
    # 1 article, 3 claims (each with its history; the disputed one with its evidence entry too), 1 note.
    assert (articles, claims, history) == (before[0] + 1, before[1] + 3, before[2] + 3 + 1 + 1)


def test_a_note_goes_through_while_a_feed_item_is_extracted(
    tmp_path: Path, desk_file: tuple[Path, Database, int]
) -> None:
    from tests.web.conftest import LocalServer, Route, article_html, local_fetcher

    path, db, claim_id = desk_file
    server = LocalServer()
    server.routes["/a"] = Route(200, article_html("Feed story", extra="The agency said the port would close."))
    server.routes["/feed"] = Route(
        200,
        (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
            f"<link>{server.url('/a')}</link><guid>urn:a</guid></item></channel></rss>"
        ).encode(),
        {"Content-Type": "application/rss+xml"},
    )
    slow = BlockingExtractor()
    other = impatient(path)
    try:
        with local_fetcher() as fetcher:
            ingest = Background(
                lambda: ingest_feed(db, server.url("/feed"), user="alice", fetcher=fetcher, extractor=slow)
            )
            try:
                note_while_blocked(other, claim_id, slow, "ingest_feed")
            finally:
                slow.release.set()
            report = ingest.result()
    finally:
        other.close()
        server.close()
    assert len(report.ingested) == 1 and report.ingested[0][1].created and not report.failed


def test_a_note_goes_through_while_the_desk_ingests(
    tmp_path: Path, desk_file: tuple[Path, Database, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimtrack import extract

    path, db, claim_id = desk_file
    slow = BlockingExtractor()
    monkeypatch.setattr(extract, "extract_claims", slow)  # the default extractor, looked up at ingest time
    article = write_article(tmp_path)
    other = impatient(path)
    try:
        ingest = Background(lambda: Desk(db, "alice").ingest([str(article)]))
        try:
            note_while_blocked(other, claim_id, slow, "Desk.ingest")
        finally:
            slow.release.set()
        [result] = ingest.result()
    finally:
        other.close()
    assert result.created and result.claims == 3


# -- what the ingest still guarantees ---------------------------------------------------------


def test_an_article_already_stored_is_not_extracted_again(
    tmp_path: Path, desk_file: tuple[Path, Database, int]
) -> None:
    _, db, _ = desk_file
    article = write_article(tmp_path)
    [first] = ingest_sources(db, [str(article)], user="alice", extractor=fixed_extractor)
    before = counts(db)

    def never(body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
        raise AssertionError("an article already stored was extracted again")

    [again] = ingest_sources(db, [str(article)], user="bob", extractor=never)
    assert not again.created and again.article.id == first.article.id and again.claims == 3
    assert counts(db) == before


def test_an_article_stored_meanwhile_by_someone_else_is_not_stored_twice(
    tmp_path: Path, desk_file: tuple[Path, Database, int]
) -> None:
    """Another process stores the same article while this ingest extracts it: the check made in
    the write transaction finds it, and this ingest stores nothing more."""
    path, db, _ = desk_file
    article = write_article(tmp_path)
    other_file = write_article(tmp_path, "b.txt", "Another story\nThe mayor said the bridge was safe.\n")
    slow = BlockingExtractor()
    other = impatient(path)
    try:
        ingest = Background(lambda: ingest_sources(db, [str(article), str(other_file)], user="alice", extractor=slow))
        try:
            assert slow.entered.wait(WAIT)
            [theirs] = ingest_sources(other, [str(article)], user="bob", extractor=fixed_extractor)
            assert theirs.created
        finally:
            slow.release.set()
        mine, second = ingest.result()
    finally:
        other.close()
    assert not mine.created and mine.article.id == theirs.article.id and mine.claims == 3
    assert second.created
    with db.session() as s:
        assert (
            s.exec(
                select(func.count()).select_from(Article).where(Article.content_hash == theirs.article.content_hash)
            ).one()
            == 1
        )
        assert s.get(Article, theirs.article.id).ingested_by == "bob"  # type: ignore[union-attr]


def test_one_failing_extraction_stores_nothing_and_results_keep_their_order(
    tmp_path: Path, desk_file: tuple[Path, Database, int]
) -> None:
    _, db, _ = desk_file
    a = write_article(tmp_path, "a.txt")
    b = write_article(tmp_path, "b.txt", "Second story\nThe police said 3 people were arrested.\n")
    before = counts(db)

    def fails_on_police(body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
        if "police" in body:
            raise RuntimeError("model down")
        return fixed_extractor(body, default_claimant=default_claimant)

    with pytest.raises(RuntimeError, match="model down"):
        ingest_sources(db, [str(a), str(b)], user="alice", extractor=fails_on_police)
    assert counts(db) == before

    calls: list[str] = []

    def counting(body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
        calls.append(body[:10])
        return fixed_or_none(body, default_claimant=default_claimant)

    results: list[IngestResult] = ingest_sources(db, [str(b), str(a), str(b)], user="alice", extractor=counting)
    assert [(r.created, r.claims) for r in results] == [(True, 0), (True, 3), (False, 0)]
    assert results[0].article.id == results[2].article.id != results[1].article.id
    assert len(calls) == 2  # the same article twice in one ingest is extracted once


def test_store_article_still_works_for_existing_callers(desk_file: tuple[Path, Database, int]) -> None:
    _, db, _ = desk_file
    parsed = ParsedArticle(title="Direct", body=BODY, outlet="Daily Test")
    with db.session() as s:
        first = store_article(s, parsed, user="alice", source="test", extractor=fixed_extractor)
    with db.session() as s:
        again = store_article(s, parsed, user="alice", source="test", extractor=fixed_extractor)
    assert first.created and first.claims == 3 and not again.created and again.claims == 3


# -- two processes: the CLI, with the language-model extractor ------------------------------


class SlowModel:
    """An OpenAI-compatible chat endpoint on 127.0.0.1 that answers only when released."""

    def __init__(self, answer: dict[str, Any]) -> None:
        self.asked = threading.Event()
        self.release = threading.Event()
        model = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                model.asked.set()
                model.release.wait(WAIT * 2)
                message = {"role": "assistant", "content": json.dumps(answer)}
                data = json.dumps({"choices": [{"message": message}]}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def test_a_note_from_another_process_while_the_llm_ingest_waits_for_the_model(
    tmp_path: Path, desk_file: tuple[Path, Database, int]
) -> None:
    path, db, claim_id = desk_file
    db.close()
    text = "Port blast\nOfficials said 12 people were killed in the blast on Monday.\nAuthors: Ann Writer, Daily Test\n"
    article = write_article(tmp_path, "port.txt", text)
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    model = SlowModel(
        {"claims": [{"text": "12 people were killed in the blast on Monday", "claimant": "Officials", "cue": "said"}]}
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update(
        {
            "CLAIMTRACK_DB": str(path),
            "CLAIMTRACK_CONFIG": str(tmp_path / "empty.toml"),
            "CLAIMTRACK_LLM_URL": model.url,
            "CLAIMTRACK_LLM_MODEL": "m",
            "CLAIMTRACK_FETCH_RETRIES": "0",
            "HOME": str(tmp_path),
        }
    )
    command = [sys.executable, "-m", "claimtrack"]
    ingest = subprocess.Popen(
        [*command, "ingest", "--extractor", "llm", str(article)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**env, "CLAIMTRACK_USER": "alice"},
    )
    try:
        if not model.asked.wait(WAIT * 2):
            ingest.kill()
            pytest.fail(f"the ingest never asked the model: {ingest.communicate()[1]}")
        start = time.monotonic()
        note = subprocess.run(
            [*command, "note", str(claim_id), "Called the port authority."],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env={**env, "CLAIMTRACK_USER": "bob"},
        )
        elapsed = time.monotonic() - start
        waiting = ingest.poll() is None and not model.release.is_set()
    finally:
        model.release.set()
        try:
            out, err = ingest.communicate(timeout=120)
        finally:
            model.close()
    print(f"\nclaimtrack note (a whole process) took {elapsed * 1000:.0f} ms while the ingest waited for the model")
    assert note.returncode == 0, note.stderr
    assert note.stdout.startswith(f"note added to claim {claim_id}")
    assert waiting, "the note must go through while the ingest is still waiting for the model"
    assert ingest.returncode == 0, err
    assert "1 claims found" in out
