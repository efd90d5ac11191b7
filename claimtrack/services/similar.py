"""Seen before: claims matched to earlier claims and fact checks, and the checkers' decisions (issue 15).

On ingest, every new claim is matched (:class:`claimtrack.services.matching.Matcher`) against the
claims with a verdict, the open claims of other articles and the stored fact checks; each match
scoring at least ``match_suggest_threshold`` is stored in ``claim_match`` as ``suggested``
(:func:`match_new_claims`). A checker then decides it (:func:`decide`): ``same`` or
``different``, recorded in the claim's history (and in the other claim's, for a pair of claims).
Confirming a match to a claim with a verdict, or to a fact check whose rating names one, can
carry that verdict over, with the matched item linked as evidence, in the same transaction; it
is never carried without being asked for (:func:`verdict_on_offer` says what would be).

A pair of claims is stored once, on the later claim (``claim_id`` > ``other_claim_id``) and read
both ways: "claim 40 matches claim 12" is also "claim 12 matches claim 40".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from claimtrack.config import Settings, get_settings
from claimtrack.domain import ChangeKind, ClaimStatus, MatchKind, MatchState, is_verdict, utcnow
from claimtrack.errors import InputError, NotFoundError, WorkflowError
from claimtrack.services.identity import check_user_name
from claimtrack.services.matching import Matcher
from claimtrack.services.seen import Decision, Found, MatchSummary, SimilarItem, Target, Thresholds, VerdictOffer
from claimtrack.services.workflow import add_evidence, begin_change, get_claim, record_change, set_status
from claimtrack.store.engine import Database
from claimtrack.store.models import Article, Claim, ClaimMatch, FactCheck, HistoryEntry, stored_id
from claimtrack.web.ratings import stance_for, status_from_words

#: The method of the matches found on ingest: full-text candidates, re-ranked (docs/matching.md).
METHOD = "fts+rerank/1"
#: The method of a match a checker made by hand (``claimtrack same`` on a pair never suggested).
CHECKER = "checker"
#: Matches kept per claim, at most (the best).
MATCHES_PER_CLAIM = 5
#: Claims matched per database round trip of the ingest's matching.
BATCH = 200

_TABLE: sa.Table = ClaimMatch.__table__  # type: ignore[attr-defined]


_REF = re.compile(r"^\s*(?:(claim|c|#|factcheck|fact-check|fc|f)\s*[:#]?\s*)?#?(\d{1,18})\s*$", re.IGNORECASE)


def parse_target(value: str) -> Target:
    """``12``, ``#12`` or ``claim:12`` name a claim; ``fc:7`` or ``factcheck:7`` a fact check."""
    found = _REF.match(value or "")
    if found is None:
        raise InputError(f"{value!r} names no claim or fact check: give a claim id (12) or a fact check (fc:7)")
    prefix = (found.group(1) or "").lower()
    kind = MatchKind.FACT_CHECK if prefix.startswith("f") else MatchKind.CLAIM
    return Target(kind, int(found.group(2)))


# --- finding matches on ingest ---------------------------------------------------------------------


def _insert(dialect: str) -> Any:
    if dialect == "postgresql":
        return postgresql.insert(_TABLE).on_conflict_do_nothing()
    return sqlite.insert(_TABLE).on_conflict_do_nothing()


