"""The review queue, paged from the database: never more than a screenful in memory.

The queue is in one of the orders of :class:`~claimtrack.services.queries.ClaimSort`:
check-worthiness (highest score first, the default), the article's date (newest or oldest
first) or claim id (the order claims arrived in). Every order ends with the claim id, so each
row has a unique *sort key*: the values of the order's columns (``(score, id)``,
``(date, article id, id)``, ``(id,)``; :func:`~claimtrack.services.queries.sort_parts`).

Paging is by key, not by ``OFFSET``: ``page_after(key)`` reads the next rows with a sort key
after ``key`` through the order's index (the primary key, ``ix_claim_score_order``, or
``ix_article_date`` then the claims of each article: migration 0009), whatever the size of the
table. The bound is a row-value comparison on the index's leading columns (which the database
seeks to) and the full key comparison (which skips the few rows of that place already read: the
claims with the same score read before, or the article's claims read before). To jump to any
position (the checker drags the scroll bar to row 612,345), :class:`QueueIndex` keeps the sort
key of every ``stride``-th row of the current filter: position ``p`` is then at most ``stride``
rows from a known key. Its memory is ``total / stride`` keys (a few hundred KB for a million
claims).

A text search is driven by the full-text index where that pays: on SQLite in id order the FTS5
index yields its rowids in order; otherwise (PostgreSQL, or another order) the first page looks
through the next ``PROBE_ROWS`` claims in order before asking the index for every match (see
:func:`_search_page`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from claimtrack.limits import MAX_ID
from claimtrack.services.queries import (
    ClaimFilter,
    ClaimSort,
    SortPart,
    apply_filter,
    sort_needs_article,
    sort_parts,
)
from claimtrack.services.search import PG_DOCUMENT, fts5_query, pg_match, query_words
from claimtrack.services.seen import seen_before
from claimtrack.store.models import Article, Claim

DEFAULT_STRIDE = 512
DENSE_LIMIT = 20_000
"""A filter of at most this many claims keeps every key in its index (a few MB at most)."""

SortKey = tuple[Any, ...]
"""A row's place in its order: the values of the order's columns, the claim id last."""


@dataclass(frozen=True, slots=True)
class QueueRow:
    """What one line of the queue shows; plain data, safe to hand between threads."""

    id: int
    status: str
    score: float
    claimant: str | None
    text: str
    article_id: int
    article_title: str
    assignee: str | None
    cues: tuple[str, ...]
    disputed_by: tuple[str, ...]
    version: int
    origin: str
    seen: str = ""
    """How it was seen before (``checked: false``, ``fact check: False``, ``repeated ×3``), or ""."""
    seen_sure: bool = False
    """The match behind ``seen`` is confirmed, or strong; else it is a suggestion to decide."""


@dataclass
class QueueIndex:
    """Where the current filter's rows are: their count and the sort key of every ``stride``-th
    row (of every row when ``stride`` is 1), in the filter's order."""

    flt: ClaimFilter
    total: int = 0
    stride: int = DEFAULT_STRIDE
    anchors: list[SortKey] = field(default_factory=list)


_COLUMNS = (
    col(Claim.id),
    col(Claim.status),
    col(Claim.score),
    col(Claim.claimant),
    col(Claim.text),
    col(Claim.article_id),
    col(Article.title),
    col(Claim.assignee),
    col(Claim.cues),
    col(Claim.disputed_by),
    col(Claim.version),
    col(Claim.origin),
)


def _row(values: sa.Row[*tuple[Any, ...]]) -> QueueRow:
    (cid, status, score, claimant, text, article_id, title, assignee, cues, disputed, version, origin) = values
    return QueueRow(
        id=cid,
        status=status,
        score=score,
        claimant=claimant,
        text=text,
        article_id=article_id,
        article_title=title,
        assignee=assignee,
        cues=tuple(cues or ()),
        disputed_by=tuple(disputed or ()),
        version=version,
        origin=origin,
    )


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


