"""Running the real review desk on a real database, driven by Pilot.

The tests read the app only through Textual's public API: what is on the screen from
:meth:`App.export_screenshot` (the SVG a snapshot test compares) and :meth:`Screen.get_style_at`,
and the notifications from the :class:`~textual.notifications.Notify` messages the app gets.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual.notifications import Notification, Notify
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import WorkerCancelled, WorkerState

from claimtrack.domain import ParsedArticle
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.desk import Desk
from claimtrack.services.ingest import store_article
from claimtrack.store import Database, open_database
from claimtrack.tui import ClaimtrackApp
from claimtrack.tui.screens.desk import DeskScreen
from tests.builders import BODY, seed

SIZE = (120, 36)

#: A claim whose text tries everything to style or reach the terminal.
HOSTILE = "[bold red]x[/] and [link=https://evil]y[/link] \x1b[31mred\x07 bell"
HOSTILE_BODY = "Intro line.\nThe agency said " + HOSTILE + " happened.\nEnd."


def hostile_extractor(body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
    start = body.index(HOSTILE)
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", start)
    return [
        ProposedClaim(
            text=HOSTILE,
            start=start,
            end=start + len(HOSTILE),
            sentence=body[line_start:line_end],
            sentence_start=line_start,
            sentence_end=line_end,
            claimant="[i]The agency[/i]",
            cue="said",
            score=0.7,
            check_worthy=True,
        )
    ]


def seed_hostile(db: Database) -> None:
    parsed = ParsedArticle(title="[bold]Loud[/bold] \x1b[2J title", body=HOSTILE_BODY, outlet="[blink]Outlet")
    with db.session() as session:
        store_article(session, parsed, user="loader", source="test", extractor=hostile_extractor)


def seed_two_articles(db: Database) -> list[int]:
    """The builders' article, and a second one (same claims, other title): six claims."""
    seed(db)
    return seed(db, title="Second article", body=BODY + "\nA closing line.")


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = open_database(db_url)
    yield db
    db.close()


class RecordingApp(ClaimtrackApp):
    """The review desk, keeping every notification it is asked to show (``notified``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notified: list[Notification] = []

    def on_notify(self, message: Notify) -> None:
        # (App shows it too: its own handler runs after this one)
        self.notified.append(message.notification)


@pytest.fixture
def make_app(database: Database) -> Callable[..., RecordingApp]:
    def make(user: str = "alice", *, poll_interval: float = 0) -> RecordingApp:
        return RecordingApp(Desk(database, user), poll_interval=poll_interval, cursor_blink=False)

    return make


def _busy(pilot: Pilot) -> bool:
    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers):
        return True
    # work scheduled on a timer (the detail once the cursor rests, the counts after typing)
    return any(isinstance(screen, DeskScreen) and screen.has_pending_work for screen in pilot.app.screen_stack)


async def settle(pilot: Pilot, rounds: int = 100) -> None:
    """Let workers finish and their messages land, until nothing is left running.

    One worker's result often starts another (a write, then a reload), so wait in rounds, and
    stop after two quiet ones in a row.
    """
    quiet = 0
    for _ in range(rounds):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:  # an exclusive worker was replaced by a newer one: fine
            pass
        await pilot.pause(0.01 if _busy(pilot) else None)
        quiet = quiet + 1 if not _busy(pilot) else 0
        if quiet >= 2:
            break
    await pilot.pause(0.05)  # a screen update (layout, painting) runs at most 60 times a second


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    """Wait for ``condition``; ``timeout`` bounds a hang, not a speed: a shared machine under load
    (two cores, load average 8) took more than 5 s to lay out a dialog at 200x50."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.02)


# Rich writes each run of text of a screenshot as <text x=… clip-path=…-line-N>, x in pixels of
# cells CELL_WIDTH wide (Rich's export_svg: a 20 px font, 0.61 as wide as high).
_SVG_TEXT = re.compile(
    r'<text class="[^"]*" x="([0-9.]+)" y="[0-9.]+" textLength="[0-9.]+" clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)
CELL_WIDTH = 20 * 0.61


def screen_lines(app: ClaimtrackApp) -> list[str]:
    """The screen as the checker sees it, one string a line: the text of the app's screenshot
    (with the screens behind a dialog, dimmed, as they show)."""
    width, height = app.size
    cells = [[" "] * width for _ in range(height)]
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        row, column = cells[int(line)], round(float(x) / CELL_WIDTH)
        for char in html.unescape(text).replace("\xa0", " "):
            if column < width:
                row[column] = char
                for extra in range(1, cell_len(char)):  # a wide character takes two cells
                    if column + extra < width:
                        row[column + extra] = ""
            column += max(cell_len(char), 1)
    return ["".join(row) for row in cells]


def screen_text(app: ClaimtrackApp) -> str:
    """Everything on the screen, as plain text lines (what a checker reads)."""
    return "\n".join(screen_lines(app))


def widget_text(app: ClaimtrackApp, widget: Widget) -> str:
    """What is on the screen where ``widget`` is (a dialog, without the screen behind it)."""
    region = widget.region
    lines = screen_lines(app)[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def dialog_text(app: ClaimtrackApp) -> str:
    """The open dialog's text."""
    return widget_text(app, app.screen.query_one("#dialog"))


def screen_styles(app: ClaimtrackApp) -> set[Style]:
    """The style of every cell of the current screen."""
    width, height = app.size
    return {app.screen.get_style_at(x, y) for y in range(height) for x in range(width)}


def notifications(app: ClaimtrackApp) -> str:
    """Every notification shown so far, one a line (the app must be a :class:`RecordingApp`)."""
    assert isinstance(app, RecordingApp), "notifications are recorded by RecordingApp"
    return "\n".join(n.message for n in app.notified)
