"""The queue's rows at hand: pages of one filter's rows, fetched by position, in a bounded cache.

Plain Python, no widget and no thread: :class:`~claimtrack.tui.widgets.queue.ClaimQueue` asks
it what to fetch, hands it what its workers read, and draws the rows it holds. Nothing here
holds all the rows: at most ``max_pages`` pages of ``page_size`` rows (the least recently
drawn go first), whatever the size of the database.

Work started for an older state is recognised by its *generation*: ``filter_generation``
changes with the filter (a first page or an index of an older filter is dropped), and
``generation`` whenever the cached pages go stale (pages read before are dropped).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.cache import LRUCache

from claimtrack.services.desk import ClaimFilter
from claimtrack.services.views import QueueIndex, QueueRow

PAGE_SIZE = 40
MAX_PAGES = 40
"""At most ``PAGE_SIZE * MAX_PAGES`` rows (1,600) are held, whatever the database size."""


def runs(pages: Iterable[int]) -> list[tuple[int, int]]:
    """Page numbers as runs of consecutive pages, each read in one query: ``[3, 4, 9] -> [(3, 2), (9, 1)]``."""
    found: list[tuple[int, int]] = []
    for page in sorted(set(pages)):
        if found and found[-1][0] + found[-1][1] == page:
            found[-1] = (found[-1][0], found[-1][1] + 1)
        else:
            found.append((page, 1))
    return found


class QueuePages:
    """The rows of the queue's current filter that are at hand, by position."""

    def __init__(self, *, page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES) -> None:
        self.page_size = page_size
        self.max_pages = max_pages
        self.flt = ClaimFilter()
        self.index: QueueIndex | None = None
        """Where every row of the filter is; ``None`` until it is built (only the first page is known)."""
        self.total = 0
        """Rows in the filter (the first page's length until the index is built)."""
        self.first_page_shown = False
        self.generation = 0
        self.filter_generation = 0
        self._pages: LRUCache[int, list[QueueRow]] = LRUCache(max_pages)
        self._stale: dict[int, list[QueueRow]] = {}
        """Pages read before a change, shown until they are read again."""
        self._pending: set[int] = set()
        self._wanted: set[int] = set()

    # -- the filter and its index ---------------------------------------------------------

    def show(self, flt: ClaimFilter) -> int:
        """Start over with ``flt`` (nothing of it is known yet). Returns its generation, to tag
        the work started for it (the first page, the index). ``total`` stays until the first
        page comes (the screen is not emptied meanwhile)."""
        self.flt = flt
        self.generation += 1
        self.filter_generation += 1
        self.index = None
        self.first_page_shown = False
        self._pages.clear()
        self._stale.clear()
        self._pending.clear()
        self._wanted.clear()
        return self.filter_generation

    @property
    def building_index(self) -> bool:
        return self.index is None

    def first_page(self, generation: int, rows: list[QueueRow]) -> bool:
        """The filter's first rows, read before its index: shown at once. False (and ignored)
        if they are of another filter, or the index came first."""
        if generation != self.filter_generation or self.index is not None:
            return False
        self._put(0, rows)
        self.first_page_shown = True
        self.total = len(rows)
        return True

    def indexed(self, generation: int, index: QueueIndex | None) -> bool:
        """The filter's index is built: the total is known, and any position can be read.

        An index built again for the same filter (claims came or went) makes every cached page
        stale. False (and ignored) for another filter's index, or none (a build skipped).
        """
        if generation != self.filter_generation or index is None:
            return False
        rebuilt = self.index is not None
        self.index = index
        self.total = index.total
        if rebuilt:
            self.make_stale()
        return True

    def make_stale(self) -> None:
        """The rows may have changed: read them again, and show the old ones meanwhile."""
        self.generation += 1
        for page in list(self._pages.keys()):
            rows = self._pages.get(page)
            if rows is not None:
                self._stale[page] = rows
        self._pages.clear()
        self._pending.clear()

    # -- rows ---------------------------------------------------------------------------

    def page_of(self, position: int) -> int:
        return position // self.page_size

    def row_at(self, position: int) -> QueueRow | None:
        """The row at ``position`` if it is at hand (fresh, or stale while it is read again)."""
        if not 0 <= position < self.total:
            return None
        page, offset = divmod(position, self.page_size)
        rows = self._pages.get(page)
        if rows is None:
            rows = self._stale.get(page)
        if rows is None or offset >= len(rows):
            return None
        return rows[offset]

    def has(self, page: int) -> bool:
        """``page`` is cached, fresh (not stale)."""
        return page in self._pages

    @property
    def fetching(self) -> bool:
        """Pages are being read."""
        return bool(self._pending)

    @property
    def cached_rows(self) -> int:
        """Rows held, fresh and stale: bounded by ``page_size * max_pages`` (and the stale pages on screen)."""
        fresh = sum(len(self._pages.get(page) or ()) for page in list(self._pages.keys()))
        return fresh + sum(len(rows) for rows in self._stale.values())

    # -- what to read ---------------------------------------------------------------------

    def want(self, page: int) -> bool:
        """Note that ``page`` is needed (it is drawn, or next to what is). True if it was not
        wanted yet; :meth:`take_wanted` hands the wanted pages over, to fetch them together."""
        if page < 0 or page * self.page_size >= self.total:
            return False
        if page in self._pages or page in self._pending or page in self._wanted:
            return False
        self._wanted.add(page)
        return True

    def take_wanted(self) -> list[int]:
        """The wanted pages still missing, now being read (none until the index is built)."""
        wanted = sorted(p for p in self._wanted if p not in self._pages and p not in self._pending)
        self._wanted.clear()
        if not wanted or self.index is None:
            return []
        self._pending.update(wanted)
        return wanted

    def missing(self, first: int, last: int) -> list[int]:
        """The pages holding positions ``first`` to ``last`` that are not cached fresh."""
        return [p for p in range(self.page_of(first), self.page_of(last) + 1) if p not in self._pages]

    def request(self, pages: Iterable[int]) -> list[int]:
        """Of ``pages``, those not being read already: now they are (fetch them)."""
        fetch = [p for p in pages if p not in self._pending]
        self._pending.update(fetch)
        return fetch

    def loaded(self, generation: int, pages: dict[int, list[QueueRow]]) -> bool:
        """Pages read by a worker started at ``generation``; False (and ignored) if they went
        stale meanwhile."""
        if generation != self.generation:
            return False
        for page, rows in pages.items():
            self._pending.discard(page)
            self._stale.pop(page, None)
            self._put(page, rows)
        return True

    def prune_stale(self, keep: set[int]) -> None:
        """Once more pages are held than ``max_pages``, drop the stale copies but ``keep`` (the
        pages on screen): they are only a stop-gap while the pages are read again."""
        if len(self._pages) + len(self._stale) <= self.max_pages:
            return
        for page in [p for p in self._stale if p not in keep]:
            del self._stale[page]

    def _put(self, page: int, rows: list[QueueRow]) -> None:
        self._pages.discard(page)  # (LRUCache.set keeps an existing value)
        self._pages.set(page, rows)
