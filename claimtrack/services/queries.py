"""Reading claims: filtered listings, counts by status, one claim in full."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, func, select

from claimtrack.domain import ChangeKind, ClaimStatus
from claimtrack.errors import InputError, NotFoundError
from claimtrack.limits import MAX_ID
from claimtrack.services.search import search_condition
from claimtrack.services.workflow import change_in_force, evidence_for, get_claim, history, parse_status
from claimtrack.store.models import Article, Claim, Evidence, HistoryEntry


class Triage(StrEnum):
    """Which of the extractor's proposals a listing shows.

    The extractor stores every proposal with its check-worthiness score; the queue shows the ones
    worth a checker's time. A proposal *set aside* is one the extractor made (not a checker),
    that nobody has touched yet (still ``new``), and whose score is below the queue threshold
    (the ``queue_threshold`` setting). Nothing is deleted: ``REST`` lists exactly those.
    """

    ALL = "all"
    """Every claim."""
    QUEUE = "queue"
    """Every claim but the set-aside proposals: the desk's default."""
    REST = "rest"
    """Only the set-aside proposals."""


DEFAULT_QUEUE_THRESHOLD = 0.5
"""The extractor's own check-worthy decision (``CHECK_WORTHY_THRESHOLD``)."""


class ClaimSort(StrEnum):
    """The order of the queue (and of ``claimtrack claims``).

    Every order ends with the claim id, so it is total and two listings of the same claims agree.
    An article's *date* is the day it was published (midnight UTC) if known, else the moment it
    was ingested; its claims stay together, in id order (the order they were found in), under
    either date order.
    """

    SCORE = "score"
    """Check-worthiness, highest score first; equal scores oldest claim first. The default."""
    NEWEST = "newest"
    """Newest article first (its date; equal dates: the article ingested last first)."""
    OLDEST = "oldest"
    """Oldest article first (its date; equal dates: the article ingested first first)."""
    ID = "id"
    """Claim id: the order claims arrived in (first in, first out)."""

    @property
    def label(self) -> str:
        """The order in words ("highest score first"), for the desk's summary line and help."""
        return _SORT_LABELS[self]

    @classmethod
    def parse(cls, value: str) -> ClaimSort:
        """``value`` as a sort ("score", "newest", "oldest", "id"); an :class:`InputError` if unknown."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            known = ", ".join(s.value for s in cls)
            raise InputError(f"unknown sort {value!r}: use one of {known}") from None


_SORT_LABELS = {
    ClaimSort.SCORE: "highest score first",
    ClaimSort.NEWEST: "newest first",
    ClaimSort.OLDEST: "oldest first",
    ClaimSort.ID: "by ID",
}


def parse_min_score(value: float | str | None) -> float | None:
    """A minimum score: a number from 0 to 1 (``None``: no minimum). An :class:`InputError`
    for anything else ("1.5", "abc", NaN), in one line."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            raise InputError(f"minimum score {value!r} is not a number: give one from 0 to 1, e.g. 0.5") from None
    else:
        number = float(value)
    if not 0.0 <= number <= 1.0:  # (False for NaN too)
        raise InputError(f"minimum score {value!r} is not between 0 and 1: give one from 0 to 1, e.g. 0.5")
    return number


@dataclass(frozen=True)
class ClaimFilter:
    """What to list. Text filters match case-insensitively anywhere in the field."""

    status: tuple[ClaimStatus, ...] = ()
    article_id: int | None = None
    claimant: str | None = None
    assignee: str | None = None
    """A user name; ``""`` means unassigned claims."""
    search: str | None = None
    triage: Triage = Triage.ALL
    """The queue (check-worthy and touched claims), the set-aside rest, or all."""
    threshold: float = DEFAULT_QUEUE_THRESHOLD
    """The score below which an untouched extractor proposal is set aside."""
    min_score: float | None = None
    """Only claims scored at least this (0 to 1); ``None``: any score."""
    sort: ClaimSort = ClaimSort.SCORE
    """The order of the queue (:mod:`claimtrack.services.queue`) and of :func:`iter_claim_rows`.
    Not a filter: it selects no claim."""
    seen_checked: bool = False
    """Only claims that match a checked claim (one with a verdict) or a fact check
    (:func:`claimtrack.services.seen.matches_checked_claim`)."""

    @classmethod
    def build(
        cls,
        *,
        status: list[str] | tuple[str, ...] | None = None,
        article_id: int | None = None,
        claimant: str | None = None,
        assignee: str | None = None,
        search: str | None = None,
        triage: Triage = Triage.ALL,
        threshold: float = DEFAULT_QUEUE_THRESHOLD,
        min_score: float | str | None = None,
        sort: ClaimSort | str = ClaimSort.SCORE,
        seen_checked: bool = False,
    ) -> ClaimFilter:
        """From user input; an unknown status or sort, or a minimum score outside 0..1, is an
        :class:`InputError`."""
        return cls(
            status=tuple(parse_status(s) for s in status or ()),
            article_id=article_id,
            claimant=claimant or None,
            assignee=assignee,
            search=search or None,
            triage=Triage(triage),
            threshold=float(threshold),
            min_score=parse_min_score(min_score),
            sort=sort if isinstance(sort, ClaimSort) else ClaimSort.parse(sort),
            seen_checked=seen_checked,
        )


