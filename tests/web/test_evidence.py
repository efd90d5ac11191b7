"""Evidence that lasts: captured pages, rechecks, fetching later, archiving (real server and mocks)."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from sqlmodel import func, select

from claimtrack.errors import InputError
from claimtrack.services import workflow
from claimtrack.services.evidence import (
    add_web_evidence,
    capture_evidence,
    evidence_views,
    recheck_evidence,
    stored_body,
)
from claimtrack.store import Database
from claimtrack.store.models import Evidence, EvidenceSnapshot, HistoryEntry
from claimtrack.web.errors import FetchError
from tests.builders import seed
from tests.web.conftest import LocalServer, Route, local_fetcher, mock_fetcher

PAGE = b"<html><head><title>Embassy statement</title></head><body><p>No citizens were hurt.</p></body></html>"


def totals(db: Database) -> tuple[int, int, int]:
    with db.session() as s:
        return tuple(
            s.exec(select(func.count()).select_from(t)).one() for t in (Evidence, EvidenceSnapshot, HistoryEntry)
        )  # type: ignore[return-value]


def test_evidence_is_captured_with_its_page(db: Database, server: LocalServer) -> None:
    claim_id = seed(db)[0]
    server.routes["/s"] = Route(302, b"", {"Location": "/statement"})
    server.routes["/statement"] = Route(200, PAGE)
    with local_fetcher() as fetcher:
        added = add_web_evidence(db, claim_id, server.url("/s"), user="alice", fetcher=fetcher, stance="refutes")
    ev = added.evidence
    assert added.captured and ev.title == "Embassy statement" and ev.stance == "refutes"
    assert ev.url == server.url("/s") and ev.final_url == server.url("/statement") and ev.http_status == 200
    assert ev.content_type == "text/html; charset=utf-8" and ev.content_sha256 == hashlib.sha256(PAGE).hexdigest()
    assert ev.fetched_at is not None
    with db.session() as s:
        snapshot, body = stored_body(s, ev.id)
        assert body == PAGE and snapshot.kind == "capture" and snapshot.size == len(PAGE)
        [view] = evidence_views(s, claim_id)
        assert view.capture is not None and view.rechecks == []
        history = workflow.history(s, claim_id)
        assert history[-1].kind == "evidence" and history[-1].evidence_id == ev.id


def test_a_title_given_wins_over_the_page_title_and_any_content_type_is_kept(db: Database, server: LocalServer) -> None:
    claim_id = seed(db)[0]
    server.routes["/report.pdf"] = Route(200, b"%PDF-1.7 binary\x00\x01", {"Content-Type": "application/pdf"})
    with local_fetcher() as fetcher:
        ev = add_web_evidence(
            db, claim_id, server.url("/report.pdf"), user="alice", fetcher=fetcher, title="Annual report"
        ).evidence
    assert ev.title == "Annual report" and ev.content_type == "application/pdf"
    with db.session() as s:
        assert stored_body(s, ev.id)[1] == b"%PDF-1.7 binary\x00\x01"


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(404, b""), "HTTP 404"),
        (Route(500, b""), "HTTP 500"),
        (Route(200, b"x" * 3000), "over the 2,000-byte limit"),
    ],
)
def test_a_failed_fetch_stores_nothing(db: Database, server: LocalServer, route: Route, message: str) -> None:
    claim_id = seed(db)[0]
    before = totals(db)
    server.routes["/x"] = route
    with local_fetcher(max_bytes=2000, retries=0) as fetcher, pytest.raises(FetchError, match=message):
        add_web_evidence(db, claim_id, server.url("/x"), user="alice", fetcher=fetcher)
    assert totals(db) == before
    with db.session() as s:
        assert workflow.get_claim(s, claim_id).version == 1


def test_no_fetch_then_fetch_later(db: Database, server: LocalServer) -> None:
    claim_id = seed(db)[0]
    added = add_web_evidence(db, claim_id, server.url("/later"), user="alice", fetcher=None, stance="supports")
    assert not added.captured and added.evidence.content_sha256 is None and server.requests == []
    server.routes["/later"] = Route(200, PAGE)
    with local_fetcher() as fetcher:
        captured = capture_evidence(db, added.evidence.id, user="bob", fetcher=fetcher)
    assert (
        captured.evidence.content_sha256 == hashlib.sha256(PAGE).hexdigest()
        and captured.evidence.title == "Embassy statement"
    )
    with db.session() as s:
        last = workflow.history(s, claim_id)[-1]
        assert last.actor == "bob" and last.kind == "note" and "Captured evidence" in last.note
        assert stored_body(s, added.evidence.id)[1] == PAGE
    with local_fetcher() as fetcher, pytest.raises(InputError, match="was captured"):
        capture_evidence(db, added.evidence.id, user="bob", fetcher=fetcher)


def test_recheck_unchanged_changed_and_gone(db: Database, server: LocalServer) -> None:
    claim_id = seed(db)[0]
    server.routes["/p"] = Route(200, PAGE)
    with local_fetcher(retries=0) as fetcher:
        ev = add_web_evidence(db, claim_id, server.url("/p"), user="alice", fetcher=fetcher).evidence
        with db.session() as s:
            version = workflow.get_claim(s, claim_id).version

        same = recheck_evidence(db, ev.id, user="bob", fetcher=fetcher)
        assert same.changed is False and same.error is None and same.snapshot.body is None
        with db.session() as s:
            assert workflow.get_claim(s, claim_id).version == version  # an unchanged page is not a change

        server.routes["/p"] = Route(200, PAGE.replace(b"No citizens", b"Two citizens"))
        changed = recheck_evidence(db, ev.id, user="bob", fetcher=fetcher)
        assert changed.changed is True and changed.snapshot.sha256 != ev.content_sha256

        server.routes["/p"] = Route(404, b"")
        gone = recheck_evidence(db, ev.id, user="bob", fetcher=fetcher)
        assert gone.changed is None and "HTTP 404" in gone.error

    with db.session() as s:
        [view] = evidence_views(s, claim_id)
        assert [(r.changed, r.error is None) for r in view.rechecks] == [(False, True), (True, True), (None, False)]
        assert view.evidence.content_sha256 == hashlib.sha256(PAGE).hexdigest()  # the capture is kept as it was
        assert stored_body(s, ev.id)[1] == PAGE
        assert b"Two citizens" in stored_body(s, ev.id, latest=True)[1]
        notes = [h.note for h in workflow.history(s, claim_id) if h.kind == "note"]
        assert len(notes) == 2 and "has changed since its capture" in notes[0] and "could not be fetched" in notes[1]


def test_recheck_needs_a_capture(db: Database) -> None:
    claim_id = seed(db)[0]
    ev = add_web_evidence(db, claim_id, "https://news.example/x", user="alice", fetcher=None).evidence
    with mock_fetcher(lambda r: httpx.Response(200)) as fetcher, pytest.raises(InputError, match="never captured"):
        recheck_evidence(db, ev.id, user="alice", fetcher=fetcher)


def test_save_page_now_is_asked_when_archiving(db: Database) -> None:
    claim_id = seed(db)[0]
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.host == "web.archive.org":
            if request.url.path.startswith("/save/"):
                return httpx.Response(302, headers={"Location": "/web/20240305100000/https://gov.example/statement"})
            return httpx.Response(200, text="<html>archived copy</html>")
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    with mock_fetcher(handler) as fetcher:
        added = add_web_evidence(
            db, claim_id, "https://gov.example/statement", user="alice", fetcher=fetcher, archive=True
        )
    assert added.archive_url == "https://web.archive.org/web/20240305100000/https://gov.example/statement"
    assert added.evidence.archive_url == added.archive_url
    assert asked[1] == "https://web.archive.org/save/https://gov.example/statement"


def test_an_archive_failure_is_a_warning(db: Database) -> None:
    claim_id = seed(db)[0]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "web.archive.org":
            return httpx.Response(520)
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    with mock_fetcher(handler, retries=0) as fetcher:
        added = add_web_evidence(
            db, claim_id, "https://gov.example/statement", user="alice", fetcher=fetcher, archive=True
        )
    assert added.captured and added.archive_url is None and "Internet Archive" in added.warnings[0]
