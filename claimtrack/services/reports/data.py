"""What a report says, read from the database in bounded memory.

Aggregates (totals, changes, time to verdict, open work) are a handful of ``GROUP BY`` queries.
Claims are read by one streamed query (``yield_per``: a server-side cursor on PostgreSQL) in
partitions of ``CHUNK`` rows; each partition's evidence and notes are fetched with one ``IN``
query each. Renderers consume the claims as they arrive and write as they go, so memory holds
one partition, never the whole report.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func

from claimtrack.domain import VERDICTS, ChangeKind, ClaimStatus
from claimtrack.errors import InputError
from claimtrack.services.queries import ClaimFilter, apply_filter
from claimtrack.store.models import Article, Claim, Evidence, HistoryEntry

CHUNK = 1000
"""Claims per partition of the streamed query."""

#: The statuses editors read first.
ATTENTION: tuple[ClaimStatus, ...] = (ClaimStatus.DISPUTED, ClaimStatus.FALSE)
#: Statuses that are still work to do.
OPEN: tuple[ClaimStatus, ...] = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
#: Verdicts in the order reports list them.
VERDICT_ORDER: tuple[ClaimStatus, ...] = tuple(s for s in ClaimStatus if s in VERDICTS)
SLOWEST_OPEN = 10


# --- the filter -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilter:
    """Which claims a report covers.

    ``claims`` narrows by status, article, assignee (and claimant or text search). ``since`` and
    ``until`` (UTC, ``until`` exclusive) narrow the claim listings to claims with any change in
    that window, and say which changes and verdicts the "changes" and "time to verdict" figures
    count; totals and open work always describe the current state of the claims ``claims``
    selects.
    """

    claims: ClaimFilter = ClaimFilter()
    since: datetime | None = None
    until: datetime | None = None

    @property
    def windowed(self) -> bool:
        return self.since is not None or self.until is not None

    @classmethod
    def build(
        cls,
        *,
        status: list[str] | tuple[str, ...] | None = None,
        article_id: int | None = None,
        assignee: str | None = None,
        since: str | datetime | date | None = None,
        until: str | datetime | date | None = None,
        now: datetime | None = None,
    ) -> ReportFilter:
        """From command-line values; dates are parsed by :func:`parse_when`."""
        since_at = parse_when(since, "--since", now=now) if since is not None else None
        until_at = parse_when(until, "--until", now=now, end_of_day=True) if until is not None else None
        if since_at is not None and until_at is not None and until_at <= since_at:
            raise InputError(f"--until ({_iso(until_at)}) must be after --since ({_iso(since_at)})")
        return cls(
            claims=ClaimFilter.build(status=status, article_id=article_id, assignee=assignee),
            since=since_at,
            until=until_at,
        )

    def describe(self) -> list[str]:
        """The filter in words, for report headers ("status disputed", "since 2024-03-01")."""
        parts: list[str] = []
        flt = self.claims
        if flt.status:
            parts.append("status " + ", ".join(s.value for s in flt.status))
        if flt.article_id is not None:
            parts.append(f"article {flt.article_id}")
        if flt.assignee is not None:
            parts.append(f"assignee {flt.assignee}" if flt.assignee else "unassigned")
        if flt.claimant:
            parts.append(f"claimant “{flt.claimant}”")
        if flt.search:
            parts.append(f"search “{flt.search}”")
        if self.since is not None:
            parts.append(f"since {_short(self.since)}")
        if self.until is not None:
            parts.append(f"before {_short(self.until)}")
        return parts


def as_report_filter(flt: ReportFilter | ClaimFilter | None) -> ReportFilter:
    if flt is None:
        return ReportFilter()
    if isinstance(flt, ClaimFilter):
        return ReportFilter(claims=flt)
    return flt


_RELATIVE = re.compile(r"^(\d+)\s*([hdw])$")


def parse_when(
    value: str | datetime | date, option: str = "date", *, now: datetime | None = None, end_of_day: bool = False
) -> datetime:
    """``YYYY-MM-DD``, an ISO date-time (UTC unless it says otherwise), or ``7d`` / ``24h`` / ``2w`` ago.

    With ``end_of_day``, a bare date means the end of that day (``--until 2024-03-05`` includes
    the 5th).
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        day = datetime(value.year, value.month, value.day, tzinfo=UTC)
        return day + timedelta(days=1) if end_of_day else day
    text = value.strip()
    relative = _RELATIVE.match(text.lower())
    if relative:
        amount, unit = int(relative[1]), relative[2]
        try:
            delta = {"h": timedelta(hours=amount), "d": timedelta(days=amount), "w": timedelta(weeks=amount)}[unit]
            return (now or datetime.now(UTC)) - delta
        except OverflowError:  # before the year 1
            raise InputError(f"{option}: {text[:40]!r} reaches back before the year 1") from None
    try:
        if len(text) == 10:
            return parse_when(date.fromisoformat(text), option, end_of_day=end_of_day)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{option}: {text[:40]!r} is not a date (use YYYY-MM-DD, YYYY-MM-DDTHH:MM, or 7d / 24h / 2w ago)"
        ) from None
    return parse_when(parsed, option)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _short(value: datetime) -> str:
    value = value.astimezone(UTC)
    if value.hour == value.minute == value.second == 0:
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M UTC")


