"""Screenshots of every screen at 120x36, compared with the accepted ones in __snapshots__/.

Deterministic: fixed user names and data, no polling, no cursor blink, times shown as
coarse ages ("just now"). Update with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from claimtrack.services.desk import Desk
from claimtrack.store import open_database
from claimtrack.tui import ClaimtrackApp
from tests.builders import seed
from tests.tui.conftest import SIZE, settle


@pytest.fixture
def app(sqlite_path: Path):  # type: ignore[no-untyped-def]
    db = open_database(sqlite_path)
    ids = seed(db)
    desk = Desk(db, "alice")
    desk.add_evidence(
        ids[1], "https://news.example/mayor", stance="refutes", title="Mayor's statement", note="denies it"
    )
    desk.set_status(ids[0], "in_review")
    desk.assign(ids[0], "alice")
    yield ClaimtrackApp(Desk(db, "alice"), poll_interval=0, cursor_blink=False)
    db.close()


def keys(*pressed: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_queue(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=keys())


def test_detail_with_evidence_and_denial(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("down", "tab"))


def test_article_view(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("down", "enter"))


def test_verdict_dialog(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("down", "d", "ctrl+s"))


def test_evidence_dialog(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("e"))


def test_help_screen(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("question_mark"))


def test_report_screen(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("p"))


def test_fact_check_results(snap_compare, app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The look-up's results (from a fixed answer: no network)."""
    from claimtrack.services.views import FactCheck, FactCheckPage

    check = FactCheck(
        number=1,
        claim_text="The bridge collapsed at noon",
        claimant="A local paper",
        claim_date=None,
        publisher="Checkers",
        site="checkers.example",
        url="https://checkers.example/bridge",
        title="No, the bridge did not collapse",
        review_date="2024-03-06T00:00:00Z",
        rating="False",
        language="en",
    )
    monkeypatch.setattr(
        Desk, "lookup", lambda self, claim_id, query=None: FactCheckPage(results=(check,), next_page_token=None)
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("down", "l"))


def test_marked_claims(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("space", "space"))


def test_empty_database(snap_compare, sqlite_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(sqlite_path)
    try:
        assert snap_compare(
            ClaimtrackApp(Desk(db, "alice"), poll_interval=0, cursor_blink=False), terminal_size=SIZE, run_before=keys()
        )
    finally:
        db.close()


SMALL = (80, 24)
"""The smallest terminal the desk is built for: every dialog keeps its buttons and key hints."""
LARGE = (200, 50)

SCREENS = {
    "queue": (),
    "detail": ("down", "tab"),
    "verdict_dialog": ("down", "d"),
    "verdict_dialog_refused": ("down", "d", "ctrl+s"),
    "evidence_dialog": ("e",),
    "note_dialog": ("n",),
    "assign_dialog": ("A",),
    "status_filter": ("s",),
    "jump_dialog": ("g",),
    "help": ("question_mark",),
    "report": ("p",),
    "article": ("down", "enter"),
}


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "200x50"])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_screen_at_small_and_large_sizes(snap_compare, app, screen: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app, terminal_size=size, run_before=keys(*SCREENS[screen]))


@pytest.fixture
def seen_app(sqlite_path: Path):  # type: ignore[no-untyped-def]
    from tests.tui.test_seen_before import seen_data

    db = open_database(sqlite_path)
    seen_data(db)
    yield ClaimtrackApp(Desk(db, "alice"), poll_interval=0, cursor_blink=False)
    db.close()


def test_seen_before_marks(snap_compare, seen_app) -> None:  # type: ignore[no-untyped-def]
    """The queue's marks (≈ a verdict, ≈ FC a rating, ×N) and the detail pane's matches."""
    assert snap_compare(seen_app, terminal_size=SIZE, run_before=keys())


def test_matches_dialog(snap_compare, seen_app) -> None:  # type: ignore[no-untyped-def]
    # the repeat of the claim checked false: confirming it offers its verdict, unticked
    assert snap_compare(seen_app, terminal_size=SIZE, run_before=keys("down", "down", "down", "b"))