_FTS = sa.table("claim_fts", sa.column("rowid"))
_FTS_ROWID: sa.ColumnElement[int] = sa.literal_column("claim_fts.rowid", type_=sa.Integer())

_SEEK = {ClaimSort.SCORE: 1, ClaimSort.ID: 1, ClaimSort.NEWEST: 2, ClaimSort.OLDEST: 2}
"""How many leading columns of each order an index reads in one direction: a bound on them is
a row value the database seeks to (the score; the article's date and id)."""


@dataclass(frozen=True)
class _Order:
    """How one filter's rows are read in order."""

    parts: tuple[SortPart, ...]
    seek: int
    join_article: bool
    dialect: str
    words: tuple[str, ...]
    fts: bool
    """SQLite, id order, a search: driven by the FTS5 index, whose rowids come in order."""

    @property
    def searching(self) -> bool:
        return bool(self.words)


def _order(session: Session, flt: ClaimFilter) -> _Order:
    dialect = _dialect(session)
    words = tuple(query_words(flt.search)) if flt.search else ()
    fts = bool(words) and dialect == "sqlite" and flt.sort is ClaimSort.ID
    parts = (SortPart(_FTS_ROWID),) if fts else sort_parts(flt.sort, dialect)
    return _Order(
        parts=parts,
        seek=_SEEK[flt.sort],
        join_article=sort_needs_article(flt.sort),
        dialect=dialect,
        words=words,
        fts=fts,
    )


def _fts_matches(words: tuple[str, ...]) -> sa.Select[Any]:
    """SQLite: the ids of the claims matching every word (the FTS5 table's rowid is the claim id)."""
    match = sa.literal_column("claim_fts").op("MATCH")(fts5_query(list(words)))
    return sa.select(_FTS.c.rowid).select_from(_FTS).where(match)


def _keys_statement(
    order: _Order, flt: ClaimFilter, *extra: sa.ColumnElement[Any], from_matches: bool = False
) -> sa.Select[Any]:
    """``SELECT`` the sort key (columns ``k0``, ``k1``, ...; the claim id last) of the filter's
    rows, in order (and ``extra`` columns).

    A search on SQLite in an order of its own is a test on each row of the order's walk: the
    FTS5 matches are read once into a set (``claim.id + 0 IN (...)``: the ``+ 0`` keeps the
    planner from looking up every match by id and sorting them all, for each page). Only
    ``from_matches`` (a rare word's matches) reads them by id.
    """
    keys = [part.column.label(f"k{i}") for i, part in enumerate(order.parts)]
    if order.fts:
        statement = (
            sa.select(*keys, *extra)
            .select_from(_FTS)
            .join(Claim, col(Claim.id) == _FTS.c.rowid)
            .where(sa.literal_column("claim_fts").op("MATCH")(fts5_query(list(order.words))))
        )
        flt = replace(flt, search=None)
    else:
        statement = sa.select(*keys, *extra).select_from(Claim)
        if order.join_article:
            statement = statement.join(Article, col(Article.id) == Claim.article_id)
        words = tuple(query_words(flt.search)) if flt.search else ()
        if words and order.dialect == "sqlite":
            tested = col(Claim.id) if from_matches else col(Claim.id) + 0
            statement = statement.where(tested.in_(_fts_matches(words)))
            flt = replace(flt, search=None)
    return apply_filter(statement, flt, order.dialect).order_by(*(part.order() for part in order.parts))


def _value(part: SortPart, value: Any) -> sa.ColumnElement[Any]:
    return sa.literal(value, type_=part.column.type)


def _compare(parts: list[tuple[SortPart, Any]], strict: bool, forward: bool) -> sa.ColumnElement[bool]:
    """``columns op values`` for parts of one direction, as a row value (or a plain comparison
    for one column). ``forward``: later in the order (``>`` ascending, ``<`` descending)."""
    descending = parts[0][0].descending
    greater = forward != descending
    op = (">" if strict else ">=") if greater else ("<" if strict else "<=")
    if len(parts) == 1:
        left: sa.ColumnElement[Any] = parts[0][0].column
        right: sa.ColumnElement[Any] = _value(*parts[0])
    else:
        left = sa.tuple_(*(part.column for part, _ in parts))
        right = sa.tuple_(*(_value(part, value) for part, value in parts))
    return left.op(op, is_comparison=True)(right)


