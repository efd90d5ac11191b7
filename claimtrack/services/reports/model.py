"""What a report says: plain records the renderers read, and the statuses its sections group.

Built by :mod:`.totals` (the figures) and :mod:`.streaming` (the claims); the renderers
(:mod:`.markdown`, :mod:`.htmlfmt`, :mod:`.jsonfmt`, :mod:`.csvfmt`) read nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from claimtrack.domain import VERDICTS, ClaimStatus
from claimtrack.services.reports.filter import ReportFilter

#: The statuses editors read first.
ATTENTION: tuple[ClaimStatus, ...] = (ClaimStatus.DISPUTED, ClaimStatus.FALSE)
#: Statuses that are still work to do.
OPEN: tuple[ClaimStatus, ...] = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
#: Verdicts in the order reports list them.
VERDICT_ORDER: tuple[ClaimStatus, ...] = tuple(s for s in ClaimStatus if s in VERDICTS)


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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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


@dataclass(frozen=True, slots=True)
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
