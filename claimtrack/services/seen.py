"""How a claim was seen before: the marks of the queue, its "matches a checked claim" filter, and the
reports' counts (issue 15). Reads ``claim_match`` only (what :mod:`claimtrack.services.similar`
stores); imports no matcher, so the queue stays light.

A match counts as seen before when a checker confirmed it the same, or when it is suggested with
a score at the suggestion threshold (a threshold raised since hides the weaker ones). A match
decided different never counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from claimtrack.config import Settings, get_settings
from claimtrack.domain import VERDICTS, ClaimStatus, MatchKind, MatchState, is_verdict
from claimtrack.store.models import Claim, ClaimMatch, FactCheck


@dataclass(frozen=True, slots=True)
class Target:
    """What a claim is matched to: an earlier claim or a fact check, by id."""

    kind: MatchKind
    id: int

    def __str__(self) -> str:
        return f"claim #{self.id}" if self.kind == MatchKind.CLAIM else f"fact check #{self.id}"

    @property
    def ref(self) -> str:
        """How the command line names it: ``12`` or ``fc:7``."""
        return str(self.id) if self.kind == MatchKind.CLAIM else f"fc:{self.id}"


@dataclass(frozen=True, slots=True)
class Found:
    """A match stored for a new claim."""

    claim_id: int
    target: Target
    score: float
    text: str
    verdict: str | None
    """The matched claim's status when it is a verdict, or the fact check's rating."""


@dataclass
class MatchSummary:
    """What matching the new claims of an ingest found."""

    claims: int = 0
    """Claims matched (looked for)."""
    matched: int = 0
    """Claims with at least one match stored."""
    found: list[Found] = field(default_factory=list)
    """Every match stored, best first."""

    @property
    def checked(self) -> list[Found]:
        """The matches to earlier checks (a claim with a verdict, a fact check), best first."""
        return [f for f in self.found if f.verdict is not None]

    @property
    def claims_matching_checks(self) -> int:
        return len({f.claim_id for f in self.checked})


@dataclass(frozen=True, slots=True)
class SimilarItem:
    """One match of a claim, seen from that claim."""

    match_id: int
    target: Target
    score: float | None
    method: str
    state: str
    text: str
    status: str | None = None
    """For a claim: its status."""
    rating: str | None = None
    """For a fact check: its rating."""
    publisher: str | None = None
    url: str | None = None
    """For a fact check: its page."""
    article_id: int | None = None
    """For a claim: its article."""
    found_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None

    @property
    def verdict(self) -> str | None:
        """What was found about it: the claim's verdict, or the fact check's rating."""
        if self.target.kind == MatchKind.FACT_CHECK:
            return self.rating
        return self.status if is_verdict(self.status) else None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.target.kind.value,
            "id": self.target.id,
            "score": self.score,
            "state": self.state,
            "method": self.method,
            "text": self.text,
        }
        if self.target.kind == MatchKind.FACT_CHECK:
            data.update(rating=self.rating, publisher=self.publisher, url=self.url)
        else:
            data.update(status=self.status, article_id=self.article_id)
        data.update(
            found_at=self.found_at.isoformat() if self.found_at else None,
            decided_at=self.decided_at.isoformat() if self.decided_at else None,
            decided_by=self.decided_by,
        )
        return data


@dataclass(frozen=True, slots=True)
class VerdictOffer:
    """The verdict confirming a match would carry over, and the evidence it would link."""

    status: ClaimStatus
    source: str
    """Where it comes from, in words: 'claim #12 (false)', 'PolitiFact rated it “Pants on Fire”'."""
    url: str | None
    title: str
    quote: str
    note: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A match decided: the match as it is now, and the verdict carried over if one was."""

    claim_id: int
    target: Target
    state: MatchState
    previous: MatchState | None
    """The state before (``None``: the pair was never suggested, a checker matched it)."""
    applied: VerdictOffer | None
    offer: VerdictOffer | None
    """What confirming it offers and was not applied (``same`` without ``apply_verdict``)."""
    version: int
    """The claim's version after the decision."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """``suggest``: a match scoring this much is stored as a suggestion. ``strong``: one scoring
    this much is named first, and counts as seen before without a checker's word."""

    suggest: float = 0.75
    strong: float = 0.95

    @classmethod
    def of(cls, settings: Settings | None = None) -> Thresholds:
        """From the settings (``match_suggest_threshold``, ``match_strong_threshold``)."""
        settings = settings or get_settings()
        return cls(
            settings.match_suggest_threshold, max(settings.match_strong_threshold, settings.match_suggest_threshold)
        )