def _runs(parts: list[tuple[SortPart, Any]]) -> list[list[tuple[SortPart, Any]]]:
    """The parts with their values, in runs of one direction."""
    runs: list[list[tuple[SortPart, Any]]] = []
    for part, value in parts:
        if runs and runs[-1][0][0].descending == part.descending:
            runs[-1].append((part, value))
        else:
            runs.append([(part, value)])
    return runs


def _bound(order: _Order, key: SortKey, bound: str) -> sa.ColumnElement[bool]:
    """Rows ``after``, ``from`` (at or after), ``before`` or ``through`` (up to and with)
    ``key`` in the order.

    The leading columns an index reads in one direction (the score; the article's date and id)
    are bounded as a row value, which the database seeks to; past them, the rest of the key
    (the claim id) only decides among the rows with the same leading values, the few rows of
    that place (the claims with that score, or that article's claims):
    ``lead >= k AND (lead <> k OR rest > r)``. Written so, it has no ``OR`` an index can answer,
    which PostgreSQL would otherwise answer with a bitmap of every row after the key, then sort.
    """
    forward = bound in ("after", "from")
    strict = bound in ("after", "before")
    parts = list(zip(order.parts, key, strict=True))
    lead, rest = parts[: order.seek], parts[order.seek :]
    if not rest:
        return _compare(lead, strict, forward)
    runs = _runs(rest)

    def within(i: int) -> sa.ColumnElement[bool]:
        if i == len(runs) - 1:
            return _compare(runs[i], strict, forward)
        equal = sa.and_(*(part.column == _value(part, value) for part, value in runs[i]))
        return sa.or_(_compare(runs[i], True, forward), sa.and_(equal, within(i + 1)))

    elsewhere = sa.or_(*(part.column != _value(part, value) for part, value in lead))
    return sa.and_(_compare(lead, False, forward), sa.or_(elsewhere, within(0)))


def _precedes(order: _Order, a: SortKey, b: SortKey) -> bool:
    """``a`` comes before ``b`` in the order."""
    for part, x, y in zip(order.parts, a, b, strict=True):
        if x != y:
            return bool(x > y) if part.descending else bool(x < y)
    return False


def _anchors_through(order: _Order, anchors: list[SortKey], key: SortKey) -> int:
    """How many of ``anchors`` (in order) are at or before ``key``."""
    low, high = 0, len(anchors)
    while low < high:
        middle = (low + high) // 2
        if _precedes(order, key, anchors[middle]):
            high = middle
        else:
            low = middle + 1
    return low


def _ordered_columns(sub: sa.Subquery, order: _Order) -> list[sa.UnaryExpression[Any]]:
    """The order, on the key columns of a subquery made by :func:`_keys_statement`."""
    return [sub.c[f"k{i}"].desc() if part.descending else sub.c[f"k{i}"].asc() for i, part in enumerate(order.parts)]


def _rows_for_keys(session: Session, order: _Order, keys: sa.Select[Any]) -> list[QueueRow]:
    """The rows of the claims ``keys`` (a statement of :func:`_keys_statement`) selects, in
    order, in one statement. Core on the connection, not the ORM: this runs in a worker thread
    beside the UI, and every Python step saved is time the UI does not wait for the
    interpreter lock."""
    sub = keys.subquery()
    last = sub.c[f"k{len(order.parts) - 1}"]  # the claim id
    rows = (
        sa.select(*_COLUMNS)
        .select_from(sub)
        .join(Claim, col(Claim.id) == last)
        .join(Article, col(Article.id) == Claim.article_id)
        .order_by(*_ordered_columns(sub, order))
    )
    return _marked(session, [_row(r) for r in session.connection().execute(rows)])


