"""Running the real review desk on a real database, driven by Pilot."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerState

from claimtrack.domain import ParsedArticle
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.desk import Desk
from claimtrack.services.ingest import store_article
from claimtrack.store import Database, open_database
from claimtrack.tui import ClaimtrackApp
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


@pytest.fixture
def make_app(database: Database) -> Callable[..., ClaimtrackApp]:
    def make(user: str = "alice", *, poll_interval: float = 0) -> ClaimtrackApp:
        return ClaimtrackApp(Desk(database, user), poll_interval=poll_interval, cursor_blink=False)

    return make


def _busy(pilot: Pilot) -> bool:
    if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers):
        return True
    # work scheduled on a timer (the detail once the cursor rests, the counts after typing)
    return any(getattr(screen, "has_pending_work", False) for screen in pilot.app.screen_stack)


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


async def wait_until(pilot: Pilot, condition: Callable[[], bool], timeout: float = 5.0, what: str = "") -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.02)


def screen_text(app: ClaimtrackApp) -> str:
    """Everything on the screen, as plain text lines (what a checker reads)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def screen_segments(app: ClaimtrackApp) -> list:  # type: ignore[type-arg]
    return [segment for strip in app.screen._compositor.render_strips() for segment in strip]


def notifications(app: ClaimtrackApp) -> str:
    """Every notification shown so far, one a line."""
    return "\n".join(n.message for n in app._notifications)
