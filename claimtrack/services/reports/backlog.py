"""The backlog over a report's period, day by day: the open check-worthy claims at the end of each
day, and the verdicts given that day. Computed from the history in SQL (one ``GROUP BY`` a day), so memory
holds the days, never the claims.

The period is the report's window (``since`` to ``until``, or to now); without a ``since``, the
last :data:`DAYS` days to its end; never before the day of the first claim the report covers.
Days are UTC.

*Open check-worthy* is the headline's: ``new`` or ``in_review``, less the proposals the queue sets
aside (untouched extractor proposals scored below the threshold: for those, only ``in_review``
is open work). Every ``created`` or ``status`` entry of a claim the report covers moves that
count by +1 (into open work), −1 (out of it) or 0. The count at the end of the period is the
open check-worthy claims now, less the moves made since; each earlier day's count is the next
day's less that day's moves. So the chart ends on the headline's open count, whatever
happened before the period.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func

from claimtrack.domain import ChangeKind, ClaimStatus
from claimtrack.services.reports.filter import ReportFilter, filtered
from claimtrack.services.reports.model import OPEN, VERDICT_ORDER, Backlog, BacklogDay
from claimtrack.services.workflow import change_in_force
from claimtrack.store.models import Claim, HistoryEntry

DAYS = 30
"""The period of a report without a window: the last 30 days (today included)."""

_AFTER = "~"
"""The bucket of the moves made after the period (``~`` sorts after every date)."""


def period(session: Session, flt: ReportFilter, now: datetime) -> tuple[datetime, datetime]:
    """``(since, until)`` of the backlog: the window, else the last :data:`DAYS` days; never
    before the day of the first claim the report covers, never after ``now``."""
    until = min(flt.until, now) if flt.until is not None else now
    if flt.since is not None:
        since = flt.since
    else:
        since = _midnight(until.astimezone(UTC).date() - timedelta(days=DAYS - 1))
    first = session.execute(filtered(sa.select(func.min(col(Claim.created_at))), session, flt, window=False)).scalar()
    if first is not None:
        since = max(since, _midnight(_aware(first).date()))
    return since, max(since, until)


def backlog(session: Session, flt: ReportFilter, now: datetime, open_now: int) -> Backlog:
    """The backlog of the claims ``flt`` selects (its window aside: the period is the window).

    ``open_now`` is how many of them are open check-worthy claims now (see the module's doc).
    """
    since, until = period(session, flt, now)
    if until <= since:
        return Backlog(since=since, until=until, days=())
    first_day = since.astimezone(UTC).date()
    last_day = (until - timedelta(microseconds=1)).astimezone(UTC).date()
    moves: dict[str, int] = {}
    verdicts: dict[str, int] = {}
    for day, moved, given in session.execute(_moves_by_day(session, flt, since, until)):
        moves[day] = int(moved or 0)
        verdicts[day] = int(given or 0)
    open_count = open_now - moves.get(_AFTER, 0)
    days: list[BacklogDay] = []
    day = last_day
    while day >= first_day:
        key = day.isoformat()
        days.append(BacklogDay(day=day, open=open_count, verdicts=verdicts.get(key, 0)))
        open_count -= moves.get(key, 0)
        day -= timedelta(days=1)
    days.reverse()
    return Backlog(since=since, until=until, days=tuple(days))


def _moves_by_day(session: Session, flt: ReportFilter, since: datetime, until: datetime) -> sa.Select[*tuple[Any, ...]]:
    """Per UTC day from ``since`` (and one bucket, ``~``, for everything from ``until`` on): the
    open count's net move, and the verdicts given (see :func:`_verdict_given`)."""
    at = col(HistoryEntry.at)
    # A proposal the queue would set aside is open work only in review (as new, it is set aside).
    low = sa.and_(col(Claim.origin) == "extractor", col(Claim.score) < flt.claims.threshold)
    open_values = [s.value for s in OPEN]
    in_review = ClaimStatus.IN_REVIEW.value
    to_value, from_value = col(HistoryEntry.to_value), col(HistoryEntry.from_value)
    entered = sa.case((low, sa.case((to_value == in_review, 1), else_=0)), (to_value.in_(open_values), 1), else_=0)
    left = sa.case(
        (col(HistoryEntry.kind) != ChangeKind.STATUS.value, 0),
        (low, sa.case((from_value == in_review, 1), else_=0)),
        (from_value.in_(open_values), 1),
        else_=0,
    )
    bucket = sa.case((at >= until, sa.literal(_AFTER)), else_=_day(session, at)).label("day")
    statement = (
        sa.select(
            bucket,
            func.sum(entered - left),
            func.sum(sa.case((sa.and_(_verdict_given(), at < until), 1), else_=0)),
        )
        .select_from(HistoryEntry)
        .join(Claim, col(Claim.id) == HistoryEntry.claim_id)
        .where(
            col(HistoryEntry.kind).in_([ChangeKind.CREATED.value, ChangeKind.STATUS.value]),
            at >= since,
        )
        .group_by(bucket)
    )
    return filtered(statement, session, flt, window=False)


def _verdict_given() -> sa.ColumnElement[bool]:
    """A history entry that counts as a verdict given: the same rule as the report's "verdicts
    given" (``Changes.verdicts_given``, counted in ``totals._changes``). Keep the two in step:
    a verdict undone since, an undo and a redo are none (``change_in_force``)."""
    return sa.and_(
        col(HistoryEntry.kind) == ChangeKind.STATUS.value,
        col(HistoryEntry.to_value).in_([s.value for s in VERDICT_ORDER]),
        change_in_force(),
    )


def _day(session: Session, at: object) -> sa.ColumnElement[str]:
    """The UTC day of a timestamp, as ``YYYY-MM-DD``."""
    if session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", col(at)), "YYYY-MM-DD")
    # SQLite stores UTC as "YYYY-MM-DD HH:MM:SS.ffffff".
    return func.substr(sa.type_coerce(col(at), sa.String), 1, 10)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