def _marked(session: Session, rows: list[QueueRow]) -> list[QueueRow]:
    """The rows with their seen-before marks (one query for the page)."""
    marks = seen_before(session, [r.id for r in rows])
    if not marks:
        return rows
    return [replace(r, seen=marks[r.id].mark, seen_sure=marks[r.id].sure) if r.id in marks else r for r in rows]


def _rows_for_ids(session: Session, ids: list[int]) -> list[QueueRow]:
    """The rows of ``ids``, in the order of ``ids`` (see :func:`_rows_for_keys`)."""
    if not ids:
        return []
    rows = sa.select(*_COLUMNS).join(Article, col(Article.id) == Claim.article_id).where(col(Claim.id).in_(ids))
    found = {row.id: row for row in _marked(session, [_row(r) for r in session.connection().execute(rows)])}
    return [found[i] for i in ids if i in found]


PROBE_ROWS = 5000
"""A search in an order its full-text index cannot give: how many claims, in queue order, the
first page looks through before it asks the full-text index instead (see :func:`_search_page`)."""


def page_after(session: Session, flt: ClaimFilter, after: SortKey | None, limit: int) -> list[QueueRow]:
    """Up to ``limit`` rows whose sort key comes after ``after`` (from the start when ``None``)."""
    order = _order(session, flt)
    if order.searching and not order.fts:
        return _search_page(session, flt, order, after, limit)
    statement = _keys_statement(order, flt)
    if after is not None:
        statement = statement.where(_bound(order, after, "after"))
    return _rows_for_keys(session, order, statement.limit(limit))


def sort_key(session: Session, flt: ClaimFilter, claim_id: int) -> SortKey | None:
    """``claim_id``'s sort key in ``flt``'s order (whether the filter shows it or not), or
    ``None`` if there is no such claim."""
    if not 0 < claim_id <= MAX_ID:  # (beyond an INTEGER column: no such claim, not a driver error)
        return None
    order = _order(session, flt)
    if order.fts:  # the FTS5 rowid is the claim id
        order = replace(order, parts=sort_parts(ClaimSort.ID, order.dialect), fts=False)
    statement = _keys_statement(order, ClaimFilter()).where(col(Claim.id) == claim_id)
    row = session.connection().execute(statement).first()
    return tuple(row) if row is not None else None


def _search_page(
    session: Session, flt: ClaimFilter, order: _Order, after: SortKey | None, limit: int
) -> list[QueueRow]:
    """The first ``limit`` matches after ``after``, whatever the word's frequency.

    The database either walks the queue in order testing each row (instant for a common word,
    a scan of the whole table for a word that matches nothing: a planner cannot tell a typo
    from "said") or asks the full-text index for every match and sorts them (instant for a rare
    word, seconds for one in a third of the claims). So: look through the next ``PROBE_ROWS``
    claims in order first; if they hold a page, done; if not, the word is rare and the index is
    cheap.
    """
    rest = replace(flt, search=None)
    words = list(order.words)
    extra: list[sa.ColumnElement[Any]] = []
    if order.dialect == "postgresql":
        extra.append(sa.literal_column(PG_DOCUMENT).label("document"))  # a tsvector
    window = _keys_statement(order, rest, *extra)
    if after is not None:
        window = window.where(_bound(order, after, "after"))
    # the next PROBE_ROWS claims in order, then the matches among them: the database cannot
    # turn this into an index search of every match
    rows = window.limit(PROBE_ROWS).subquery()
    last = rows.c[f"k{len(order.parts) - 1}"]
    if order.dialect == "postgresql":
        matches = pg_match(rows.c.document, words)
    else:
        matches = last.in_(_fts_matches(order.words))
    keys = [rows.c[f"k{i}"] for i in range(len(order.parts))]
    found = sa.select(*keys).where(matches).order_by(*_ordered_columns(rows, order)).limit(limit)
    page = _rows_for_keys(session, order, found)
    if len(page) >= limit:
        return page
    scanned = session.execute(sa.select(sa.func.count()).select_from(rows)).scalar_one()
    if scanned < PROBE_ROWS:
        return page  # the window reached the end of the queue: these are all
    # a rare word: every match from the index, then sorted. The matches are a subquery with
    # an OFFSET, which neither engine merges into the sorted query: the ORDER BY cannot lead
    # the planner back to walking the order's index and testing every row.
    statement = _keys_statement(order, flt, from_matches=True).order_by(None)
    if after is not None:
        statement = statement.where(_bound(order, after, "after"))
    every = statement.offset(0).subquery()
    ordered = sa.select(*(every.c[f"k{i}"] for i in range(len(order.parts)))).order_by(*_ordered_columns(every, order))
    return _rows_for_keys(session, order, ordered.limit(limit))


