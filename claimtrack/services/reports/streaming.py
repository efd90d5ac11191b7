"""The claims of a report, streamed in bounded memory.

One query (``yield_per``: a server-side cursor on PostgreSQL) in partitions of ``CHUNK`` rows;
each partition's articles, evidence and notes are fetched with one ``IN`` query each. Renderers
consume the claims as they arrive and write as they go, so memory holds one partition, never
the whole report.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import cast

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col

from claimtrack.domain import VERDICTS, ChangeKind, ClaimStatus
from claimtrack.services.queries import ClaimFilter
from claimtrack.services.reports.filter import ReportFilter, as_report_filter, filtered
from claimtrack.services.reports.model import ArticleGroup, ArticleItem, ClaimItem, ClaimSeen, EvidenceItem, NoteItem
from claimtrack.store.models import Article, Claim, Evidence, HistoryEntry

CHUNK = 1000
"""Claims per partition of the streamed query."""

SeenLookup = Callable[[sa.Connection, dict[int, str]], dict[int, ClaimSeen]]
"""Reads the matches of a partition of claims, given as id → status (:func:`.seenbefore.seen_for`,
for the CSV)."""


def _raw(column: object) -> sa.ColumnElement[object]:
    """The column without SQLAlchemy's per-value Python processing (parsed by :func:`_when` / :func:`_list`):
    on SQLite, timestamps arrive as ISO strings and JSON as text; PostgreSQL's driver decodes both in C."""
    # typed as what it is: the driver's value, whatever its type (not the str of the String it is coerced to)
    return cast("sa.ColumnElement[object]", sa.type_coerce(col(column), sa.String))


def _when(value: object) -> datetime:
    """A timestamp read :func:`_raw` (every one a report reads is ``NOT NULL``), as aware UTC."""
    if isinstance(value, str):  # SQLite: "2024-03-01 09:30:00.000000", always UTC
        return datetime.fromisoformat(value + "+00:00")
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _list(value: object) -> list[str]:
    """A JSON list of strings read :func:`_raw` (``cues``, ``disputed_by``, ``authors``)."""
    if not value or value == "[]":
        return []
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return list(cast("Iterable[str]", value))  # the column's JSON: a list of strings


def _stored_id(column: int | None) -> Mapped[int]:
    """A table's ``id`` column: ``int | None`` on the model (``None`` until the row is inserted), never
    NULL in a row read back."""
    return cast("Mapped[int]", col(column))


_CLAIM_ROWS = sa.select(
    _stored_id(Claim.id),
    col(Claim.article_id),
    col(Claim.text),
    col(Claim.claimant),
    col(Claim.cue),
    _raw(Claim.cues),
    _raw(Claim.disputed_by),
    col(Claim.score),
    col(Claim.status),
    col(Claim.assignee),
    col(Claim.origin),
    _raw(Claim.created_at),
    _raw(Claim.updated_at),
)
"""Every column of a claim a report shows, by position (the first ten typed, the rest ``Any``)."""


def iter_claims(
    session: Session,
    flt: ReportFilter | ClaimFilter | None = None,
    *,
    statuses: Iterable[ClaimStatus] | None = None,
    ids: Iterable[int] | None = None,
    chunk: int = CHUNK,
    seen: SeenLookup | None = None,
) -> Iterator[ClaimItem]:
    """Every claim the filter selects, article by article in text order, with its evidence and notes.

    ``statuses`` narrows further (the top box), and so do ``ids``. With ``seen``, each claim's
    matches too (``ClaimItem.seen``: one more query a partition). Memory: one partition of
    ``chunk`` claims (and their articles, evidence and notes).
    """
    rflt = as_report_filter(flt)
    statement = _CLAIM_ROWS
    if statuses is not None:
        statement = statement.where(col(Claim.status).in_([s.value for s in statuses]))
    if ids is not None:
        statement = statement.where(col(Claim.id).in_(list(ids)))
    statement = filtered(statement, session, rflt, window=True).order_by(
        col(Claim.article_id), col(Claim.char_start), col(Claim.id)
    )
    # Core rows on the session's connection (no ORM row processing); a server-side cursor on PostgreSQL.
    conn = session.connection()
    result = conn.execution_options(yield_per=chunk).execute(statement)
    article: ArticleItem | None = None
    try:
        for partition in result.partitions(chunk):
            ids = [row[0] for row in partition]
            article_ids = {row[1] for row in partition}
            if article is not None:
                article_ids.discard(article.id)
            articles = _articles(conn, article_ids)
            evidence = _evidence_for(conn, ids)
            verdicts, notes = _notes_for(conn, ids)
            matches = seen(conn, {row[0]: row[8] for row in partition}) if seen is not None else None
            for row in partition:
                if article is None or article.id != row[1]:
                    article = articles[row[1]]
                claim_id, status = row[0], row[8]
                verdict = verdicts.get(claim_id)
                if verdict is not None and (verdict.status != status or status not in VERDICTS):
                    verdict = None
                yield ClaimItem(
                    id=claim_id,
                    article_id=row[1],
                    text=row[2],
                    claimant=row[3],
                    cue=row[4],
                    cues=_list(row[5]),
                    disputed_by=_list(row[6]),
                    score=row[7],
                    status=status,
                    assignee=row[9],
                    origin=row[10],
                    created_at=_when(row[11]),
                    updated_at=_when(row[12]),
                    evidence=evidence.get(claim_id, []),
                    verdict=verdict,
                    latest_note=notes.get(claim_id),
                    article=article,
                    seen=None if matches is None else matches.get(claim_id) or ClaimSeen(),
                )
    finally:
        result.close()


