"""The claim queue: a Line-API list of any length, paged from the database around the view.

Nothing here holds all the rows. ``virtual_size`` is the filter's row count; ``render_line(y)``
draws only the rows on screen, taking them from the pages at hand (:class:`QueuePages`: a small
LRU cache of pages fetched by position with :meth:`Desk.rows_at`) in thread workers, with the
pages around the view prefetched. Until the position index is built (a scan of the filter's
ids, in the background), the queue shows the first page at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget
from textual.worker import get_current_worker

from claimtrack.services.desk import ClaimFilter, Desk
from claimtrack.services.views import QueueIndex, QueueRow
from claimtrack.tui.messages import FirstPageLoaded, IndexBuilt, PagesLoaded, PositionFound
from claimtrack.tui.paging import PAGE_SIZE, QueuePages, runs
from claimtrack.tui.render import STATUS_WIDTH, fit, safe, seen_mark, status_label, status_style

STRIP_CACHE = 200
"""Drawn lines kept (a few screens), whatever the database size."""
JUMP_WAIT = 0.15
"""A jump into rows not yet fetched keeps the old screen this long at most while they load."""


ID_WIDTH = 7
"""The ID column: ``#`` and six digits (a longer id takes its room from the next column)."""
SCORE_WIDTH = 6
SEEN_WIDTH = 18
"""A seen-before mark (``≈ false``, ``≈ FC Pants on Fire``, ``×3``) takes at most this many cells,
and a third of the claim column (at 80 columns: 13 of its 40 cells)."""


@dataclass(frozen=True)
class Columns:
    """Column widths of the queue for a given width (shared with the header).

    Status, ID, score and claim always show; the claimant, assignee and article columns narrow,
    then go, as the queue does: at 80 columns the claimant is cut short and the assignee and
    article left to the detail pane below.
    """

    claimant: int
    assignee: int
    claim: int
    article: int

    @classmethod
    def for_width(cls, width: int) -> Columns:
        # mark(2) id(ID_WIDTH+1) status(STATUS_WIDTH+1) score(6) [claimant+1] [assignee+1] claim [+1 article]
        if width >= 136:
            claimant, assignee, article = 18, 12, 22
        elif width >= 104:
            claimant, assignee, article = 14, 10, 16
        elif width >= 88:
            claimant, assignee, article = 12, 9, 0
        else:
            claimant, assignee, article = 10, 0, 0
        fixed = 2 + STATUS_WIDTH + 1 + ID_WIDTH + 1 + SCORE_WIDTH
        rest = width - fixed
        if rest - (claimant + 1) < 20:  # too narrow for a claimant beside the claim
            claimant = 0
        taken = sum(w + 1 for w in (claimant, assignee, article) if w)
        return cls(claimant=claimant, assignee=assignee, claim=max(rest - taken, 8), article=article)


def header_text(width: int) -> Text:
    cols = Columns.for_width(width)
    parts = ["  ", fit("ID", ID_WIDTH + 1), fit("STATUS", STATUS_WIDTH + 1), fit("SCORE", SCORE_WIDTH)]
    if cols.claimant:
        parts.append(fit("CLAIMANT", cols.claimant + 1))
    if cols.assignee:
        parts.append(fit("ASSIGNEE", cols.assignee + 1))
    parts.append(fit("CLAIM", cols.claim + (1 if cols.article else 0)))
    if cols.article:
        parts.append(fit("ARTICLE", cols.article))
    return Text("".join(parts), style="bold")


_BOLD = Style(bold=True)
_DIM = Style(dim=True)
_ITALIC = Style(italic=True)


