"""The desk: everything a front end (the TUI) does, as plain calls with plain results.

A front end holds one :class:`Desk` per checker. Each call opens a short session, does one
thing, commits, and returns frozen views (:mod:`claimtrack.services.views`) built inside that
session, never a database row: it can run in a worker thread, and the front end never sees SQL.
Writes take the claim version the checker saw (``expected_version``) so that a change made
meanwhile by someone else is reported, never overwritten.

A front end needs nothing else from the services: the filter types it builds
(:class:`ClaimFilter`, :class:`Triage`, :class:`ClaimSort`, and :func:`parse_min_score` to read
a minimum score as typed) are exported from here too.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO, TypeVar, cast

from sqlmodel import Session, col, func, select

from claimtrack.errors import ClaimtrackError
from claimtrack.services import queue, workflow
from claimtrack.services.ingest import add_manual_claim
from claimtrack.services.queries import (
    ClaimFilter,
    ClaimSort,
    Triage,
    claim_detail,
    get_article,
    list_articles,
    parse_min_score,
    status_counts,
)
from claimtrack.services.views import (
    ArticleClaim,
    ArticleDetail,
    ArticleSummary,
    ArticleView,
    BulkResult,
    Change,
    Changes,
    ClaimDetail,
    ClaimView,
    Decision,
    EvidenceAdded,
    EvidenceCaptures,
    EvidenceView,
    FactCheck,
    FactCheckPage,
    FeedEntry,
    FeedReport,
    HistoryView,
    ImportedReview,
    ImportReport,
    IngestResult,
    MatchSummary,
    QueueIndex,
    QueueRow,
    RecheckOutcome,
    RecheckSummary,
    ReportTotals,
    Reversal,
    SeenBefore,
    SimilarItem,
    SnapshotView,
    StatusCounts,
    Target,
    TimeToVerdict,
    VerdictOffer,
)
from claimtrack.store.engine import Database
from claimtrack.store.models import Article, Claim, Evidence, EvidenceSnapshot, HistoryEntry, stored_id

if TYPE_CHECKING:
    from claimtrack.services import ingest as ingest_service
    from claimtrack.services import reports
    from claimtrack.services.evidence import EvidenceAdded as AddedRow
    from claimtrack.services.evidence import EvidenceView as EvidenceRows
    from claimtrack.web.client import Fetcher

__all__ = ["CaptureFailed", "ClaimFilter", "ClaimSort", "Desk", "Triage", "demo_desk", "parse_min_score"]

V = TypeVar("V")


def _view(cls: type[V], row: object, **values: Any) -> V:
    """A view of ``row``: each of the view's fields read from the row's attribute of that name,
    unless given in ``values`` (lists made tuples, figures worked out)."""
    for field in fields(cls):  # type: ignore[arg-type]  # V is bound to the view dataclasses, which mypy cannot see as DataclassInstance
        if field.name not in values:
            values[field.name] = getattr(row, field.name)
    return cls(**values)


def _claim(claim: Claim) -> ClaimView:
    return _view(ClaimView, claim, cues=tuple(claim.cues or ()), disputed_by=tuple(claim.disputed_by or ()))


def _article(article: Article) -> ArticleView:
    return _view(ArticleView, article, authors=tuple(article.authors or ()))


def _evidence(evidence: Evidence) -> EvidenceView:
    return _view(EvidenceView, evidence)


def _history(entry: HistoryEntry) -> HistoryView:
    return _view(HistoryView, entry, description=workflow.describe_change(entry))


def _reversal(reversal: workflow.Reversal) -> Reversal:
    return Reversal(
        claim=_claim(reversal.claim),
        change=_history(reversal.change),
        entry=_history(reversal.entry),
        redo=reversal.redo,
    )


def _snapshot(snapshot: EvidenceSnapshot) -> SnapshotView:
    return _view(SnapshotView, snapshot)


def _captures(item: EvidenceRows) -> EvidenceCaptures:
    return EvidenceCaptures(evidence=_evidence(item.evidence), snapshots=tuple(_snapshot(s) for s in item.snapshots))


def _added(added: AddedRow) -> EvidenceAdded:
    return EvidenceAdded(
        evidence=_evidence(added.evidence),
        captured=added.captured,
        archive_url=added.archive_url,
        warnings=tuple(added.warnings),
    )


def _ingested(result: ingest_service.IngestResult) -> IngestResult:
    return IngestResult(
        article=_article(result.article),
        created=result.created,
        claims=result.claims,
        title_from_body=result.title_from_body,
    )


def _index(index: queue.QueueIndex) -> QueueIndex:
    return QueueIndex(flt=index.flt, total=index.total, stride=index.stride, anchors=tuple(index.anchors))


def _queue_index(index: QueueIndex) -> queue.QueueIndex:
    return queue.QueueIndex(flt=index.flt, total=index.total, stride=index.stride, anchors=list(index.anchors))


def _totals(totals: reports.ReportTotals) -> ReportTotals:
    changes = totals.changes
    ttv = totals.time_to_verdict
    scope = ", ".join(totals.filter.describe()) or "all claims"
    return ReportTotals(
        generated_at=totals.generated_at,
        scope=scope,
        by_status=StatusCounts.of(totals.by_status),
        articles=totals.articles,
        changes=None
        if changes is None
        else Changes(
            since=changes.since,
            until=changes.until,
            new_claims=changes.new_claims,
            verdicts_given=changes.verdicts_given,
            status_changes=tuple(changes.status_changes),
        ),
        time_to_verdict=TimeToVerdict(
            verdicts=ttv.verdicts,
            median=ttv.median,
            p90=ttv.p90,
            slowest_open=tuple(ttv.slowest_open),
        ),
        open_work=tuple(totals.open_work),
        headline=totals.headline,
        backlog=totals.backlog,
        open_claims=tuple(totals.open_claims),
        seen=totals.seen,
    )


class CaptureFailed(ClaimtrackError):
    """The page of a piece of evidence could not be fetched (offline, an HTTP error, an address
    refused by the safety rules): nothing was stored. The message says why, in one line; the same
    call with ``fetch=False`` links ``url`` without a copy."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


