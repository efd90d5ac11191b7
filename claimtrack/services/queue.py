"""The review queue, paged from the database: never more than a screenful in memory.

Rows are ordered by claim id (the order claims arrived in: a first-in, first-out work queue).
Paging is by key, not by ``OFFSET``: ``page_after(id)`` reads the next rows with ``id > :id``
through the primary key, whatever the size of the table. To jump to any position (the checker
drags the scroll bar to row 612,345), :class:`QueueIndex` keeps the id of every
``stride``-th row of the current filter: position ``p`` is then at most ``stride`` rows from a
known id. Its memory is ``total / stride`` integers (8 KB for a million claims).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from claimtrack.services.queries import ClaimFilter, apply_filter
from claimtrack.services.search import PG_DOCUMENT, fts5_query, pg_match, query_words
from claimtrack.store.models import Article, Claim

DEFAULT_STRIDE = 512
DENSE_LIMIT = 20_000
"""A filter of at most this many claims keeps every id in its index (160 KB of ids at most)."""


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


@dataclass
class QueueIndex:
    """Where the current filter's rows are: their count and every ``stride``-th id."""

    flt: ClaimFilter
    total: int = 0
    stride: int = DEFAULT_STRIDE
    anchors: list[int] = field(default_factory=list)


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


def _ids_statement(session: Session, flt: ClaimFilter) -> sa.Select[int | None]:
    """``SELECT claim.id`` for the filter, in queue order.

    On SQLite a text search drives from the FTS5 index, which yields rowids in order, so the
    first page of a common word costs a page, not every match.
    """
    dialect = _dialect(session)
    words = query_words(flt.search) if flt.search else []
    if words and dialect == "sqlite":
        fts = sa.table("claim_fts", sa.column("rowid"))
        statement = (
            sa.select(col(Claim.id))
            .select_from(fts)
            .join(Claim, col(Claim.id) == fts.c.rowid)
            .where(sa.literal_column("claim_fts").op("MATCH")(fts5_query(words)))
        )
        rest = replace(flt, search=None)
        return apply_filter(statement, rest, dialect).order_by(fts.c.rowid)
    return apply_filter(sa.select(col(Claim.id)), flt, dialect).order_by(col(Claim.id))


def _rows_for_ids(session: Session, ids: list[int]) -> list[QueueRow]:
    """The rows of ``ids``, in id order. Core on the connection, not the ORM: this runs in a
    worker thread beside the UI, and every Python step saved is time the UI does not wait for
    the interpreter lock."""
    if not ids:
        return []
    rows = (
        sa.select(*_COLUMNS)
        .join(Article, col(Article.id) == Claim.article_id)
        .where(col(Claim.id).in_(ids))
        .order_by(col(Claim.id))
    )
    return [_row(r) for r in session.connection().execute(rows)]


def _id_bound(
    statement: sa.Select[int | None], session: Session, flt: ClaimFilter, op: str, value: int
) -> sa.Select[int | None]:
    if flt.search and query_words(flt.search) and _dialect(session) == "sqlite":
        rowid: sa.ColumnElement[int] = sa.literal_column("claim_fts.rowid")
        return statement.where(rowid > value if op == ">" else rowid >= value if op == ">=" else rowid < value)
    column = col(Claim.id)
    return statement.where(column > value if op == ">" else column >= value if op == ">=" else column < value)


PROBE_ROWS = 5000
"""PostgreSQL search: how many claims, in queue order, the first page looks through before it
asks the full-text index instead (see :func:`page_after`)."""


def page_after(session: Session, flt: ClaimFilter, after_id: int | None, limit: int) -> list[QueueRow]:
    """Up to ``limit`` rows with ids greater than ``after_id`` (from the start when ``None``)."""
    if flt.search and query_words(flt.search) and _dialect(session) == "postgresql":
        return _rows_for_ids(session, _pg_search_page(session, flt, after_id, limit))
    statement = _ids_statement(session, flt)
    if after_id is not None:
        statement = _id_bound(statement, session, flt, ">", after_id)
    ids = list(session.execute(statement.limit(limit)).scalars())
    return _rows_for_ids(session, ids)


