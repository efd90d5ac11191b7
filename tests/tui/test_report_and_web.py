"""The report screen and the web actions (captured evidence, rechecks, existing fact checks).

Nothing reaches the network: the desk's fetcher is built on ``httpx.MockTransport``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from textual.widgets import Checkbox, Input

from claimtrack.config import get_settings
from claimtrack.services.desk import Desk
from claimtrack.services.factcheck_store import list_fact_checks
from claimtrack.store import Database
from claimtrack.tui.dialogs import EvidenceDialog, ExportDialog, FactCheckDialog
from claimtrack.tui.screens.report import ReportScreen
from tests.builders import seed
from tests.tui.conftest import SIZE, RecordingApp, notifications, screen_text, settle, wait_until
from tests.web.conftest import mock_fetcher

PAGE = b"<html><head><title>Embassy statement</title></head><body><p>No citizens were killed.</p></body></html>"
CHANGED = PAGE.replace(b"No citizens", b"Two citizens")
ANSWER = {
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


class Web:
    """The pages the mock transport serves (path → body, or a status), and what was asked."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes | int] = {}
        self.requests: list[str] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(str(request.url))
        if request.url.host == "factchecktools.googleapis.com":
            return httpx.Response(200, json=ANSWER)
        page = self.pages.get(request.url.path, 404)
        if isinstance(page, int):
            return httpx.Response(page, content=b"<html>no</html>", headers={"Content-Type": "text/html"})
        return httpx.Response(200, content=page, headers={"Content-Type": "text/html; charset=utf-8"})


@pytest.fixture
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    for name in ("CLAIMTRACK_CONFIG", "CLAIMTRACK_ARCHIVE", "CLAIMTRACK_FACTCHECK_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


@pytest.fixture
def web() -> Web:
    return Web()


@pytest.fixture
def web_app(database: Database, web: Web, clean_settings: pytest.MonkeyPatch) -> Callable[[], RecordingApp]:
    def make() -> RecordingApp:
        desk = Desk(database, "alice", fetcher_factory=lambda: mock_fetcher(web.handler))
        return RecordingApp(desk, poll_interval=0, cursor_blink=False)

    return make


# -- the report screen ------------------------------------------------------------------------


async def test_report_shows_the_figures_and_exports_a_file(database: Database, web_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = seed(database)
    Desk(database, "bob").set_status(ids[0], "in_review")
    Desk(database, "bob").assign(ids[0], "bob")
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        text = screen_text(app)
        assert "TOTALS BY STATUS" in text and "3 claims in 1 article" in text
        assert "NEW" in text and "█" in text and "66.7%" in text and "IN REVIEW" in text
        assert "OPEN WORK BY ASSIGNEE" in text and "bob" in text and "(unassigned)" in text
        assert "TIME TO VERDICT" in text and "slowest open claims" in text
        # changes since a date
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*"7d", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "CHANGES SINCE" in text and "new claims 3" in text and "NEW → IN REVIEW  1" in text
        # export, as JSON, to a path typed in the dialog
        target = tmp_path / "desk-report.json"
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        await wait_until(pilot, target.exists, what="the report file")
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["schema"] == "claimtrack.report/2"
        assert f"Report written to {target}" in notifications(app)
        assert isinstance(app.screen, ReportScreen)


async def test_export_to_a_missing_folder_says_why_and_keeps_the_path(
    database: Database, web_app, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    seed(database)
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        bad = str(tmp_path / "nowhere" / "r.csv")
        app.screen.query_one("#export-path", Input).value = bad
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert "does not exist" in app.screen.error_text
        assert app.screen.query_one("#export-path", Input).value == bad
        assert "does not exist" in notifications(app)
        # a path the format cannot be told from
        app.screen.query_one("#export-path", Input).value = str(tmp_path / "report.txt")
        await pilot.press("enter")
        await settle(pilot)
        assert "cannot tell the format" in app.screen.error_text


# -- captured evidence and rechecks ---------------------------------------------------------


async def test_evidence_is_captured_then_rechecked(database: Database, web_app, web: Web) -> None:  # type: ignore[no-untyped-def]
    ids = seed(database)
    web.pages["/statement"] = PAGE
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceDialog)
        assert app.screen.query_one("#capture", Checkbox).value is True  # on by default
        await pilot.press(*"https://embassy.example/statement", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceDialog)
        [view] = Desk(database, "r").evidence_views(ids[0])
        assert view.evidence.content_sha256 and view.evidence.http_status == 200
        assert view.evidence.title == "Embassy statement"  # the page's title, since none was typed
        assert "evidence added, page captured" in notifications(app)
        await wait_until(pilot, lambda: "HTTP 200" in screen_text(app), what="the capture in the detail")
        text = screen_text(app)
        assert f"sha256 {view.evidence.content_sha256[:12]}…" in text and "text/html" in text
        # recheck: unchanged, then changed
        await pilot.press("w")
        await settle(pilot)
        assert "rechecked 1 page(s): 1 unchanged" in notifications(app)
        await wait_until(pilot, lambda: "unchanged" in screen_text(app), what="the recheck in the detail")
        web.pages["/statement"] = CHANGED
        await pilot.press("w")
        await settle(pilot)
        assert f"1 CHANGED (#{view.evidence.id})" in notifications(app)
        await wait_until(
            pilot, lambda: "CHANGED since the capture" in screen_text(app), what="the change in the detail"
        )
        # and a page that is gone
        web.pages["/statement"] = 410
        await pilot.press("w")
        await settle(pilot)
        assert "1 could not be fetched" in notifications(app)
        await wait_until(pilot, lambda: "could not fetch" in screen_text(app), what="the failure in the detail")


async def test_a_failed_capture_keeps_the_dialog_and_can_be_saved_without(
    database: Database, web_app, web: Web
) -> None:  # type: ignore[no-untyped-def]
    ids = seed(database)
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press(*"https://gone.example/page")
        app.screen.query_one("#title", Input).value = "The old page"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, EvidenceDialog), "a failed fetch keeps the dialog open"
        error = dialog.error_text
        assert "404" in error and len(error.strip().splitlines()) == 1
        assert dialog.query_one("#url", Input).value == "https://gone.example/page"
        assert dialog.query_one("#title", Input).value == "The old page"
        assert Desk(database, "r").evidence_views(ids[0]) == []  # nothing stored
        # untick "capture" and save: linked, not captured
        dialog.query_one("#capture", Checkbox).value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceDialog)
        [view] = Desk(database, "r").evidence_views(ids[0])
        assert (view.evidence.url, view.evidence.title, view.evidence.content_sha256) == (
            "https://gone.example/page",
            "The old page",
            None,
        )
        await wait_until(pilot, lambda: "not captured" in screen_text(app), what="the detail")
        # nothing captured: nothing to recheck, said so
        await pilot.press("w")
        await settle(pilot)
        assert "no captured web evidence to recheck" in notifications(app)