def rows_at(session: Session, index: QueueIndex, start: int, count: int) -> list[QueueRow]:
    """The rows at positions ``start`` .. ``start + count - 1`` of ``index``'s filter."""
    if count <= 0 or start >= index.total or not index.anchors:
        return []
    start = max(start, 0)
    if index.stride == 1:  # every key is known: no search, no filter to evaluate again
        return _rows_for_ids(session, [key[-1] for key in index.anchors[start : start + count]])
    order = _order(session, index.flt)
    block = min(start // index.stride, len(index.anchors) - 1)
    skip = start - block * index.stride
    statement = _keys_statement(order, index.flt).where(_bound(order, index.anchors[block], "from"))
    # and before the anchor after the last wanted position: the scan is bounded on both sides
    # (a search on PostgreSQL otherwise fetches every match of the word to sort them)
    following = (start + count - 1) // index.stride + 1
    if following < len(index.anchors):
        statement = statement.where(_bound(order, index.anchors[following], "before"))
    return _rows_for_keys(session, order, statement.limit(count).offset(skip))


def position_of(session: Session, index: QueueIndex, claim_id: int) -> int | None:
    """The position of ``claim_id`` in the index's filter, or ``None`` if it is not in it."""
    if index.stride == 1:
        return next((i for i, key in enumerate(index.anchors) if key[-1] == claim_id), None)
    key = sort_key(session, index.flt, claim_id)
    if key is None:
        return None
    order = _order(session, index.flt)
    block = _anchors_through(order, index.anchors, key) - 1
    if block < 0:
        return None
    statement = _keys_statement(order, index.flt)
    statement = statement.where(_bound(order, index.anchors[block], "from")).where(_bound(order, key, "through"))
    keys = list(session.execute(statement.limit(index.stride + 1)))
    if not keys or keys[-1][-1] != claim_id:
        return None
    return block * index.stride + len(keys) - 1


def build_index(
    session: Session, flt: ClaimFilter, stride: int = DEFAULT_STRIDE, dense_limit: int = DENSE_LIMIT
) -> QueueIndex:
    """Count the filter's rows and keep every stride-th key; every key if there are at most
    ``dense_limit`` (then the rows of any position are read by id, with no search to run
    again: a rare word's matches are far apart, and a scan between two anchors long).

    The numbering is done by the database (a ``row_number()`` window), so only the anchors
    (``total / stride`` rows, or at most ``dense_limit``) cross into Python: on a million claims
    the scan runs in SQLite's or PostgreSQL's own code, without holding Python's interpreter
    lock, and the TUI stays responsive while it runs.
    """
    order = _order(session, flt)
    keys = _keys_statement(order, flt)
    numbered = (
        keys.add_columns(
            sa.func.row_number().over(order_by=[part.order() for part in order.parts]).label("position"),
            sa.func.count().over().label("total"),
        )
        .order_by(None)
        .subquery()
    )
    width = len(order.parts)
    step = sa.case((numbered.c.total <= dense_limit, 1), else_=stride)
    statement = (
        sa.select(*(numbered.c[f"k{i}"] for i in range(width)), numbered.c.total)
        .where((numbered.c.position - 1) % step == 0)
        .order_by(numbered.c.position)
    )
    index = QueueIndex(flt=flt, stride=stride)
    for row in session.execute(statement):
        index.anchors.append(tuple(row[:width]))
        index.total = row[width]
    if index.total <= dense_limit:
        index.stride = 1
    return index
