"""The desk screen: the queue, the filters and counts, the detail pane, and every action.

All database work runs in thread workers; their results come back as messages (or through
``call_from_thread``), so the screen never waits on the database. Writes send the claim
version the checker saw; a conflict is shown, the claim reloaded, and nothing overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from claimtrack.domain import ClaimStatus, needs_note, why_a_note
from claimtrack.errors import ClaimtrackError, ConflictError
from claimtrack.services.desk import BulkResult, Desk
from claimtrack.services.queries import ClaimDetail, ClaimFilter, Triage
from claimtrack.tui.actions import DESK_ACTIONS
from claimtrack.tui.messages import ActionDone, ChangesSeen, CountsLoaded, DetailLoaded
from claimtrack.tui.render import STATUS_LABELS, safe, status_label, status_style
from claimtrack.tui.screens.article import ArticleScreen
from claimtrack.tui.screens.dialogs import (
    AssignDialog,
    ClaimReviewDialog,
    EvidenceDialog,
    FactCheckDialog,
    FeedDialog,
    IngestDialog,
    NoteDialog,
    NumberDialog,
    StatusDialog,
    StatusFilterDialog,
)
from claimtrack.tui.screens.help import HelpScreen
from claimtrack.tui.screens.report import ReportScreen
from claimtrack.tui.widgets.detail import ClaimDetailPane, detail_text
from claimtrack.tui.widgets.footer import WrappingFooter
from claimtrack.tui.widgets.queue import ClaimQueue, QueueHeader

DETAIL_DELAY = 0.1
"""The detail pane follows the cursor once it has rested this long (seconds): a cursor move
itself only repaints two queue lines, and racing through the queue loads no detail at all."""

SEARCH_INDEX_DELAY = 0.25
"""Seconds of typing pause before the search's counts and position index are computed (the
first page is fetched and shown at once, on every keystroke)."""


TITLE_WIDTH = 80
"""Article and feed titles in a notification are cut to this many characters."""


def _title(value: object | None, fallback: str) -> str:
    """A title from the web, quoted, one safe line (shown literally: notifications here are
    never parsed as markup)."""
    title = safe(value) or fallback
    if len(title) > TITLE_WIDTH:
        title = title[: TITLE_WIDTH - 1] + "…"
    return f"“{title}”"


def ingest_message(results: list[Any]) -> str:
    """One line per article: ``article 12 “title”: 3 claims`` (or ``already ingested``)."""
    lines = []
    for result in results:
        article = result.article
        what = f"{result.claims} claim{'' if result.claims == 1 else 's'}" if result.created else "already ingested"
        lines.append(f"article {article.id} {_title(article.title, '(untitled)')}: {what}")
    return "\n".join(lines)


def feed_message(report: Any) -> str:
    """``feed “T”: X items, Y read before, Z ingested now, F failed``, and the first failures."""
    message = (
        f"feed {_title(report.title, safe(report.feed_url))}: {report.items} items, {report.already_seen} read before, "
        f"{len(report.ingested)} ingested now, {len(report.failed)} failed"
    )
    if report.failed:
        reasons = "; ".join(
            f"{safe(getattr(entry, 'link', None) or entry)}: {safe(reason)}" for entry, reason in report.failed[:3]
        )
        message += f" ({reasons[:300]})"
    return message


def import_message(report: Any) -> str:
    """``ClaimReview: N reviews imported`` (and how many were there before, or skipped)."""
    created = len(report.created)
    message = f"ClaimReview: {created} review{'' if created == 1 else 's'} imported"
    before = len(report.reviews) - created
    if before:
        message += f", {before} imported before"
    if report.skipped:
        message += f", {len(report.skipped)} skipped ({safe('; '.join(report.skipped))[:200]})"
    return message


class CountsBar(Static):
    """Claims per status for the current scope; the statuses the filter shows are underlined."""

    def show(self, counts: dict[ClaimStatus, int], shown: tuple[str, ...], marked: int) -> None:
        text = Text()
        for status in ClaimStatus:
            style = status_style(status)
            if shown and status.value not in shown:
                style = style + Style(dim=True)
            elif shown:
                style = style + Style(underline=True)
            text.append(f"{STATUS_LABELS[status]} {counts.get(status, 0):,}", style=style)
            text.append("  ")
        text.append(f"total {sum(counts.values()):,}", style="bold")
        if marked:
            text.append(f"   ● {marked} marked", style="bold yellow")
        self.update(text, layout=False)  # one line, always (#counts): no layout of the screen


class DeskScreen(Screen[None]):
    AUTO_FOCUS = "#queue"
    BINDINGS = [action.binding() for action in DESK_ACTIONS]

    def __init__(self, desk: Desk, *, poll_interval: float) -> None:
        super().__init__(id="desk")
        self.desk = desk
        self.poll_interval = poll_interval
        self.statuses: tuple[str, ...] = ()
        self.article_id: int | None = None
        self.assignee: str | None = None
        self.search: str = ""
        self.triage: Triage = Triage.QUEUE
        self.detail: ClaimDetail | None = None
        self.counts: dict[ClaimStatus, int] = {}
        self.last_change: int | None = None
        self.detail_error: str | None = None
        self._detail_timer: Timer | None = None
        self._summary: Text | None = None
        self._counts_running = False
        self._counts_again = False

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(Text("claimtrack · review desk", style="bold"), id="app-title")
            yield Static(Text.assemble(("checker: ", "dim"), (safe(self.desk.user), "bold")), id="user")
        with Horizontal(id="filterbar"):
            yield Input(placeholder="/ search claims as you type…", id="search", compact=True)
            yield Static("", id="filter-summary")
        yield CountsBar("", id="counts")
        with Vertical(id="queue-pane"):
            yield QueueHeader()
            yield ClaimQueue(self.desk, id="queue")
        yield ClaimDetailPane(id="detail")
        yield WrappingFooter()

    @property
    def queue(self) -> ClaimQueue:
        return self.query_one("#queue", ClaimQueue)

    @property
    def detail_pane(self) -> ClaimDetailPane:
        return self.query_one("#detail", ClaimDetailPane)

    def on_mount(self) -> None:
        blink = getattr(self.app, "cursor_blink", True)
        self.query_one("#search", Input).cursor_blink = blink
        self.queue.focus()
        self.apply_filter()
        self._start_polling()

    # -- filters --------------------------------------------------------------------------

    def current_filter(self) -> ClaimFilter:
        return ClaimFilter.build(
            status=list(self.statuses),
            article_id=self.article_id,
            assignee=self.assignee,
            search=self.search,
            triage=self.triage,
            threshold=self.desk.queue_threshold,
        )

    def _scope_filter(self) -> ClaimFilter:
        """The filter without its statuses: the counts show every status of this scope."""
        return ClaimFilter.build(
            article_id=self.article_id,
            assignee=self.assignee,
            search=self.search,
            triage=self.triage,
            threshold=self.desk.queue_threshold,
        )

    def apply_filter(self, *, index_delay: float = 0.0, keep_claim: int | None = None) -> None:
        """Show the current filter: the first page at once; the counts and the index once it is
        painted and ``index_delay`` seconds have passed without another change (typing)."""
        flt = self.current_filter()
        self.queue.set_filter(flt, index_delay=index_delay, keep_claim=keep_claim, then=self._request_counts)
        self._show_filter_summary()

    @property
    def has_pending_work(self) -> bool:
        """Something is scheduled to load (the detail, counts, the index): tests wait for it."""
        return self._detail_timer is not None or self.queue.has_pending_work

    def _request_counts(self) -> None:
        """At most one count runs at a time; the newest request waits for it."""
        if self._counts_running:
            self._counts_again = True
            return
        self._counts_running = True
        self._load_counts(self._scope_filter())

    def _show_filter_summary(self) -> None:
        parts: list[tuple[str, str] | str] = []
        if self.statuses:
            parts.append(("status: " + ", ".join(status_label(s).lower() for s in self.statuses), "bold"))
        if self.article_id is not None:
            parts.append((f"article #{self.article_id}", "bold"))
        if self.assignee is not None:
            who = (
                "unassigned"
                if self.assignee == ""
                else ("mine" if self.assignee == self.desk.user else f"assigned to {self.assignee}")
            )
            parts.append((safe(who), "bold"))
        if self.triage is Triage.REST:
            parts.insert(0, (f"set aside (score < {self.desk.queue_threshold:g})", "bold yellow"))
        elif self.triage is Triage.ALL:
            parts.insert(0, ("all claims, set-aside too", "bold"))
        text = Text("filter: ", style="dim")
        if not parts:
            text.append("the queue", style="dim")
        for i, part in enumerate(parts):
            if i:
                text.append(" · ", style="dim")
            text.append(*part) if isinstance(part, tuple) else text.append(part)
        if text != self._summary:
            self._summary = text
            self.query_one("#filter-summary", Static).update(text)

    def apply_status_filter(self, statuses: tuple[str, ...]) -> None:
        self.statuses = tuple(statuses)
        self.apply_filter()

    def set_assignee_filter(self, assignee: str | None) -> None:
        self.assignee = assignee
        self.apply_filter()

    def set_article_filter(self, article_id: int | None) -> None:
        self.article_id = article_id
        self.apply_filter()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value == self.search:
            return
        self.search = event.value
        self.apply_filter(index_delay=SEARCH_INDEX_DELAY)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.queue.focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filter_status(self) -> None:
        self.app.push_screen(StatusFilterDialog(self.statuses), lambda r: r is not None and self.apply_status_filter(r))

    def action_filter_this_article(self) -> None:
        if self.article_id is not None:
            self.set_article_filter(None)
            return
        row = self.queue.current_row
        if row is None:
            self.notify("No claim selected", severity="warning")
            return
        self.article_id = row.article_id
        self.apply_filter(keep_claim=row.id)

    def ask_article_filter(self) -> None:
        self.app.push_screen(
            NumberDialog("Filter by article", "Article id", id="article-filter-dialog"),
            lambda r: r is not None and self.set_article_filter(r),
        )

    def action_cycle_triage(self) -> None:
        """The queue, then only what the extractor set aside, then every claim, then the queue."""
        order = (Triage.QUEUE, Triage.REST, Triage.ALL)
        self.triage = order[(order.index(self.triage) + 1) % len(order)]
        keep = self.queue.current_row.id if self.queue.current_row else None
        self.apply_filter(keep_claim=keep)

    def action_filter_mine(self) -> None:
        self.set_assignee_filter(None if self.assignee == self.desk.user else self.desk.user)

    def action_clear_filters(self) -> None:
        keep = self.queue.current_row.id if self.queue.current_row else None
        self.statuses, self.article_id, self.assignee = (), None, None
        self.triage = Triage.QUEUE
        search = self.query_one("#search", Input)
        self.search = ""
        with search.prevent(Input.Changed):
            search.value = ""
        self.apply_filter(keep_claim=keep)

    # -- loading --------------------------------------------------------------------------

    @work(thread=True, group="counts")
    def _load_counts(self, flt: ClaimFilter) -> None:
        counts: dict[ClaimStatus, int] = {}
        try:
            counts = self.desk.counts(flt)
        finally:
            self.post_message(CountsLoaded(flt, counts))

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        self._counts_running = False
        if self._counts_again:
            self._counts_again = False
            self._request_counts()
        if message.flt != self._scope_filter() or not message.counts:
            return
        self.counts = message.counts
        self._show_counts()

    def _show_counts(self) -> None:
        self.query_one(CountsBar).show(self.counts, self.statuses, len(self.queue.marks))

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, claim_id: int) -> None:
        """Read the claim and build the pane's whole ``Text`` here, off the UI thread."""
        worker = get_current_worker()
        try:
            detail = self.desk.claim(claim_id)
            views = self.desk.evidence_views(claim_id) if any(e.url for e in detail.evidence) else []
        except ClaimtrackError as exc:
            self.post_message(DetailLoaded(claim_id, None, str(exc)))
            return
        if worker.is_cancelled:
            return
        text = detail_text(detail, self.app.clock(), views)  # type: ignore[attr-defined]
        if not worker.is_cancelled:
            self.post_message(DetailLoaded(claim_id, detail, text=text))

    def on_claim_queue_highlighted(self, message: ClaimQueue.Highlighted) -> None:
        """Load the detail once the cursor rests (each move restarts the wait)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        if self.detail is not None and self.detail.claim.id == message.row.id:
            return
        self._detail_timer = self.set_timer(DETAIL_DELAY, self._load_current_detail)

    def _load_current_detail(self) -> None:
        self._detail_timer = None
        row = self.queue.current_row
        if row is not None and (self.detail is None or self.detail.claim.id != row.id):
            self._load_detail(row.id)

    def on_claim_queue_activated(self, message: ClaimQueue.Activated) -> None:
        self.action_open_article()

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        row = self.queue.current_row
        if row is not None and row.id != message.claim_id:
            return
        self.detail = message.detail
        self.detail_pane.show(message.detail, self.app.clock(), message=message.error, text=message.text)  # type: ignore[attr-defined]

    def refresh_data(self, claim_ids: list[int] | None = None, *, rebuild: bool = False) -> None:
        """Look again at what may have changed: counts, the rows on screen, the detail."""
        flt = self.current_filter()
        membership_may_change = bool(flt.status or flt.assignee is not None or flt.search)
        self.queue.reload(rebuild=rebuild or membership_may_change)
        self._request_counts()
        current = self.queue.current_row
        if current is not None and (claim_ids is None or current.id in claim_ids):
            self._load_detail(current.id)

    # -- working together -----------------------------------------------------------------

    def _start_polling(self) -> None:
        self._poll()
        if self.poll_interval > 0:
            self.set_interval(self.poll_interval, self._poll, name="poll")

    @work(thread=True, exclusive=True, group="poll")
    def _poll(self) -> None:
        latest = self.desk.latest_change_id()
        if self.last_change is None:
            self.last_change = latest
            return
        if latest > self.last_change:
            changes = self.desk.changes_since(self.last_change)
            self.post_message(ChangesSeen(latest, changes))

    def on_changes_seen(self, message: ChangesSeen) -> None:
        if self.last_change is not None and message.latest <= self.last_change:
            return
        self.last_change = message.latest
        ids = sorted({c.claim_id for c in message.changes})
        created = any(c.description.startswith("created") for c in message.changes)
        others = [c for c in message.changes if c.actor != self.desk.user]
        if others:
            latest = others[-1]
            more = f" (and {len(others) - 1} more)" if len(others) > 1 else ""
            self.notify(
                f"{latest.actor}: claim #{latest.claim_id} {latest.description}{more}",
                title="Changed by a colleague",
                timeout=4,
            )
        self.refresh_data(ids, rebuild=created)

    # -- writing --------------------------------------------------------------------------

    def _target(self) -> tuple[int, int] | None:
        """(claim id, the version the checker sees) of the selected claim."""
        row = self.queue.current_row
        if row is None:
            self.notify("No claim selected", severity="warning")
            return None
        if self.detail is not None and self.detail.claim.id == row.id:
            return row.id, self.detail.claim.version
        return row.id, row.version

    def with_detail(self, then: Callable[[ClaimDetail], None]) -> None:
        """Run ``then`` with the selected claim's detail, loading it first if it is not shown yet."""
        row = self.queue.current_row
        if row is None:
            self.notify("No claim selected", severity="warning")
            return
        if self.detail is not None and self.detail.claim.id == row.id:
            then(self.detail)
            return
        self._detail_then(row.id, then)

    @work(thread=True, group="detail-then")
    def _detail_then(self, claim_id: int, then: Callable[[ClaimDetail], None]) -> None:
        try:
            detail = self.desk.claim(claim_id)
            views = self.desk.evidence_views(claim_id) if any(e.url for e in detail.evidence) else []
        except ClaimtrackError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.post_message(DetailLoaded(claim_id, detail, text=detail_text(detail, self.app.clock(), views)))  # type: ignore[attr-defined]
        self.app.call_from_thread(then, detail)

    def _subject(self, claim_id: int) -> Text:
        if self.detail is not None and self.detail.claim.id == claim_id:
            claim = self.detail.claim
            return Text.assemble(
                (f"#{claim.id} ", "bold"),
                (status_label(claim.status), status_style(claim.status)),
                "  ",
                (safe(claim.claimant) or "—", "italic"),
                ": “",
                safe(claim.text),
                "”",
            )
        return Text(f"claim #{claim_id}")

    def guarded(self, write: Callable[[int], Any], claim_id: int, version: int) -> Callable[[dict[str, Any]], Any]:
        """A dialog's submit: write with the version seen; on a conflict, reload and keep the dialog."""
        seen = {"version": version}

        def submit(values: dict[str, Any]) -> Any:
            try:
                return write(seen["version"], **values) if values else write(seen["version"])
            except ConflictError as exc:
                # the checker has now been told; a deliberate retry writes over what they saw
                seen["version"] = exc.current_version
                self.app.call_from_thread(self.refresh_data, [claim_id])
                raise

        return submit

    @work(thread=True, group="write")
    def _write(self, run: Callable[[], Any], done: str, claim_ids: list[int]) -> None:
        try:
            result = run()
        except ConflictError as exc:
            self.post_message(ActionDone(str(exc), claim_ids, "error"))
            return
        except ClaimtrackError as exc:
            self.post_message(ActionDone(str(exc), claim_ids, "warning"))
            return
        if isinstance(result, BulkResult):
            message = done.format(n=len(result.done))
            if result.failed:
                reasons = "; ".join(f"#{cid}: {exc}" for cid, exc in result.failed[:3])
                message += f". {len(result.failed)} unchanged: {reasons}"
            self.post_message(ActionDone(message, claim_ids, "warning" if result.failed else "information"))
            return
        self.post_message(ActionDone(done, claim_ids))

    def on_action_done(self, message: ActionDone) -> None:
        self.notify(message.message, severity=message.severity, timeout=8 if message.severity != "information" else 3)  # type: ignore[arg-type]
        self.refresh_data(message.claim_ids, rebuild=message.created)

    def _after_dialog(self, done: str, claim_ids: list[int]) -> Callable[[Any], None]:
        def callback(result: Any) -> None:
            if result is not None:
                self.post_message(ActionDone(done, claim_ids))

        return callback

    def action_set_status(self, status: str) -> None:
        marks = dict(self.queue.marks)
        if status == ClaimStatus.DISMISSED and marks:
            self._bulk_dismiss(marks)
            return
        target = self._target()
        if target is None:
            return
        claim_id, version = target
        label = status_label(status)
        current = self.detail.claim.status if self.detail and self.detail.claim.id == claim_id else None
        if needs_note(current, status):  # (current is None when the detail shows another claim)
            self.with_detail(lambda detail: self._status_dialog(status, detail))
            return
        self._write(
            lambda: self.desk.set_status(claim_id, status, expected_version=version),
            f"Claim #{claim_id}: {label}",
            [claim_id],
        )

    def _status_dialog(self, status: str, detail: ClaimDetail) -> None:
        claim_id, version = detail.claim.id, detail.claim.version
        assert claim_id is not None

        def write(v: int, status: str = status, note: str | None = None) -> Any:
            return self.desk.set_status(claim_id, status, note=note, expected_version=v)

        if not needs_note(detail.claim.status, status):
            self._write(lambda: write(version), f"Claim #{claim_id}: {status_label(status)}", [claim_id])
            return
        explanation = why_a_note(detail.claim.status, status)
        dialog = StatusDialog(
            status,
            subject=self._subject(claim_id),
            detail=detail,
            explanation=explanation,
            submit=self.guarded(write, claim_id, version),
        )
        self.app.push_screen(dialog, self._after_dialog(f"Claim #{claim_id}: {status_label(status)}", [claim_id]))

    def action_reopen(self) -> None:
        self.with_detail(self._reopen_dialog)

    def _reopen_dialog(self, detail: ClaimDetail) -> None:
        claim_id, version = detail.claim.id, detail.claim.version
        assert claim_id is not None

        def write(v: int, status: str, note: str | None) -> Any:
            return self.desk.set_status(claim_id, ClaimStatus.IN_REVIEW, note=note, expected_version=v)

        dialog = StatusDialog(
            ClaimStatus.IN_REVIEW,
            subject=self._subject(claim_id),
            title="Reopen: back in review",
            explanation="Say why the claim is reopened.",
            submit=self.guarded(write, claim_id, version),
        )
        self.app.push_screen(dialog, self._after_dialog(f"Claim #{claim_id} reopened", [claim_id]))

    def _bulk_dismiss(self, marks: dict[int, int]) -> None:
        def submit(values: dict[str, Any]) -> BulkResult:
            return self.desk.bulk_set_status(marks, ClaimStatus.DISMISSED, note=values["note"])

        def done(result: str | None) -> None:
            if result is None:
                return
            self.queue.clear_marks()
            self._show_counts()

        def run_and_report(values: dict[str, Any]) -> BulkResult:
            result = submit(values)
            self.post_message(self._bulk_message(result, "dismissed", list(marks)))
            return result

        dialog = StatusDialog(
            ClaimStatus.DISMISSED,
            subject=Text(f"{len(marks)} marked claims: " + ", ".join(f"#{c}" for c in sorted(marks)[:20])),
            note_required=False,
            title=f"Dismiss {len(marks)} marked claims",
            explanation="A note is needed only for claims that have a verdict.",
            submit=run_and_report,
        )
        self.app.push_screen(dialog, done)

    def _bulk_message(self, result: BulkResult, verb: str, ids: list[int]) -> ActionDone:
        message = f"{len(result.done)} claims {verb}"
        severity = "information"
        if result.failed:
            reasons = "; ".join(f"#{cid}: {exc}" for cid, exc in result.failed[:3])
            message += f"; {len(result.failed)} unchanged: {reasons}"
            severity = "warning"
        return ActionDone(message, ids, severity)

    def action_add_evidence(self) -> None:
        self.with_detail(self._evidence_dialog)

    def _evidence_dialog(self, detail: ClaimDetail) -> None:
        claim_id, version = detail.claim.id, detail.claim.version
        assert claim_id is not None
        outcome: dict[str, Any] = {}

        def write(v: int, url: str, stance: str, title: str | None, note: str | None, fetch: bool) -> Any:
            # fetch first (a FetchError keeps the dialog open with what was typed), then link
            added = self.desk.add_web_evidence(
                claim_id, url, stance=stance, title=title, note=note, fetch=fetch, expected_version=v
            )
            outcome["added"] = added
            return added

        def done(result: Any) -> None:
            if result is None:
                return
            added = outcome.get("added")
            message = f"Claim #{claim_id}: evidence added" + (
                ", page captured" if getattr(added, "captured", False) else ""
            )
            warnings = list(getattr(added, "warnings", []) or [])
            if warnings:
                message += " (" + "; ".join(warnings)[:200] + ")"
            self.post_message(ActionDone(message, [claim_id], "warning" if warnings else "information"))

        dialog = EvidenceDialog(subject=self._subject(claim_id), submit=self.guarded(write, claim_id, version))
        self.app.push_screen(dialog, done)

    # -- the web: rechecks and existing fact checks ------------------------------------------

    def action_recheck_evidence(self) -> None:
        target = self._target()
        if target is not None:
            self.notify(f"Claim #{target[0]}: rechecking its web evidence…", timeout=2)
            self._recheck(target[0])

    @work(thread=True, exclusive=True, group="recheck")
    def _recheck(self, claim_id: int) -> None:
        """Fetch every captured page of the claim's evidence again; say what changed."""
        try:
            views = self.desk.evidence_views(claim_id)
        except ClaimtrackError as exc:
            self.post_message(ActionDone(str(exc), [claim_id], "warning"))
            return
        captured = [v.evidence for v in views if v.evidence.url and v.evidence.content_sha256]
        never = [v.evidence for v in views if v.evidence.url and not v.evidence.content_sha256]
        if not captured:
            what = "no captured web evidence to recheck"
            if never:
                what += f" ({len(never)} link(s) were never captured)"
            self.post_message(ActionDone(f"Claim #{claim_id}: {what}", [], "warning"))
            return
        unchanged: list[int] = []
        changed: list[int] = []
        failed: list[str] = []
        for evidence in captured:
            try:
                result = self.desk.recheck_evidence(evidence.id)
            except ClaimtrackError as exc:
                failed.append(f"#{evidence.id}: {exc}")
                continue
            if result.changed is None:
                failed.append(f"#{evidence.id}: {result.error}")
            elif result.changed:
                changed.append(evidence.id)
            else:
                unchanged.append(evidence.id)
        parts = [f"{len(unchanged)} unchanged"]
        if changed:
            parts.append(f"{len(changed)} CHANGED (" + ", ".join(f"#{i}" for i in changed) + ")")
        if failed:
            parts.append(f"{len(failed)} could not be fetched (" + "; ".join(failed)[:200] + ")")
        severity = "warning" if changed or failed else "information"
        self.post_message(
            ActionDone(
                f"Claim #{claim_id}: rechecked {len(captured)} page(s): " + ", ".join(parts), [claim_id], severity
            )
        )

    def action_lookup(self) -> None:
        target = self._target()
        if target is not None:
            self.notify(f"Claim #{target[0]}: looking up existing fact checks…", timeout=2)
            self._lookup(target[0])

    @work(thread=True, exclusive=True, group="lookup")
    def _lookup(self, claim_id: int) -> None:
        try:
            page = self.desk.lookup(claim_id)
        except ClaimtrackError as exc:
            # e.g. no API key: one line
            self.app.call_from_thread(
                self.notify, str(exc).splitlines()[0], title="Look-up", severity="warning", timeout=8
            )
            return
        if not page.results:
            self.app.call_from_thread(self.notify, f"Claim #{claim_id}: no existing fact checks found", title="Look-up")
            return
        self.app.call_from_thread(self._show_fact_checks, claim_id, page.results)

    def _show_fact_checks(self, claim_id: int, checks: list[Any]) -> None:
        def attach(values: dict[str, Any]) -> Any:
            return self.desk.attach_fact_check(claim_id, values["check"])

        def done(check: Any) -> None:
            if check is not None:
                who = check.publisher or check.site or "a fact checker"
                self.post_message(
                    ActionDone(f"Claim #{claim_id}: fact check by {who} attached as evidence", [claim_id])
                )

        self.app.push_screen(FactCheckDialog(subject=self._subject(claim_id), checks=checks, submit=attach), done)

    def action_report(self) -> None:
        self.app.push_screen(ReportScreen(self.desk, self.current_filter()))

    # -- bringing articles and fact checks in ---------------------------------------------------

    def _brought_in(self, message: str, severity: str = "information") -> None:
        """Say what came in (literally: titles are article text, never markup) and show the new
        claims: the queue's index is rebuilt, as when the poller sees claims created."""
        self.notify(message, severity=severity, timeout=8 if severity != "information" else 5, markup=False)  # type: ignore[arg-type]
        self.refresh_data(rebuild=True)

    def action_ingest_article(self) -> None:
        def submit(values: dict[str, Any]) -> Any:
            return self.desk.ingest(values["sources"])

        def done(results: Any) -> None:
            if results is not None:
                self._brought_in(ingest_message(results))

        self.app.push_screen(IngestDialog(submit=submit), done)

    def action_read_feed(self) -> None:
        def submit(values: dict[str, Any]) -> Any:
            return self.desk.ingest_feed(values["feed_url"], limit=values["limit"])

        def done(report: Any) -> None:
            if report is not None:
                self._brought_in(feed_message(report), "warning" if report.failed else "information")

        self.app.push_screen(FeedDialog(submit=submit), done)

    def action_import_claim_reviews(self) -> None:
        def submit(values: dict[str, Any]) -> Any:
            return self.desk.import_claim_reviews(values["source"])

        def done(report: Any) -> None:
            if report is not None:
                self._brought_in(import_message(report), "warning" if report.skipped else "information")

        self.app.push_screen(ClaimReviewDialog(submit=submit), done)

    def action_add_note(self) -> None:
        self.with_detail(self._note_dialog)

    def _note_dialog(self, detail: ClaimDetail) -> None:
        claim_id, version = detail.claim.id, detail.claim.version
        assert claim_id is not None

        def write(v: int, note: str) -> Any:
            return self.desk.add_note(claim_id, note, expected_version=v)

        dialog = NoteDialog(subject=self._subject(claim_id), submit=self.guarded(write, claim_id, version))
        self.app.push_screen(dialog, self._after_dialog(f"Claim #{claim_id}: note added", [claim_id]))

    def action_assign_me(self) -> None:
        self._assign(self.desk.user)

    def _assign(self, assignee: str) -> None:
        marks = dict(self.queue.marks)
        if marks:

            def bulk() -> BulkResult:
                result = self.desk.bulk_assign(marks, assignee)
                return result

            self.queue.clear_marks()
            self._write(bulk, "{n} claims assigned to " + assignee.replace("{", "{{").replace("}", "}}"), list(marks))
            return
        target = self._target()
        if target is None:
            return
        claim_id, version = target
        self._write(
            lambda: self.desk.assign(claim_id, assignee, expected_version=version),
            f"Claim #{claim_id} assigned to {assignee}",
            [claim_id],
        )

    def action_assign_someone(self) -> None:
        self._open_assign_dialog()

    @work(thread=True, exclusive=True, group="assignees")
    def _open_assign_dialog(self) -> None:
        try:
            names = self.desk.assignees()
        except ClaimtrackError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._push_assign_dialog, names)

    def _push_assign_dialog(self, names: list[str]) -> None:
        marks = dict(self.queue.marks)
        if marks:
            subject = Text(f"{len(marks)} marked claims: " + ", ".join(f"#{c}" for c in sorted(marks)[:20]))

            def bulk(values: dict[str, Any]) -> BulkResult:
                result = self.desk.bulk_assign(marks, values["assignee"])
                self.post_message(self._bulk_message(result, f"assigned to {values['assignee']}", list(marks)))
                return result

            def done(result: str | None) -> None:
                if result is not None:
                    self.queue.clear_marks()
                    self._show_counts()

            self.app.push_screen(AssignDialog(subject=subject, names=names, submit=bulk), done)
            return
        target = self._target()
        if target is None:
            return
        claim_id, version = target

        def write(v: int, assignee: str) -> Any:
            return self.desk.assign(claim_id, assignee, expected_version=v)

        dialog = AssignDialog(
            subject=self._subject(claim_id), names=names, submit=self.guarded(write, claim_id, version)
        )
        self.app.push_screen(
            dialog,
            lambda name: (
                name is not None and self.post_message(ActionDone(f"Claim #{claim_id} assigned to {name}", [claim_id]))
            ),
        )

    def action_undo(self) -> None:
        target = self._target()
        if target is None:
            return
        claim_id, _ = target
        self._write(lambda: self.desk.undo_last(claim_id), f"Claim #{claim_id}: your last change undone", [claim_id])

    def action_toggle_mark(self) -> None:
        if self.queue.toggle_mark() is not None:
            self.queue.move_cursor(self.queue.cursor + 1)
        self._show_counts()

    def action_clear_marks(self) -> None:
        if self.focused is not None and self.focused.id == "search":
            self.queue.focus()
            return
        self.queue.clear_marks()
        self._show_counts()

    # -- navigation -----------------------------------------------------------------------

    def action_open_article(self) -> None:
        row = self.queue.current_row
        if row is None:
            self.notify("No claim selected", severity="warning")
            return

        def back(claim_id: int | None) -> None:
            self.queue.focus()
            if claim_id is not None:
                self.queue.select_claim(claim_id)

        screen = ArticleScreen(
            self.desk, row.article_id, claim_id=row.id, on_change=lambda: self.refresh_data(rebuild=True)
        )
        self.app.push_screen(screen, back)

    def action_jump(self) -> None:
        self.app.push_screen(
            NumberDialog("Jump to claim", "Claim id", id="jump-dialog"),
            lambda r: r is not None and self.jump_to_claim(r),
        )

    @work(thread=True, exclusive=True, group="jump")
    def jump_to_claim(self, claim_id: int) -> None:
        """Select ``claim_id``; if the filters hide it, clear them first."""
        try:
            self.desk.claim(claim_id)
        except ClaimtrackError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        index = self.queue.index
        position = self.desk.position_of(index, claim_id) if index is not None else None
        if position is None:
            self.app.call_from_thread(self._jump_clearing_filters, claim_id)
        else:
            self.app.call_from_thread(self.queue.move_cursor, position, center=True)

    def _jump_clearing_filters(self, claim_id: int) -> None:
        if self.statuses or self.article_id is not None or self.assignee is not None or self.search:
            self.notify(f"Claim #{claim_id} is hidden by the filters: filters cleared")
        self.statuses, self.article_id, self.assignee = (), None, None
        self.triage = Triage.QUEUE
        search = self.query_one("#search", Input)
        self.search = ""
        with search.prevent(Input.Changed):
            search.value = ""
        self.apply_filter(keep_claim=claim_id)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())
