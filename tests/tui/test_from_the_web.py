"""Bringing articles and fact checks in from the desk: ingest urls, read a feed, import ClaimReview.

A real database and a real HTTP server on 127.0.0.1 (fetched with private addresses allowed);
nothing reaches beyond this machine. The extractor is the web tests' stand-in (every sentence
with "said" is a claim), so these tests are about the desk, not extraction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from textual.widgets import Input, TextArea

from claimtrack import extract
from claimtrack.config import get_settings
from claimtrack.domain import ClaimStatus
from claimtrack.services.desk import Desk
from claimtrack.services.views import ArticleView, FeedEntry, FeedReport, ImportedReview, ImportReport, IngestResult
from claimtrack.store import Database
from claimtrack.tui.actions import DESK_ACTIONS
from claimtrack.tui.dialogs import ClaimReviewDialog, FeedDialog, IngestDialog
from claimtrack.tui.dialogs.ingest import split_sources
from claimtrack.tui.notices import feed_message, import_message, ingest_message
from claimtrack.tui.screens.desk import DeskScreen
from claimtrack.tui.screens.help import HelpScreen
from tests.builders import seed
from tests.tui.conftest import SIZE, RecordingApp, notifications, screen_text, settle, wait_until
from tests.web.conftest import (
    LocalServer,
    Route,
    article_html,
    local_fetcher,
    said_extractor,
)
from tests.web.test_claimreview import REVIEW, page

LOUD = "[bold]Loud[/bold] [link=https://evil.example]story[/link]"


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    yield srv
    srv.close()


@pytest.fixture(autouse=True)
def stand_in_extractor_and_clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(extract, "extract_claims", said_extractor)
    monkeypatch.setattr(extract, "score_sentence", lambda sentence: 0.5)
    for name in ("CLAIMTRACK_CONFIG", "CLAIMTRACK_ALLOW_PRIVATE", "CLAIMTRACK_ARCHIVE", "CLAIMTRACK_FACTCHECK_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def web_app(database: Database) -> Callable[[], RecordingApp]:
    def make() -> RecordingApp:
        return RecordingApp(Desk(database, "alice", fetcher_factory=local_fetcher), poll_interval=0, cursor_blink=False)

    return make


def total(app: RecordingApp) -> int:
    screen = app.screen
    assert isinstance(screen, DeskScreen)
    return screen.queue.total


def test_the_actions_have_free_keys_and_are_in_the_table() -> None:
    keys = [key for action in DESK_ACTIONS for key in action.key.split(",")]
    assert len(keys) == len(set(keys)), "every desk key is used once"
    by_id = {action.id: action for action in DESK_ACTIONS}
    assert (by_id["claimtrack.ingest"].key, by_id["claimtrack.feed"].key, by_id["claimtrack.import_reviews"].key) == (
        "I",
        "F",
        "R",
    )
    for action_id in ("claimtrack.ingest", "claimtrack.feed", "claimtrack.import_reviews"):
        assert hasattr(DeskScreen, "action_" + by_id[action_id].action), action_id


def test_sources_and_messages() -> None:
    assert split_sources(" https://a.example/1\nhttps://b.example/2  https://a.example/1\n\n") == [
        "https://a.example/1",
        "https://b.example/2",
    ]

    article = _article(7, LOUD + "\x1b[2J")
    message = ingest_message([IngestResult(article=article, created=True, claims=1, title_from_body=False)])
    assert message.startswith(f"article 7 “{LOUD}") and message.endswith("”: 1 claim")
    assert "\x1b" not in message, "control characters are made visible"


async def test_ingest_articles_shows_their_claims(database: Database, web_app, server: LocalServer) -> None:  # type: ignore[no-untyped-def]
    seed(database)
    server.routes["/a"] = Route(200, article_html(LOUD, extra="A second fact came out, the agency said."))
    server.routes["/b"] = Route(200, article_html("Second story"))
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = total(app)
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, IngestDialog)
        # one per line, or separated by spaces
        app.screen.query_one("#sources", TextArea).text = f"{server.url('/a')}\n{server.url('/b')}"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, IngestDialog)
        articles = {a.title: a for a in Desk(database, "r").articles()}
        loud, second = articles[LOUD], articles["Second story"]
        said = notifications(app)
        assert f"article {loud.id} “{LOUD}”: " in said and f"article {second.id} “Second story”: " in said
        # the new claims are in the queue (its index rebuilt), titles shown literally
        await wait_until(pilot, lambda: total(app) > before, what="the new claims in the queue")
        assert next(n for n in app.notified if "Loud" in n.message).markup is False
        # ingest again: already there
        await pilot.press("I")
        await settle(pilot)
        await pilot.press(*server.url("/b"), "ctrl+s")
        await settle(pilot)
        assert f"article {second.id} “Second story”: already ingested" in notifications(app)


async def test_a_failed_ingest_keeps_the_dialog_and_stores_nothing(
    database: Database, web_app, server: LocalServer
) -> None:  # type: ignore[no-untyped-def]
    server.routes["/a"] = Route(200, article_html("Good story"))
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        typed = f"{server.url('/a')} {server.url('/gone')}"
        app.screen.query_one("#sources", TextArea).text = typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, IngestDialog), "a failed fetch keeps the dialog open"
        error = dialog.error_text
        assert "404" in error and len(error.strip().splitlines()) == 1
        assert dialog.query_one("#sources", TextArea).text == typed
        assert Desk(database, "r").articles() == []  # all or nothing
        # nothing typed: said so
        dialog.query_one("#sources", TextArea).text = "  \n "
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "at least one article" in dialog.error_text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeskScreen)


def rss(title: str, *paths: str) -> Route:
    items = "".join(f"<item><title>{p}</title><link>/{p}</link><guid>{p}</guid></item>" for p in paths)
    return Route(
        200,
        f'<rss version="2.0"><channel><title>{title}</title>{items}</channel></rss>'.encode(),
        {"Content-Type": "application/rss+xml"},
    )


async def test_read_a_feed(database: Database, web_app, server: LocalServer) -> None:  # type: ignore[no-untyped-def]
    server.routes["/a"] = Route(200, article_html("First story"))
    server.routes["/b"] = Route(200, article_html("Second story", extra="A second fact came out, the agency said."))
    server.routes["/rss"] = rss("Wire [i]news[/i]", "a", "b", "c")  # /c is not there
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert total(app) == 0
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FeedDialog)
        await pilot.press(*server.url("/rss"), "enter")
        await settle(pilot)
        assert not isinstance(app.screen, FeedDialog)
        said = notifications(app)
        assert "feed “Wire [i]news[/i]”: 3 items, 0 read before, 2 ingested now, 1 failed" in said
        await wait_until(pilot, lambda: total(app) > 0, what="the feed's claims in the queue")
        assert sorted(a.title for a in Desk(database, "r").articles()) == ["First story", "Second story"]
        # again, with a limit: what was read is skipped
        await pilot.press("F")
        await settle(pilot)
        app.screen.query_one("#feed-limit", Input).value = "5"
        await pilot.press(*server.url("/rss"), "enter")
        await settle(pilot)
        assert "3 items, 2 read before, 0 ingested now" in notifications(app)


async def test_a_feed_that_cannot_be_read_keeps_the_dialog(database: Database, web_app, server: LocalServer) -> None:  # type: ignore[no-untyped-def]
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#feed-limit", Input).value = "0"
        await pilot.press(*server.url("/nofeed"), "enter")
        await settle(pilot)
        assert "the limit is a number" in dialog.error_text
        dialog.query_one("#feed-limit", Input).value = "3"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "404" in dialog.error_text and len(dialog.error_text.strip().splitlines()) == 1
        assert dialog.query_one("#feed-url", Input).value == server.url("/nofeed")
        assert dialog.query_one("#feed-limit", Input).value == "3"
        assert Desk(database, "r").articles() == []


async def test_import_claim_reviews(database: Database, web_app, server: LocalServer) -> None:  # type: ignore[no-untyped-def]
    server.routes["/check"] = Route(200, page(json.dumps(REVIEW)))
    app = web_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ClaimReviewDialog)
        await pilot.press(*server.url("/check"), "enter")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimReviewDialog)
        assert "ClaimReview: 1 review imported" in notifications(app)
        await wait_until(
            pilot, lambda: "The bridge collapsed at noon on Tuesday" in screen_text(app), what="the imported claim"
        )
        # again: nothing new
        await pilot.press("R")
        await settle(pilot)
        await pilot.press(*server.url("/check"), "enter")
        await settle(pilot)
        assert "ClaimReview: 0 reviews imported, 1 imported before" in notifications(app)
        # a page that is not there: the dialog stays, with the url
        await pilot.press("R")
        await settle(pilot)
        dialog = app.screen
        await pilot.press(*server.url("/missing"), "enter")
        await settle(pilot)
        assert app.screen is dialog and "404" in dialog.error_text
        assert dialog.query_one("#review-url", Input).value == server.url("/missing")


async def test_the_help_and_palette_offer_them(database: Database, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"read a feed")
        await wait_until(
            pilot, lambda: "Read a feed: ingest its items not read before" in screen_text(app), what="the palette hit"
        )
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FeedDialog)


def _article(article_id: int, title: str) -> ArticleView:
    now = datetime.now(UTC)
    return ArticleView(article_id, title, None, (), None, None, None, "body", "hash", None, now, "loader")


def _review(created: bool) -> ImportedReview:
    return ImportedReview(1, ClaimStatus.FALSE, created, "https://checkers.example/r", "Checkers", "False")


def test_messages_for_reports() -> None:
    entry = FeedEntry(link="https://wire.example/c", guid=None, title=None)
    ingested = IngestResult(article=_article(8, "B"), created=True, claims=1, title_from_body=False)
    report = FeedReport(
        feed_url="https://wire.example/rss",
        title=None,
        items=3,
        already_seen=1,
        ingested=((FeedEntry("https://wire.example/b", None, None), ingested),),
        failed=((entry, "HTTP 404"),),
    )
    assert feed_message(report) == (
        "feed “https://wire.example/rss”: 3 items, 1 read before, 1 ingested now, 1 failed (https://wire.example/c: HTTP 404)"
    )
    imported = ImportReport(
        source="https://checkers.example/r",
        reviews=(_review(True), _review(True), _review(False)),
        skipped=("no claim text",),
    )
    assert import_message(imported) == "ClaimReview: 2 reviews imported, 1 imported before, 1 skipped (no claim text)"