# --- plain records the renderers read ----------------------------------------------------------


@dataclass(slots=True)
class EvidenceItem:
    id: int
    stance: str
    title: str | None
    url: str | None
    quote: str | None
    note: str | None
    added_by: str
    captured_at: datetime
    """When the evidence was captured: when its page was fetched, else when it was added."""


@dataclass(slots=True)
class NoteItem:
    note: str | None
    by: str
    at: datetime
    kind: str
    status: str | None = None
    """For a verdict: the status it set."""


@dataclass(slots=True)
class ArticleItem:
    id: int
    title: str
    outlet: str | None
    authors: list[str]
    url: str | None
    published: date | None
    ingested_at: datetime


@dataclass(slots=True)
class ClaimItem:
    id: int
    article_id: int
    text: str
    claimant: str | None
    cue: str | None
    cues: list[str]
    disputed_by: list[str]
    score: float
    status: str
    assignee: str | None
    origin: str
    created_at: datetime
    updated_at: datetime
    evidence: list[EvidenceItem] = field(default_factory=list)
    verdict: NoteItem | None = None
    """The change that gave the current verdict (verified, disputed, false, misleading)."""
    latest_note: NoteItem | None = None
    """The newest change with a note (verdicts, notes, evidence notes...)."""
    article: ArticleItem | None = None

    @property
    def note(self) -> NoteItem | None:
        """The note a report shows: the verdict's, else the latest."""
        return self.verdict or self.latest_note


@dataclass
class ArticleGroup:
    """One article and its claims, read lazily: ``open_work`` is complete once ``claims`` is."""

    article: ArticleItem
    claims: Iterator[ClaimItem]
    open_work: dict[str, int] = field(default_factory=dict)
    """Open claims (new, in review) by assignee; ``""`` for unassigned."""
    count: int = 0


@dataclass(slots=True)
class StatusChange:
    from_status: str | None
    to_status: str
    claims: int


@dataclass
class Changes:
    since: datetime | None
    until: datetime | None
    new_claims: int = 0
    status_changes: list[StatusChange] = field(default_factory=list)
    entered: dict[ClaimStatus, int] = field(default_factory=dict)
    left: dict[ClaimStatus, int] = field(default_factory=dict)

    @property
    def verdicts_given(self) -> int:
        return sum(c.claims for c in self.status_changes if c.to_status in VERDICTS)


@dataclass(slots=True)
class OpenClaim:
    id: int
    status: str
    assignee: str | None
    text: str
    claimant: str | None
    article_id: int
    article_title: str
    created_at: datetime
    open_for: timedelta


@dataclass
class TimeToVerdict:
    verdicts: int = 0
    median: timedelta | None = None
    p90: timedelta | None = None
    slowest_open: list[OpenClaim] = field(default_factory=list)


