"""What a report says: plain records the renderers read, and the statuses its sections group.

Built by :mod:`.totals` (the figures) and :mod:`.streaming` (the claims); the renderers
(:mod:`.markdown`, :mod:`.htmlfmt`, :mod:`.jsonfmt`, :mod:`.csvfmt`) read nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from claimtrack.domain import VERDICTS, ClaimStatus
from claimtrack.services.reports.filter import ReportFilter, short_time
from claimtrack.textsafe import noun

#: The statuses editors read first (the report's top box).
ATTENTION: tuple[ClaimStatus, ...] = (ClaimStatus.DISPUTED, ClaimStatus.FALSE, ClaimStatus.MISLEADING)
#: Statuses that are still work to do.
OPEN: tuple[ClaimStatus, ...] = (ClaimStatus.NEW, ClaimStatus.IN_REVIEW)
#: Verdicts in the order reports list them.
VERDICT_ORDER: tuple[ClaimStatus, ...] = tuple(s for s in ClaimStatus if s in VERDICTS)
#: A claim is *checked* when a checker concluded: a verdict, or that it cannot be verified.
#: ``dismissed`` is not checked (nobody checked it): the headline leaves it out of its count.
CHECKED: tuple[ClaimStatus, ...] = (*VERDICT_ORDER, ClaimStatus.UNVERIFIABLE)


@dataclass(slots=True)
class EvidenceItem:
    id: int
    stance: str
    title: str | None
    url: str | None
    quote: str | None
    note: str | None
    added_by: str
    linked_at: datetime
    """When the evidence was added to the claim."""
    captured_at: datetime | None
    """When its page was fetched and a copy kept (``evidence_snapshot``); ``None``: no copy."""

    def provenance(self, when: Callable[[datetime], str | None]) -> str:
        """What the desk holds of it, in words: "captured 2022-03-06 10:00" (a copy of the page
        was kept), "quoted from the article 2022-03-06 08:00" (a passage of a stored article),
        or "linked 2022-03-06 10:00, no copy". ``when`` formats the time."""
        if self.captured_at is not None:
            return f"captured {when(self.captured_at)}"
        if self.quote is not None:
            return f"quoted from the article {when(self.linked_at)}"
        return f"linked {when(self.linked_at)}, no copy"


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


@dataclass
class ClaimSeen:
    """What the CSV says of one claim: its counted matches, and what it was confirmed the same as."""

    repeats: int = 0
    """Other claims it counts as matching (either way)."""
    fact_checks: int = 0
    """Fact checks it counts as matching."""
    same_as: list[str] = field(default_factory=list)
    """One line a confirmed match to a check: ``claim #12 | false | URL``,
    ``fact check #7 | Pants on Fire | PolitiFact | URL``."""


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
    seen: ClaimSeen | None = None
    """Its matches (the CSV's columns); ``None`` when not read (the other formats)."""

    @property
    def note(self) -> NoteItem | None:
        """The note a report shows: the verdict's, else the latest."""
        return self.verdict or self.latest_note


@dataclass
class RecentlyVerified:
    """The newest verified claims (``claims``, newest verdict first) of ``total``."""

    claims: list[ClaimItem]
    total: int
    """Verified claims the report covers (with a window: verified within it)."""


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
    score: float = 0.0
    """The check-worthiness score (0–1)."""


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


@dataclass(frozen=True, slots=True)
class BacklogDay:
    """One day of the backlog (UTC)."""

    day: date
    open: int
    """Open check-worthy claims at the end of the day (the last day: at the end of the period):
    ``new`` or ``in_review``, less the proposals the queue sets aside, as in the headline."""
    verdicts: int
    """Verdicts given that day (within the period)."""


@dataclass(frozen=True, slots=True)
class Backlog:
    """The backlog over the report's period: one :class:`BacklogDay` a day, oldest first."""

    since: datetime
    until: datetime
    days: tuple[BacklogDay, ...]

    @property
    def verdicts(self) -> int:
        return sum(d.verdicts for d in self.days)