def match_new_claims(
    db: Database,
    claim_ids: Iterable[int],
    *,
    settings: Settings | None = None,
    matcher: Matcher | None = None,
) -> MatchSummary:
    """Match stored claims against what the desk knows and store the matches scoring at least
    the suggestion threshold, as ``suggested``. Reads with no transaction open; writes each batch
    in one short transaction. A match stored already (the same pair) is left as it is."""
    thresholds = Thresholds.of(settings)
    matcher = matcher or Matcher(db)
    ids = sorted(set(claim_ids))
    summary = MatchSummary()
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        with db.session() as session:
            rows = (
                session.connection()
                .execute(
                    sa.select(
                        col(Claim.id),
                        col(Claim.text),
                        col(Claim.claimant),
                        col(Claim.article_id),
                        col(Article.published),
                    )
                    .join(Article, col(Article.id) == Claim.article_id)
                    .where(col(Claim.id).in_(chunk))
                    .order_by(col(Claim.id))
                )
                .all()
            )
        batch: list[dict[str, Any]] = []
        found: list[Found] = []
        for claim_id, text, claimant, article_id, published in rows:
            assert claim_id is not None  # (a stored claim's)
            summary.claims += 1
            kept = 0
            for m in matcher.match(
                text, speaker=claimant or "", date=published, limit=MATCHES_PER_CLAIM, exclude_article=article_id
            ):
                if m.score < thresholds.suggest:
                    break
                kept += 1
                score = round(float(m.score), 6)
                if m.kind == "factcheck":
                    target = Target(MatchKind.FACT_CHECK, m.id)
                    batch.append(_row(claim_id, None, m.id, score))
                    verdict = m.rating
                else:
                    target = Target(MatchKind.CLAIM, m.id)
                    later, earlier = max(claim_id, m.id), min(claim_id, m.id)
                    batch.append(_row(later, earlier, None, score))
                    verdict = m.status if is_verdict(m.status) else None
                found.append(Found(claim_id, target, score, m.text, verdict))
            summary.matched += kept > 0
        if batch:
            with db.session() as session:
                session.connection().execute(_insert(db.dialect), batch)
                session.commit()
        summary.found.extend(found)
    summary.found.sort(key=lambda f: (-f.score, f.claim_id))
    return summary


def _row(claim_id: int, other: int | None, fact_check: int | None, score: float) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "other_claim_id": other,
        "fact_check_id": fact_check,
        "score": score,
        "method": METHOD,
        "state": MatchState.SUGGESTED.value,
        "found_at": utcnow(),
        "decided_at": None,
        "decided_by": None,
    }


def match_articles(db: Database, article_ids: Iterable[int], *, settings: Settings | None = None) -> MatchSummary:
    """Match the claims of the articles (just ingested)."""
    ids = sorted(set(article_ids))
    if not ids:
        return MatchSummary()
    with db.session() as session:
        claim_ids = session.exec(select(Claim.id).where(col(Claim.article_id).in_(ids))).all()
    return match_new_claims(db, [i for i in claim_ids if i is not None], settings=settings)


# --- reading a claim's matches ---------------------------------------------------------------------


def similar(session: Session, claim_id: int, *, include_different: bool = True) -> list[SimilarItem]:
    """The claim's matches, both ways: decided ``same`` first, then by score; ``different`` last."""
    get_claim(session, claim_id)
    out: list[SimilarItem] = []
    pairs = session.exec(
        select(ClaimMatch, Claim)
        .join(
            Claim,
            sa.or_(
                sa.and_(col(ClaimMatch.claim_id) == claim_id, col(Claim.id) == ClaimMatch.other_claim_id),
                sa.and_(col(ClaimMatch.other_claim_id) == claim_id, col(Claim.id) == ClaimMatch.claim_id),
            ),
        )
        .where(sa.or_(col(ClaimMatch.claim_id) == claim_id, col(ClaimMatch.other_claim_id) == claim_id))
    ).all()
    for m, other in pairs:
        out.append(
            SimilarItem(
                stored_id(m), Target(MatchKind.CLAIM, stored_id(other)), m.score, m.method, m.state, other.text,
                status=other.status, article_id=other.article_id, found_at=m.found_at, decided_at=m.decided_at,
                decided_by=m.decided_by,
            )
        )  # fmt: skip
    checks = session.exec(
        select(ClaimMatch, FactCheck)
        .join(FactCheck, col(FactCheck.id) == ClaimMatch.fact_check_id)
        .where(col(ClaimMatch.claim_id) == claim_id)
    ).all()
    for m, check in checks:
        out.append(
            SimilarItem(
                stored_id(m), Target(MatchKind.FACT_CHECK, stored_id(check)), m.score, m.method, m.state, check.text,
                rating=check.rating, publisher=check.publisher, url=check.url, found_at=m.found_at,
                decided_at=m.decided_at, decided_by=m.decided_by,
            )
        )  # fmt: skip
    if not include_different:
        out = [item for item in out if item.state != MatchState.DIFFERENT]
    order = {MatchState.SAME: 0, MatchState.SUGGESTED: 1, MatchState.DIFFERENT: 2}
    out.sort(key=lambda i: (order.get(MatchState(i.state), 3), -(i.score or 0.0), i.target.kind, i.target.id))
    return out


