"""The report screen's headline and backlog sparklines, on a desk with four days of work."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import Sparkline

from claimtrack.services import workflow
from claimtrack.services.desk import Desk
from claimtrack.store import Database
from claimtrack.tui.screens.report import ReportScreen
from tests.builders import BODY, seed
from tests.tui.conftest import SIZE, RecordingApp, screen_text, settle, widget_text

DAY1 = datetime(2024, 5, 7, 9, 0, tzinfo=UTC)
NOW = datetime(2024, 5, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def four_days(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Tuesday: 3 claims, 1 dismissed. Wednesday: 3 more, 1 verified. Thursday: 1 false, 1
    disputed. Friday (now): nothing yet. Open check-worthy at each day's end: 2, 4, 2, 2."""
    now = [DAY1]
    monkeypatch.setattr("claimtrack.services.workflow.utcnow", lambda: now[0])
    monkeypatch.setattr("claimtrack.services.ingest.utcnow", lambda: now[0])

    def at(day: int, hour: int) -> None:
        now[0] = DAY1.replace(hour=hour) + timedelta(days=day)

    hurt, bridge, prices = seed(database)
    at(0, 15)
    with database.session() as s:
        workflow.set_status(s, prices, "dismissed", user="bob", note="Background.")
    at(1, 10)
    other = seed(database, title="Second article", body=BODY + "\nA closing line.")[3]  # (every id is returned)
    with database.session() as s:
        workflow.add_evidence(s, hurt, "https://ministry.example/briefing", user="bob", stance="supports")
        workflow.set_status(s, hurt, "verified", user="bob", note="The briefing says so.")
    at(2, 11)
    with database.session() as s:
        workflow.set_status(s, bridge, "false", user="carol", note="The mayor denies it.")
        workflow.add_evidence(s, other, "https://ministry.example/other", user="carol", stance="refutes")
        workflow.set_status(s, other, "disputed", user="carol", note="Another count.")
    return database


async def test_the_report_screen_draws_the_backlog(four_days: Database) -> None:
    app = RecordingApp(Desk(four_days, "alice"), poll_interval=0, cursor_blink=False, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        opened = app.screen.query_one("#report-backlog-open", Sparkline)
        given = app.screen.query_one("#report-backlog-verdicts", Sparkline)
        assert list(opened.data or []) == [2, 4, 2, 2]
        assert list(given.data or []) == [0, 1, 2, 0]
        # drawn: bars from lowest to highest, the busiest day in full
        drawn = widget_text(app, opened)
        assert "█" in drawn and set(drawn) - {" ", "\n"} <= set("▁▂▃▄▅▆▇█")
        assert "█" in widget_text(app, given)
        text = screen_text(app)
        assert "3 of 5 claims checked (60%)" in text and "2 open check-worthy claims" in text
        assert "3 verdicts since 2024-05-07" in text and "1 dismissed, not counted" in text
        assert "BACKLOG, 2024-05-07 TO 2024-05-10" in text
        assert "2 → 2 (highest 4)" in text and "3 verdicts (most in a day: 2)" in text
        # changes since Wednesday: the period (and the sparklines) follow
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*"2024-05-08", "enter")
        await settle(pilot)
        assert list(opened.data or []) == [4, 2, 2] and list(given.data or []) == [1, 2, 0]
        assert "3 verdicts since 2024-05-08" in screen_text(app)


async def test_one_day_one_verdict_is_singular(database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimtrack.services.workflow.utcnow", lambda: NOW - timedelta(hours=2))
    monkeypatch.setattr("claimtrack.services.ingest.utcnow", lambda: NOW - timedelta(hours=2))
    hurt, bridge, prices = seed(database)
    with database.session() as s:
        workflow.add_evidence(s, hurt, "https://ministry.example/briefing", user="bob", stance="supports")
        workflow.set_status(s, hurt, "verified", user="bob", note="The briefing says so.")
        workflow.set_status(s, bridge, "in_review", user="bob")
        workflow.set_status(s, prices, "dismissed", user="bob", note="Background.")
    app = RecordingApp(Desk(database, "alice"), poll_interval=0, cursor_blink=False, clock=lambda: NOW)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        text = screen_text(app)
        assert "1 of 2 claims checked (50%)" in text and "1 open check-worthy claim " in text
        assert "1 verdict since" in text and "1 verdict (most in a day: 1)" in text
        assert "BACKLOG, 2024-05-10 TO 2024-05-10" not in text and "BACKLOG, 2024-05-10" in text
        # one day is no trend: no bar (a lone value would fill it), the figures beside say it
        assert list(app.screen.query_one("#report-backlog-open", Sparkline).data or []) == []
        assert "█" not in widget_text(app, app.screen.query_one("#report-backlog-verdicts", Sparkline))
        assert "1 → 1 (highest 1)" in text


async def test_the_backlog_figures_fit_at_80_columns(four_days: Database) -> None:
    app = RecordingApp(Desk(four_days, "alice"), poll_interval=0, cursor_blink=False, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        text = screen_text(app)
        assert "2 → 2 (highest 4)" in text and "3 verdicts (most in a day: 2)" in text
        assert "█" in widget_text(app, app.screen.query_one("#report-backlog-open", Sparkline))
