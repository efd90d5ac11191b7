"""The report screen: the desk's figures for the queue's filter, and export to a file.

The headline ("4 of 6 claims checked (67%)", the open check-worthy claims, the verdicts of the
period), the backlog over the period as two sparklines (open check-worthy claims at the end of
each day, verdicts given each day: the HTML report's chart), totals by status (a text bar per
status: colour *and* label, readable without colour), changes since a date when one is given,
open work by assignee, and time to verdict, all from
:meth:`Desk.report_totals` (aggregate queries: cheap on any size of database), read in a
worker. Export writes any format (md, html, json, csv) with :meth:`Desk.export_report`.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from claimtrack.domain import ClaimStatus
from claimtrack.errors import ClaimtrackError, InputError
from claimtrack.services.desk import ClaimFilter, Desk
from claimtrack.services.views import ReportTotals
from claimtrack.textsafe import noun
from claimtrack.tui import notices
from claimtrack.tui.dialogs import ExportDialog, SinceDialog
from claimtrack.tui.render import (
    STATUS_WIDTH,
    fit,
    relative_time,
    safe,
    status_label,
    status_style,
)

BAR_WIDTH = 40


def duration(value: timedelta | None) -> str:
    """A coarse duration: "45 min", "5 h", "3 days"."""
    if value is None:
        return "—"
    seconds = value.total_seconds()
    if seconds < 3600:
        return f"{max(int(seconds // 60), 0)} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86400:.0f} days"


def _heading(text: Text, title: str) -> None:
    text.append("\n\n")
    text.append(title.upper(), style="bold underline")
    text.append("\n")


def summary_text(totals: ReportTotals, now: datetime) -> Text:
    """What the report covers, its headline, and the backlog's heading (the sparklines follow)."""
    text = Text()
    text.append("Claims: ", style="dim")
    text.append(safe(totals.scope), style="bold")
    text.append(
        f"   {totals.total:,} {noun(totals.total, 'claim')} in {totals.articles:,} {noun(totals.articles, 'article')}",
        style="bold",
    )
    text.append(f"   counted {relative_time(totals.generated_at, now)}", style="dim")
    first, *rest = totals.headline.parts()
    text.append("\n")
    text.append(first[:1].upper() + first[1:], style="bold")
    for part in rest:
        text.append(" · ", style="dim")
        text.append(part)
    seen = totals.seen
    if seen.repeated or seen.fact_check_matched or seen.confirmed:  # (a desk with no matches: no line)
        text.append("\nSeen before: ", style="dim")
        text.append(" · ".join(seen.parts()))
    days = totals.backlog.days
    if not days:
        span = "no days"
    elif len(days) == 1:
        span = f"{days[0].day:%Y-%m-%d}"
    else:
        span = f"{days[0].day:%Y-%m-%d} to {days[-1].day:%Y-%m-%d}"
    _heading(text, f"Backlog, {span}")
    return text


def backlog_figures(totals: ReportTotals) -> tuple[str, str]:
    """The figures beside the two sparklines: "5 → 2 (highest 5)", "4 in all (most in a day: 2)"."""
    days = totals.backlog.days
    if not days:
        return "—", "—"
    opened = f"{days[0].open:,} → {days[-1].open:,} (highest {max(d.open for d in days):,})"
    verdicts = totals.backlog.verdicts
    given = f"{verdicts:,} {noun(verdicts, 'verdict')} (most in a day: {max(d.verdicts for d in days):,})"
    return opened, given


def report_text(totals: ReportTotals, now: datetime) -> Text:
    """The report's figures below the backlog as one ``Text``; database strings kept literal."""
    text = Text()
    text.append("TOTALS BY STATUS", style="bold underline")
    text.append("\n")
    largest = max(totals.by_status.values(), default=0)
    for status in ClaimStatus:
        count = totals.by_status.get(status, 0)
        share = count / totals.total if totals.total else 0.0
        filled = round(BAR_WIDTH * count / largest) if largest else 0
        if count and not filled:
            filled = 1
        text.append(fit(status_label(status), STATUS_WIDTH) + " ", style=status_style(status))
        text.append("█" * filled, style=status_style(status))
        text.append("·" * (BAR_WIDTH - filled), style="dim")
        text.append(f" {count:>9,}  {share:6.1%}\n")
    text.append(fit("TOTAL", STATUS_WIDTH) + " " + " " * BAR_WIDTH, style="bold")
    text.append(f" {totals.total:>9,}", style="bold")

    changes = totals.changes
    if changes is not None:
        since = f"since {changes.since:%Y-%m-%d %H:%M} UTC" if changes.since else "in the window"
        _heading(text, f"Changes {since}")
        text.append(f"new claims {changes.new_claims:,} · verdicts given {changes.verdicts_given:,}")
        if not changes.status_changes:
            text.append("\nno status changes", style="dim")
        for change in changes.status_changes:
            text.append("\n  ")
            text.append(
                status_label(change.from_status) if change.from_status else "(new)",
                style=status_style(change.from_status or ""),
            )
            text.append(" → ", style="dim")
            text.append(status_label(change.to_status), style=status_style(change.to_status))
            text.append(f"  {change.claims:,}")
    else:
        _heading(text, "Changes")
        text.append("press s to give a date (YYYY-MM-DD, or 7d / 24h / 2w ago)", style="dim")

    _heading(text, "Open work by assignee")
    if not totals.open_work:
        text.append("nothing open", style="dim")
    for work_item in totals.open_work:
        who = safe(work_item.assignee) if work_item.assignee else "(unassigned)"
        text.append(fit(who, 24) + " ", style="bold" if work_item.assignee else "dim")
        text.append(f"new {work_item.new:>7,}  in review {work_item.in_review:>7,}  total {work_item.total:>7,}")
        if work_item.oldest is not None:
            text.append(f"  oldest {relative_time(work_item.oldest, now)}", style="dim")
        text.append("\n")
    text.rstrip()

    ttv = totals.time_to_verdict
    _heading(text, "Time to verdict")
    text.append(
        f"{ttv.verdicts:,} {noun(ttv.verdicts, 'verdict')} · median {duration(ttv.median)} · 90% within {duration(ttv.p90)}"
    )
    if ttv.slowest_open:
        text.append("\nslowest open claims:", style="dim")
    for claim in ttv.slowest_open:
        text.append("\n  ")
        text.append(f"#{claim.id:<7}", style="bold")
        text.append(fit(status_label(claim.status), STATUS_WIDTH) + " ", style=status_style(claim.status))
        text.append(f"open {duration(claim.open_for):>8}  ", style="bold")
        text.append(fit(safe(claim.claimant) or "—", 16) + " ", style="italic")
        text.append(fit(safe(claim.text), 50))
    return text