# --- deciding a match ----------------------------------------------------------------------------------


def _find(session: Session, claim_id: int, target: Target) -> ClaimMatch | None:
    if target.kind == MatchKind.FACT_CHECK:
        where = sa.and_(col(ClaimMatch.claim_id) == claim_id, col(ClaimMatch.fact_check_id) == target.id)
    else:
        later, earlier = max(claim_id, target.id), min(claim_id, target.id)
        where = sa.and_(col(ClaimMatch.claim_id) == later, col(ClaimMatch.other_claim_id) == earlier)
    return session.exec(select(ClaimMatch).where(where)).first()


def _check_target(session: Session, claim_id: int, target: Target) -> Claim | FactCheck:
    if target.kind == MatchKind.CLAIM:
        if target.id == claim_id:
            raise InputError(f"claim {claim_id} cannot match itself")
        other = session.get(Claim, target.id)
        if other is None:
            raise NotFoundError(f"no claim with id {target.id}")
        return other
    check = session.get(FactCheck, target.id)
    if check is None:
        raise NotFoundError(f"no fact check with id {target.id}", cli_advice="see them: claimtrack factchecks list")
    return check


def verdict_on_offer(
    session: Session, claim_id: int, target: Target, *, settings: Settings | None = None
) -> VerdictOffer | None:
    """The verdict confirming ``target`` as the same claim would offer to carry over to the claim:
    the matched claim's verdict, or the status the fact check's rating names; ``None`` when there
    is none (an open claim, a rating in no words claimtrack knows)."""
    item = _check_target(session, claim_id, target)
    if isinstance(item, Claim):
        if not is_verdict(item.status):
            return None
        status = ClaimStatus(item.status)
        url = None
        settings = settings or get_settings()
        if settings.check_url_pattern and "{id}" in settings.check_url_pattern:
            url = settings.check_url_pattern.replace("{id}", str(target.id))
        reason = _verdict_note(session, target.id)
        return VerdictOffer(
            status=status,
            source=f"claim #{target.id} ({status.value})",
            url=url,
            title=f"The same claim, checked: claim #{target.id} ({status.value})",
            quote=item.text,
            note=f"The same claim as claim #{target.id}, checked {status.value}" + (f": {reason}" if reason else "."),
        )
    found = status_from_words(item.rating)
    if found is None or not is_verdict(found):
        return None
    who = item.publisher or "a fact checker"
    rated = f"“{item.rating}”"
    return VerdictOffer(
        status=found,
        source=f"fact check #{target.id} ({who}: {item.rating})",
        url=item.url,
        title=f"{who}: {item.rating}"[:1000],
        quote=item.text,
        note=f"The same claim as the one {who} rated {rated}" + (f" ({item.url})." if item.url else "."),
    )


def _verdict_note(session: Session, claim_id: int) -> str | None:
    entry = session.exec(
        select(HistoryEntry)
        .where(HistoryEntry.claim_id == claim_id, HistoryEntry.kind == ChangeKind.STATUS)
        .order_by(col(HistoryEntry.id).desc())
        .limit(1)
    ).first()
    return entry.note if entry is not None else None