@dataclass(frozen=True, slots=True)
class Headline:
    """The headline, "4 of 6 claims checked (67%)": what a report says first.

    *Checked* is a verdict (verified, disputed, false, misleading) or unverifiable. The count out
    of which it is taken is the checked claims and the open check-worthy ones: a dismissed claim
    and an untouched proposal the queue sets aside are neither, and are counted apart.
    """

    checked: int
    open: int
    """Open claims: ``new`` or ``in_review``."""
    set_aside: int
    """Open claims the queue sets aside: untouched extractor proposals below the threshold."""
    dismissed: int
    verdicts: int
    """Verdicts given in the period (``since`` to ``until``)."""
    since: datetime
    """The start of the period: the window's, else that of the backlog (the last 30 days)."""
    until: datetime | None
    """The end of the window; ``None``: up to the report's time."""

    @property
    def open_check_worthy(self) -> int:
        return self.open - self.set_aside

    @property
    def of(self) -> int:
        """The count ``checked`` is out of: checked and open check-worthy claims."""
        return self.checked + self.open_check_worthy

    @property
    def share(self) -> float | None:
        """``checked / of``; ``None`` when there is nothing to check."""
        return self.checked / self.of if self.of else None

    @property
    def percent(self) -> str:
        """``share`` as a whole percentage that never overstates: "100%" only when every claim is
        checked, "0%" only when none is ("99%", "1%" at the edges); "—" when there is nothing."""
        if not self.of:
            return "—"
        value = round(100 * self.checked / self.of)
        if self.checked < self.of:
            value = min(value, 99)
        if self.checked > 0:
            value = max(value, 1)
        return f"{value}%"

    def checked_words(self) -> str:
        """The first part: "4 of 6 claims checked (67%)", or "no claims to check"."""
        if not self.of:
            return "no claims to check"
        return f"{self.checked:,} of {self.of:,} {noun(self.of, 'claim')} checked ({self.percent})"

    def open_words(self) -> str:
        """The open work: "2 open check-worthy claims" (and how many more the queue sets aside)."""
        n = self.open_check_worthy
        words = f"{n:,} open check-worthy {noun(n, 'claim')}"
        if self.set_aside:
            words += f" ({self.set_aside:,} more set aside below the queue threshold)"
        return words

    def verdicts_words(self) -> str:
        """The period: "4 verdicts since 2022-03-06" (and "before 2022-03-08" when it ends before now)."""
        words = f"{self.verdicts:,} {noun(self.verdicts, 'verdict')} since {short_time(self.since)}"
        if self.until is not None:
            words += f", before {short_time(self.until)}"
        return words

    def dismissed_words(self) -> str:
        """The dismissed claims: "1 dismissed, not counted", or "" when none is."""
        return f"{self.dismissed:,} dismissed, not counted" if self.dismissed else ""

    def parts(self) -> list[str]:
        """The headline's parts, in order: checked, open, verdicts, dismissed (if any)."""
        return [
            p for p in (self.checked_words(), self.open_words(), self.verdicts_words(), self.dismissed_words()) if p
        ]


@dataclass(frozen=True, slots=True)
class SeenCounts:
    """How many of the report's claims the desk had seen before (issue 15, ``claim_match``).

    A match *counts* as :func:`claimtrack.services.seen.counted_match` says: confirmed the same by
    a checker, or suggested with a score at the suggestion threshold; one decided different never
    does. A pair of claims counts for both of its claims.
    """

    repeated: int = 0
    """Claims that repeat another claim (a counted match to another claim, either way)."""
    fact_check_matched: int = 0
    """Claims matched to a published fact check (a counted match)."""
    confirmed: int = 0
    """Claims a checker confirmed the same as a checked claim (one with a verdict) or as a fact
    check: the claims of the "Seen before" section. Of a pair of claims that both have a verdict,
    only the later one counts (the earlier was checked first, not seen before)."""

    def parts(self) -> list[str]:
        """In words: "3 claims repeat another claim", "1 matches a fact check", "2 confirmed the
        same as a checked claim or a fact check"."""
        return [
            f"{self.repeated:,} {noun(self.repeated, 'claim')} {'repeats' if self.repeated == 1 else 'repeat'} another claim",
            f"{self.fact_check_matched:,} {'matches' if self.fact_check_matched == 1 else 'match'} a fact check",
            f"{self.confirmed:,} confirmed the same as a checked claim or a fact check",
        ]


@dataclass(frozen=True, slots=True)
class SeenItem:
    """A claim confirmed the same as a checked claim or a fact check: a row of "Seen before"."""

    claim_id: int
    status: str
    """The claim's own status."""
    text: str
    claimant: str | None
    article_id: int
    article_title: str
    kind: str
    """``claim`` or ``factcheck``: what it was confirmed the same as."""
    target_id: int
    target_text: str
    verdict: str | None
    """The checked claim's verdict, or the fact check's rating (``None``: the fact check has none)."""
    publisher: str | None
    """A fact check's publisher (``None`` for a claim)."""
    url: str | None
    """The fact check's page, or the checked claim's published check (``check_url_pattern``;
    ``None`` when the pattern is not set)."""
    decided_by: str | None
    decided_at: datetime | None

    @property
    def target_label(self) -> str:
        """``claim #12`` or ``fact check #7``."""
        return f"claim #{self.target_id}" if self.kind == "claim" else f"fact check #{self.target_id}"


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
    headline: Headline
    backlog: Backlog
    open_claims: list[OpenClaim] = field(default_factory=list)
    """The most check-worthy open claims: highest score first, then id."""
    seen: SeenCounts = field(default_factory=SeenCounts)
    """Claims seen before: repeated, matched to a fact check, confirmed the same as a check."""

    @property
    def total(self) -> int:
        return sum(self.by_status.values())
