"""The desk screen: the queue, the filters and counts, the detail pane, and every action.

All database work runs in thread workers; their results come back as messages (or through
``call_from_thread``), so the screen never waits on the database. Writes send the claim
version the checker saw; a conflict is shown, the claim reloaded, and nothing overwritten.

The filters are one reactive value (:class:`DeskFilters`): an action assigns new filters, and
:meth:`DeskScreen.watch_filters` shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from claimtrack.domain import ChangeKind, ClaimStatus, MatchKind, needs_evidence, needs_note, why_a_note
from claimtrack.errors import ClaimtrackError, ConflictError, WorkflowError
from claimtrack.services.desk import ClaimFilter, ClaimSort, Desk, Triage
from claimtrack.services.views import (
    BulkResult,
    ClaimDetail,
    EvidenceAdded,
    FactCheck,
    FeedReport,
    ImportReport,
    IngestResult,
    StatusCounts,
)
from claimtrack.tui import notices
from claimtrack.tui.actions import DESK_ACTIONS
from claimtrack.tui.dialogs import (
    AssignDialog,
    ClaimReviewDialog,
    EvidenceDialog,
    FactCheckDialog,
    FeedDialog,
    IngestDialog,
    MatchesDialog,
    MinScoreDialog,
    NoteDialog,
    NumberDialog,
    StatusDialog,
    StatusFilterDialog,
)
from claimtrack.tui.dialogs.matches import Decided, MatchChoice
from claimtrack.tui.dialogs.status import EvidenceNeeded
from claimtrack.tui.filters import DeskFilters
from claimtrack.tui.messages import ActionDone, ChangesSeen, CountsLoaded, DetailLoaded
from claimtrack.tui.render import safe, status_label, status_style
from claimtrack.tui.screens.article import ArticleScreen
from claimtrack.tui.screens.help import HelpScreen
from claimtrack.tui.screens.report import ReportScreen
from claimtrack.tui.widgets.counts import CountsBar
from claimtrack.tui.widgets.detail import ClaimDetailPane, detail_text
from claimtrack.tui.widgets.footer import WrappingFooter
from claimtrack.tui.widgets.queue import ClaimQueue, QueueHeader

MATCHES_LISTED = 50
"""The matches dialog lists a claim's best matches, this many at most (a claim checked long ago
may be matched by hundreds of repeats)."""

DETAIL_DELAY = 0.1
"""The detail pane follows the cursor once it has rested this long (seconds): a cursor move
itself only repaints two queue lines, and racing through the queue loads no detail at all."""

SEARCH_INDEX_DELAY = 0.25
"""Seconds of typing pause before the search's counts and position index are computed (the
first page is fetched and shown at once, on every keystroke)."""


def _marked_subject(marks: dict[int, int]) -> Text:
    return Text(f"{len(marks)} marked claims: " + ", ".join(f"#{c}" for c in sorted(marks)[:20]))


class DeskScreen(Screen[None]):
    AUTO_FOCUS = "#queue"
    BINDINGS = [action.binding() for action in DESK_ACTIONS]

    filters: reactive[DeskFilters] = reactive(DeskFilters, always_update=True, repaint=False, init=False)
    """What the queue shows; assigning new filters shows them (:meth:`watch_filters`). Every
    assignment counts, the same filters too: the queue is read again from the start."""

    def __init__(self, desk: Desk, *, poll_interval: float) -> None:
        super().__init__(id="desk")
        self.desk = desk
        self.poll_interval = poll_interval
        self.detail: ClaimDetail | None = None
        self.counts: StatusCounts | None = None
        """The counts bar's figures, once counted."""
        self.last_change: int | None = None
        self._detail_timer: Timer | None = None
        self._summary: Text | None = None
        self._counts_running = False
        self._counts_again = False
        self._keep_claim: int | None = None
        """The claim the next filter change keeps selected (if the new filters show it)."""
        self._index_delay = 0.0
        """How long the next filter change waits before counting (typing: until a pause)."""

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
        self.filters = DeskFilters()
        self._start_polling()

    # -- filters --------------------------------------------------------------------------

    def current_filter(self) -> ClaimFilter:
        return self.filters.claim_filter(self.desk.queue_threshold)

    def _scope_filter(self) -> ClaimFilter:
        """The filter without its statuses: the counts show every status of this scope."""
        return self.filters.scope(self.desk.queue_threshold)

    def watch_filters(self, filters: DeskFilters) -> None:
        """Show the filters: the first page at once; the counts and the index once it is
        painted and, after typing, a pause in it (``SEARCH_INDEX_DELAY``)."""
        keep, delay = self._keep_claim, self._index_delay
        self._keep_claim, self._index_delay = None, 0.0
        self.queue.set_filter(
            filters.claim_filter(self.desk.queue_threshold),
            index_delay=delay,
            keep_claim=keep,
            then=self._request_counts,
        )
        summary = filters.summary(self.desk.user, self.desk.queue_threshold)
        if summary != self._summary:
            self._summary = summary
            self.query_one("#filter-summary", Static).update(summary)

    def _change_filters(self, filters: DeskFilters, *, keep_claim: int | None) -> None:
        """New filters, keeping ``keep_claim`` selected if they still show it."""
        self._keep_claim = keep_claim
        self.filters = filters

    def _current_id(self) -> int | None:
        row = self.queue.current_row
        return row.id if row is not None else None

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

    def apply_status_filter(self, statuses: tuple[str, ...]) -> None:
        self.filters = replace(self.filters, statuses=tuple(statuses))

    def set_assignee_filter(self, assignee: str | None) -> None:
        self.filters = replace(self.filters, assignee=assignee)

    def set_article_filter(self, article_id: int | None) -> None:
        self.filters = replace(self.filters, article_id=article_id)

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        if event.value == self.filters.search:
            return
        self._index_delay = SEARCH_INDEX_DELAY
        self.filters = replace(self.filters, search=event.value)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.queue.focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filter_status(self) -> None:
        def done(statuses: tuple[str, ...] | None) -> None:
            if statuses is not None:
                self.apply_status_filter(statuses)

        self.app.push_screen(StatusFilterDialog(self.filters.statuses), done)

    def action_filter_this_article(self) -> None:
        if self.filters.article_id is not None:
            self.set_article_filter(None)
            return
        row = self.queue.current_row
        if row is None:
            self.notify(notices.NO_CLAIM_SELECTED, severity="warning")
            return
        self._change_filters(replace(self.filters, article_id=row.article_id), keep_claim=row.id)

    def ask_article_filter(self) -> None:
        def done(article_id: int | None) -> None:
            if article_id is not None:
                self.set_article_filter(article_id)

        self.app.push_screen(NumberDialog("Filter by article", "Article id", id="article-filter-dialog"), done)

    def action_cycle_triage(self) -> None:
        """The queue, then only what the extractor set aside, then every claim, then the queue."""
        self._change_filters(replace(self.filters, triage=self.filters.next_triage()), keep_claim=self._current_id())

    def action_filter_mine(self) -> None:
        self.set_assignee_filter(None if self.filters.assignee == self.desk.user else self.desk.user)

    def action_filter_seen_checked(self) -> None:
        """Only the claims that match a checked claim or a fact check; again: every claim."""
        self.set_seen_checked_filter(not self.filters.seen_checked)

    def set_seen_checked_filter(self, on: bool) -> None:
        self._change_filters(replace(self.filters, seen_checked=on), keep_claim=self._current_id())

    def action_filter_unassigned(self) -> None:
        """Only the claims nobody is assigned to; again: anyone's."""
        self.set_assignee_filter(None if self.filters.assignee == "" else "")

    def action_cycle_sort(self) -> None:
        """Highest score first, newest, oldest article first, by ID, then by score again."""
        self.set_sort(self.filters.next_sort())

    def set_sort(self, sort: ClaimSort) -> None:
        """The queue in ``sort``'s order, the selected claim still selected."""
        self._change_filters(replace(self.filters, sort=sort), keep_claim=self._current_id())

    def set_min_score(self, min_score: float | None) -> None:
        """Only claims scored at least ``min_score`` (``None`` or 0: any score)."""
        self._change_filters(replace(self.filters, min_score=min_score or None), keep_claim=self._current_id())

    def ask_min_score(self) -> None:
        def done(min_score: float | None) -> None:
            if min_score is not None:
                self.set_min_score(min_score)

        self.app.push_screen(MinScoreDialog(self.filters.min_score), done)

    def action_clear_filters(self) -> None:
        self._clear_filters(keep_claim=self._current_id())

    def _clear_filters(self, *, keep_claim: int | None) -> None:
        """Every filter off and the search box emptied: the queue, as it starts (in the same
        order: the sort is not a filter)."""
        search = self.query_one("#search", Input)
        with search.prevent(Input.Changed):
            search.value = ""
        self._change_filters(DeskFilters(sort=self.filters.sort), keep_claim=keep_claim)

    # -- loading --------------------------------------------------------------------------

    @work(thread=True, group="counts")
    def _load_counts(self, flt: ClaimFilter) -> None:
        counts: StatusCounts | None = None
        try:
            counts = self.desk.counts(flt)
        finally:
            self.post_message(CountsLoaded(flt, counts))

    def on_counts_loaded(self, message: CountsLoaded) -> None:
        self._counts_running = False
        if self._counts_again:
            self._counts_again = False
            self._request_counts()
        if message.flt != self._scope_filter() or message.counts is None:
            return
        self.counts = message.counts
        self._show_counts()

    def _show_counts(self) -> None:
        counts = self.counts if self.counts is not None else {}
        self.query_one(CountsBar).show(counts, self.filters.statuses, len(self.queue.marks))

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, claim_id: int) -> None:
        """Read the claim and build the pane's whole ``Text`` here, off the UI thread."""
        worker = get_current_worker()
        try:
            detail = self.desk.claim(claim_id)
            views = self.desk.evidence_views(claim_id) if any(e.url for e in detail.evidence) else []
            matches = self.desk.similar(claim_id)
        except ClaimtrackError as exc:
            self.post_message(DetailLoaded(claim_id, None, str(exc)))
            return
        if worker.is_cancelled:
            return
        text = detail_text(detail, self.app.clock(), views, matches)  # type: ignore[attr-defined]  # self.app is typed App; clock() is ClaimtrackApp's
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
        self.detail_pane.show(message.detail, self.app.clock(), message=message.error, text=message.text)  # type: ignore[attr-defined]  # self.app is typed App; clock() is ClaimtrackApp's

    def refresh_data(self, claim_ids: list[int] | None = None, *, rebuild: bool = False) -> None:
        """Look again at what may have changed: counts, the rows on screen, the detail."""
        flt = self.current_filter()
        # a status or assignment change can move a claim in or out of a status, assignee or
        # search filter, and in or out of the queue itself: an untouched proposal below the
        # threshold is set aside, and it is work in hand once someone starts on it
        membership_may_change = bool(
            flt.status or flt.assignee is not None or flt.search or flt.triage is not Triage.ALL
        )
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
        created = any(c.kind == ChangeKind.CREATED for c in message.changes)
        others = [c for c in message.changes if c.actor != self.desk.user]
        if others:
            self.notify(notices.colleague_changes(others), title=notices.COLLEAGUE, timeout=4)
        self.refresh_data(ids, rebuild=created)

    # -- writing --------------------------------------------------------------------------

    def _target(self) -> tuple[int, int] | None:
        """(claim id, the version the checker sees) of the selected claim."""
        row = self.queue.current_row
        if row is None:
            self.notify(notices.NO_CLAIM_SELECTED, severity="warning")
            return None
        if self.detail is not None and self.detail.claim.id == row.id:
            return row.id, self.detail.claim.version
        return row.id, row.version

    def with_detail(self, then: Callable[[ClaimDetail], None]) -> None:
        """Run ``then`` with the selected claim's detail, loading it first if it is not shown yet."""
        row = self.queue.current_row
        if row is None:
            self.notify(notices.NO_CLAIM_SELECTED, severity="warning")
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
            matches = self.desk.similar(claim_id)
        except ClaimtrackError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        text = detail_text(detail, self.app.clock(), views, matches)  # type: ignore[attr-defined]  # self.app is typed App; clock() is ClaimtrackApp's
        self.post_message(DetailLoaded(claim_id, detail, text=text))
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

    def guarded(self, write: Callable[..., object], claim_id: int, version: int) -> Callable[[dict[str, Any]], object]:
        """A dialog's submit: write with the version seen; on a conflict, reload and keep the dialog."""
        seen = {"version": version}

        def submit(values: dict[str, Any]) -> object:
            try:
                return write(seen["version"], **values) if values else write(seen["version"])
            except ConflictError as exc:
                # the checker has now been told; a deliberate retry writes over what they saw
                seen["version"] = exc.current_version
                self.app.call_from_thread(self.refresh_data, [claim_id])
                raise

        return submit

    @work(thread=True, group="write")
    def _write(
        self, run: Callable[[], Any], done: str | Callable[[Any], str | ActionDone], claim_ids: list[int]
    ) -> None:
        """Run a write; say ``done`` (or what ``done`` makes of its result), or why it failed."""
        try:
            result = run()
        except ConflictError as exc:
            self.post_message(ActionDone(str(exc), claim_ids, "error"))
            return
        except ClaimtrackError as exc:
            self.post_message(ActionDone(str(exc), claim_ids, "warning"))
            return
        said = done(result) if callable(done) else done
        self.post_message(said if isinstance(said, ActionDone) else ActionDone(said, claim_ids))

    def _write_bulk(self, run: Callable[[], BulkResult], verb: str, claim_ids: list[int]) -> None:
        self._write(run, lambda result: self._bulk_message(result, verb, claim_ids, sep=". "), claim_ids)

    def on_action_done(self, message: ActionDone) -> None:
        self.notify(message.message, severity=message.severity, timeout=8 if message.severity != "information" else 3)
        self.refresh_data(message.claim_ids, rebuild=message.created)

    def _after_dialog(self, done: str, claim_ids: list[int]) -> Callable[[object], None]:
        def callback(result: object) -> None:
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
        current = self.detail.claim.status if self.detail and self.detail.claim.id == claim_id else None
        if needs_note(current, status):  # (current is None when the detail shows another claim)
            self.with_detail(lambda detail: self._status_dialog(status, detail))
            return
        self._write(
            lambda: self.desk.set_status(claim_id, status, expected_version=version),
            notices.status_set(claim_id, status),
            [claim_id],
        )

    def _status_dialog(self, status: str, detail: ClaimDetail) -> None:
        claim_id, version = detail.claim.id, detail.claim.version
        added: list[EvidenceAdded] = []

        def write(
            v: int, status: str = status, note: str | None = None, evidence: dict[str, Any] | None = None
        ) -> object:
            if evidence is not None:  # the evidence typed in the dialog, then the verdict: together
                result = self.desk.set_status_with_evidence(
                    claim_id,
                    status,
                    note=note,
                    url=evidence["url"],
                    stance=evidence["stance"],
                    evidence_note=evidence["note"],
                    fetch=evidence["fetch"],
                    expected_version=v,
                )
                added.append(result)
                return result
            try:
                return self.desk.set_status(claim_id, status, note=note, expected_version=v)
            except WorkflowError:
                if needs_evidence(status) and not self.desk.claim(claim_id).evidence:
                    raise EvidenceNeeded(notices.evidence_gone(claim_id)) from None
                raise

        if not needs_note(detail.claim.status, status):
            self._write(lambda: write(version), notices.status_set(claim_id, status), [claim_id])
            return

        def done(result: str | None) -> None:
            if result is None:
                return
            if not added:
                self.post_message(ActionDone(notices.status_set(claim_id, status), [claim_id]))
                return
            severity: SeverityLevel = "warning" if added[-1].warnings else "information"
            message = notices.verdict_with_evidence(claim_id, status, added[-1])
            self.post_message(ActionDone(message, [claim_id], severity))

        explanation = why_a_note(detail.claim.status, status)
        dialog = StatusDialog(
            status,
            subject=self._subject(claim_id),
            detail=detail,
            explanation=explanation,
            submit=self.guarded(write, claim_id, version),
        )
        self.app.push_screen(dialog, done)

    def action_reopen(self) -> None:
        self.with_detail(self._reopen_dialog)

    def _reopen_dialog(self, detail: ClaimDetail) -> None:
        claim_id, version = detail.claim.id, detail.claim.version

        def write(v: int, status: str, note: str | None) -> object:
            return self.desk.set_status(claim_id, ClaimStatus.IN_REVIEW, note=note, expected_version=v)

        dialog = StatusDialog(
            ClaimStatus.IN_REVIEW,
            subject=self._subject(claim_id),
            title="Reopen: back in review",
            explanation="Say why the claim is reopened.",
            submit=self.guarded(write, claim_id, version),
        )
        self.app.push_screen(dialog, self._after_dialog(notices.reopened(claim_id), [claim_id]))

    def _bulk_dismiss(self, marks: dict[int, int]) -> None:
        def run_and_report(values: dict[str, Any]) -> BulkResult:
            result = self.desk.bulk_set_status(marks, ClaimStatus.DISMISSED, note=values["note"])
            self.post_message(self._bulk_message(result, "dismissed", list(marks)))
            return result

        def done(result: str | None) -> None:
            if result is None:
                return
            self.queue.clear_marks()
            self._show_counts()

        dialog = StatusDialog(
            ClaimStatus.DISMISSED,
            subject=_marked_subject(marks),
            note_required=False,
            title=f"Dismiss {len(marks)} marked claims",
            explanation="A note is needed only for claims that have a verdict.",
            submit=run_and_report,
        )
        self.app.push_screen(dialog, done)

    def _bulk_message(self, result: BulkResult, verb: str, ids: list[int], *, sep: str = "; ") -> ActionDone:
        severity: SeverityLevel = "warning" if result.failed else "information"
        return ActionDone(notices.bulk_done(result, verb, sep=sep), ids, severity)

    def action_add_evidence(self) -> None:
        self.with_detail(self._evidence_dialog)

    def _evidence_dialog(self, detail: ClaimDetail) -> None:
        claim_id, version = detail.claim.id, detail.claim.version
        added: list[EvidenceAdded] = []

        def write(v: int, url: str, stance: str, title: str | None, note: str | None, fetch: bool) -> EvidenceAdded:
            # fetch first (CaptureFailed keeps the dialog open with what was typed, and offers
            # to add the link without a copy), then link
            result = self.desk.add_web_evidence(
                claim_id, url, stance=stance, title=title, note=note, fetch=fetch, expected_version=v
            )
            added.append(result)
            return result

        def done(values: object) -> None:
            if values is None or not added:
                return
            result = added[-1]
            severity: SeverityLevel = "warning" if result.warnings else "information"
            self.post_message(ActionDone(notices.evidence_added(claim_id, result), [claim_id], severity))

        dialog = EvidenceDialog(subject=self._subject(claim_id), submit=self.guarded(write, claim_id, version))
        self.app.push_screen(dialog, done)

    # -- seen before: a claim's matches, confirmed or rejected ----------------------------------

    def action_matches(self) -> None:
        target = self._target()
        if target is not None:
            self._open_matches(*target)

    def _match_choices(self, claim_id: int) -> tuple[list[MatchChoice], str]:
        """The claim's matches (the best ``MATCHES_LISTED``), each with the verdict confirming it
        would offer, and the claim's status. Runs in a thread."""
        status = self.desk.claim(claim_id).claim.status
        choices = [
            MatchChoice(item, self.desk.verdict_on_offer(claim_id, item.target) if item.verdict is not None else None)
            for item in self.desk.similar(claim_id)[:MATCHES_LISTED]
        ]
        return choices, status

    @work(thread=True, exclusive=True, group="matches")
    def _open_matches(self, claim_id: int, version: int) -> None:
        try:
            choices, status = self._match_choices(claim_id)
        except ClaimtrackError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        if not choices:
            self.app.call_from_thread(self.notify, notices.no_matches(claim_id))
            return
        self.app.call_from_thread(self._push_matches_dialog, claim_id, version, choices, status)

    def _push_matches_dialog(self, claim_id: int, version: int, choices: list[MatchChoice], status: str) -> None:
        seen = {"version": version}

        def decide(values: dict[str, Any]) -> Decided:
            # the version the checker saw; a conflict reloads the claim and keeps the dialog
            # open (a deliberate retry then decides over what they saw, as every dialog does)
            try:
                decision = self.desk.decide_match(
                    claim_id,
                    values["target"],
                    values["state"],
                    note=values["note"],
                    apply_verdict=values["apply_verdict"],
                    expected_version=seen["version"],
                )
            except ConflictError as exc:
                seen["version"] = exc.current_version
                self.app.call_from_thread(self.refresh_data, [claim_id])
                raise
            seen["version"] = decision.version
            ids = [claim_id] + ([decision.target.id] if decision.target.kind == MatchKind.CLAIM else [])
            self.post_message(ActionDone(notices.match_decided(decision), ids))
            now, status = self._match_choices(claim_id)
            return Decided(decision, tuple(now), status)

        dialog = MatchesDialog(subject=self._subject(claim_id), choices=choices, status=status, submit=decide)
        self.app.push_screen(dialog)

    @work(thread=True, group="match-ingested")
    def _match_ingested(self, article_ids: list[int]) -> None:
        """Match the claims of the articles just brought in against earlier checks, claims and
        fact checks (as ``claimtrack ingest`` does); say what was found."""
        if not article_ids:
            return
        try:
            summary = self.desk.match_articles(article_ids)
        except ClaimtrackError as exc:
            self.post_message(ActionDone(notices.first_line(exc), [], "warning"))
            return
        if summary.matched:
            ids = sorted({f.claim_id for f in summary.found})
            self.post_message(ActionDone(notices.matches_found(summary), ids))

    def _ingested(self, article_ids: list[int]) -> None:
        """Articles were ingested: match their claims, if the desk does (setting ``match_on_ingest``)."""
        if article_ids and self.desk.match_on_ingest:
            self._match_ingested(article_ids)

    # -- the web: rechecks and existing fact checks ------------------------------------------

    def action_recheck_evidence(self) -> None:
        target = self._target()
        if target is not None:
            self.notify(notices.rechecking(target[0]), timeout=2)
            self._recheck(target[0])

    @work(thread=True, exclusive=True, group="recheck")
    def _recheck(self, claim_id: int) -> None:
        """Fetch every captured page of the claim's evidence again; say what changed."""
        try:
            summary = self.desk.recheck_claim(claim_id)
        except ClaimtrackError as exc:
            self.post_message(ActionDone(str(exc), [claim_id], "warning"))
            return
        if not summary.outcomes:
            self.post_message(ActionDone(notices.rechecked(claim_id, summary), [], "warning"))
            return
        severity: SeverityLevel = "warning" if summary.alarming else "information"
        self.post_message(ActionDone(notices.rechecked(claim_id, summary), [claim_id], severity))

    def action_lookup(self) -> None:
        target = self._target()
        if target is not None:
            self.notify(notices.looking_up(target[0]), timeout=2)
            self._lookup(target[0])

    @work(thread=True, exclusive=True, group="lookup")
    def _lookup(self, claim_id: int) -> None:
        try:
            page = self.desk.lookup(claim_id)
        except ClaimtrackError as exc:
            # e.g. no API key: one line
            self.app.call_from_thread(
                self.notify, notices.first_line(exc), title=notices.LOOKUP, severity="warning", timeout=8
            )
            return
        if not page.results:
            self.app.call_from_thread(self.notify, notices.no_fact_checks(claim_id), title=notices.LOOKUP)
            return
        self.app.call_from_thread(self._show_fact_checks, claim_id, page.results)

    def _show_fact_checks(self, claim_id: int, checks: tuple[FactCheck, ...]) -> None:
        added: list[EvidenceAdded] = []

        def attach(values: dict[str, Any]) -> EvidenceAdded:
            # its page captured first (CaptureFailed offers to attach it without a copy)
            result = self.desk.attach_fact_check(claim_id, values["check"], fetch=values["fetch"])
            added.append(result)
            return result

        def done(check: FactCheck | None) -> None:
            if check is not None:
                copy = "" if not added or added[-1].captured else ", no copy kept"
                self.post_message(ActionDone(notices.fact_check_attached(claim_id, check) + copy, [claim_id]))

        self.app.push_screen(FactCheckDialog(subject=self._subject(claim_id), checks=checks, submit=attach), done)

    def action_report(self) -> None:
        self.app.push_screen(ReportScreen(self.desk, self.current_filter()))

    # -- bringing articles and fact checks in ---------------------------------------------------

    def _brought_in(self, message: str, severity: SeverityLevel = "information") -> None:
        """Say what came in (literally: titles are article text, never markup) and show the new
        claims: the queue's index is rebuilt, as when the poller sees claims created."""
        self.notify(message, severity=severity, timeout=8 if severity != "information" else 5, markup=False)
        self.refresh_data(rebuild=True)

    def action_ingest_article(self) -> None:
        def submit(values: dict[str, Any]) -> list[IngestResult]:
            return self.desk.ingest(values["sources"])

        def done(results: list[IngestResult] | None) -> None:
            if results is not None:
                self._brought_in(notices.ingest_message(results))
                self._ingested([r.article.id for r in results if r.created])

        self.app.push_screen(IngestDialog(submit=submit), done)

    def action_read_feed(self) -> None:
        def submit(values: dict[str, Any]) -> FeedReport:
            return self.desk.ingest_feed(values["feed_url"], limit=values["limit"])

        def done(report: FeedReport | None) -> None:
            if report is not None:
                self._brought_in(notices.feed_message(report), "warning" if report.failed else "information")
                self._ingested([result.article.id for _, result in report.ingested if result.created])

        self.app.push_screen(FeedDialog(submit=submit), done)

    def action_import_claim_reviews(self) -> None:
        def submit(values: dict[str, Any]) -> ImportReport:
            return self.desk.import_claim_reviews(values["source"])

        def done(report: ImportReport | None) -> None:
            if report is not None:
                self._brought_in(notices.import_message(report), "warning" if report.skipped else "information")

        self.app.push_screen(ClaimReviewDialog(submit=submit), done)

    def action_add_note(self) -> None:
        self.with_detail(self._note_dialog)

    def _note_dialog(self, detail: ClaimDetail) -> None:
        claim_id, version = detail.claim.id, detail.claim.version

        def write(v: int, note: str) -> object:
            return self.desk.add_note(claim_id, note, expected_version=v)

        dialog = NoteDialog(subject=self._subject(claim_id), submit=self.guarded(write, claim_id, version))
        self.app.push_screen(dialog, self._after_dialog(notices.note_added(claim_id), [claim_id]))

    def action_assign_me(self) -> None:
        self._assign(self.desk.user)

    def _assign(self, assignee: str) -> None:
        marks = dict(self.queue.marks)
        if marks:
            self.queue.clear_marks()
            self._write_bulk(lambda: self.desk.bulk_assign(marks, assignee), f"assigned to {assignee}", list(marks))
            return
        target = self._target()
        if target is None:
            return
        claim_id, version = target
        self._write(
            lambda: self.desk.assign(claim_id, assignee, expected_version=version),
            notices.assigned(claim_id, assignee),
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

            def bulk(values: dict[str, Any]) -> BulkResult:
                result = self.desk.bulk_assign(marks, values["assignee"])
                self.post_message(self._bulk_message(result, f"assigned to {values['assignee']}", list(marks)))
                return result

            def done(result: str | None) -> None:
                if result is not None:
                    self.queue.clear_marks()
                    self._show_counts()

            self.app.push_screen(AssignDialog(subject=_marked_subject(marks), names=names, submit=bulk), done)
            return
        target = self._target()
        if target is None:
            return
        claim_id, version = target

        def write(v: int, assignee: str) -> object:
            return self.desk.assign(claim_id, assignee, expected_version=v)

        def done_one(name: str | None) -> None:
            if name is not None:
                self.post_message(ActionDone(notices.assigned(claim_id, name), [claim_id]))

        dialog = AssignDialog(
            subject=self._subject(claim_id), names=names, submit=self.guarded(write, claim_id, version)
        )
        self.app.push_screen(dialog, done_one)

    def action_undo(self) -> None:
        """Undo my newest change to the claim still in force: pressed again, the one before it."""
        self._reverse(redo=False)

    def action_redo(self) -> None:
        """Apply again the change my newest undo on the claim reversed."""
        self._reverse(redo=True)

    def _reverse(self, *, redo: bool) -> None:
        target = self._target()
        if target is None:
            return
        claim_id, version = target
        reverse = self.desk.redo_last if redo else self.desk.undo_last
        self._write(
            lambda: reverse(claim_id, expected_version=version),
            lambda reversal: notices.reversed_change(claim_id, reversal),
            [claim_id],
        )

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
            self.notify(notices.NO_CLAIM_SELECTED, severity="warning")
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
        def done(claim_id: int | None) -> None:
            if claim_id is not None:
                self.jump_to_claim(claim_id)

        self.app.push_screen(NumberDialog("Jump to claim", "Claim id", id="jump-dialog"), done)

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
        if self.filters.narrowed:
            self.notify(notices.hidden_by_filters(claim_id))
        self._clear_filters(keep_claim=claim_id)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())