def decide(
    session: Session,
    claim_id: int,
    target: Target,
    state: MatchState | str,
    *,
    user: str,
    note: str | None = None,
    apply_verdict: bool = False,
    expected_version: int | None = None,
    settings: Settings | None = None,
) -> Decision:
    """Decide a match: ``same`` or ``different``, recorded in the claim's history (and the other
    claim's, for a pair of claims). A pair never suggested is matched by hand. With
    ``apply_verdict`` (``same`` only), the verdict the match offers is given to the claim, the
    matched item linked as evidence, all in this transaction. Commits nothing itself."""
    user = check_user_name(user)
    new_state = MatchState(state)
    if new_state == MatchState.SUGGESTED:
        raise InputError("a match is decided same or different")
    if apply_verdict and new_state != MatchState.SAME:
        raise InputError("a verdict is carried over only from a match confirmed the same")
    _check_target(session, claim_id, target)
    match = _find(session, claim_id, target)
    previous = MatchState(match.state) if match is not None else None
    if previous == new_state and not apply_verdict:
        raise WorkflowError(f"claim {claim_id} and {target} are already decided {new_state.value}")
    offer = verdict_on_offer(session, claim_id, target, settings=settings) if new_state == MatchState.SAME else None
    claim = get_claim(session, claim_id)
    if apply_verdict:
        if offer is None:
            raise WorkflowError(f"{target} has no verdict to carry over; give the claim its verdict yourself")
        if is_verdict(claim.status):
            raise WorkflowError(
                f"claim {claim_id} has a verdict already ({claim.status}); nothing was carried over",
                cli_advice=f'change it yourself: claimtrack status {claim_id} {offer.status.value} --note "..."',
            )
    if previous == new_state:  # confirmed before: the verdict alone is carried over now
        changed = claim
    else:
        changed = _record_decision(session, claim_id, target, match, previous, new_state, user, note, expected_version)
    applied = None
    if apply_verdict and offer is not None:
        add_evidence(
            session,
            claim_id,
            offer.url,
            user=user,
            stance=stance_for(offer.status),
            title=offer.title,
            quote=offer.quote,
            note=f"Linked when the match with {target} was confirmed.",
            expected_version=expected_version if previous == new_state else None,
        )
        set_status(session, claim_id, offer.status, user=user, note=note or offer.note)
        applied, offer = offer, None
    session.refresh(changed)
    return Decision(claim_id, target, new_state, previous, applied, offer, changed.version)


def _record_decision(
    session: Session,
    claim_id: int,
    target: Target,
    match: ClaimMatch | None,
    previous: MatchState | None,
    new_state: MatchState,
    user: str,
    note: str | None,
    expected_version: int | None,
) -> Claim:
    now = utcnow()
    if match is None:
        if target.kind == MatchKind.FACT_CHECK:
            values = _row(claim_id, None, target.id, 0.0)
        else:
            values = _row(max(claim_id, target.id), min(claim_id, target.id), None, 0.0)
        match = ClaimMatch(**{**values, "score": None, "method": CHECKER})
        session.add(match)
    match.state = new_state.value
    match.decided_at = now
    match.decided_by = user
    session.add(match)
    before = previous.value if previous is not None else "unmatched"
    changed = begin_change(session, claim_id, expected_version, user)
    record_change(
        session, changed, user, ChangeKind.MATCH, from_value=f"{before}: {target}", to_value=f"{new_state.value}: {target}",
        note=note,
    )  # fmt: skip
    if target.kind == MatchKind.CLAIM:  # the other claim's history says it too
        other = begin_change(session, target.id, None, user)
        mine = Target(MatchKind.CLAIM, claim_id)
        record_change(
            session, other, user, ChangeKind.MATCH, from_value=f"{before}: {mine}", to_value=f"{new_state.value}: {mine}",
            note=note,
        )  # fmt: skip
    session.flush()
    return changed
