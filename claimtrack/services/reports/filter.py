"""Which claims a report covers (:class:`ReportFilter`), the dates its options take
(:func:`parse_when`), and the filter applied to a query.

A report's ``since`` and ``until`` window narrows the claim listings to claims with a change in
it and says which changes and verdicts the figures count; the current state of the claims
(totals, open work) is never windowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col

from claimtrack.errors import InputError
from claimtrack.services.queries import DEFAULT_QUEUE_THRESHOLD, ClaimFilter, SelectT, apply_filter
from claimtrack.store.models import Claim, HistoryEntry


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
        threshold: float = DEFAULT_QUEUE_THRESHOLD,
    ) -> ReportFilter:
        """From command-line values; dates are parsed by :func:`parse_when`. ``threshold`` is the
        queue's (the ``queue_threshold`` setting): the proposals below it that nobody touched are
        set aside, counted apart from the open check-worthy claims."""
        since_at = parse_when(since, "--since", now=now) if since is not None else None
        until_at = parse_when(until, "--until", now=now, end_of_day=True) if until is not None else None
        if since_at is not None and until_at is not None and until_at <= since_at:
            raise InputError(f"--until ({_iso(until_at)}) must be after --since ({_iso(since_at)})")
        return cls(
            claims=ClaimFilter.build(status=status, article_id=article_id, assignee=assignee, threshold=threshold),
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
        if flt.min_score is not None:
            parts.append(f"score ≥ {flt.min_score:g}")
        if self.since is not None:
            parts.append(f"since {short_time(self.since)}")
        if self.until is not None:
            parts.append(f"before {short_time(self.until)}")
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


def short_time(value: datetime) -> str:
    """``2024-03-01`` at midnight UTC, else ``2024-03-01 09:30 UTC``."""
    value = value.astimezone(UTC)
    if value.hour == value.minute == value.second == 0:
        return value.strftime("%Y-%m-%d")
    return value.strftime("%Y-%m-%d %H:%M UTC")


# --- the filter in a query ---------------------------------------------------------------------


def dialect_name(session: Session) -> str:
    return session.get_bind().dialect.name


def at_in_window(column: object, flt: ReportFilter) -> list[sa.ColumnElement[bool]]:
    """``column`` (a timestamp) inside the filter's window: no condition when it has none."""
    out = []
    if flt.since is not None:
        out.append(col(column) >= flt.since)
    if flt.until is not None:
        out.append(col(column) < flt.until)
    return out


def _window_condition(flt: ReportFilter) -> sa.ColumnElement[bool] | None:
    """Claims with any change in the window."""
    if not flt.windowed:
        return None
    conditions = [col(HistoryEntry.claim_id) == Claim.id, *at_in_window(HistoryEntry.at, flt)]
    return sa.exists(sa.select(sa.literal(1)).select_from(HistoryEntry).where(*conditions))


def filtered(statement: SelectT, session: Session, flt: ReportFilter, *, window: bool) -> SelectT:
    """``statement`` (over ``claim``) narrowed to the claims ``flt`` selects; with ``window``,
    also to those with a change in its window."""
    statement = apply_filter(statement, flt.claims, dialect_name(session))
    if window:
        condition = _window_condition(flt)
        if condition is not None:
            statement = statement.where(condition)
    return statement