@dataclass(frozen=True, slots=True)
class SeenBefore:
    """How a claim was seen before, for the queue's mark and the detail pane."""

    claim_id: int
    checked: str | None = None
    """The verdict of the best matched claim that has one."""
    checked_claim: int | None = None
    rating: str | None = None
    """The rating of the best matched fact check."""
    fact_check: int | None = None
    repeats: int = 0
    """Other claims matching it (open or checked)."""
    confirmed: bool = False
    """A checker confirmed a match of it the same."""
    best: float | None = None
    """The best score among its matches (None: decided by hand only)."""
    sure: bool = False
    """Confirmed the same, or suggested with a strong score (``match_strong_threshold``): the
    desk shows it without a question mark."""

    @property
    def mark(self) -> str:
        """The queue's words for it: ``checked: false``, ``fact check: Pants on Fire``, ``repeated ×3``."""
        if self.checked is not None:
            return f"checked: {self.checked}"
        if self.fact_check is not None:
            return f"fact check: {self.rating}" if self.rating else "fact check"
        if self.repeats:
            return f"repeated ×{self.repeats + 1}"
        return ""


def counted_match(thresholds: Thresholds) -> sa.ColumnElement[bool]:
    """SQL: the ``claim_match`` row counts as seen before: confirmed the same, or suggested with a
    score at the suggestion threshold (a threshold raised since hides the weaker ones)."""
    return sa.or_(
        col(ClaimMatch.state) == MatchState.SAME.value,
        sa.and_(col(ClaimMatch.state) == MatchState.SUGGESTED.value, col(ClaimMatch.score) >= thresholds.suggest),
    )


def seen_before(
    session: Session, claim_ids: Sequence[int], *, settings: Settings | None = None
) -> dict[int, SeenBefore]:
    """For each of the claims matched to anything (not decided different), how it was seen before."""
    thresholds = Thresholds.of(settings)
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        return {}
    counted = counted_match(thresholds)
    rows: dict[int, list[tuple[str, int, float | None, str, str | None]]] = {}
    other: Any = sa.orm.aliased(Claim)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        # pairs of claims, both ways: (this claim, the other, score, state, the other's status)
        for mine_col, theirs_col in (
            (ClaimMatch.claim_id, ClaimMatch.other_claim_id),
            (ClaimMatch.other_claim_id, ClaimMatch.claim_id),
        ):
            for mine, theirs, score, state, status in (
                session.connection()
                .execute(
                    sa.select(
                        col(mine_col), col(theirs_col), col(ClaimMatch.score), col(ClaimMatch.state), other.status
                    )
                    .join(other, col(other.id) == col(theirs_col))
                    .where(col(mine_col).in_(chunk), counted)
                )
                .all()
            ):
                rows.setdefault(mine, []).append(("claim", theirs, score, state, status))
        for mine, fc_id, score, state, rating in (
            session.connection()
            .execute(
                sa.select(
                    col(ClaimMatch.claim_id),
                    col(ClaimMatch.fact_check_id),
                    col(ClaimMatch.score),
                    col(ClaimMatch.state),
                    col(FactCheck.rating),
                )
                .join(FactCheck, col(FactCheck.id) == ClaimMatch.fact_check_id)
                .where(col(ClaimMatch.claim_id).in_(chunk), counted)
            )
            .all()
        ):
            rows.setdefault(int(mine), []).append(("factcheck", int(fc_id or 0), score, state, rating))
    out: dict[int, SeenBefore] = {}
    for claim_id, found in rows.items():

        def rank(item: tuple[str, int, float | None, str, str | None]) -> tuple[int, float]:
            return (item[3] != MatchState.SAME.value, -(item[2] if item[2] is not None else 1.0))

        found.sort(key=rank)
        checked = next((f for f in found if f[0] == "claim" and is_verdict(f[4])), None)
        check = next((f for f in found if f[0] == "factcheck"), None)
        scores = [f[2] for f in found if f[2] is not None]
        out[claim_id] = SeenBefore(
            claim_id,
            checked=checked[4] if checked else None,
            checked_claim=checked[1] if checked else None,
            rating=check[4] if check else None,
            fact_check=check[1] if check else None,
            repeats=sum(1 for f in found if f[0] == "claim"),
            confirmed=any(f[3] == MatchState.SAME.value for f in found),
            best=max(scores) if scores else None,
            sure=any(f[3] == MatchState.SAME.value or (f[2] or 0.0) >= thresholds.strong for f in found),
        )
    return out


def matches_checked_claim(thresholds: Thresholds) -> sa.ColumnElement[bool]:
    """SQL, correlated to ``claim``: the claim matches a claim with a verdict or a fact check
    (the desk's "matches a checked claim" filter)."""
    other = sa.orm.aliased(Claim)
    counted = counted_match(thresholds)
    verdicts = sorted(s.value for s in VERDICTS)
    to_claims = (
        sa.exists()
        .where(
            counted,
            sa.or_(
                sa.and_(col(ClaimMatch.claim_id) == Claim.id, col(other.id) == ClaimMatch.other_claim_id),
                sa.and_(col(ClaimMatch.other_claim_id) == Claim.id, col(other.id) == ClaimMatch.claim_id),
            ),
            col(other.status).in_(verdicts),
        )
        .correlate(Claim)
    )
    to_checks = (
        sa.exists()
        .where(counted, col(ClaimMatch.claim_id) == Claim.id, col(ClaimMatch.fact_check_id).is_not(None))
        .correlate(Claim)
    )
    return sa.or_(to_claims, to_checks)