class ReportScreen(Screen[None]):
    """The report for the queue's filter (``flt``), optionally with changes since a date."""

    BINDINGS = [
        Binding("e,x", "export", "export", id="claimtrack.report.export"),
        Binding("s", "since", "changes since", id="claimtrack.report.since"),
        Binding("r", "reload", "reload", id="claimtrack.report.reload"),
        Binding("escape,q", "close", "back", id="claimtrack.report.close"),
    ]

    def __init__(self, desk: Desk, flt: ClaimFilter) -> None:
        super().__init__(id="report")
        self.desk = desk
        self.flt = flt
        self.since: str = ""
        self.totals: ReportTotals | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("claimtrack · report", style="bold"), id="report-title")
        with VerticalScroll(id="report-body"):
            yield Static(Text("Counting…", style="dim"), id="report-summary")
            with Horizontal(classes="report-spark"):
                yield Static("open claims", classes="report-spark-label")
                yield Sparkline([], id="report-backlog-open")
                yield Static("", id="report-backlog-open-figures", classes="report-spark-figures")
            with Horizontal(classes="report-spark"):
                yield Static("verdicts a day", classes="report-spark-label")
                yield Sparkline([], id="report-backlog-verdicts")
                yield Static("", id="report-backlog-verdicts-figures", classes="report-spark-figures")
            yield Static("", id="report-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-body").focus()
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.since)

    @work(thread=True, exclusive=True, group="report")
    def _load(self, since: str) -> None:
        now: datetime = self.app.clock()  # type: ignore[attr-defined]  # self.app is typed App; clock() is ClaimtrackApp's
        try:
            totals = self.desk.report_totals(self.flt, since=since or None, now=now)
        except ClaimtrackError as exc:
            self.app.call_from_thread(self._show_error, str(exc))
            return
        self.app.call_from_thread(self._show, totals, summary_text(totals, now), report_text(totals, now))

    def _show(self, totals: ReportTotals, summary: Text, text: Text) -> None:
        self.totals = totals
        self.query_one("#report-summary", Static).update(summary)
        days = totals.backlog.days
        # one day is no trend: its figures say it all, and a single value draws a full bar
        self.query_one("#report-backlog-open", Sparkline).data = [d.open for d in days] if len(days) > 1 else []
        self.query_one("#report-backlog-verdicts", Sparkline).data = [d.verdicts for d in days] if len(days) > 1 else []
        opened, given = backlog_figures(totals)
        self.query_one("#report-backlog-open-figures", Static).update(Text(opened))
        self.query_one("#report-backlog-verdicts-figures", Static).update(Text(given))
        self.query_one("#report-text", Static).update(text)

    def _show_error(self, message: str) -> None:
        self.query_one("#report-summary", Static).update(Text(safe(message), style="bold red"))

    def action_since(self) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                self.since = value
                self.action_reload()

        self.app.push_screen(SinceDialog(self.since), done)

    def action_export(self) -> None:
        since = self.since or None
        subject = Text.assemble(("Claims: ", "dim"), (safe(Desk.report_scope(self.flt, since=since)), "bold"))

        def write(values: dict[str, Any]) -> str:
            try:
                try:
                    self.desk.export_report(self.flt, values["fmt"], values["path"], since=since)
                except OSError as exc:
                    raise InputError(f"cannot write {values['path']}: {exc.strerror or exc}") from None
            except ClaimtrackError as exc:
                # said in the dialog (kept open, the path still typed) and as a notification
                self.app.call_from_thread(
                    self.notify, notices.first_line(exc), title=notices.EXPORT_FAILED, severity="error"
                )
                raise
            return os.path.abspath(os.path.expanduser(values["path"]))

        def done(path: str | None) -> None:
            if path is not None:
                self.notify(notices.report_written(path), title=notices.EXPORT, timeout=6)

        self.app.push_screen(ExportDialog(subject=subject, submit=write), done)

    def action_close(self) -> None:
        self.dismiss(None)