@dataclass(slots=True)
class AssigneeWork:
    assignee: str | None
    new: int
    in_review: int
    oldest: datetime | None

    @property
    def total(self) -> int:
        return self.new + self.in_review


@dataclass
class ReportTotals:
    """The figures at the top of a report; small whatever the size of the database."""

    generated_at: datetime
    filter: ReportFilter
    by_status: dict[ClaimStatus, int]
    articles: int
    changes: Changes | None
    time_to_verdict: TimeToVerdict
    open_work: list[AssigneeWork]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())


# --- queries ------------------------------------------------------------------------------------


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _window_condition(flt: ReportFilter) -> sa.ColumnElement[bool] | None:
    """Claims with any change in the window."""
    if not flt.windowed:
        return None
    conditions = [HistoryEntry.claim_id == Claim.id]
    if flt.since is not None:
        conditions.append(col(HistoryEntry.at) >= flt.since)
    if flt.until is not None:
        conditions.append(col(HistoryEntry.at) < flt.until)
    return sa.exists(sa.select(sa.literal(1)).select_from(HistoryEntry).where(*conditions))


def _filtered(statement: sa.Select, session: Session, flt: ReportFilter, *, window: bool) -> sa.Select:  # type: ignore[type-arg]
    statement = apply_filter(statement, flt.claims, _dialect(session))
    if window:
        condition = _window_condition(flt)
        if condition is not None:
            statement = statement.where(condition)
    return statement


def _at_in_window(column: object, flt: ReportFilter) -> list[sa.ColumnElement[bool]]:
    out = []
    if flt.since is not None:
        out.append(col(column) >= flt.since)  # type: ignore[arg-type]
    if flt.until is not None:
        out.append(col(column) < flt.until)  # type: ignore[arg-type]
    return out


def report_totals(
    session: Session, flt: ReportFilter | ClaimFilter | None = None, *, now: datetime | None = None
) -> ReportTotals:
    """The report's figures: totals by status, changes in the window, time to verdict, open work.

    Cheap on any size of database (aggregate queries only); the TUI's report screen calls this.
    """
    rflt = as_report_filter(flt)
    now = now or datetime.now(UTC)

    counts = {status: 0 for status in ClaimStatus}
    statement = _filtered(
        sa.select(Claim.status, func.count()).group_by(col(Claim.status)), session, rflt, window=False
    )
    for status, count in session.execute(statement):
        counts[ClaimStatus(status)] = count
    articles = session.execute(
        _filtered(sa.select(func.count(sa.distinct(Claim.article_id))), session, rflt, window=rflt.windowed)
    ).scalar_one()

    return ReportTotals(
        generated_at=now,
        filter=rflt,
        by_status=counts,
        articles=articles,
        changes=_changes(session, rflt) if rflt.windowed else None,
        time_to_verdict=_time_to_verdict(session, rflt, now),
        open_work=_open_work(session, rflt),
    )


def _changes(session: Session, flt: ReportFilter) -> Changes:
    changes = Changes(since=flt.since, until=flt.until)
    statement = (
        sa.select(HistoryEntry.kind, HistoryEntry.from_value, HistoryEntry.to_value, func.count())
        .select_from(HistoryEntry)
        .join(Claim, col(Claim.id) == HistoryEntry.claim_id)
        .where(
            col(HistoryEntry.kind).in_([ChangeKind.CREATED.value, ChangeKind.STATUS.value]),
            *_at_in_window(HistoryEntry.at, flt),
        )
        .group_by(col(HistoryEntry.kind), col(HistoryEntry.from_value), col(HistoryEntry.to_value))
    )
    statement = apply_filter(statement, flt.claims, _dialect(session))
    for kind, from_value, to_value, count in session.execute(statement):
        to_status = _status_or_none(to_value)
        if kind == ChangeKind.CREATED.value:
            changes.new_claims += count
            if to_status is not None:
                changes.entered[to_status] = changes.entered.get(to_status, 0) + count
            continue
        changes.status_changes.append(StatusChange(from_value, to_value or "", count))
        if to_status is not None:
            changes.entered[to_status] = changes.entered.get(to_status, 0) + count
        from_status = _status_or_none(from_value)
        if from_status is not None:
            changes.left[from_status] = changes.left.get(from_status, 0) + count
    order = {s.value: i for i, s in enumerate(ClaimStatus)}
    changes.status_changes.sort(key=lambda c: (order.get(c.to_status, 99), order.get(c.from_status or "", 99)))
    return changes