def row_segments(row: QueueRow, width: int, *, marked: bool, cursor: bool, base: Style) -> list[Segment]:
    """One queue line, built straight as segments on ``base`` (fast: no Rich layout; a
    screenful of new rows is drawn on every jump): every database string literal, the status in
    colour and in words."""
    cols = Columns.for_width(width)
    number = f"#{row.id}"
    over = max(len(number) - ID_WIDTH, 0)  # an id of seven digits or more: the status gives way
    parts = [
        Segment(("▶" if cursor else " ") + ("●" if marked else " "), base + _BOLD),
        Segment(number.ljust(ID_WIDTH) + " ", base),
        Segment(fit(status_label(row.status), STATUS_WIDTH - over) + " ", base + status_style(row.status)),
        Segment(f"{row.score:4.2f}".ljust(SCORE_WIDTH), base + _DIM),
    ]
    claim_width = cols.claim
    if cols.claimant:
        parts.append(Segment(fit(safe(row.claimant) or "—", cols.claimant) + " ", base + _ITALIC))
    if cols.assignee:
        assignee = safe(row.assignee)
        parts.append(Segment(fit(assignee or "—", cols.assignee) + " ", base + (_BOLD if assignee else _DIM)))
    if row.seen:  # seen before: its mark first, in the claim column
        words, style = seen_mark(row.seen, row.seen_sure)
        room = min(len(words), SEEN_WIDTH, claim_width // 3)
        if room > 0:
            parts.append(Segment(fit(words, room) + " ", base + style))
            claim_width -= room + 1
    parts.append(Segment(fit(safe(row.text), max(claim_width, 1)) + (" " if cols.article else ""), base))
    if cols.article:
        parts.append(Segment(fit(safe(row.article_title), cols.article), base + _DIM))
    return parts


class QueueHeader(Widget):
    """The column titles above the queue, as wide as its rows (the queue's scroll bar aside)."""

    DEFAULT_CSS = """
    QueueHeader { height: 1; background: $boost; }
    """

    def render(self) -> Text:
        # the queue's scroll bar is always shown (overflow-y: scroll): its rows are narrower
        queues = list(self.parent.query(ClaimQueue)) if self.parent is not None else []
        scroll_bar = queues[0].styles.scrollbar_size_vertical if queues else 0
        return header_text(self.size.width - scroll_bar)


class ClaimQueue(ScrollView, can_focus=True):
    """The review queue for one :class:`ClaimFilter`, drawn a line at a time."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "previous", show=False, id="claimtrack.queue.up"),
        Binding("down,j", "cursor(1)", "next", show=False, id="claimtrack.queue.down"),
        Binding("pageup", "page(-1)", "page up", show=False, id="claimtrack.queue.page_up"),
        Binding("pagedown", "page(1)", "page down", show=False, id="claimtrack.queue.page_down"),
        Binding("home", "first", "first", show=False, id="claimtrack.queue.first"),
        Binding("end", "last", "last", show=False, id="claimtrack.queue.last"),
    ]

    COMPONENT_CLASSES = {"claim-queue--cursor", "claim-queue--marked", "claim-queue--message"}

    DEFAULT_CSS = """
    ClaimQueue {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    ClaimQueue > .claim-queue--cursor { background: $primary 40%; }
    ClaimQueue:focus > .claim-queue--cursor { background: $primary 70%; }
    ClaimQueue > .claim-queue--marked { background: $warning 15%; }
    ClaimQueue > .claim-queue--message { color: $text-muted; }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor is on a (new) claim."""

        queue: ClaimQueue
        row: QueueRow
        position: int

    @dataclass
    class Activated(Message):
        """The claim was double-clicked."""

        queue: ClaimQueue
        row: QueueRow

    @dataclass
    class Loaded(Message):
        """The filter's rows were counted (the index is built)."""

        queue: ClaimQueue
        total: int

    def __init__(
        self, desk: Desk, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.desk = desk
        self.pages = QueuePages()
        """The rows at hand, and what to fetch (no Textual in it: tested on its own)."""
        self.cursor = 0
        self.marks: dict[int, int] = {}
        """Marked claims: id -> the version the checker saw when marking."""
        self._flush_scheduled = False
        self._highlighted_id: int | None = None
        self._keep_claim: int | None = None
        self._index_timer: Timer | None = None
        self._index_running = False
        self._index_next: tuple[ClaimFilter, int, int | None] | None = None
        self._jump_target: int | None = None
        """Where a jump will scroll once its rows are fetched (see :meth:`move_cursor`)."""
        self._jump_timer: Timer | None = None
        self._deferred: tuple[int, int | None, Callable[[], object] | None] | None = None
        self._deferred_due = False
        self._first_page_painted = False
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(STRIP_CACHE)
        """Drawn lines (a cursor move redraws two lines from here)."""

    # -- what is shown ----------------------------------------------------------------------

    @property
    def flt(self) -> ClaimFilter:
        return self.pages.flt

    @property
    def index(self) -> QueueIndex | None:
        return self.pages.index

    @property
    def total(self) -> int:
        return self.pages.total

    @property
    def first_page_shown(self) -> bool:
        return self.pages.first_page_shown

    @property
    def building_index(self) -> bool:
        return self.pages.building_index

    # -- loading ------------------------------------------------------------------------

    def set_filter(
        self,
        flt: ClaimFilter,
        *,
        index_delay: float = 0.0,
        keep_claim: int | None = None,
        then: Callable[[], object] | None = None,
    ) -> None:
        """Show ``flt``'s claims: the first page at once (one small query), the rest later.

        The position index (a scan of the filter's ids, which grows with the database) starts
        only once the first page is painted and ``index_delay`` seconds have passed without
        another call (typing in the search box), so nothing that scales with the database
        delays the first rows. ``then`` runs at that moment too (the screen's counts).
        """
        generation = self.pages.show(flt)
        self._first_page_painted = False
        self.cursor = 0
        self._cancel_jump()
        self._highlighted_id = None
        self._keep_claim = keep_claim
        self._load_first_page(flt, generation)
        self._schedule_index(index_delay, keep_claim, then)

    def _schedule_index(self, delay: float, keep_claim: int | None, then: Callable[[], object] | None) -> None:
        if self._index_timer is not None:
            self._index_timer.stop()
            self._index_timer = None
        generation = self.pages.filter_generation
        self._deferred = (generation, keep_claim, then)
        self._deferred_due = delay <= 0
        if delay > 0:
            self._index_timer = self.set_timer(delay, partial(self._deferred_timer_fired, generation))

    def _deferred_timer_fired(self, generation: int) -> None:
        self._index_timer = None
        if generation == self.pages.filter_generation:
            self._deferred_due = True
            self._maybe_start_deferred()

    def _maybe_start_deferred(self) -> None:
        """Start the index build (and ``then``) once the first page is painted and the delay is over."""
        if self._deferred is None or not self._deferred_due or not self._first_page_painted:
            return
        generation, keep_claim, then = self._deferred
        self._deferred = None
        if generation != self.pages.filter_generation:
            return
        self._start_index(self.flt, generation, keep_claim)
        if then is not None:
            then()

    @property
    def has_pending_work(self) -> bool:
        """A deferred index build is waiting for its moment (tests wait for it)."""
        return self._deferred is not None

    def _start_index(self, flt: ClaimFilter, generation: int, keep_claim: int | None) -> None:
        """At most one index build runs (a database query cannot be interrupted); the newest waits."""
        if self._index_running:
            self._index_next = (flt, generation, keep_claim)
            return
        self._index_running = True
        self._build_index(flt, generation, keep_claim)

    def reload(self, *, rebuild: bool = False) -> None:
        """Fetch the rows on screen again (someone changed claims); keep showing the old ones meanwhile."""
        keep = self.current_row.id if self.current_row else None
        if rebuild:
            self._start_index(self.flt, self.pages.filter_generation, keep)
            return
        self.pages.make_stale()
        self.refresh()

    @work(thread=True, exclusive=True, group="queue-first-page")
    def _load_first_page(self, flt: ClaimFilter, generation: int) -> None:
        rows = self.desk.first_page(flt, PAGE_SIZE)
        if not get_current_worker().is_cancelled:
            self.post_message(FirstPageLoaded(generation, rows))

    @work(thread=True, group="queue-index")
    def _build_index(self, flt: ClaimFilter, generation: int, keep_claim: int | None) -> None:
        index = None
        try:
            if generation == self.pages.filter_generation:
                index = self.desk.build_index(flt)
        finally:
            self.post_message(IndexBuilt(generation, index, keep_claim))

    @work(thread=True, group="queue-pages")
    def _fetch_pages(self, index: QueueIndex, generation: int, pages: list[int]) -> None:
        loaded: dict[int, list[QueueRow]] = {}
        for first, count in runs(pages):  # consecutive pages in one query
            rows = self.desk.rows_at(index, first * PAGE_SIZE, count * PAGE_SIZE)
            for i in range(count):
                loaded[first + i] = rows[i * PAGE_SIZE : (i + 1) * PAGE_SIZE]
        self.post_message(PagesLoaded(generation, loaded))

    @work(thread=True, exclusive=True, group="queue-position")
    def _find_position(self, index: QueueIndex, generation: int, claim_id: int) -> None:
        self.post_message(PositionFound(generation, claim_id, self.desk.position_of(index, claim_id)))

    def on_first_page_loaded(self, message: FirstPageLoaded) -> None:
        message.stop()
        if not self.pages.first_page(message.generation, message.rows):
            return
        self._resize()
        self.refresh()
        self._announce()
        self.call_after_refresh(self._first_page_was_painted, message.generation)

    def _first_page_was_painted(self, generation: int) -> None:
        if generation == self.pages.filter_generation:
            self._first_page_painted = True
            self._maybe_start_deferred()

    def on_index_built(self, message: IndexBuilt) -> None:
        message.stop()
        self._index_running = False
        if self._index_next is not None:
            flt, generation, keep = self._index_next
            self._index_next = None
            if generation == self.pages.filter_generation:
                self._start_index(flt, generation, keep)
        if not self.pages.indexed(message.generation, message.index):
            return
        self._resize()
        self.cursor = min(self.cursor, max(self.total - 1, 0))
        keep = message.keep_claim if message.keep_claim is not None else self._keep_claim
        self._keep_claim = None
        if keep is not None and self.index is not None:
            self._find_position(self.index, self.pages.filter_generation, keep)
        self.refresh()
        self.post_message(self.Loaded(self, self.total))
        self._announce()

    def on_pages_loaded(self, message: PagesLoaded) -> None:
        message.stop()
        if not self.pages.loaded(message.generation, message.pages):
            return
        if self._jump_target is not None:
            target = self._jump_target
            last = min(target + max(self.size.height, 1), self.total) - 1
            if not self.pages.missing(target, last):
                self._finish_jump()
        self.pages.prune_stale(self._visible_pages())
        self.refresh()
        self._announce()

    def on_position_found(self, message: PositionFound) -> None:
        message.stop()
        if message.generation != self.pages.filter_generation or message.position is None:
            return
        if self.current_row is not None and self.current_row.id == message.claim_id and self.cursor == message.position:
            return
        self.move_cursor(message.position, center=True)

    def _visible_pages(self) -> set[int]:
        top = int(self.scroll_y)
        bottom = top + max(self.size.height, 1)
        return set(range(self.pages.page_of(top), self.pages.page_of(bottom) + 1))

    def _resize(self) -> None:
        """Set the scrollable height to the row count, without a layout of the whole screen.

        ``virtual_size`` is a layout reactive; assigning it would lay out every widget again
        on each filter keystroke. The queue's own size does not change (its scroll bar is
        always shown), so only its scroll bar and lines need updating; this is what Textual
        does itself when a scroll view's size changes (``ScrollView._size_updated``).
        """
        size = Size(self.size.width, self.total)
        if size == self.virtual_size:
            return
        self.set_reactive(ClaimQueue.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    # -- rows -----------------------------------------------------------------------------

    def row_at(self, position: int) -> QueueRow | None:
        """The row at ``position`` if it is at hand (fresh or stale), else ``None``."""
        return self.pages.row_at(position)

    @property
    def current_row(self) -> QueueRow | None:
        return self.row_at(self.cursor)

    def visible_rows(self) -> list[QueueRow]:
        top = int(self.scroll_y)
        rows = (self.row_at(p) for p in range(top, min(top + self.size.height, self.total)))
        return [r for r in rows if r is not None]

    def _want(self, page: int) -> None:
        if self.pages.want(page) and not self._flush_scheduled:
            self._flush_scheduled = True
            self.call_later(self._flush_wanted)

    def _flush_wanted(self) -> None:
        self._flush_scheduled = False
        wanted = self.pages.take_wanted()
        if wanted and self.index is not None:
            self._fetch_pages(self.index, self.pages.generation, wanted)

    def _announce(self) -> None:
        """Tell the screen about the claim under the cursor, once per claim."""
        row = self.current_row
        if row is not None and (row.id != self._highlighted_id):
            self._highlighted_id = row.id
            self.post_message(self.Highlighted(self, row, self.cursor))

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        position = int(self.scroll_y) + y
        if position >= self.total:
            if y == 0 and self.total == 0:
                message = (
                    "Loading…"
                    if self.building_index and not self.first_page_shown
                    else "No claims match. Press c to clear the filters."
                )
                style = self.get_component_rich_style("claim-queue--message")
                return Strip(Text("  " + message, style=style).render(self.app.console)).crop_extend(0, width, base)
            return Strip.blank(width, base)
        page = self.pages.page_of(position)
        row = self.row_at(position)
        if row is None or not self.pages.has(page):
            self._want(page)
        elif self.index is not None and not self.pages.fetching:
            # prefetch around the view, once what is on screen is in
            self._want(page - 1)
            self._want(page + 1)
        if row is None:
            style = self.get_component_rich_style("claim-queue--message")
            return Strip(Text("  …", style=style).render(self.app.console)).crop_extend(0, width, base)
        is_cursor = position == self.cursor
        marked = row.id in self.marks
        line_style = base
        if marked:
            line_style = line_style + self.get_component_rich_style("claim-queue--marked", partial=True)
        if is_cursor:
            line_style = line_style + self.get_component_rich_style("claim-queue--cursor", partial=True)
        key = (row.id, row.version, row.status, row.seen, row.seen_sure, width, marked, is_cursor, line_style)
        strip = self._strips.get(key)
        if strip is None:
            strip = Strip(row_segments(row, width, marked=marked, cursor=is_cursor, base=line_style)).crop_extend(
                0, width, line_style
            )
            self._strips.set(key, strip)
        return strip

    def _refresh_position(self, position: int) -> None:
        y = position - int(self.scroll_y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # -- moving ---------------------------------------------------------------------------

    def move_cursor(self, position: int, *, center: bool = False) -> None:
        if self.total == 0:
            return
        position = max(0, min(position, self.total - 1))
        old = self.cursor
        self.cursor = position
        self._cancel_jump()
        height = max(self.size.height, 1)
        top = int(self.scroll_y)
        target: int | None = None
        if center and not top <= position < top + height:
            target = max(position - height // 2, 0)
        elif position < top:
            target = position
        elif position >= top + height:
            target = position - height + 1
        if target is not None and self.index is not None:
            # A jump into rows not in the cache: fetch the new screenful first and scroll when it
            # is in (or after JUMP_WAIT), so the screen is painted once, with rows, and the UI
            # thread is idle (not painting placeholders) while the worker reads them. Nothing is
            # repainted meanwhile: a paint now would make the one with the rows wait for the
            # next frame.
            needed = self.pages.missing(target, min(target + height, self.total) - 1)
            if needed:
                self._jump_target = target
                self._jump_timer = self.set_timer(JUMP_WAIT, self._finish_jump)
                fetch = self.pages.request(needed)
                if fetch:
                    self._fetch_pages(self.index, self.pages.generation, fetch)
                return
        self._refresh_position(old)
        self._refresh_position(position)
        if target is not None:
            self.scroll_to(y=target, animate=False, immediate=True)
        if self.row_at(position) is None and self.index is not None:
            # fetch the cursor's page at once (not after the next paint)
            fetch = self.pages.request([self.pages.page_of(position)])
            if fetch:
                self._fetch_pages(self.index, self.pages.generation, fetch)
        self._announce()

    def _cancel_jump(self) -> None:
        self._jump_target = None
        if self._jump_timer is not None:
            self._jump_timer.stop()
            self._jump_timer = None

    def _finish_jump(self) -> None:
        """Scroll to the jump's target: its rows are in, or the wait is over (then the rows not
        yet fetched show as "…" until they are)."""
        target = self._jump_target
        self._cancel_jump()
        if target is None:
            return
        self.scroll_to(y=target, animate=False, immediate=True)
        self.refresh()
        self._announce()

    def jump_to(self, position: int) -> None:
        """Put the cursor on ``position``, centred; its rows are fetched if not cached."""
        self.move_cursor(position, center=True)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor + direction * max(self.size.height - 1, 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self.total - 1)

    def select_claim(self, claim_id: int) -> None:
        """Move the cursor to ``claim_id`` (found through the index, in a worker)."""
        row = self.current_row
        if row is not None and row.id == claim_id:
            return
        for position in range(int(self.scroll_y), min(int(self.scroll_y) + self.size.height, self.total)):
            candidate = self.row_at(position)
            if candidate is not None and candidate.id == claim_id:
                self.move_cursor(position)
                return
        if self.index is not None:
            self._find_position(self.index, self.pages.filter_generation, claim_id)
        else:
            self._keep_claim = claim_id

    def toggle_mark(self) -> QueueRow | None:
        row = self.current_row
        if row is None:
            return None
        if row.id in self.marks:
            del self.marks[row.id]
        else:
            self.marks[row.id] = row.version
        self._refresh_position(self.cursor)
        return row

    def clear_marks(self) -> None:
        self.marks.clear()
        self.refresh()

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        position = int(self.scroll_y) + offset.y
        if position < self.total:
            self.focus()
            self.move_cursor(position)
            row = self.current_row
            if event.chain >= 2 and row is not None:
                self.post_message(self.Activated(self, row))

    def on_resize(self, event: events.Resize) -> None:
        self._resize()