def _pg_search_page(session: Session, flt: ClaimFilter, after_id: int | None, limit: int) -> list[int]:
    """The first ``limit`` matching ids after ``after_id``, whatever the word's frequency.

    PostgreSQL either walks the queue in id order testing each row (instant for a common word,
    a scan of the whole table for a word that matches nothing: the planner cannot tell a typo
    from "said") or asks the GIN index for every match and sorts them (instant for a rare word,
    seconds for one in a third of the claims). So: look through the next ``PROBE_ROWS`` claims
    in order first; if they hold a page, done; if not, the word is rare and the index is cheap.
    """
    rest = replace(flt, search=None)
    document: sa.Label[Any] = sa.literal_column(PG_DOCUMENT).label("document")  # a tsvector
    window = apply_filter(sa.select(col(Claim.id), document), rest, "postgresql").order_by(col(Claim.id))
    if after_id is not None:
        window = window.where(col(Claim.id) > after_id)
    # the next PROBE_ROWS claims in order, then the matches among them: PostgreSQL cannot turn
    # this into an index search of every match
    rows = window.limit(PROBE_ROWS).subquery()
    matches = pg_match(rows.c.document, query_words(flt.search or ""))
    found = sa.select(rows.c.id).where(matches).order_by(rows.c.id).limit(limit)
    ids = list(session.execute(found).scalars())
    if len(ids) >= limit:
        return ids
    scanned = session.execute(sa.select(sa.func.count()).select_from(rows)).scalar_one()
    if scanned < PROBE_ROWS:
        return ids  # the window reached the end of the queue: these are all
    # a rare word: every match from the index, sorted ("+ 0" keeps the planner off the id order)
    statement = apply_filter(sa.select(col(Claim.id)), flt, "postgresql").order_by(col(Claim.id) + 0).limit(limit)
    if after_id is not None:
        statement = statement.where(col(Claim.id) > after_id)
    return list(session.execute(statement).scalars())


def rows_at(session: Session, index: QueueIndex, start: int, count: int) -> list[QueueRow]:
    """The rows at positions ``start`` .. ``start + count - 1`` of ``index``'s filter."""
    if count <= 0 or start >= index.total or not index.anchors:
        return []
    start = max(start, 0)
    if index.stride == 1:  # every id is known: no search, no filter to evaluate again
        return _rows_for_ids(session, index.anchors[start : start + count])
    anchor = index.anchors[min(start // index.stride, len(index.anchors) - 1)]
    skip = start - (start // index.stride) * index.stride
    statement = _id_bound(_ids_statement(session, index.flt), session, index.flt, ">=", anchor)
    # and below the anchor after the last wanted position: the scan is bounded on both sides
    # (a search on PostgreSQL otherwise fetches every match of the word to sort them)
    following = (start + count - 1) // index.stride + 1
    if following < len(index.anchors):
        statement = _id_bound(statement, session, index.flt, "<", index.anchors[following])
    ids = statement.limit(count).offset(skip).subquery()
    # one statement for the ids and their rows (see _rows_for_ids)
    rows = (
        sa.select(*_COLUMNS)
        .join(Article, col(Article.id) == Claim.article_id)
        .where(col(Claim.id).in_(sa.select(ids.c[0])))
        .order_by(col(Claim.id))
    )
    return [_row(r) for r in session.connection().execute(rows)]


def position_of(session: Session, index: QueueIndex, claim_id: int) -> int | None:
    """The position of ``claim_id`` in the index's filter, or ``None`` if it is not in it."""
    block = bisect.bisect_right(index.anchors, claim_id) - 1
    if index.stride == 1:
        return block if block >= 0 and index.anchors[block] == claim_id else None
    if block < 0:
        return None
    statement = _id_bound(_ids_statement(session, index.flt), session, index.flt, ">=", index.anchors[block])
    statement = _id_bound(statement, session, index.flt, "<", claim_id + 1)
    ids = list(session.execute(statement.limit(index.stride + 1)).scalars())
    if not ids or ids[-1] != claim_id:
        return None
    return block * index.stride + len(ids) - 1


def build_index(
    session: Session, flt: ClaimFilter, stride: int = DEFAULT_STRIDE, dense_limit: int = DENSE_LIMIT
) -> QueueIndex:
    """Count the filter's rows and keep every stride-th id; every id if there are at most
    ``dense_limit`` (then the rows of any position are read by id, with no search to run
    again: a rare word's matches are far apart, and a scan between two anchors long).

    The numbering is done by the database (a ``row_number()`` window), so only the anchors
    (``total / stride`` rows, or at most ``dense_limit``) cross into Python: on a million claims
    the scan runs in SQLite's or PostgreSQL's own code, without holding Python's interpreter
    lock, and the TUI stays responsive while it runs.
    """
    ids = _ids_statement(session, flt)
    order = ids.selected_columns[0]
    numbered = (
        ids.add_columns(
            sa.func.row_number().over(order_by=order).label("position"),
            sa.func.count().over().label("total"),
        )
        .order_by(None)
        .subquery()
    )
    step = sa.case((numbered.c.total <= dense_limit, 1), else_=stride)
    statement = (
        sa.select(numbered.c[0], numbered.c.total)
        .where((numbered.c.position - 1) % step == 0)
        .order_by(numbered.c.position)
    )
    index = QueueIndex(flt=flt, stride=stride)
    for cid, total in session.execute(statement):
        index.anchors.append(cid)
        index.total = total
    if index.total <= dense_limit:
        index.stride = 1
    return index