def set_aside_condition(threshold: float) -> sa.ColumnElement[bool]:
    """An untouched extractor proposal scored below ``threshold`` (see :class:`Triage`)."""
    return sa.and_(
        col(Claim.status) == ClaimStatus.NEW.value,
        col(Claim.origin) == "extractor",
        col(Claim.score) < threshold,
    )


def _contains(column: Mapped[str | None], needle: str) -> sa.ColumnElement[bool]:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


SelectT = TypeVar("SelectT", bound="sa.Select[*tuple[Any, ...]]")
"""Any ``SELECT`` (SQLAlchemy's or SQLModel's), whatever its columns: a function that only adds
``WHERE`` clauses (:func:`apply_filter`) gives back the statement's own type."""


def apply_filter(statement: SelectT, flt: ClaimFilter, dialect: str) -> SelectT:
    """``statement`` (over ``claim``) narrowed to the claims ``flt`` selects."""
    if flt.status:
        statement = statement.where(col(Claim.status).in_([s.value for s in flt.status]))
    if flt.article_id is not None:
        statement = statement.where(col(Claim.article_id) == flt.article_id)
    if flt.claimant:
        statement = statement.where(_contains(col(Claim.claimant), flt.claimant))
    if flt.assignee is not None:
        if flt.assignee == "":
            statement = statement.where(col(Claim.assignee).is_(None))
        else:
            statement = statement.where(col(Claim.assignee) == flt.assignee)
    if flt.min_score is not None:
        statement = statement.where(col(Claim.score) >= flt.min_score)
    if flt.search:
        statement = statement.where(search_condition(dialect, flt.search))
    if flt.seen_checked:
        from claimtrack.services.seen import Thresholds, matches_checked_claim

        statement = statement.where(matches_checked_claim(Thresholds.of()))
    if flt.triage is Triage.QUEUE:
        statement = statement.where(sa.not_(set_aside_condition(flt.threshold)))
    elif flt.triage is Triage.REST:
        statement = statement.where(set_aside_condition(flt.threshold))
    return statement


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


#: An article's date as the date orders see it: the day it was published (at midnight UTC),
#: else the moment it was ingested (UTC), on SQLite as text, on PostgreSQL as a ``timestamp``.
#: Written exactly as the index ``ix_article_date`` is (migration 0009), so that it is used.
ARTICLE_DATE_SQL = {
    "sqlite": "coalesce(article.published || ' 00:00:00.000000', article.ingested_at)",
    "postgresql": "coalesce(article.published::timestamp, article.ingested_at AT TIME ZONE 'UTC')",
}


def article_date(dialect: str) -> sa.ColumnElement[Any]:
    """The article's date of :data:`ARTICLE_DATE_SQL` (over ``article``)."""
    if dialect == "sqlite":
        return sa.literal_column(ARTICLE_DATE_SQL["sqlite"], type_=sa.String())
    return sa.literal_column(ARTICLE_DATE_SQL["postgresql"], type_=sa.DateTime())


_CLAIM: sa.Table = Claim.__table__  # type: ignore[attr-defined]  # SQLModel's stubs lack __table__
_ARTICLE: sa.Table = Article.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SortPart:
    """One column of an order, and its direction."""

    column: sa.ColumnElement[Any]
    descending: bool = False

    def order(self) -> sa.UnaryExpression[Any]:
        return self.column.desc() if self.descending else self.column.asc()


def sort_parts(sort: ClaimSort, dialect: str) -> tuple[SortPart, ...]:
    """The columns ``sort`` orders by, the claim id last (it makes every order total).

    The date orders read ``article`` (join it: :func:`sort_needs_article`); the article's id
    comes before the claim's, so each article's claims stay together.
    """
    claim_id = SortPart(_CLAIM.c.id)
    if sort is ClaimSort.SCORE:
        return (SortPart(_CLAIM.c.score, descending=True), claim_id)
    if sort is ClaimSort.ID:
        return (claim_id,)
    newest = sort is ClaimSort.NEWEST
    return (SortPart(article_date(dialect), newest), SortPart(_ARTICLE.c.id, newest), claim_id)


def sort_needs_article(sort: ClaimSort) -> bool:
    """``sort`` orders by the article's date: the statement must join ``article``."""
    return sort in (ClaimSort.NEWEST, ClaimSort.OLDEST)


def order_by(sort: ClaimSort, dialect: str) -> list[sa.UnaryExpression[Any]]:
    """``ORDER BY`` clauses for ``sort`` (a statement over ``claim``, joined with ``article``
    for the date orders)."""
    return [part.order() for part in sort_parts(sort, dialect)]


