"""Seen before at the desk (issue 15): the queue's marks, the matches in the detail pane, the
matches dialog (confirm, reject, a verdict carried over only when ticked), the "matches a checked
claim" filter, and matching on ingest.

A real database (SQLite file and PostgreSQL), the real matcher, the real app driven by Pilot;
only the extractor is fixed, so that the claims are known.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from rich.console import Console
from rich.style import Style
from sqlmodel import select
from textual.widgets import Checkbox, OptionList, TextArea

from claimtrack import extract
from claimtrack.config import get_settings
from claimtrack.domain import ChangeKind, ClaimStatus, MatchKind, ParsedArticle
from claimtrack.services.desk import Desk
from claimtrack.services.factcheck_store import row_from_json, store_fact_checks
from claimtrack.services.ingest import store_article
from claimtrack.services.similar import match_articles
from claimtrack.services.views import QueueRow, Target
from claimtrack.store import Database
from claimtrack.store.models import Claim
from claimtrack.tui.actions import DESK_ACTIONS
from claimtrack.tui.dialogs import IngestDialog, MatchesDialog
from claimtrack.tui.filters import DeskFilters
from claimtrack.tui.render import seen_mark
from claimtrack.tui.screens.help import help_table
from claimtrack.tui.widgets.queue import row_segments
from tests.builders import _propose, seed
from tests.tui.conftest import (
    SIZE,
    RecordingApp,
    dialog_text,
    notifications,
    screen_lines,
    screen_text,
    settle,
    wait_until,
)
from tests.web.conftest import LocalServer, Route, article_html, local_fetcher, said_extractor

MakeApp = Callable[..., RecordingApp]

LATER = (
    "The ministry said 40 people were hurt.\n"
    "Officials said the bridge collapsed at noon on Tuesday.\n"
    "Farmers said the harvest was the best in a decade."
)
HURT, BRIDGE, HARVEST = (
    "40 people were hurt",
    "the bridge collapsed at noon on Tuesday",
    "the harvest was the best in a decade",
)
FACT_CHECK_URL = "https://politifact.example/bridge"


@pytest.fixture(autouse=True)
def clean_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("CLAIMTRACK_CONFIG", "CLAIMTRACK_ALLOW_PRIVATE", "CLAIMTRACK_ARCHIVE", "CLAIMTRACK_FACTCHECK_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def later_extractor(body: str, *, default_claimant: str | None = None) -> list:  # type: ignore[type-arg]
    return [_propose(body, phrase, "The ministry") for phrase in (HURT, BRIDGE, HARVEST)]


def seen_data(db: Database) -> tuple[list[int], dict[str, int], int]:
    """The builders' article (its first claim checked false), a PolitiFact fact check of the
    bridge, and a later article repeating two claims; its claims matched as ingest does."""
    first = seed(db)
    desk = Desk(db, "alice")
    desk.add_evidence(first[0], "https://ministry.example/report", stance="refutes")
    desk.set_status(first[0], ClaimStatus.FALSE, note="The ministry's report says 4.")
    row = row_from_json(
        {"id": "pf-1", "text": "The bridge collapsed at noon on Tuesday", "rating": "Pants on Fire",
         "publisher": "PolitiFact", "url": FACT_CHECK_URL},
        collection="test", source="test",
    )  # fmt: skip
    with db.session() as session:
        store_fact_checks(session, [row], user="alice")
        session.commit()
        check = session.connection().exec_driver_sql("SELECT id FROM fact_check WHERE external_id = 'pf-1'").scalar()
    with db.session() as session:
        result = store_article(
            session, ParsedArticle(title="A week on", body=LATER), user="bob", extractor=later_extractor
        )
        session.commit()
        article_id = result.article.id
        later = {c.text: c.id for c in session.exec(select(Claim).where(Claim.article_id == article_id)).all()}
    assert article_id is not None and isinstance(check, int)
    match_articles(db, [article_id])
    return first, {HURT: later[HURT], BRIDGE: later[BRIDGE], HARVEST: later[HARVEST]}, check  # type: ignore[dict-item]


def line_of(app: RecordingApp, claim_id: int) -> str:
    """The queue's line of the claim (the first line of the screen naming it as ``#ID``)."""
    pattern = re.compile(rf"^..#{claim_id}\s")
    return next(line for line in screen_lines(app) if pattern.match(line))


def queue_ids(app: RecordingApp) -> list[int]:
    queue = app.desk_screen.queue
    return [row.id for row in (queue.row_at(p) for p in range(queue.total)) if row is not None]


async def select_claim(pilot, app: RecordingApp, claim_id: int) -> None:  # type: ignore[no-untyped-def]
    app.desk_screen.queue.select_claim(claim_id)
    await settle(pilot)
    await wait_until(
        pilot,
        lambda: app.desk_screen.detail is not None and app.desk_screen.detail.claim.id == claim_id,
        what=f"claim #{claim_id} in the detail pane",
    )


def highlight(dialog: MatchesDialog, target: Target) -> None:
    options = dialog.query_one("#matches", OptionList)
    options.highlighted = next(i for i, c in enumerate(dialog.choices) if c.item.target == target)