class Desk:
    """One checker's handle on the database.

    ``fetcher_factory`` makes the HTTP client for web actions (evidence captures, rechecks,
    fact-check look-ups); the default builds one from the settings. Tests pass one built on
    ``httpx.MockTransport``.
    """

    def __init__(
        self,
        db: Database,
        user: str,
        *,
        fetcher_factory: Callable[[], Fetcher] | None = None,
        queue_threshold: float | None = None,
    ) -> None:
        self.db = db
        self.user = user
        self._fetcher_factory = fetcher_factory
        self._queue_threshold = queue_threshold

    @property
    def queue_threshold(self) -> float:
        """The score below which untouched proposals are set aside (setting ``queue_threshold``)."""
        if self._queue_threshold is None:
            from claimtrack.config import get_settings

            self._queue_threshold = get_settings().queue_threshold
        return self._queue_threshold

    @contextmanager
    def _fetching(self) -> Iterator[Fetcher]:
        """An HTTP client for one call, closed when the call is done. (A fetch that fails is
        said without the command line's advice, like every error of the desk: see
        :func:`_said_at_the_desk`.)"""
        if self._fetcher_factory is not None:
            fetcher = self._fetcher_factory()
        else:
            from claimtrack.config import get_settings
            from claimtrack.web import make_fetcher

            fetcher = make_fetcher(get_settings())
        try:
            yield fetcher
        finally:
            fetcher.close()

    # -- reading ------------------------------------------------------------------------

    def counts(self, flt: ClaimFilter = ClaimFilter()) -> StatusCounts:
        with self.db.session() as s:
            return StatusCounts.of(status_counts(s, flt))

    def build_index(
        self, flt: ClaimFilter, stride: int = queue.DEFAULT_STRIDE, dense_limit: int = queue.DENSE_LIMIT
    ) -> QueueIndex:
        """Count the filter's claims and note where they are, so any position can be read."""
        with self.db.session() as s:
            return _index(queue.build_index(s, flt, stride, dense_limit))

    def first_page(self, flt: ClaimFilter, limit: int) -> list[QueueRow]:
        with self.db.session() as s:
            return queue.page_after(s, flt, None, limit)

    def rows_at(self, index: QueueIndex, start: int, count: int) -> list[QueueRow]:
        with self.db.session() as s:
            return queue.rows_at(s, _queue_index(index), start, count)

    def position_of(self, index: QueueIndex, claim_id: int) -> int | None:
        with self.db.session() as s:
            return queue.position_of(s, _queue_index(index), claim_id)

    def claim(self, claim_id: int) -> ClaimDetail:
        with self.db.session() as s:
            detail = claim_detail(s, claim_id)
            return ClaimDetail(
                claim=_claim(detail.claim),
                article=_article(detail.article),
                evidence=tuple(_evidence(e) for e in detail.evidence),
                history=tuple(_history(h) for h in detail.history),
                context=detail.context,
            )

    def article(self, article_id: int) -> ArticleDetail:
        with self.db.session() as s:
            article = get_article(s, article_id)
            rows = s.exec(
                select(  # type: ignore[call-overload]  # sqlmodel types select() of four columns at most
                    col(Claim.id),
                    col(Claim.char_start),
                    col(Claim.char_end),
                    col(Claim.status),
                    col(Claim.claimant),
                    col(Claim.text),
                )
                .where(Claim.article_id == article_id, col(Claim.in_title).is_(False))  # offsets into the body only
                .order_by(col(Claim.char_start), col(Claim.id))
            ).all()
            return ArticleDetail(article=_article(article), claims=tuple(ArticleClaim(*r) for r in rows))

    def articles(self) -> list[ArticleSummary]:
        """Every article with its claim count, newest first (for the article filter)."""
        with self.db.session() as s:
            return [ArticleSummary(stored_id(a), a.title, a.outlet, n) for a, n in reversed(list_articles(s))]

    def latest_change_id(self) -> int:
        """The newest history entry's id: cheap to poll, and it moves on every change."""
        with self.db.session() as s:
            return int(s.exec(select(func.coalesce(func.max(HistoryEntry.id), 0))).one() or 0)

    def changes_since(self, entry_id: int, limit: int = 200) -> list[Change]:
        with self.db.session() as s:
            entries = s.exec(
                select(HistoryEntry).where(col(HistoryEntry.id) > entry_id).order_by(col(HistoryEntry.id)).limit(limit)
            ).all()
            return [
                Change(stored_id(e), e.claim_id, e.actor, e.kind, workflow.describe_change(e), e.version)
                for e in entries
            ]

    def assignees(self) -> list[str]:
        with self.db.session() as s:
            names = s.exec(select(Claim.assignee).where(col(Claim.assignee).is_not(None)).distinct()).all()
            return sorted({n for n in names if n} | {self.user})

    # -- writing ------------------------------------------------------------------------

    def set_status(
        self, claim_id: int, status: str, *, note: str | None = None, expected_version: int | None = None
    ) -> ClaimView:
        with self.db.session() as s:
            return _claim(
                workflow.set_status(s, claim_id, status, user=self.user, note=note, expected_version=expected_version)
            )

    def add_note(self, claim_id: int, note: str, *, expected_version: int | None = None) -> HistoryView:
        with self.db.session() as s:
            return _history(workflow.add_note(s, claim_id, note, user=self.user, expected_version=expected_version))

    def assign(self, claim_id: int, assignee: str | None, *, expected_version: int | None = None) -> ClaimView:
        with self.db.session() as s:
            return _claim(workflow.assign(s, claim_id, assignee, user=self.user, expected_version=expected_version))

    def add_evidence(
        self,
        claim_id: int,
        url: str,
        *,
        stance: str = "context",
        title: str | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> EvidenceView:
        with self.db.session() as s:
            return _evidence(
                workflow.add_evidence(
                    s,
                    claim_id,
                    url,
                    user=self.user,
                    stance=stance,
                    title=title,
                    note=note,
                    expected_version=expected_version,
                )
            )

    def add_manual_claim(
        self, article_id: int, start: int, end: int, *, claimant: str | None, cue: str | None = None
    ) -> ClaimView:
        with self.db.session() as s:
            return _claim(add_manual_claim(s, article_id, start, end, user=self.user, claimant=claimant, cue=cue))

    def undo_last(self, claim_id: int, *, expected_version: int | None = None) -> Reversal:
        """Undo this checker's newest change to the claim that is still in force; called again,
        the one before it, and so on (an undo is never undone by undo: :meth:`redo_last` is).
        Refused if it would overwrite a change someone made since (``WorkflowError``)."""
        with self.db.session() as s:
            return _reversal(workflow.undo_last(s, claim_id, user=self.user, expected_version=expected_version))

    def redo_last(self, claim_id: int, *, expected_version: int | None = None) -> Reversal:
        """Apply again the change this checker's newest undo (still in force) on the claim reversed."""
        with self.db.session() as s:
            return _reversal(workflow.redo_last(s, claim_id, user=self.user, expected_version=expected_version))

    def bulk_set_status(self, versions: dict[int, int], status: str, *, note: str | None = None) -> BulkResult:
        """Change several claims; each in its own transaction, so one conflict spoils no other."""
        return self._bulk(
            versions,
            lambda s, cid, v: workflow.set_status(s, cid, status, user=self.user, note=note, expected_version=v),
        )

    def bulk_assign(self, versions: dict[int, int], assignee: str | None) -> BulkResult:
        return self._bulk(
            versions, lambda s, cid, v: workflow.assign(s, cid, assignee, user=self.user, expected_version=v)
        )

    def _bulk(self, versions: dict[int, int], change: Callable[[Session, int, int], object]) -> BulkResult:
        done: list[int] = []
        failed: list[tuple[int, ClaimtrackError]] = []
        for claim_id, version in sorted(versions.items()):
            try:
                with self.db.session() as s:
                    change(s, claim_id, version)
                done.append(claim_id)
            except ClaimtrackError as exc:
                failed.append((claim_id, exc.without_cli_advice()))
        return BulkResult(done=tuple(done), failed=tuple(failed))

    # -- the web: captured evidence, rechecks, existing fact checks ----------------------

    def add_web_evidence(
        self,
        claim_id: int,
        url: str,
        *,
        stance: str = "context",
        title: str | None = None,
        note: str | None = None,
        fetch: bool = True,
        expected_version: int | None = None,
    ) -> EvidenceAdded:
        """Link ``url`` and (unless ``fetch`` is off) capture the page first; see services.evidence.

        A page that cannot be fetched is :class:`CaptureFailed`, and nothing is stored: the same
        call with ``fetch=False`` links it without a copy.
        """
        return self._add_web_evidence(
            claim_id, url, stance=stance, title=title, note=note, fetch=fetch, expected_version=expected_version
        )

    def set_status_with_evidence(
        self,
        claim_id: int,
        status: str,
        *,
        note: str | None,
        url: str,
        stance: str = "context",
        evidence_note: str | None = None,
        fetch: bool = True,
        expected_version: int | None = None,
    ) -> EvidenceAdded:
        """A verdict and the evidence it rests on, in one go: ``url`` linked (its page captured
        first unless ``fetch`` is off), then the claim set to ``status`` with ``note``, in one
        transaction. Either is recorded in the history, or neither is stored: a failed capture
        is :class:`CaptureFailed` (link it with ``fetch=False``), a refused verdict its error.
        """
        from claimtrack.services.workflow import set_status

        def verdict(session: Session) -> object:
            return set_status(session, claim_id, status, user=self.user, note=note)

        return self._add_web_evidence(
            claim_id,
            url,
            stance=stance,
            note=evidence_note,
            fetch=fetch,
            expected_version=expected_version,
            then=verdict,
        )

    def _add_web_evidence(
        self,
        claim_id: int,
        url: str,
        *,
        stance: str,
        title: str | None = None,
        note: str | None,
        fetch: bool,
        expected_version: int | None,
        then: Callable[[Session], object] | None = None,
    ) -> EvidenceAdded:
        from claimtrack.config import get_settings
        from claimtrack.services.evidence import add_web_evidence
        from claimtrack.web.errors import FetchError

        try:
            with self._fetching() if fetch else nullcontext() as fetcher:
                return _added(
                    add_web_evidence(
                        self.db,
                        claim_id,
                        url,
                        user=self.user,
                        fetcher=fetcher,
                        stance=stance,
                        title=title,
                        note=note,
                        archive=get_settings().archive,
                        expected_version=expected_version,
                        then=then,
                    )
                )
        except FetchError as exc:
            raise CaptureFailed(exc.message, url=url) from None

    def evidence_views(self, claim_id: int) -> list[EvidenceCaptures]:
        """The claim's evidence, each with its capture and rechecks."""
        from claimtrack.services.evidence import evidence_views

        with self.db.session() as s:
            return [_captures(item) for item in evidence_views(s, claim_id)]

    def recheck_evidence(self, evidence_id: int) -> RecheckOutcome:
        """Fetch the page again and say whether it changed since it was captured."""
        from claimtrack.services.evidence import recheck_evidence, recheck_outcome

        with self._fetching() as fetcher:
            return recheck_outcome(recheck_evidence(self.db, evidence_id, user=self.user, fetcher=fetcher))

    def recheck_claim(self, claim_id: int) -> RecheckSummary:
        """Fetch every captured page of the claim's evidence again: what changed, what is gone.

        A page that cannot be rechecked (gone, or the evidence removed meanwhile) is one of the
        outcomes, not an error; a claim that does not exist is (:class:`NotFoundError`).
        """
        from claimtrack.services.evidence import evidence_views, recheck_evidence, recheck_outcome, recheck_summary

        with self.db.session() as s:
            linked = [item.evidence for item in evidence_views(s, claim_id) if item.evidence.url]
            captured = [stored_id(e) for e in linked if e.content_sha256]
        outcomes: list[RecheckOutcome] = []
        if captured:
            with self._fetching() as fetcher:
                for evidence_id in captured:
                    try:
                        recheck = recheck_evidence(self.db, evidence_id, user=self.user, fetcher=fetcher)
                    except ClaimtrackError as exc:
                        said = exc.message  # without the command line's advice
                        outcomes.append(RecheckOutcome(evidence_id, None, said))
                    else:
                        outcomes.append(recheck_outcome(recheck))
        return recheck_summary(outcomes, never_captured=len(linked) - len(captured))

    def lookup(self, claim_id: int, *, query: str | None = None) -> FactCheckPage:
        """Existing fact checks of the claim (Google Fact Check Tools), kept in the fact-check
        collection as they are shown."""
        from claimtrack.config import get_settings
        from claimtrack.services.factchecks import lookup_claim

        with self._fetching() as fetcher:
            page = lookup_claim(
                self.db,
                claim_id,
                fetcher=fetcher,
                api_key=get_settings().factcheck_api_key,
                query=query,
                user=self.user,
            )
        return FactCheckPage(results=tuple(page.results), next_page_token=page.next_page_token)

    def attach_fact_check(
        self, claim_id: int, check: FactCheck, *, stance: str | None = None, fetch: bool = True
    ) -> EvidenceAdded:
        """Link a fact check found by :meth:`lookup` to the claim as evidence (its page captured;
        when it cannot be, :class:`CaptureFailed`, and ``fetch=False`` links it without a copy)."""
        from claimtrack.services.factchecks import attach_fact_check
        from claimtrack.web.errors import FetchError

        try:
            with self._fetching() if fetch else nullcontext() as fetcher:
                return _added(
                    attach_fact_check(self.db, claim_id, check, user=self.user, fetcher=fetcher, stance=stance)
                )
        except FetchError as exc:
            raise CaptureFailed(exc.message, url=check.url or "") from None

    # -- seen before: matches to earlier claims and fact checks (issue 15) ---------------------

    def similar(self, claim_id: int, *, include_different: bool = True) -> list[SimilarItem]:
        """The claim's matches: confirmed first, then suggested by score, rejected last."""
        from claimtrack.services.similar import similar

        with self.db.session() as s:
            return similar(s, claim_id, include_different=include_different)

    def seen_before(self, claim_id: int) -> SeenBefore | None:
        """How the claim was seen before (checked, a fact check, repeated), or ``None``."""
        from claimtrack.services.seen import seen_before

        with self.db.session() as s:
            return seen_before(s, [claim_id]).get(claim_id)

    def verdict_on_offer(self, claim_id: int, target: Target) -> VerdictOffer | None:
        """The verdict confirming ``target`` the same would offer to carry over, if any."""
        from claimtrack.services.similar import verdict_on_offer

        with self.db.session() as s:
            return verdict_on_offer(s, claim_id, target)

    def decide_match(
        self,
        claim_id: int,
        target: Target,
        state: str,
        *,
        note: str | None = None,
        apply_verdict: bool = False,
        expected_version: int | None = None,
    ) -> Decision:
        """Confirm (``same``) or reject (``different``) a match; with ``apply_verdict``, give the
        claim the offered verdict and link the match as evidence, in the same transaction."""
        from claimtrack.services.similar import decide

        with self.db.session() as s:
            decision = decide(
                s,
                claim_id,
                target,
                state,
                user=self.user,
                note=note,
                apply_verdict=apply_verdict,
                expected_version=expected_version,
            )
            s.commit()
            return decision

    @property
    def match_on_ingest(self) -> bool:
        """Whether the claims of articles brought in at the desk are matched against earlier
        checks (setting ``match_on_ingest``), as ``claimtrack ingest`` does."""
        from claimtrack.config import get_settings

        return get_settings().match_on_ingest

    def match_articles(self, article_ids: list[int]) -> MatchSummary:
        """Match the claims of the articles (just ingested) and store the suggestions."""
        from claimtrack.services.similar import match_articles

        return match_articles(self.db, article_ids)

    # -- bringing articles and fact checks in -------------------------------------------------

    def ingest(self, sources: list[str]) -> list[IngestResult]:
        """Ingest article urls (fetched) and files, all or nothing: one result per source."""
        from claimtrack.fileio import is_url
        from claimtrack.services.web_ingest import ingest_sources

        with self._fetching() if any(is_url(src) for src in sources) else nullcontext() as fetcher:
            return [_ingested(r) for r in ingest_sources(self.db, sources, user=self.user, fetcher=fetcher)]

    def ingest_feed(self, feed_url: str, *, limit: int | None = None) -> FeedReport:
        """Ingest each item of an RSS/Atom feed not read before."""
        from claimtrack.services.web_ingest import ingest_feed

        with self._fetching() as fetcher:
            report = ingest_feed(self.db, feed_url, user=self.user, fetcher=fetcher, limit=limit)
        return FeedReport(
            feed_url=report.feed_url,
            title=report.title,
            items=report.items,
            already_seen=report.already_seen,
            ingested=tuple((_view(FeedEntry, entry), _ingested(result)) for entry, result in report.ingested),
            failed=tuple((_view(FeedEntry, entry), error.message) for entry, error in report.failed),
        )

    def import_claim_reviews(self, source: str) -> ImportReport:
        """Import ClaimReview markup from a page url or a JSON file."""
        from claimtrack.fileio import is_url
        from claimtrack.services.factchecks import import_claim_reviews, prepare_reviews, read_claim_reviews

        with self._fetching() if is_url(source) else nullcontext() as fetcher:
            raws, page_url = read_claim_reviews(source, fetcher=fetcher)
        [report] = import_claim_reviews(
            self.db, [prepare_reviews(raws, source=source, page_url=page_url)], user=self.user
        )
        return ImportReport(
            source=report.source,
            reviews=tuple(
                ImportedReview(
                    claim_id=r.claim_id,
                    status=r.status,
                    created=r.created,
                    review_url=r.record.review_url,
                    publisher=r.record.publisher,
                    rating=r.record.rating,
                )
                for r in report.reviews
            ),
            skipped=tuple(report.skipped),
        )

    # -- reports ------------------------------------------------------------------------

    @staticmethod
    def parse_since(value: str) -> datetime:
        """When a report's ``since`` means: ``YYYY-MM-DD``, a date and time, or ``7d`` / ``24h`` /
        ``2w`` ago. :class:`~claimtrack.errors.InputError` for anything else."""
        from claimtrack.services.reports import parse_when

        return parse_when(value, "since")

    @staticmethod
    def _report_filter(flt: ClaimFilter, since: str | None) -> reports.ReportFilter:
        from claimtrack.services.reports import ReportFilter

        return ReportFilter(claims=flt, since=Desk.parse_since(since) if since else None)

    @staticmethod
    def report_scope(flt: ClaimFilter, *, since: str | None = None) -> str:
        """Which claims a report on ``flt`` (and changes ``since``) covers, in words."""
        return ", ".join(Desk._report_filter(flt, since).describe()) or "all claims"

    def report_totals(
        self, flt: ClaimFilter = ClaimFilter(), *, since: str | None = None, now: datetime | None = None
    ) -> ReportTotals:
        """The report's figures (the headline, counts, changes since ``since``, the backlog day by
        day, the open claims by priority, time to verdict, open work), as at ``now`` (default: the
        current time)."""
        from claimtrack.services.reports import report_totals

        rflt = self._report_filter(flt, since)
        with self.db.session() as s:
            return _totals(report_totals(s, rflt, now=now))

    def export_report(self, flt: ClaimFilter, fmt: str, path: str, *, since: str | None = None) -> ReportTotals:
        """Write the report in ``fmt`` (md, html, json, csv) to ``path``, as ``report -o`` does
        (:func:`claimtrack.fileio.output_file`): a regular file appears whole or not at all, with
        its mode kept; a symlink's target is written; a device or a named pipe is written into.
        Returns the figures at its top."""
        import os

        from claimtrack.fileio import output_file
        from claimtrack.services.reports import write_report

        rflt = self._report_filter(flt, since)
        with output_file(os.path.expanduser(path), newline="" if fmt == "csv" else None) as out:
            return _totals(write_report(self.db, rflt, fmt, cast(TextIO, out)))


def _said_at_the_desk(method: Callable[..., Any]) -> Callable[..., Any]:
    """``method``, raising its errors without the command line's advice: the desk says what is
    wrong and offers the way on itself ("add --note", "use --allow-private" mean nothing there)."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except ClaimtrackError as exc:
            plain = exc.without_cli_advice()
            if plain is exc:
                raise
            raise plain from None

    return call


for _name, _member in list(vars(Desk).items()):
    if not _name.startswith("_") and inspect.isfunction(_member):
        setattr(Desk, _name, _said_at_the_desk(_member))


@contextmanager
def demo_desk(path: str, user: str) -> Iterator[Desk]:
    """A desk on a new demo database at ``path`` (the bundled example articles), closed after."""
    from claimtrack.services.demo import build_demo

    db, _ = build_demo(path, force=True, user=user)
    try:
        yield Desk(db, user)
    finally:
        db.close()