#: Bound at execution (a list of ids): no per-id work building the statement.
_IDS: sa.BindParameter[int] = sa.bindparam("ids", expanding=True)


def _articles(conn: sa.Connection, ids: set[int]) -> dict[int, ArticleItem]:
    if not ids:
        return {}
    statement = sa.select(
        _stored_id(Article.id),
        col(Article.title),
        col(Article.outlet),
        _raw(Article.authors),
        col(Article.url),
        col(Article.published),
        _raw(Article.ingested_at),
    ).where(col(Article.id).in_(_IDS))
    return {
        row[0]: ArticleItem(
            id=row[0],
            title=row[1],
            outlet=row[2],
            authors=_list(row[3]),
            url=row[4],
            published=row[5],
            ingested_at=_when(row[6]),
        )
        for row in conn.execute(statement, {"ids": sorted(ids)})
    }


def _evidence_for(conn: sa.Connection, ids: list[int]) -> dict[int, list[EvidenceItem]]:
    out: dict[int, list[EvidenceItem]] = {}
    statement = (
        sa.select(
            col(Evidence.claim_id),
            _stored_id(Evidence.id),
            col(Evidence.stance),
            col(Evidence.title),
            col(Evidence.url),
            col(Evidence.quote),
            col(Evidence.note),
            col(Evidence.added_by),
            _raw(Evidence.added_at),
            # Captured only if a copy of the page was kept (its hash is the stored copy's): evidence
            # added without fetching, or whose fetch failed, has none.
            sa.type_coerce(
                sa.case((col(Evidence.content_sha256).is_not(None), col(Evidence.fetched_at)), else_=None), sa.String
            ),
        )
        .where(col(Evidence.claim_id).in_(_IDS))
        .order_by(col(Evidence.claim_id), col(Evidence.id))
    )
    for row in conn.execute(statement, {"ids": ids}):
        out.setdefault(row[0], []).append(
            EvidenceItem(
                id=row[1],
                stance=row[2],
                title=row[3],
                url=row[4],
                quote=row[5],
                note=row[6],
                added_by=row[7],
                linked_at=_when(row[8]),
                captured_at=None if row[9] is None else _when(row[9]),
            )
        )
    return out


def _notes_for(conn: sa.Connection, ids: list[int]) -> tuple[dict[int, NoteItem], dict[int, NoteItem]]:
    """Per claim: its newest status change, and its newest change with a note."""
    status_changes: dict[int, NoteItem] = {}
    notes: dict[int, NoteItem] = {}
    statement = (
        sa.select(
            col(HistoryEntry.claim_id),
            col(HistoryEntry.kind),
            col(HistoryEntry.to_value),
            col(HistoryEntry.note),
            col(HistoryEntry.actor),
            _raw(HistoryEntry.at),
        )
        .where(
            col(HistoryEntry.claim_id).in_(_IDS),
            col(HistoryEntry.kind) != ChangeKind.CREATED.value,
            sa.or_(col(HistoryEntry.kind) == ChangeKind.STATUS.value, col(HistoryEntry.note).is_not(None)),
        )
        .order_by(col(HistoryEntry.claim_id), col(HistoryEntry.version), col(HistoryEntry.id))
    )
    status_kind = ChangeKind.STATUS.value
    for claim_id, kind, to_value, note, actor, at in conn.execute(statement, {"ids": ids}):
        item = NoteItem(note=note, by=actor, at=_when(at), kind=kind, status=to_value if kind == status_kind else None)
        if kind == status_kind:
            status_changes[claim_id] = item
        if note is not None:
            notes[claim_id] = item
    return status_changes, notes


def group_by_article(claims: Iterator[ClaimItem]) -> Iterator[ArticleGroup]:
    """Consecutive claims of one article as one group (each group must be read before the next)."""
    # each group's items are read (by the report writer) before the next group is asked for
    for _article_id, items in itertools.groupby(claims, key=lambda c: c.article_id):
        first = next(items)
        assert first.article is not None
        group = ArticleGroup(article=first.article, claims=iter(()))
        group.claims = _counting(group, itertools.chain((first,), items))  # noqa: B031 (read once, in order)
        yield group


def _counting(group: ArticleGroup, claims: Iterator[ClaimItem]) -> Iterator[ClaimItem]:
    for claim in claims:
        group.count += 1
        if claim.status in (ClaimStatus.NEW.value, ClaimStatus.IN_REVIEW.value):
            key = claim.assignee or ""
            group.open_work[key] = group.open_work.get(key, 0) + 1
        yield claim
