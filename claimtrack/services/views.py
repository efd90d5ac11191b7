"""What the desk hands a front end: frozen, typed, plain data, never a database row.

Every :class:`~claimtrack.services.desk.Desk` call returns these (or a list of them, or a plain
value). The desk builds them from the rows inside its own session, so they can cross threads,
outlive the session, and be read by code that knows nothing of SQLModel or SQLAlchemy: the
TUI imports this module and the desk, never ``claimtrack.store``.

Sequences inside a view are tuples: a view cannot be changed once it is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from claimtrack.domain import ClaimStatus
from claimtrack.errors import ClaimtrackError
from claimtrack.services.queries import ClaimFilter
from claimtrack.services.queue import QueueRow, SortKey
from claimtrack.services.reports.model import (  # frozen already: rows of the report
    AssigneeWork,
    Backlog,
    BacklogDay,
    Headline,
    OpenClaim,
    SeenCounts,
    StatusChange,
)
from claimtrack.services.seen import (  # frozen already: what matching found and decided
    Decision,
    Found,
    MatchSummary,
    SeenBefore,
    SimilarItem,
    Target,
    VerdictOffer,
)
from claimtrack.store.models import SnapshotKind
from claimtrack.web.factcheck import FactCheck  # frozen already: the look-up's own result

__all__ = [
    "ArticleClaim",
    "ArticleDetail",
    "ArticleSummary",
    "ArticleView",
    "AssigneeWork",
    "Backlog",
    "BacklogDay",
    "BulkResult",
    "Change",
    "Changes",
    "ClaimDetail",
    "ClaimView",
    "Decision",
    "EvidenceAdded",
    "EvidenceCaptures",
    "EvidenceView",
    "FactCheck",
    "FactCheckPage",
    "FeedEntry",
    "FeedReport",
    "Found",
    "Headline",
    "HistoryView",
    "ImportReport",
    "ImportedReview",
    "IngestResult",
    "MatchSummary",
    "OpenClaim",
    "QueueIndex",
    "QueueRow",
    "RecheckOutcome",
    "RecheckSummary",
    "ReportTotals",
    "SeenBefore",
    "SeenCounts",
    "SimilarItem",
    "SnapshotView",
    "SortKey",
    "StatusChange",
    "StatusCounts",
    "Target",
    "TimeToVerdict",
    "VerdictOffer",
]


# --- the rows, as they are stored ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ArticleView:
    """One article (``store.models.Article``)."""

    id: int
    title: str
    outlet: str | None
    authors: tuple[str, ...]
    url: str | None
    published: date | None
    standfirst: str | None
    text: str
    """The body; every claim's offsets index into it."""
    content_hash: str
    source: str | None
    ingested_at: datetime
    ingested_by: str


@dataclass(frozen=True, slots=True)
class ClaimView:
    """One claim and where its review stands (``store.models.Claim``)."""

    id: int
    article_id: int
    text: str
    sentence: str
    char_start: int
    char_end: int
    sentence_start: int
    sentence_end: int
    claimant: str | None
    cue: str | None
    cues: tuple[str, ...]
    disputed_by: tuple[str, ...]
    score: float
    in_title: bool
    status: str
    assignee: str | None
    origin: str
    version: int
    """The version a write names (``expected_version``) to refuse overwriting a newer change."""
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """One piece of evidence, with its capture's figures when its page was fetched."""

    id: int
    claim_id: int
    url: str | None
    title: str | None
    stance: str
    note: str | None
    quote: str | None
    added_by: str
    added_at: datetime
    final_url: str | None
    http_status: int | None
    content_type: str | None
    content_sha256: str | None
    """``None`` until the page is captured."""
    fetched_at: datetime | None
    archive_url: str | None


@dataclass(frozen=True, slots=True)
class SnapshotView:
    """A fetch of an evidence page: its first capture or a recheck (the body is not loaded)."""

    id: int
    evidence_id: int
    kind: str
    requested_url: str
    final_url: str | None
    http_status: int | None
    content_type: str | None
    title: str | None
    sha256: str | None
    size: int | None
    changed: bool | None
    """For a recheck: did the page differ from the capture? ``None`` when it could not be fetched."""
    error: str | None
    fetched_at: datetime
    fetched_by: str


@dataclass(frozen=True, slots=True)
class HistoryView:
    """One entry of a claim's history, and what it changed in words (``description``)."""

    id: int
    claim_id: int
    at: datetime
    actor: str
    kind: str
    from_value: str | None
    to_value: str | None
    note: str | None
    version: int
    evidence_id: int | None
    undoes: int | None
    """For an undo, the id of the change it reverses; for a redo, of the undo it reverses."""
    description: str
    """"status new → in_review", "assigned to bob", "note added"..."""