def _status_or_none(value: str | None) -> ClaimStatus | None:
    try:
        return ClaimStatus(value) if value is not None else None
    except ValueError:
        return None


def _verdict_times(session: Session, flt: ReportFilter) -> sa.Select:  # type: ignore[type-arg]
    """Per claim with a verdict: when it entered the tracker, and when its verdict was given."""
    given = func.max(HistoryEntry.at).label("given")
    statement = (
        sa.select(Claim.id, Claim.created_at, given)
        .select_from(Claim)
        .join(
            HistoryEntry,
            sa.and_(
                col(HistoryEntry.claim_id) == Claim.id,
                col(HistoryEntry.kind) == ChangeKind.STATUS.value,
                col(HistoryEntry.to_value) == Claim.status,
            ),
        )
        .where(col(Claim.status).in_([s.value for s in VERDICT_ORDER]))
        .group_by(col(Claim.id), col(Claim.created_at))
    )
    statement = apply_filter(statement, flt.claims, _dialect(session))
    if flt.since is not None:
        statement = statement.having(given >= flt.since)
    if flt.until is not None:
        statement = statement.having(given < flt.until)
    return statement


def _time_to_verdict(session: Session, flt: ReportFilter, now: datetime) -> TimeToVerdict:
    result = TimeToVerdict()
    seconds = array("d")  # 8 bytes a verdict: 800 KB for 100,000
    for _id, created_at, given in session.execute(_verdict_times(session, flt).execution_options(yield_per=CHUNK)):
        seconds.append(max(0.0, (given - created_at).total_seconds()))
    result.verdicts = len(seconds)
    if seconds:
        ordered = sorted(seconds)
        result.median = timedelta(seconds=_percentile(ordered, 0.5))
        result.p90 = timedelta(seconds=_percentile(ordered, 0.9))
    statement = (
        sa.select(
            Claim.id,
            Claim.status,
            Claim.assignee,
            Claim.text,
            Claim.claimant,
            Claim.article_id,
            Article.title,
            Claim.created_at,
        )
        .join(Article, col(Article.id) == Claim.article_id)
        .where(col(Claim.status).in_([s.value for s in OPEN]))
        .order_by(col(Claim.created_at), col(Claim.id))
        .limit(SLOWEST_OPEN)
    )
    statement = _filtered(statement, session, flt, window=False)
    for row in session.execute(statement):
        result.slowest_open.append(
            OpenClaim(
                id=row[0],
                status=row[1],
                assignee=row[2],
                text=row[3],
                claimant=row[4],
                article_id=row[5],
                article_title=row[6],
                created_at=row[7],
                open_for=max(timedelta(0), now - row[7]),
            )
        )
    return result


