"""The queue on more claims than it keeps: paging, jumps into rows not fetched yet, the footer."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from claimtrack.services.desk import Desk
from claimtrack.services.views import QueueIndex, QueueRow
from claimtrack.store import Database
from claimtrack.tui import ClaimtrackApp
from claimtrack.tui.actions import DESK_ACTIONS
from claimtrack.tui.paging import MAX_PAGES, PAGE_SIZE
from claimtrack.tui.widgets.footer import WrappingFooter, layout
from claimtrack.tui.widgets.queue import JUMP_WAIT
from tests.builders import seed
from tests.tui.conftest import SIZE, screen_lines, screen_text, settle, wait_until

CLAIMS = 3000
"""More than the queue keeps (MAX_PAGES * PAGE_SIZE rows)."""


def many_claims(db: Database, n: int = CLAIMS) -> None:
    """One article and ``n`` claims "claim number k", written in bulk (test data only: the
    app itself never writes SQL)."""
    seed(db)  # the article (and three ordinary claims)
    now = datetime.now(UTC).replace(tzinfo=None)
    marks = ",".join(["%s" if db.engine.dialect.name == "postgresql" else "?"] * 20)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO claim (article_id, text, sentence, char_start, char_end, sentence_start, sentence_end, claimant, "
            "cue, cues, disputed_by, score, status, assignee, origin, version, created_at, created_by, updated_at, updated_by) "
            f"VALUES ({marks})",
            [
                (
                    1,
                    f"claim number {k}",
                    f"claim number {k}.",
                    0,
                    5,
                    0,
                    6,
                    "Bench",
                    "said",
                    "[]",
                    "[]",
                    0.5,
                    "new",
                    None,
                    "extractor",
                    1,
                    now,
                    "loader",
                    now,
                    "loader",
                )
                for k in range(n)
            ],
        )


class SlowDesk(Desk):
    """A desk whose row reads take ``delay`` seconds (a slow disk, a far database)."""

    delay = 0.0

    def rows_at(self, index: QueueIndex, start: int, count: int) -> list[QueueRow]:
        time.sleep(self.delay)
        return super().rows_at(index, start, count)


def placeholders(app: ClaimtrackApp) -> int:
    """Queue lines drawn as "…": rows not fetched yet."""
    return sum(1 for line in screen_text(app).splitlines() if line.strip() == "…")


def cursor_shown(app: ClaimtrackApp, position: int) -> bool:
    """The cursor is on ``position``, and the screen shows its row (not "…") with the pointer."""
    queue = app.desk_screen.queue
    row = queue.row_at(position)
    if queue.cursor != position or row is None:
        return False
    return any(line.startswith("▶") and row.text[:12] in line for line in screen_lines(app))


def _app(db: Database, delay: float = 0.0) -> ClaimtrackApp:
    desk = SlowDesk(db, "alice")
    desk.delay = delay
    return ClaimtrackApp(desk, poll_interval=0, cursor_blink=False)


async def test_far_jumps_show_the_rows_and_memory_stays_bounded(database: Database) -> None:
    many_claims(database)
    app = _app(database)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        assert queue.total == CLAIMS + 3
        for position in (2500, 17, 1777, CLAIMS + 2, 999, 2222, 123, 2900, 1500, 640, 60):
            queue.jump_to(position)
            await wait_until(pilot, lambda p=position: cursor_shown(app, p), what=f"row {position} shown")
            row = queue.current_row
            assert row is not None
            await settle(pilot)
            text = screen_text(app)
            expected = "claim number " + str(position - 3) if position >= 3 else None
            if expected:
                assert row.text == expected
                assert expected in text
            assert placeholders(app) == 0  # no row is left unfetched on screen
        assert queue.pages.cached_rows <= MAX_PAGES * PAGE_SIZE
        # the End key goes to the last claim
        queue.focus()
        await pilot.press("home")
        await pilot.press("end")
        await wait_until(pilot, lambda: cursor_shown(app, CLAIMS + 2), what="the last row")
        assert f"claim number {CLAIMS - 1}" in screen_text(app)


async def test_a_jump_keeps_the_screen_until_its_rows_are_in(database: Database) -> None:
    many_claims(database)
    app = _app(database)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        app.screen.desk.delay = 0.05  # type: ignore[attr-defined]
        before = screen_text(app)
        assert "claim number 2000" not in before
        queue.jump_to(2003)
        # the old screen stays (no half-empty screen of "…") while the rows are read
        await pilot.pause(0.02)
        assert queue.scroll_y == 0
        assert placeholders(app) == 0
        await wait_until(pilot, lambda: cursor_shown(app, 2003), what="the jump's rows")
        assert queue.scroll_y > 0
        text = screen_text(app)
        assert "claim number 2000" in text and placeholders(app) == 0


async def test_a_slow_jump_scrolls_after_the_wait_and_fills_in(database: Database) -> None:
    many_claims(database)
    app = _app(database)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        app.screen.desk.delay = JUMP_WAIT * 4  # type: ignore[attr-defined]
        queue.jump_to(2503)
        await wait_until(pilot, lambda: queue.scroll_y > 0, timeout=JUMP_WAIT * 3, what="the scroll after the wait")
        assert queue.row_at(2503) is None
        assert placeholders(app) > 10  # rows not read yet say so
        await wait_until(pilot, lambda: cursor_shown(app, 2503), what="the rows")
        assert "claim number 2500" in screen_text(app)


async def test_filtering_during_a_jump_forgets_the_jump(database: Database) -> None:
    many_claims(database)
    app = _app(database)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.desk_screen.queue
        app.screen.desk.delay = 0.1  # type: ignore[attr-defined]
        queue.jump_to(2503)
        await pilot.press("slash", *"bridge")
        app.screen.desk.delay = 0.0  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.pause(JUMP_WAIT * 2)
        assert queue.total == 1
        assert queue.scroll_y == 0 and queue.cursor == 0
        assert "the bridge collapsed at noon" in screen_text(app)


@pytest.mark.parametrize("width", [200, 120, 100, 80])
async def test_the_footer_shows_every_key_at_any_width(database: Database, width: int) -> None:
    seed(database)
    app = _app(database)
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        footer = "\n".join(text.splitlines()[-6:])
        for action in DESK_ACTIONS:
            if action.show:
                shown = app.get_key_display(action.binding())
                assert f"{shown} {action.description}" in footer, (width, action.description)
        rows = int(app.desk_screen.query_one(WrappingFooter).styles.height.value)  # type: ignore[union-attr]
        assert rows == {200: 2, 120: 3, 100: 4, 80: 6}[width]


def test_footer_layout_uses_the_fewest_rows_that_fit() -> None:
    widths = [10, 10, 10, 10, 10, 10]
    assert layout(widths, 60) == [10] * 6  # one row
    assert layout(widths, 59) == [10] * 3  # two rows of three
    assert layout([5, 20, 5, 5], 30) == [5, 20]  # aligned columns: the widest sets the width
    assert layout(widths, 5) == [10]  # nothing fits: the most rows allowed (six)


class FakeGC:
    """Stands in for the ``gc`` module inside the app: records what the desk asks of it."""

    def __init__(self) -> None:
        self.frozen = 0
        self.collections: list[float] = []
        self.due = 5

    def freeze(self) -> None:
        self.frozen += 1

    def get_count(self) -> tuple[int, int, int]:
        return (0, 0, self.due)

    def collect(self) -> int:
        self.collections.append(time.monotonic())
        self.due = 0
        return 0


async def test_the_desk_collects_garbage_when_the_checker_pauses(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimtrack.tui.app as app_module

    fake = FakeGC()
    now = [1000.0]
    monkeypatch.setattr(app_module, "gc", fake)
    monkeypatch.setattr(app_module, "_monotonic", lambda: now[0])
    wait = app_module.IDLE_GC_AFTER
    seed(database)
    app = ClaimtrackApp(Desk(database, "alice"), poll_interval=0, cursor_blink=False, freeze_gc=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert fake.frozen == 1  # what was alive after the first screen
        fake.collections.clear()
        # the checker types: a due collection waits
        await pilot.press("down")
        assert app._last_input == now[0]
        fake.due = 5
        now[0] += wait / 2
        await pilot.pause(wait * 2)  # the desk looks several times
        assert fake.collections == []
        await pilot.press("down")
        now[0] += wait / 2
        await pilot.pause(wait * 2)
        assert fake.collections == []
        # ... and pauses: it runs
        now[0] += wait
        await wait_until(pilot, lambda: len(fake.collections) == 1, timeout=2, what="a collection in the pause")
        # nothing due: no collection
        now[0] += 10 * wait
        await pilot.pause(wait * 2)
        assert len(fake.collections) == 1
    # without freeze_gc (tests, embedding): the collector is left alone
    fake2 = FakeGC()
    monkeypatch.setattr(app_module, "gc", fake2)
    app2 = ClaimtrackApp(Desk(database, "alice"), poll_interval=0, cursor_blink=False)
    async with app2.run_test(size=SIZE) as pilot:
        await settle(pilot)
        now[0] += 10 * wait
        await pilot.pause(wait * 2)
        assert fake2.frozen == 0 and fake2.collections == []


async def test_the_footer_rewraps_when_the_terminal_is_resized(database: Database) -> None:
    seed(database)
    app = _app(database)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        footer = app.desk_screen.query_one(WrappingFooter)
        assert int(footer.styles.height.value) == 2  # type: ignore[union-attr]
        await pilot.resize_terminal(80, 40)
        await wait_until(pilot, lambda: int(footer.styles.height.value) == 6, what="six footer rows")  # type: ignore[union-attr]
        await settle(pilot)
        bottom = "\n".join(screen_text(app).splitlines()[-6:])
        for action in DESK_ACTIONS:
            if action.show:
                assert f"{app.get_key_display(action.binding())} {action.description}" in bottom, action.description
