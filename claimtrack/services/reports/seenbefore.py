"""Seen before (issue 15): how many of a report's claims the desk had seen before, and the claims
a checker confirmed the same as a checked claim or a published fact check.

Reads ``claim_match`` (what :mod:`claimtrack.services.similar` stores) through the light
:mod:`claimtrack.services.seen`: no matcher is imported. A pair of claims is stored once, on the
later claim, and read both ways here.

- :func:`seen_counts`: three counts for the report's totals, one aggregate query, scoped like
  the totals by status (the filter, not the window);
- :func:`seen_before`: the "Seen before" section, streamed, scoped like the other listings
  (the filter and the window);
- :func:`seen_for`: per claim, for the CSV's columns (one query per partition of claims).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, func

from claimtrack.config import Settings, get_settings
from claimtrack.domain import VERDICTS, MatchState
from claimtrack.services.reports.filter import ReportFilter, filtered
from claimtrack.services.reports.model import ClaimSeen, SeenCounts, SeenItem
from claimtrack.services.reports.streaming import CHUNK
from claimtrack.services.seen import Thresholds, counted_match
from claimtrack.store.models import Article, Claim, ClaimMatch, FactCheck

_VERDICTS = sorted(s.value for s in VERDICTS)


def check_url(pattern: str | None, claim_id: int) -> str | None:
    """The published check of a claim, from ``check_url_pattern`` (``{id}`` replaced); ``None``
    when the pattern is unset or has no ``{id}``. Renderers make a link of it only if it is an
    http(s) url."""
    pattern = (pattern or "").strip()
    if "{id}" not in pattern:
        return None
    return pattern.replace("{id}", str(claim_id))


# --- the counts --------------------------------------------------------------------------------


def _claims_matched(session: Session, flt: ReportFilter, *parts: tuple[Any, Any, list[Any], Any, Any]) -> int:
    """How many claims of ``flt`` have a ``claim_match`` row of any of ``parts``: ``(the claim's
    column, another table to join or None, its join condition, conditions, conditions on the
    claim itself)``. Each part is a join
    of ``claim_match`` and ``claim``, so the planner starts from whichever is the smaller: the
    claims of a narrow filter (probing ``claim_match``'s indexes) or the matches of a wide one."""
    selects = []
    for mine, join, on, conditions, own in parts:
        bare: sa.Select[*tuple[Any, ...]] = sa.select(col(mine).label("id")).select_from(ClaimMatch)
        statement = sa.select(col(Claim.id)).select_from(ClaimMatch).join(Claim, col(Claim.id) == mine)
        if join is not None:
            bare, statement = bare.join(join, *on), statement.join(join, *on)
        bare, statement = bare.where(*conditions), statement.where(*conditions)
        narrowed = filtered(statement.where(*own), session, flt, window=False)
        # A filter that selects every claim adds no condition: the claim table is not read at all
        # (``claim_match`` references it, so every id is a claim's).
        selects.append(bare if narrowed is statement and not own else narrowed)
    ids = sa.union(*selects).subquery() if len(selects) > 1 else selects[0].distinct().subquery()
    return int(session.execute(sa.select(func.count()).select_from(ids)).scalar_one())


def seen_counts(session: Session, flt: ReportFilter, *, settings: Settings | None = None) -> SeenCounts:
    """The claims ``flt`` selects (its window aside, like the totals by status) that repeat
    another claim, that match a fact check, and that a checker confirmed the same as a check
    (the earlier claim of a pair only while it has no verdict of its own: checked first, it was
    not seen before)."""
    counted = counted_match(Thresholds.of(settings))
    same = col(ClaimMatch.state) == MatchState.SAME.value
    other: Any = sa.orm.aliased(Claim)
    checked = col(other.status).in_(_VERDICTS)
    later, earlier = ClaimMatch.claim_id, ClaimMatch.other_claim_id
    fact_check = col(ClaimMatch.fact_check_id).is_not(None)
    repeated = _claims_matched(
        session,
        flt,
        (later, None, [], [col(earlier).is_not(None), counted], []),
        (earlier, None, [], [counted], []),
    )
    fact_check_matched = _claims_matched(session, flt, (later, None, [], [fact_check, counted], []))
    confirmed = _claims_matched(
        session,
        flt,
        (later, None, [], [fact_check, same], []),
        (later, other, [col(other.id) == earlier], [same, checked], []),
        (earlier, other, [col(other.id) == later], [same, checked], [col(Claim.status).not_in(_VERDICTS)]),
    )
    return SeenCounts(repeated=repeated, fact_check_matched=fact_check_matched, confirmed=confirmed)


# --- the section -------------------------------------------------------------------------------


def _section_rows() -> list[sa.Select[*tuple[Any, ...]]]:
    """The three ways a claim is confirmed the same as a check, as selects with the same columns:
    claim, article title, kind, target id, target text, verdict, publisher, url, decided by, at."""
    other: Any = sa.orm.aliased(Claim)
    same = col(ClaimMatch.state) == MatchState.SAME.value
    mine = (
        col(Claim.id),
        col(Claim.status),
        col(Claim.text),
        col(Claim.claimant),
        col(Claim.article_id),
        col(Article.title),
    )
    decided = (col(ClaimMatch.decided_by), col(ClaimMatch.decided_at))
    to_checks: sa.Select[*tuple[Any, ...]] = (
        sa.select(
            *mine,
            sa.literal("factcheck").label("kind"),
            col(FactCheck.id).label("target_id"),
            col(FactCheck.text).label("target_text"),
            col(FactCheck.rating).label("verdict"),
            col(FactCheck.publisher).label("publisher"),
            col(FactCheck.url).label("url"),
            *decided,
        )
        .select_from(Claim)
        .join(Article, col(Article.id) == Claim.article_id)
        .join(ClaimMatch, col(ClaimMatch.claim_id) == Claim.id)
        .join(FactCheck, col(FactCheck.id) == ClaimMatch.fact_check_id)
        .where(same)
    )

    def to_claims(mine_col: Any, theirs_col: Any, *more: sa.ColumnElement[bool]) -> sa.Select[*tuple[Any, ...]]:
        return (
            sa.select(
                *mine,
                sa.literal("claim").label("kind"),
                col(other.id).label("target_id"),
                col(other.text).label("target_text"),
                col(other.status).label("verdict"),
                sa.null().label("publisher"),
                sa.null().label("url"),
                *decided,
            )
            .select_from(Claim)
            .join(Article, col(Article.id) == Claim.article_id)
            .join(ClaimMatch, col(mine_col) == Claim.id)
            .join(other, col(other.id) == theirs_col)
            .where(same, col(other.status).in_(_VERDICTS), *more)
        )

    return [
        to_claims(ClaimMatch.claim_id, ClaimMatch.other_claim_id),
        # the earlier claim of a pair, while it has no verdict of its own
        to_claims(ClaimMatch.other_claim_id, ClaimMatch.claim_id, col(Claim.status).not_in(_VERDICTS)),
        to_checks,
    ]


def seen_before(
    session: Session, flt: ReportFilter, *, settings: Settings | None = None, chunk: int = CHUNK
) -> Iterator[SeenItem]:
    """The claims ``flt`` selects (and its window, like the other listings) that a checker
    confirmed the same as a checked claim or a fact check, by claim id (a claim confirmed the
    same as several is listed once for each), read ``chunk`` rows at a time."""
    pattern = (settings or get_settings()).check_url_pattern
    parts = [filtered(s, session, flt, window=True) for s in _section_rows()]
    union = sa.union_all(*parts).subquery()
    statement = sa.select(union).order_by(union.c.id, union.c.kind, union.c.target_id)
    result = session.connection().execution_options(yield_per=chunk).execute(statement)
    try:
        for row in result:
            kind = row.kind
            url = row.url if kind == "factcheck" else check_url(pattern, row.target_id)
            yield SeenItem(
                claim_id=row.id,
                status=row.status,
                text=row.text,
                claimant=row.claimant,
                article_id=row.article_id,
                article_title=row.title,
                kind=kind,
                target_id=row.target_id,
                target_text=row.target_text,
                verdict=row.verdict,
                publisher=row.publisher,
                url=url,
                decided_by=row.decided_by,
                decided_at=_aware(row.decided_at),
            )
    finally:
        result.close()


def _aware(value: Any) -> Any:
    """A timestamp of a union (SQLite gives it back as text, without the column's type)."""
    from claimtrack.services.reports.streaming import _when

    return None if value is None else _when(value)


# --- per claim, for the CSV ----------------------------------------------------------------------


def seen_for(
    conn: sa.Connection, statuses: Mapping[int, str], *, thresholds: Thresholds, pattern: str | None
) -> dict[int, ClaimSeen]:
    """Per claim of ``statuses`` (a partition of the streamed claims: id → its status) with any
    counted match. One query a partition."""
    out: dict[int, ClaimSeen] = {}
    if not statuses:
        return out
    counted = counted_match(thresholds)
    other: Any = sa.orm.aliased(Claim)
    ids = list(statuses)
    nothing = sa.null()

    def pairs(mine_col: Any, theirs_col: Any) -> sa.Select[*tuple[Any, ...]]:
        return (
            sa.select(
                col(mine_col).label("mine"),
                sa.literal("claim").label("kind"),
                col(theirs_col).label("target"),
                col(ClaimMatch.state).label("state"),
                col(other.status).label("verdict"),
                nothing.label("publisher"),
                nothing.label("url"),
                sa.literal(mine_col is ClaimMatch.claim_id).label("later"),
            )
            .join(other, col(other.id) == theirs_col)
            .where(col(mine_col).in_(ids), counted)
        )

    checks: sa.Select[*tuple[Any, ...]] = (
        sa.select(
            col(ClaimMatch.claim_id).label("mine"),
            sa.literal("factcheck").label("kind"),
            col(ClaimMatch.fact_check_id).label("target"),
            col(ClaimMatch.state).label("state"),
            col(FactCheck.rating).label("verdict"),
            col(FactCheck.publisher).label("publisher"),
            col(FactCheck.url).label("url"),
            sa.literal(True).label("later"),
        )
        .join(FactCheck, col(FactCheck.id) == ClaimMatch.fact_check_id)
        .where(col(ClaimMatch.claim_id).in_(ids), counted)
    )
    union = sa.union_all(
        pairs(ClaimMatch.claim_id, ClaimMatch.other_claim_id),
        pairs(ClaimMatch.other_claim_id, ClaimMatch.claim_id),
        checks,
    ).subquery()
    # the claims before the fact checks, each by id
    statement = sa.select(union).order_by(union.c.mine, union.c.kind, union.c.target)
    same = MatchState.SAME.value
    for claim_id, kind, target, state, verdict, publisher, url, later in conn.execute(statement):
        item = out.setdefault(claim_id, ClaimSeen())
        if kind == "claim":
            item.repeats += 1
            # the earlier claim of a pair only while it has no verdict of its own
            if state == same and verdict in VERDICTS and (later or statuses[claim_id] not in VERDICTS):
                link = check_url(pattern, target)
                item.same_as.append(" | ".join(p for p in (f"claim #{target}", verdict, link) if p))
        else:
            item.fact_checks += 1
            if state == same:
                item.same_as.append(" | ".join(p for p in (f"fact check #{target}", verdict, publisher, url) if p))
    return out
