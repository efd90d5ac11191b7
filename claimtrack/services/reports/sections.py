"""The short lists at the top of a report: the top box (disputed, false, misleading) and the
recently verified claims. Each is claims with their evidence and notes, as the articles list them."""

from __future__ import annotations

from collections.abc import Iterator

import sqlalchemy as sa
from sqlmodel import Session, col, func

from claimtrack.domain import ClaimStatus
from claimtrack.services.reports.filter import ReportFilter
from claimtrack.services.reports.model import ATTENTION, ClaimItem, RecentlyVerified
from claimtrack.services.reports.streaming import iter_claims
from claimtrack.services.reports.totals import verdicts_given_within
from claimtrack.store.models import Claim

RECENTLY_VERIFIED = 10
"""Verified claims a report lists, newest verdict first."""


def attention(session: Session, flt: ReportFilter) -> Iterator[ClaimItem]:
    """Disputed, false and misleading claims among those selected (what editors read first)."""
    wanted = [s for s in ATTENTION if not flt.claims.status or s in flt.claims.status]
    if not wanted:
        return iter(())
    return iter_claims(session, flt, statuses=wanted)


def recently_verified(session: Session, flt: ReportFilter, *, limit: int = RECENTLY_VERIFIED) -> RecentlyVerified:
    """The ``limit`` claims verified last (the change that made them ``verified`` is the newest),
    newest first; with a window, only those verified within it."""
    if flt.claims.status and ClaimStatus.VERIFIED not in flt.claims.status:
        return RecentlyVerified(claims=[], total=0)
    statement = verdicts_given_within(session, flt, [ClaimStatus.VERIFIED])
    given = statement.selected_columns.given
    total = session.execute(sa.select(func.count()).select_from(statement.subquery())).scalar_one()
    newest = session.execute(statement.order_by(given.desc(), col(Claim.id).desc()).limit(limit)).all()
    order = {row[0]: i for i, row in enumerate(newest)}
    claims = sorted(iter_claims(session, flt, ids=list(order)), key=lambda c: order[c.id]) if order else []
    return RecentlyVerified(claims=claims, total=total)