# -- already checked? ---------------------------------------------------------------------


async def test_lookup_lists_fact_checks_and_attaches_the_chosen_one(
    database: Database, web_app, web: Web, clean_settings: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    ids = seed(database)
    clean_settings.setenv("CLAIMTRACK_FACTCHECK_API_KEY", "test-key")
    get_settings.cache_clear()
    web.pages["/bridge"] = PAGE
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, FactCheckDialog)
        text = screen_text(app)
        assert "Checkers rated it “False”" in text and "No, the bridge did not collapse" in text
        assert "https://checkers.example/bridge" in text
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FactCheckDialog)
        assert "fact check by Checkers attached as evidence" in notifications(app)
        [view] = [v for v in Desk(database, "r").evidence_views(ids[1]) if v.evidence.added_by == "alice"]
        assert (view.evidence.url, view.evidence.stance) == ("https://checkers.example/bridge", "refutes")
        assert view.evidence.content_sha256, "the fact check's page was captured too"
        assert any("factchecktools.googleapis.com" in url and "key=test-key" in url for url in web.requests)
        # what the look-up showed is kept in the fact-check collection, in the checker's name (issue 15)
        [kept] = list_fact_checks(database, limit=None)
        assert (kept.text, kept.url, kept.rating, kept.origin, kept.imported_by) == (
            "The bridge collapsed at noon",
            "https://checkers.example/bridge",
            "False",
            "lookup",
            "alice",
        )


async def test_lookup_without_an_api_key_is_one_line(database: Database, web_app, web: Web) -> None:  # type: ignore[no-untyped-def]
    seed(database)
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert not isinstance(app.screen, FactCheckDialog)
        said = [n.message for n in app.notified if "API key" in n.message or "api key" in n.message.lower()]
        assert len(said) == 1 and "\n" not in said[0]
        assert not [u for u in web.requests if "factchecktools" in u]
