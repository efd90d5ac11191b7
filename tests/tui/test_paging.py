"""The queue's paging and cache (:class:`QueuePages`), on their own: no app, no database."""

from __future__ import annotations

from claimtrack.services.desk import ClaimFilter
from claimtrack.services.views import QueueIndex, QueueRow
from claimtrack.tui.paging import QueuePages, runs

SIZE = 10
"""Rows a page, in these tests."""


def row(position: int) -> QueueRow:
    return QueueRow(
        id=position + 1,
        status="new",
        score=0.5,
        claimant=None,
        text=f"claim {position}",
        article_id=1,
        article_title="An article",
        assignee=None,
        cues=(),
        disputed_by=(),
        version=1,
        origin="extractor",
    )


def page(number: int, total: int = 1000) -> list[QueueRow]:
    return [row(p) for p in range(number * SIZE, min((number + 1) * SIZE, total))]


def index(total: int, flt: ClaimFilter | None = None) -> QueueIndex:
    return QueueIndex(flt=flt or ClaimFilter(), total=total, stride=1, anchors=tuple((i,) for i in range(1, total + 1)))


def indexed(total: int = 1000, max_pages: int = 5) -> QueuePages:
    pages = QueuePages(page_size=SIZE, max_pages=max_pages)
    generation = pages.show(ClaimFilter())
    assert pages.indexed(generation, index(total))
    return pages


def test_runs_groups_consecutive_pages() -> None:
    assert runs([9, 3, 4, 4]) == [(3, 2), (9, 1)]
    assert runs([]) == []


def test_the_first_page_is_shown_before_the_index_and_an_older_filters_is_dropped() -> None:
    pages = QueuePages(page_size=SIZE)
    old = pages.show(ClaimFilter.build(search="bridge"))
    new = pages.show(ClaimFilter.build(search="bridges"))
    assert pages.building_index and not pages.first_page_shown
    assert not pages.first_page(old, page(0)), "a page of the filter before is dropped"
    assert pages.first_page(new, page(0))
    assert pages.first_page_shown and pages.total == SIZE
    assert pages.row_at(3) == row(3) and pages.row_at(SIZE) is None
    # nothing past the first page is fetched before the index is built
    assert pages.want(0) is False  # (cached)
    assert pages.take_wanted() == []
    assert not pages.indexed(old, index(500))
    assert not pages.indexed(new, None), "a build that was skipped"
    assert pages.indexed(new, index(500))
    assert not pages.building_index and pages.total == 500
    assert not pages.first_page(new, page(0)), "the index came first: the first page is not news"


def test_wanted_pages_are_fetched_once_and_in_range() -> None:
    pages = indexed(total=95)
    assert pages.want(3) and pages.want(4)
    assert not pages.want(3), "wanted already"
    assert not pages.want(-1) and not pages.want(10), "no such page"
    assert pages.take_wanted() == [3, 4]
    assert pages.fetching
    assert not pages.want(3), "being read"
    assert pages.take_wanted() == []
    assert pages.loaded(pages.generation, {3: page(3), 4: page(4)})
    assert not pages.fetching
    assert pages.row_at(41) == row(41)
    assert pages.has(3) and not pages.has(5)
    assert pages.missing(35, 65) == [5, 6]
    assert pages.request([5, 6]) == [5, 6]
    assert pages.request([6, 7]) == [7], "6 is being read already"


def test_stale_pages_show_until_they_are_read_again() -> None:
    pages = indexed()
    pages.loaded(pages.generation, {0: page(0), 1: page(1)})
    before = pages.generation
    pages.make_stale()  # someone changed claims
    assert pages.row_at(12) == row(12), "the old row is shown meanwhile"
    assert not pages.has(1), "... but it is not fresh"
    assert not pages.loaded(before, {1: page(1)}), "a read started before the change is dropped"
    changed = [r if r.id != 13 else QueueRow(**{**_fields(r), "status": "disputed"}) for r in page(1)]
    assert pages.loaded(pages.generation, {1: changed})
    assert pages.row_at(12) is not None and pages.row_at(12).status == "disputed"  # type: ignore[union-attr]
    assert pages.has(1) and not pages.has(0)


def test_an_index_built_again_makes_the_pages_stale() -> None:
    pages = indexed(total=100)
    pages.loaded(pages.generation, {2: page(2)})
    generation = pages.generation
    assert pages.indexed(pages.filter_generation, index(101))  # a claim came
    assert pages.total == 101 and pages.generation == generation + 1
    assert not pages.has(2) and pages.row_at(25) == row(25)


def test_the_cache_is_bounded_and_keeps_what_was_drawn_last() -> None:
    pages = indexed(max_pages=5)
    pages.loaded(pages.generation, {n: page(n) for n in range(5)})
    assert pages.row_at(0) is not None  # page 0 drawn: the most recently used now
    pages.loaded(pages.generation, {5: page(5), 6: page(6)})
    assert [n for n in range(7) if pages.has(n)] == [0, 3, 4, 5, 6]
    assert pages.cached_rows == 5 * SIZE


def test_stale_copies_off_screen_go_once_the_cache_is_full() -> None:
    pages = indexed(max_pages=4)
    pages.loaded(pages.generation, {n: page(n) for n in range(4)})
    pages.make_stale()
    pages.loaded(pages.generation, {0: page(0)})
    pages.prune_stale(keep={1})
    assert pages.cached_rows == 4 * SIZE, "not full yet: every stale copy kept"
    pages.loaded(pages.generation, {5: page(5)})
    pages.prune_stale(keep={1})
    assert pages.row_at(15) == row(15), "on screen: kept until read again"
    assert pages.row_at(25) is None and pages.row_at(35) is None
    assert pages.cached_rows == 3 * SIZE


def test_a_new_filter_forgets_everything() -> None:
    pages = indexed()
    pages.loaded(pages.generation, {0: page(0), 1: page(1)})
    pages.want(7)
    pages.show(ClaimFilter.build(status=["disputed"]))
    assert pages.index is None and pages.cached_rows == 0 and pages.take_wanted() == []
    assert pages.flt == ClaimFilter.build(status=["disputed"])


def _fields(r: QueueRow) -> dict[str, object]:
    return {name: getattr(r, name) for name in QueueRow.__dataclass_fields__}