@dataclass(frozen=True, slots=True)
class Reversal:
    """What an undo or a redo did: the claim after it, the change undone (or applied again by a
    redo), and the entry it recorded."""

    claim: ClaimView
    change: HistoryView
    entry: HistoryView
    redo: bool

    @property
    def summary(self) -> str:
        """ "undone: status in_review → verified", "redone: assigned to bob"."""
        return f"{'redone' if self.redo else 'undone'}: {self.change.description}"


# --- a claim, an article, in full ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimDetail:
    """A claim with its article, evidence and history."""

    claim: ClaimView
    article: ArticleView
    evidence: tuple[EvidenceView, ...]
    history: tuple[HistoryView, ...]
    context: tuple[str, int, int]
    """The paragraph (or the headline) holding the claim, and the claim's offsets within it."""

    @property
    def notes(self) -> tuple[HistoryView, ...]:
        """The checkers' notes (not the extractor's, not the creation's)."""
        return tuple(h for h in self.history if h.note and h.actor != "extractor" and h.kind != "created")


@dataclass(frozen=True, slots=True)
class ArticleClaim:
    """A claim as the article screen marks it: its span of the body."""

    id: int
    start: int
    end: int
    status: str
    claimant: str | None
    text: str


@dataclass(frozen=True, slots=True)
class ArticleDetail:
    """An article with its claims in the body, in text order (claims in the headline left out)."""

    article: ArticleView
    claims: tuple[ArticleClaim, ...]


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article in a listing, with its number of claims."""

    id: int
    title: str
    outlet: str | None
    claims: int


# --- the queue ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueIndex:
    """Where one filter's rows are, in its order: their count and the sort key of every
    ``stride``-th row (of every row when ``stride`` is 1; a key ends with the claim id). Given
    back to the desk to read rows at any position."""

    flt: ClaimFilter
    total: int
    stride: int
    anchors: tuple[SortKey, ...]


@dataclass(frozen=True, slots=True)
class StatusCounts(Mapping[ClaimStatus, int]):
    """Claims per status, every status present (zero where none), in the statuses' order.

    A read-only mapping: ``counts["disputed"]``, ``counts.get(status, 0)``, ``counts.items()``.
    """

    counts: tuple[tuple[ClaimStatus, int], ...]

    @classmethod
    def of(cls, counts: Mapping[ClaimStatus, int]) -> StatusCounts:
        return cls(tuple((status, counts.get(status, 0)) for status in ClaimStatus))

    def __getitem__(self, status: str) -> int:
        for known, count in self.counts:
            if known == status:
                return count
        raise KeyError(status)

    def __iter__(self) -> Iterator[ClaimStatus]:
        return (status for status, _ in self.counts)

    def __len__(self) -> int:
        return len(self.counts)

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass(frozen=True, slots=True)
class Change:
    """One history entry, as the poller reports it."""

    id: int
    claim_id: int
    actor: str
    kind: str
    """A ``domain.ChangeKind`` value: ``created`` means a new claim appeared."""
    description: str
    version: int


@dataclass(frozen=True, slots=True)
class BulkResult:
    """What a change to several claims did: each claim is its own transaction."""

    done: tuple[int, ...]
    failed: tuple[tuple[int, ClaimtrackError], ...]
    """Claims left unchanged, with the reason (a conflict, a workflow rule)."""


# --- evidence from the web -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvidenceAdded:
    """Evidence linked to a claim, and whether its page was captured on the way."""

    evidence: EvidenceView
    captured: bool
    archive_url: str | None
    warnings: tuple[str, ...]
    """Done, but worth saying: "the Internet Archive did not save it: …"."""


@dataclass(frozen=True, slots=True)
class EvidenceCaptures:
    """One piece of evidence with the fetches of its page: the capture, then every recheck."""

    evidence: EvidenceView
    snapshots: tuple[SnapshotView, ...]

    @property
    def capture(self) -> SnapshotView | None:
        return next((s for s in self.snapshots if s.kind == SnapshotKind.CAPTURE), None)

    @property
    def rechecks(self) -> tuple[SnapshotView, ...]:
        return tuple(s for s in self.snapshots if s.kind == SnapshotKind.RECHECK)


@dataclass(frozen=True, slots=True)
class RecheckOutcome:
    """What fetching an evidence page again found: changed or not, or ``error`` (then
    ``changed`` is ``None``)."""

    evidence_id: int
    changed: bool | None
    error: str | None = None
    http_status: int | None = None


@dataclass(frozen=True, slots=True)
class RecheckSummary:
    """Rechecks of evidence pages and what they found, in words.

    Made by :func:`claimtrack.services.evidence.recheck_summary`, which the CLI's
    ``evidence show --recheck`` and the desk's recheck both use.
    """

    outcomes: tuple[RecheckOutcome, ...]
    never_captured: int
    """Evidence with a url that was never captured, so could not be rechecked."""
    words: str
    """All of them in one line: "rechecked 2 page(s): 1 unchanged, 1 CHANGED (#4)", or why
    there was nothing to recheck."""
    each: tuple[str, ...]
    """Each outcome in words, in order: "unchanged (HTTP 200)", "changed since the capture
    (HTTP 200)", "could not fetch: …"."""

    @property
    def unchanged(self) -> tuple[int, ...]:
        return tuple(o.evidence_id for o in self.outcomes if o.changed is False)

    @property
    def changed(self) -> tuple[int, ...]:
        return tuple(o.evidence_id for o in self.outcomes if o.changed)

    @property
    def failed(self) -> tuple[RecheckOutcome, ...]:
        return tuple(o for o in self.outcomes if o.changed is None)

    @property
    def alarming(self) -> bool:
        """A page changed or could not be fetched: a verdict resting on it may need a look."""
        return any(o.changed is not False for o in self.outcomes)