def _percentile(ordered: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (the median of an even count is the mean of the middle two)."""
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _open_work(session: Session, flt: ReportFilter) -> list[AssigneeWork]:
    statement = (
        sa.select(Claim.assignee, Claim.status, func.count(), func.min(Claim.created_at))
        .where(col(Claim.status).in_([s.value for s in OPEN]))
        .group_by(col(Claim.assignee), col(Claim.status))
    )
    statement = _filtered(statement, session, flt, window=False)
    work: dict[str | None, AssigneeWork] = {}
    for assignee, status, count, oldest in session.execute(statement):
        item = work.setdefault(assignee, AssigneeWork(assignee=assignee, new=0, in_review=0, oldest=None))
        if status == ClaimStatus.NEW.value:
            item.new += count
        else:
            item.in_review += count
        if oldest is not None and (item.oldest is None or oldest < item.oldest):
            item.oldest = oldest
    # Unassigned last; the rest by most open work, then name.
    return sorted(work.values(), key=lambda w: (w.assignee is None, -w.total, w.assignee or ""))


# --- the claims, streamed ---------------------------------------------------------------------------


def _raw(column: object) -> sa.ColumnElement:  # type: ignore[type-arg]
    """The column without SQLAlchemy's per-value Python processing (parsed by :func:`_when` / :func:`_list`):
    on SQLite, timestamps arrive as ISO strings and JSON as text; PostgreSQL's driver decodes both in C."""
    return sa.type_coerce(col(column), sa.String)  # type: ignore[arg-type]


def _when(value: object) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite: "2024-03-01 09:30:00.000000", always UTC
        return datetime.fromisoformat(value + "+00:00")
    assert isinstance(value, datetime)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _list(value: object) -> list[str]:
    if not value or value == "[]":
        return []
    if isinstance(value, str):
        import json

        value = json.loads(value)
    return list(value)  # type: ignore[call-overload]


_CLAIM_COLUMNS = (
    Claim.id,
    Claim.article_id,
    Claim.text,
    Claim.claimant,
    Claim.cue,
    _raw(Claim.cues),
    _raw(Claim.disputed_by),
    Claim.score,
    Claim.status,
    Claim.assignee,
    Claim.origin,
    _raw(Claim.created_at),
    _raw(Claim.updated_at),
)


def iter_claims(
    session: Session,
    flt: ReportFilter | ClaimFilter | None = None,
    *,
    statuses: Iterable[ClaimStatus] | None = None,
    chunk: int = CHUNK,
) -> Iterator[ClaimItem]:
    """Every claim the filter selects, article by article in text order, with its evidence and notes.

    ``statuses`` narrows further (the disputed/false section). Memory: one partition of ``chunk``
    claims (and their articles, evidence and notes).
    """
    rflt = as_report_filter(flt)
    statement = sa.select(*_CLAIM_COLUMNS)
    if statuses is not None:
        statement = statement.where(col(Claim.status).in_([s.value for s in statuses]))
    statement = _filtered(statement, session, rflt, window=True).order_by(
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
                    evidence=evidence.get(claim_id, []),  # type: ignore[arg-type]
                    verdict=verdict,
                    latest_note=notes.get(claim_id),
                    article=article,
                )
    finally:
        result.close()


_IDS = sa.bindparam("ids", expanding=True)  # bound at execution: no per-id work building the statement


def _articles(conn: sa.Connection, ids: set[int]) -> dict[int, ArticleItem]:
    if not ids:
        return {}
    statement = sa.select(
        Article.id,
        Article.title,
        Article.outlet,
        _raw(Article.authors),
        Article.url,
        Article.published,
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
            ingested_at=_when(row[6]),  # type: ignore[arg-type]
        )
        for row in conn.execute(statement, {"ids": sorted(ids)})
    }


def _evidence_for(conn: sa.Connection, ids: list[int]) -> dict[int, list[EvidenceItem]]:
    out: dict[int, list[EvidenceItem]] = {}
    statement = (
        sa.select(
            Evidence.claim_id,
            Evidence.id,
            Evidence.stance,
            Evidence.title,
            Evidence.url,
            Evidence.quote,
            Evidence.note,
            Evidence.added_by,
            # A fetched page was captured when it was fetched; a link added without fetching, when added.
            sa.type_coerce(sa.func.coalesce(col(Evidence.fetched_at), col(Evidence.added_at)), sa.String),
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
                captured_at=_when(row[8]),
            )  # type: ignore[arg-type]
        )
    return out


def _notes_for(conn: sa.Connection, ids: list[int]) -> tuple[dict[int, NoteItem], dict[int, NoteItem]]:
    """Per claim: its newest status change, and its newest change with a note."""
    status_changes: dict[int, NoteItem] = {}
    notes: dict[int, NoteItem] = {}
    statement = (
        sa.select(
            HistoryEntry.claim_id,
            HistoryEntry.kind,
            HistoryEntry.to_value,
            HistoryEntry.note,
            HistoryEntry.actor,
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
        item = NoteItem(note=note, by=actor, at=_when(at), kind=kind, status=to_value if kind == status_kind else None)  # type: ignore[arg-type]
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