# -- the marks, on their own ----------------------------------------------------------------------


def test_the_marks_are_compact_literal_and_dim_when_not_sure() -> None:
    assert seen_mark("", False)[0] == ""
    assert seen_mark("checked: false", True)[0] == "≈ false"
    assert seen_mark("fact check: Pants on Fire", True)[0] == "≈ FC Pants on Fire"
    assert seen_mark("fact check", True)[0] == "≈ FC"
    assert seen_mark("repeated ×3", True)[0] == "×3"
    words, style = seen_mark("checked: false", False)
    assert words == "≈ false?" and style.dim, "a suggestion to decide: a question mark, dimmed"
    assert not seen_mark("checked: false", True)[1].dim
    # a rating is data: shown literally, on one line
    words, _ = seen_mark("fact check: [bold]Mostly[/bold] \x1b[31mfalse", True)
    assert words.startswith("≈ FC [bold]Mostly[/bold] ") and "\x1b" not in words


@pytest.mark.parametrize("width", [80, 88, 104, 120, 200])
def test_the_mark_takes_its_room_from_the_claim_column(width: int) -> None:
    row = QueueRow(
        id=123456, article_id=1, article_title="An article", text="The minister said unemployment fell to 4% " * 3,
        claimant="The minister", status="new", score=0.81, assignee="alice", disputed_by=(), cues=(), version=1,
        origin="extracted", seen="fact check: Pants on Fire and more words", seen_sure=False,
    )  # fmt: skip

    def line(of: QueueRow) -> str:
        return "".join(s.text for s in row_segments(of, width, marked=False, cursor=False, base=Style()))

    marked, unmarked = line(row), line(replace(row, seen=""))
    assert "≈ FC Pa" in marked
    assert len(marked) == len(unmarked) <= width, "the line is as wide as without a mark: it still fits"
    assert "The minister said" in marked, "the claim keeps most of its column"


# -- the queue and the detail pane ------------------------------------------------------------------


async def test_the_queue_marks_what_was_seen_before_and_the_detail_lists_it(
    database: Database, make_app: MakeApp
) -> None:
    first, later, check = seen_data(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "≈ false" in line_of(app, later[HURT]), "repeats a claim checked false"
        assert "≈ FC Pants on" in line_of(app, later[BRIDGE]), "matches PolitiFact's fact check"
        assert "×2" in line_of(app, first[0]), "said again in the later article"
        harvest = line_of(app, later[HARVEST])
        assert "≈" not in harvest and "×" not in harvest, "nobody said it before"
        # the detail pane lists the matches: score, state, what, verdict or rating
        await select_claim(pilot, app, later[BRIDGE])
        text = screen_text(app)
        assert "SEEN BEFORE" in text and "press b to confirm or reject" in text
        assert f"fact check #{check} PolitiFact: Pants on Fire" in text
        assert re.search(rf"0\.\d\d suggested\s+fact check #{check}", text)
        await select_claim(pilot, app, later[HURT])
        assert f"claim #{first[0]} FALSE" in screen_text(app)


# -- the matches dialog --------------------------------------------------------------------------------


async def test_confirming_without_the_verdict_then_rejecting(database: Database, make_app: MakeApp) -> None:
    first, later, _ = seen_data(database)
    desk = Desk(database, "r")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_claim(pilot, app, later[HURT])
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MatchesDialog)
        checked = Target(MatchKind.CLAIM, first[0])
        highlight(dialog, checked)
        await settle(pilot)
        box = dialog.query_one("#apply-verdict", Checkbox)
        assert box.display and box.value is False, "offered, never ticked by default"
        text = dialog_text(app)
        assert "Apply its verdict: FALSE" in text and f"claim #{first[0]} (false)" in text
        await pilot.press("ctrl+s")  # the same claim; the verdict not carried over
        await settle(pilot)
        assert app.screen is dialog, "it stays open for the next match"
        assert f"the same as claim #{first[0]}; its verdict (FALSE) not carried over" in dialog_text(app)
        assert desk.claim(later[HURT]).claim.status == ClaimStatus.NEW
        assert desk.claim(later[HURT]).history[-1].kind == ChangeKind.MATCH
        assert f"Claim #{later[HURT]}: the same as claim #{first[0]}" in notifications(app)
        # rejected after all: a different claim
        highlight(dialog, checked)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert f"Claim #{later[HURT]}: not the same as claim #{first[0]}" in notifications(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MatchesDialog)
        await wait_until(pilot, lambda: "≈" not in line_of(app, later[HURT]), what="the mark gone")
        assert "×" not in line_of(app, first[0]), "the checked claim is not repeated either"
        assert desk.claim(later[HURT]).claim.status == ClaimStatus.NEW


