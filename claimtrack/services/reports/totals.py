"""The figures at the top of a report: the headline, totals by status, changes in the window, the
backlog day by day (:mod:`.backlog`), the open claims by priority, time to verdict, open work,
the claims seen before (:mod:`.seenbefore`).
A handful of ``GROUP BY`` queries and short ``LIMIT`` lists: cheap on any size of database."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func

from claimtrack.config import Settings
from claimtrack.domain import ChangeKind, ClaimStatus
from claimtrack.services.queries import ClaimFilter, apply_filter, set_aside_condition, verdict_times
from claimtrack.services.reports.backlog import backlog
from claimtrack.services.reports.filter import ReportFilter, as_report_filter, at_in_window, dialect_name, filtered
from claimtrack.services.reports.model import (
    CHECKED,
    OPEN,
    VERDICT_ORDER,
    AssigneeWork,
    Backlog,
    Changes,
    Headline,
    OpenClaim,
    ReportTotals,
    StatusChange,
    TimeToVerdict,
)
from claimtrack.services.reports.seenbefore import seen_counts
from claimtrack.services.reports.streaming import CHUNK
from claimtrack.services.workflow import change_in_force
from claimtrack.store.models import Article, Claim, HistoryEntry

SLOWEST_OPEN = 10
"""Open claims listed under time to verdict, oldest first."""
OPEN_LISTED = 10
"""Open claims listed by priority: the most check-worthy first."""


def report_totals(
    session: Session,
    flt: ReportFilter | ClaimFilter | None = None,
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> ReportTotals:
    """The report's figures: totals by status, changes in the window, time to verdict, open work,
    the claims seen before (``settings``' match thresholds; default: the settings read).

    Cheap on any size of database (aggregate queries only); the TUI's report screen calls this.
    """

    rflt = as_report_filter(flt)
    now = now or datetime.now(UTC)

    counts = {status: 0 for status in ClaimStatus}
    statement = filtered(
        sa.select(col(Claim.status), func.count()).group_by(col(Claim.status)), session, rflt, window=False
    )
    for status, count in session.execute(statement):
        counts[ClaimStatus(status)] = count
    articles = session.execute(
        filtered(sa.select(func.count(sa.distinct(col(Claim.article_id)))), session, rflt, window=rflt.windowed)
    ).scalar_one()
    changes = _changes(session, rflt) if rflt.windowed else None
    set_aside = session.execute(
        filtered(sa.select(func.count()).where(set_aside_condition(rflt.claims.threshold)), session, rflt, window=False)
    ).scalar_one()
    period = backlog(session, rflt, now, sum(counts[s] for s in OPEN) - set_aside)

    return ReportTotals(
        generated_at=now,
        filter=rflt,
        by_status=counts,
        articles=articles,
        changes=changes,
        time_to_verdict=_time_to_verdict(session, rflt, now),
        open_work=_open_work(session, rflt),
        headline=_headline(session, rflt, counts, set_aside, changes, period),
        backlog=period,
        open_claims=_open_claims(session, rflt, now),
        seen=seen_counts(session, rflt, settings=settings),
    )


def _headline(
    session: Session,
    flt: ReportFilter,
    counts: dict[ClaimStatus, int],
    set_aside: int,
    changes: Changes | None,
    period: Backlog,
) -> Headline:
    """Checked out of checked and open check-worthy claims, and the verdicts of the period."""
    if changes is None or flt.since is None:  # the backlog's period (the last 30 days), counted as a window
        changes = _changes(session, ReportFilter(claims=flt.claims, since=period.since, until=period.until))
    return Headline(
        checked=sum(counts[s] for s in CHECKED),
        open=sum(counts[s] for s in OPEN),
        set_aside=set_aside,
        dismissed=counts[ClaimStatus.DISMISSED],
        verdicts=changes.verdicts_given,
        since=flt.since or period.since,
        until=flt.until,
    )


def _changes(session: Session, flt: ReportFilter) -> Changes:
    """The changes in the window that are in force: a change undone since is not counted, nor is
    an undo or a redo (a verdict undone is no verdict given; verify, undo, verify is one)."""
    changes = Changes(since=flt.since, until=flt.until)
    statement = (
        sa.select(col(HistoryEntry.kind), col(HistoryEntry.from_value), col(HistoryEntry.to_value), func.count())
        .select_from(HistoryEntry)
        .join(Claim, col(Claim.id) == HistoryEntry.claim_id)
        .where(
            col(HistoryEntry.kind).in_([ChangeKind.CREATED.value, ChangeKind.STATUS.value]),
            *at_in_window(HistoryEntry.at, flt),
            change_in_force(),
        )
        .group_by(col(HistoryEntry.kind), col(HistoryEntry.from_value), col(HistoryEntry.to_value))
    )
    statement = apply_filter(statement, flt.claims, dialect_name(session))
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


def _verdict_times(session: Session, flt: ReportFilter) -> sa.Select[*tuple[Any, ...]]:
    """Per claim with a verdict: when it entered the tracker, and when its verdict was given."""
    return verdicts_given_within(session, flt, VERDICT_ORDER, col(Claim.created_at))


def verdicts_given_within(
    session: Session, flt: ReportFilter, statuses: Iterable[ClaimStatus], *columns: Any
) -> sa.Select[*tuple[Any, ...]]:
    """:func:`verdict_times` of ``statuses`` (and ``columns``) for the claims of ``flt``, the
    verdict given within its window, if it has one."""
    statement = verdict_times(statuses, *columns)
    statement = apply_filter(statement, flt.claims, dialect_name(session))
    given = statement.selected_columns.given
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
        _open_claim_rows()
        .where(col(Claim.status).in_([s.value for s in OPEN]))
        .order_by(col(Claim.created_at), col(Claim.id))
        .limit(SLOWEST_OPEN)
    )
    statement = filtered(statement, session, flt, window=False)
    result.slowest_open.extend(_open_claim(row, now) for row in session.execute(statement))
    return result


def _open_claims(session: Session, flt: ReportFilter, now: datetime) -> list[OpenClaim]:
    """The :data:`OPEN_LISTED` most check-worthy open claims (highest score, then lowest id), set-aside
    proposals left out."""
    statement = (
        _open_claim_rows()
        .where(col(Claim.status).in_([s.value for s in OPEN]), sa.not_(set_aside_condition(flt.claims.threshold)))
        .order_by(col(Claim.score).desc(), col(Claim.id))
        .limit(OPEN_LISTED)
    )
    return [_open_claim(row, now) for row in session.execute(filtered(statement, session, flt, window=False))]


def _open_claim_rows() -> sa.Select[*tuple[Any, ...]]:
    return sa.select(
        col(Claim.id),
        col(Claim.status),
        col(Claim.assignee),
        col(Claim.text),
        col(Claim.claimant),
        col(Claim.article_id),
        col(Article.title),
        col(Claim.created_at),
        col(Claim.score),
    ).join(Article, col(Article.id) == Claim.article_id)


def _open_claim(row: sa.Row[*tuple[Any, ...]], now: datetime) -> OpenClaim:
    return OpenClaim(
        id=row[0],
        status=row[1],
        assignee=row[2],
        text=row[3],
        claimant=row[4],
        article_id=row[5],
        article_title=row[6],
        created_at=row[7],
        open_for=max(timedelta(0), now - row[7]),
        score=row[8],
    )


def _percentile(ordered: list[float], q: float) -> float:
    """Linear interpolation between closest ranks (the median of an even count is the mean of the middle two)."""
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _open_work(session: Session, flt: ReportFilter) -> list[AssigneeWork]:
    statement = (
        sa.select(col(Claim.assignee), col(Claim.status), func.count(), func.min(col(Claim.created_at)))
        .where(col(Claim.status).in_([s.value for s in OPEN]))
        .group_by(col(Claim.assignee), col(Claim.status))
    )
    statement = filtered(statement, session, flt, window=False)
    work: dict[str | None, AssigneeWork] = {}
    for assignee, status, count, oldest in session.execute(statement):
        item = work.get(assignee) or AssigneeWork(assignee=assignee, new=0, in_review=0, oldest=None)
        new, in_review = (count, 0) if status == ClaimStatus.NEW.value else (0, count)
        earliest = min((t for t in (item.oldest, oldest) if t is not None), default=None)
        work[assignee] = AssigneeWork(assignee, item.new + new, item.in_review + in_review, earliest)
    # Unassigned last; the rest by most open work, then name.
    return sorted(work.values(), key=lambda w: (w.assignee is None, -w.total, w.assignee or ""))
