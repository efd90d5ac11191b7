"""The Desk's web and report calls, which the review desk (TUI) runs in its workers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from claimtrack.config import get_settings
from claimtrack.errors import InputError
from claimtrack.services.desk import Desk
from claimtrack.services.factcheck_store import list_fact_checks
from claimtrack.services.queries import ClaimFilter
from claimtrack.store import Database
from claimtrack.store.models import Evidence
from tests.builders import seed
from tests.web.conftest import mock_fetcher

PAGE = b"<html><head><title>Embassy statement</title></head><body><p>No citizens were killed.</p></body></html>"


def test_articles_are_listed_newest_first_with_counts(db: Database) -> None:
    seed(db)
    seed(db, title="Second")
    [second, first] = Desk(db, "alice").articles()
    assert (second.title, first.title, first.claims, first.outlet) == ("Second", "Bridge collapse", 3, "Daily Test")


def test_web_evidence_is_captured_then_rechecked(db: Database) -> None:
    ids = seed(db)
    pages = [PAGE, PAGE, PAGE.replace(b"No citizens", b"Two citizens")]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=pages.pop(0), headers={"Content-Type": "text/html"})

    desk = Desk(db, "alice", fetcher_factory=lambda: mock_fetcher(handler))
    added = desk.add_web_evidence(ids[0], "https://embassy.example/statement", stance="refutes")
    assert added.captured and added.evidence.title == "Embassy statement"
    [view] = desk.evidence_views(ids[0])
    evidence_id = added.evidence.id
    first = desk.recheck_evidence(evidence_id)
    second = desk.recheck_evidence(evidence_id)
    assert (first.changed, second.changed) == (False, True)
    assert view is not None
    history = [h.kind for h in desk.claim(ids[0]).history]
    assert history.count("evidence") == 1 and history[-1] == "note"  # the change was noted


def test_web_evidence_without_fetching(db: Database) -> None:
    ids = seed(db)

    def handler(request: httpx.Request) -> httpx.Response:  # pragma: no cover - must not be called
        raise AssertionError("fetched")

    desk = Desk(db, "alice", fetcher_factory=lambda: mock_fetcher(handler))
    added = desk.add_web_evidence(ids[0], "https://example.org/x", fetch=False)
    assert not added.captured


def test_lookup_and_attach(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = seed(db)
    monkeypatch.setenv("CLAIMTRACK_FACTCHECK_API_KEY", "k")
    get_settings.cache_clear()
    answer = {
        "claims": [
            {
                "text": "The bridge collapsed at noon",
                "claimant": "A local paper",
                "claimReview": [
                    {
                        "publisher": {"name": "Checkers", "site": "checkers.example"},
                        "url": "https://checkers.example/bridge",
                        "title": "No, the bridge did not collapse",
                        "reviewDate": "2024-03-06T00:00:00Z",
                        "textualRating": "False",
                        "languageCode": "en",
                    }
                ],
            }
        ]
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "factchecktools.googleapis.com":
            assert request.url.params["query"] == "the bridge collapsed at noon"
            return httpx.Response(200, json=answer)
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    desk = Desk(db, "alice", fetcher_factory=lambda: mock_fetcher(handler))
    page = desk.lookup(ids[1])
    [check] = page.results
    assert (check.publisher, check.rating) == ("Checkers", "False")
    [kept] = list_fact_checks(db, limit=None)  # kept in the fact-check collection (issue 15)
    assert (kept.text, kept.speaker, kept.origin, kept.imported_by) == (
        "The bridge collapsed at noon",
        "A local paper",
        "lookup",
        "alice",
    )
    added = desk.attach_fact_check(ids[1], check)
    assert added.evidence.stance == "refutes" and added.evidence.url == "https://checkers.example/bridge"
    get_settings.cache_clear()


def test_report_totals_and_export(db: Database, tmp_path: Path) -> None:
    ids = seed(db)
    desk = Desk(db, "alice")
    desk.set_status(ids[1], "disputed", note="The mayor denies it.")
    totals = desk.report_totals()
    assert totals.by_status["disputed"] == 1 and totals.by_status["new"] == 2
    target = tmp_path / "report.json"
    desk.export_report(ClaimFilter(), "json", str(target))
    data = json.loads(target.read_text())
    assert data["schema"] == "claimtrack.report/2"
    with pytest.raises(InputError, match="does not exist"):
        desk.export_report(ClaimFilter(), "csv", str(tmp_path / "no" / "r.csv"))
    with pytest.raises(InputError):
        desk.export_report(ClaimFilter(), "pdf", str(tmp_path / "r.pdf"))
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".claimtrack-report")]  # no temporary file left


def test_reports_say_when_a_page_was_captured(db: Database, tmp_path: Path) -> None:
    ids = seed(db)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    desk = Desk(db, "alice", fetcher_factory=lambda: mock_fetcher(handler))
    added = desk.add_web_evidence(ids[0], "https://embassy.example/statement", stance="refutes", fetch=True)
    assert added.evidence.fetched_at is not None
    # Make the fetch visibly older than the link, as when a page is fetched later (evidence fetch).
    with db.engine.begin() as conn:
        conn.execute(
            sa.update(Evidence)
            .where(Evidence.id == added.evidence.id)
            .values(fetched_at=datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC))
        )
    target = tmp_path / "r.json"
    desk.export_report(ClaimFilter(), "json", str(target))
    captured = [
        ev["captured_at"]
        for line in target.read_text().splitlines()
        if '"evidence"' in line
        for ev in json.loads(line.rstrip(",")).get("evidence", [])
    ]
    assert "2020-01-02T03:04:05Z" in captured


def test_desk_ingests_urls_and_feeds_from_a_real_server(db: Database, server) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import Route, article_html, local_fetcher

    server.routes["/a"] = Route(200, article_html("First story"))
    server.routes["/b"] = Route(200, article_html("Second story", extra="A second fact, the agency said."))
    items = "".join(f"<item><title>{p}</title><link>/{p}</link><guid>{p}</guid></item>" for p in ("a", "b"))
    server.routes["/rss"] = Route(
        200,
        f'<rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode(),
        {"Content-Type": "application/rss+xml"},
    )
    desk = Desk(db, "alice", fetcher_factory=local_fetcher)
    [result] = desk.ingest([server.url("/a")])
    assert result.created and result.article.title == "First story"
    report = desk.ingest_feed(server.url("/rss"))
    assert (report.items, report.already_seen) == (2, 0)
    assert [r.created for _, r in report.ingested] == [False, True]  # /a was ingested already
    again = desk.ingest_feed(server.url("/rss"))
    assert (again.already_seen, len(again.ingested)) == (2, 0)
    assert [a.title for a in desk.articles()] == ["Second story", "First story"]


def test_desk_imports_claim_reviews(db: Database, server) -> None:  # type: ignore[no-untyped-def]
    from tests.web.conftest import Route, local_fetcher
    from tests.web.test_claimreview import REVIEW, page

    server.routes["/check"] = Route(200, page(json.dumps(REVIEW)))
    desk = Desk(db, "alice", fetcher_factory=local_fetcher)
    report = desk.import_claim_reviews(server.url("/check"))
    [imported] = report.created
    claim = desk.claim(imported.claim_id).claim
    assert (claim.text, claim.status) == ("The bridge collapsed at noon on Tuesday", "false")
    assert desk.import_claim_reviews(server.url("/check")).created == []


def test_the_desk_writes_its_report_file_as_report_o_does(db: Database, tmp_path: Path) -> None:
    """Same file handling as `report -o` (issue 12): the mode is kept, a symlink's target is
    written and the link kept, a named pipe is written into, not replaced."""
    import os
    import stat
    import threading

    seed(db)
    desk = Desk(db, "alice")
    target = tmp_path / "report.md"
    target.write_text("old")
    target.chmod(0o640)
    desk.export_report(ClaimFilter(), "md", str(target))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() != "old"
    link = tmp_path / "latest.md"
    link.symlink_to(target)
    desk.export_report(ClaimFilter(), "csv", str(link))
    desk.export_report(ClaimFilter(), "csv", str(tmp_path / "plain.csv"))
    assert link.is_symlink() and target.read_bytes() == (tmp_path / "plain.csv").read_bytes()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    desk.export_report(ClaimFilter(), "json", str(fifo))
    reader.join(timeout=30)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(got[0])["schema"] == "claimtrack.report/2"