def list_claims(
    session: Session, flt: ClaimFilter = ClaimFilter(), *, limit: int | None = None
) -> list[tuple[Claim, Article]]:
    """Claims with their article, in article then text order."""
    statement = select(Claim, Article).join(Article, col(Article.id) == Claim.article_id)
    statement = apply_filter(statement, flt, _dialect(session)).order_by(
        col(Claim.article_id), col(Claim.char_start), col(Claim.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [(c, a) for c, a in session.exec(statement).all()]


def iter_claim_rows(
    session: Session, flt: ClaimFilter = ClaimFilter(), *, limit: int | None = None, batch: int = 1000
) -> Iterator[sa.Row[*tuple[Any, ...]]]:
    """The same claims as :func:`list_claims`, in ``flt.sort``'s order, streamed: plain rows
    (every ``claim`` column by name, and ``article_title``) read ``batch`` at a time, so listing
    a million claims holds a thousand in memory, and the first is out at once (each order has
    its index: migration 0009)."""
    claim: sa.Table = Claim.__table__  # type: ignore[attr-defined]  # SQLModel's stubs lack __table__
    statement = sa.select(claim, col(Article.title).label("article_title")).join(
        Article, col(Article.id) == Claim.article_id
    )
    dialect = _dialect(session)
    statement = apply_filter(statement, flt, dialect).order_by(*order_by(flt.sort, dialect))
    if limit is not None:
        statement = statement.limit(limit)
    yield from session.connection().execution_options(yield_per=batch).execute(statement)


def max_claim_id(session: Session) -> int:
    """The highest claim id (0 without claims): how wide a column of ids must be."""
    return session.exec(select(func.max(Claim.id))).one() or 0


def status_counts(session: Session, flt: ClaimFilter = ClaimFilter()) -> dict[ClaimStatus, int]:
    """Claims per status, every status present (zero where none)."""
    statement = apply_filter(select(Claim.status, func.count()).group_by(col(Claim.status)), flt, _dialect(session))
    counts = {status: 0 for status in ClaimStatus}
    for status, count in session.exec(statement).all():
        counts[ClaimStatus(status)] = count
    return counts


def verdict_times(
    statuses: Iterable[ClaimStatus], *columns: sa.ColumnElement[Any] | Mapped[Any]
) -> sa.Select[*tuple[Any, ...]]:
    """When each claim's verdict was given: one row a claim whose status is one of ``statuses``,
    ``(Claim.id, *columns, given)``, ``given`` being the newest change in its history that set
    the status it has now and is in force (an undo or a redo is not a verdict, and an undone
    change gave none: ``workflow.change_in_force``). ``columns`` (of ``claim``) are grouped by
    too; the caller adds its own filters and order (``statement.selected_columns.given`` for a
    ``HAVING``)."""
    given = func.max(HistoryEntry.at).label("given")
    return (
        sa.select(col(Claim.id), *columns, given)
        .select_from(Claim)
        .join(
            HistoryEntry,
            sa.and_(
                col(HistoryEntry.claim_id) == Claim.id,
                col(HistoryEntry.kind) == ChangeKind.STATUS.value,
                col(HistoryEntry.to_value) == Claim.status,
                change_in_force(),
            ),
        )
        .where(col(Claim.status).in_([s.value for s in statuses]))
        .group_by(col(Claim.id), *columns)
    )


def get_article(session: Session, article_id: int) -> Article:
    article = session.get(Article, article_id) if 0 < article_id <= MAX_ID else None
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    return article


def list_articles(session: Session) -> list[tuple[Article, int]]:
    statement = (
        select(Article, func.count(col(Claim.id)))
        .join(Claim, col(Claim.article_id) == Article.id, isouter=True)
        .group_by(col(Article.id))
        .order_by(col(Article.id))
    )
    return [(a, n) for a, n in session.exec(statement).all()]


def paragraph_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The paragraph (line) holding ``text[start:end]``, and the span's offsets within it."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    if para_end == -1:
        para_end = len(text)
    return text[para_start:para_end], start - para_start, min(end, para_end) - para_start


@dataclass
class ClaimDetail:
    claim: Claim
    article: Article
    evidence: list[Evidence] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def context(self) -> tuple[str, int, int]:
        if self.claim.in_title:
            return self.article.title, self.claim.char_start, self.claim.char_end
        return paragraph_around(self.article.text, self.claim.char_start, self.claim.char_end)

    @property
    def notes(self) -> list[HistoryEntry]:
        return [h for h in self.history if h.note and h.actor != "extractor" and h.kind != "created"]


def claim_detail(session: Session, claim_id: int) -> ClaimDetail:
    claim = get_claim(session, claim_id)
    article = get_article(session, claim.article_id)
    return ClaimDetail(
        claim=claim,
        article=article,
        evidence=evidence_for(session, claim_id),
        history=history(session, claim_id),
    )