async def test_confirming_with_the_verdict_gives_it_and_links_the_evidence(
    database: Database, make_app: MakeApp
) -> None:
    _, later, check = seen_data(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_claim(pilot, app, later[BRIDGE])
        await pilot.press("b")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, MatchesDialog)
        highlight(dialog, Target(MatchKind.FACT_CHECK, check))
        await settle(pilot)
        assert "PolitiFact: Pants on Fire" in dialog_text(app)
        await pilot.click("#apply-verdict")
        await settle(pilot)
        assert dialog.query_one("#apply-verdict", Checkbox).value is True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "FALSE carried over, linked as evidence" in notifications(app)
        detail = Desk(database, "r").claim(later[BRIDGE])
        assert detail.claim.status == ClaimStatus.FALSE
        assert [e.url for e in detail.evidence] == [FACT_CHECK_URL]
        # the claim has its verdict now: confirming another match offers none
        assert not dialog.query_one("#apply-verdict", Checkbox).display
        await pilot.press("escape")
        await settle(pilot)
        await wait_until(pilot, lambda: "FALSE" in line_of(app, later[BRIDGE]), what="the verdict in the queue")


async def test_a_claim_never_matched_says_so(database: Database, make_app: MakeApp) -> None:
    _, later, _ = seen_data(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_claim(pilot, app, later[HARVEST])
        assert "SEEN BEFORE" not in screen_text(app)
        await pilot.press("b")
        await settle(pilot)
        assert not isinstance(app.screen, MatchesDialog)
        assert f"Claim #{later[HARVEST]}: not matched to any earlier claim or fact check" in notifications(app)


# -- the filter ----------------------------------------------------------------------------------------


async def test_the_filter_shows_only_claims_matching_a_checked_claim(database: Database, make_app: MakeApp) -> None:
    first, later, _ = seen_data(database)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        every = set(queue_ids(app))
        await pilot.press("B")
        await settle(pilot)
        assert set(queue_ids(app)) == {later[HURT], later[BRIDGE]}
        summary = str(app.desk_screen.query_one("#filter-summary").render())
        assert "matches a checked claim" in summary
        assert app.desk_screen.filters == DeskFilters(seen_checked=True)
        await pilot.press("B")
        await settle(pilot)
        assert set(queue_ids(app)) == every and first[0] in every


def test_the_keys_are_free_and_documented() -> None:
    keys = [key for action in DESK_ACTIONS for key in action.key.split(",")]
    assert len(keys) == len(set(keys)), "every desk key is used once"
    by_id = {action.id: action for action in DESK_ACTIONS}
    assert (by_id["claimtrack.matches"].key, by_id["claimtrack.seen_filter"].key) == ("b", "B")
    console = Console(width=120, record=True)
    console.print(help_table())
    console_text = console.export_text()
    assert "Seen before? Confirm or reject the claim's matches" in console_text and "≈ false" in console_text


# -- ingest at the desk matches the new claims ---------------------------------------------------------


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    yield srv
    srv.close()


async def test_ingest_matches_the_new_claims_and_says_so(
    database: Database, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extract, "extract_claims", said_extractor)
    monkeypatch.setattr(extract, "score_sentence", lambda sentence: 0.5)
    sentence = "The ministry said 40 people were hurt when the old bridge collapsed."
    server.routes["/first"] = Route(200, article_html("First story", extra=sentence))
    server.routes["/again"] = Route(200, article_html("The story again", extra=sentence))
    desk = Desk(database, "alice", fetcher_factory=local_fetcher)
    [first] = desk.ingest([server.url("/first")])
    checked = next(r.id for r in desk.rows_at(desk.build_index(desk_filter()), 0, 100) if r.text == sentence)
    desk.add_evidence(checked, "https://ministry.example/report", stance="refutes")
    desk.set_status(checked, ClaimStatus.FALSE, note="Four were hurt.")
    app = RecordingApp(desk, poll_interval=0, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("I")
        await settle(pilot)
        assert isinstance(app.screen, IngestDialog)
        app.screen.query_one("#sources", TextArea).text = server.url("/again")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: "match earlier checks" in notifications(app), what="the matches said")
        said = next(n.message for n in app.notified if "match earlier checks" in n.message)
        assert said.startswith("1 claim match earlier checks") and f"≈ claim #{checked} (false, " in said
        again = next(
            r.id
            for r in desk.rows_at(desk.build_index(desk_filter()), 0, 100)
            if r.text == sentence and r.id != checked
        )
        await settle(pilot)
        await wait_until(pilot, lambda: "≈ false" in line_of(app, again), what="the new claim marked")
    assert first.created


def desk_filter():  # type: ignore[no-untyped-def]
    from claimtrack.services.desk import ClaimFilter, Triage

    return ClaimFilter.build(triage=Triage.ALL)


def test_the_report_screen_says_how_many_claims_were_seen_before(db: Database) -> None:
    from datetime import UTC, datetime

    from claimtrack.tui.screens.report import summary_text

    desk = Desk(db, "alice")
    assert "Seen before" not in summary_text(desk.report_totals(), datetime.now(UTC)).plain  # none yet: no line
    seen_data(db)
    text = summary_text(desk.report_totals(), datetime.now(UTC)).plain
    line = next(line for line in text.splitlines() if line.startswith("Seen before: "))
    assert "repeat another claim" in line and "1 matches a fact check" in line