@dataclass(frozen=True, slots=True)
class FactCheckPage:
    """One page of a look-up's results."""

    results: tuple[FactCheck, ...]
    next_page_token: str | None


# --- articles and fact checks brought in ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestResult:
    """One article ingested, or found already there (``created`` false)."""

    article: ArticleView
    created: bool
    claims: int
    """Claims stored for the article (all of them, when it was already there)."""
    title_from_body: bool


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed."""

    link: str
    guid: str | None
    title: str | None


@dataclass(frozen=True, slots=True)
class FeedReport:
    """What reading a feed did."""

    feed_url: str
    title: str | None
    items: int
    """Items in the feed (with a link)."""
    already_seen: int
    ingested: tuple[tuple[FeedEntry, IngestResult], ...]
    failed: tuple[tuple[FeedEntry, str], ...]
    """Items that could not be ingested, with the reason (tried again next time)."""


@dataclass(frozen=True, slots=True)
class ImportedReview:
    """One ClaimReview imported as a claim (or found imported before: ``created`` false)."""

    claim_id: int
    status: ClaimStatus
    created: bool
    review_url: str
    publisher: str | None
    rating: str | None


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What importing the ClaimReviews of one page or file did."""

    source: str
    reviews: tuple[ImportedReview, ...]
    skipped: tuple[str, ...]
    """One reason per ClaimReview object that could not be used."""

    @property
    def created(self) -> list[ImportedReview]:
        """The reviews imported now (not before)."""
        return [r for r in self.reviews if r.created]


# --- the report's figures ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Changes:
    """Changes in the report's window."""

    since: datetime | None
    until: datetime | None
    new_claims: int
    verdicts_given: int
    status_changes: tuple[StatusChange, ...]


@dataclass(frozen=True, slots=True)
class TimeToVerdict:
    verdicts: int
    median: timedelta | None
    p90: timedelta | None
    slowest_open: tuple[OpenClaim, ...]


@dataclass(frozen=True, slots=True)
class ReportTotals:
    """The figures at the top of a report; small whatever the size of the database."""

    generated_at: datetime
    scope: str
    """Which claims, in words: "status disputed, since 2024-03-01", or "all claims"."""
    by_status: StatusCounts
    articles: int
    changes: Changes | None
    """``None`` without a window (no ``since``)."""
    time_to_verdict: TimeToVerdict
    open_work: tuple[AssigneeWork, ...]
    headline: Headline
    """"4 of 6 claims checked (67%)", the open check-worthy claims, the verdicts of the period."""
    backlog: Backlog
    """Open claims at the end of each day of the period, and the verdicts given each day."""
    open_claims: tuple[OpenClaim, ...]
    """The most check-worthy open claims: highest score first, then id."""
    seen: SeenCounts = field(default_factory=SeenCounts)
    """Claims seen before: repeating another claim, matching a fact check, confirmed the same as
    a checked claim or a fact check (``parts()`` says it in words)."""

    @property
    def total(self) -> int:
        return self.by_status.total
