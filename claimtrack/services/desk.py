"""The desk: everything a front end (the TUI) does, as plain calls with plain results.

A front end holds one :class:`Desk` per checker. Each call opens a short session, does one
thing, commits, and returns plain data, so it can run in a worker thread and the front end
never sees SQL. Writes take the claim version the checker saw (``expected_version``) so that a
change made meanwhile by someone else is reported, never overwritten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, func, select

from claimtrack.domain import ClaimStatus
from claimtrack.errors import ClaimtrackError, NotFoundError
from claimtrack.services import queue, workflow
from claimtrack.services.ingest import add_manual_claim
from claimtrack.services.queries import (
    ClaimDetail,
    ClaimFilter,
    claim_detail,
    get_article,
    list_articles,
    status_counts,
)
from claimtrack.store.engine import Database
from claimtrack.store.models import Article, Claim, Evidence, HistoryEntry


@dataclass(frozen=True)
class ArticleClaim:
    id: int
    start: int
    end: int
    status: str
    claimant: str | None
    text: str


@dataclass(frozen=True)
class ArticleView:
    article: Article
    claims: list[ArticleClaim]


@dataclass(frozen=True)
class Change:
    """One history entry, as the poller reports it."""

    id: int
    claim_id: int
    actor: str
    description: str
    version: int


@dataclass(frozen=True)
class BulkResult:
    done: list[int]
    failed: list[tuple[int, ClaimtrackError]]
    """Claims left unchanged, with the reason (a conflict, a workflow rule)."""


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    title: str
    outlet: str | None
    claims: int


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
        fetcher_factory: Callable[[], Any] | None = None,
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

    def _fetcher(self) -> Any:
        if self._fetcher_factory is not None:
            return self._fetcher_factory()
        from claimtrack.config import get_settings
        from claimtrack.web import make_fetcher

        return make_fetcher(get_settings())

    # -- reading ------------------------------------------------------------------------

    def counts(self, flt: ClaimFilter = ClaimFilter()) -> dict[ClaimStatus, int]:
        with self.db.session() as s:
            return status_counts(s, flt)

    def build_index(
        self, flt: ClaimFilter, stride: int = queue.DEFAULT_STRIDE, dense_limit: int = queue.DENSE_LIMIT
    ) -> queue.QueueIndex:
        with self.db.session() as s:
            return queue.build_index(s, flt, stride, dense_limit)

    def first_page(self, flt: ClaimFilter, limit: int) -> list[queue.QueueRow]:
        with self.db.session() as s:
            return queue.page_after(s, flt, None, limit)

    def rows_at(self, index: queue.QueueIndex, start: int, count: int) -> list[queue.QueueRow]:
        with self.db.session() as s:
            return queue.rows_at(s, index, start, count)

    def position_of(self, index: queue.QueueIndex, claim_id: int) -> int | None:
        with self.db.session() as s:
            return queue.position_of(s, index, claim_id)

    def claim(self, claim_id: int) -> ClaimDetail:
        with self.db.session() as s:
            return claim_detail(s, claim_id)

    def article(self, article_id: int) -> ArticleView:
        with self.db.session() as s:
            article = get_article(s, article_id)
            rows = s.exec(
                select(Claim.id, Claim.char_start, Claim.char_end, Claim.status, Claim.claimant, Claim.text)
                .where(Claim.article_id == article_id, col(Claim.in_title).is_(False))  # offsets into the body only
                .order_by(col(Claim.char_start), col(Claim.id))
            ).all()
            return ArticleView(article=article, claims=[ArticleClaim(*r) for r in rows])  # type: ignore[arg-type]

    def articles(self) -> list[ArticleSummary]:
        """Every article with its claim count, newest first (for the article filter)."""
        with self.db.session() as s:
            return [
                ArticleSummary(a.id, a.title, a.outlet, n)  # type: ignore[arg-type]
                for a, n in reversed(list_articles(s))
            ]

    def latest_change_id(self) -> int:
        """The newest history entry's id: cheap to poll, and it moves on every change."""
        with self.db.session() as s:
            return s.exec(select(func.coalesce(func.max(HistoryEntry.id), 0))).one()

    def changes_since(self, entry_id: int, limit: int = 200) -> list[Change]:
        with self.db.session() as s:
            entries = s.exec(
                select(HistoryEntry).where(HistoryEntry.id > entry_id).order_by(col(HistoryEntry.id)).limit(limit)
            ).all()
            return [
                Change(e.id, e.claim_id, e.actor, workflow.describe_change(e), e.version)  # type: ignore[arg-type]
                for e in entries
            ]

    def assignees(self) -> list[str]:
        with self.db.session() as s:
            names = s.exec(select(Claim.assignee).where(col(Claim.assignee).is_not(None)).distinct()).all()
            return sorted({n for n in names if n} | {self.user})

    # -- writing ------------------------------------------------------------------------

    def set_status(
        self, claim_id: int, status: str, *, note: str | None = None, expected_version: int | None = None
    ) -> Claim:
        with self.db.session() as s:
            return workflow.set_status(
                s, claim_id, status, user=self.user, note=note, expected_version=expected_version
            )

    def add_note(self, claim_id: int, note: str, *, expected_version: int | None = None) -> HistoryEntry:
        with self.db.session() as s:
            return workflow.add_note(s, claim_id, note, user=self.user, expected_version=expected_version)

    def assign(self, claim_id: int, assignee: str | None, *, expected_version: int | None = None) -> Claim:
        with self.db.session() as s:
            return workflow.assign(s, claim_id, assignee, user=self.user, expected_version=expected_version)

    def add_evidence(
        self,
        claim_id: int,
        url: str,
        *,
        stance: str = "context",
        title: str | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> Evidence:
        with self.db.session() as s:
            return workflow.add_evidence(
                s,
                claim_id,
                url,
                user=self.user,
                stance=stance,
                title=title,
                note=note,
                expected_version=expected_version,
            )

    def add_manual_claim(
        self, article_id: int, start: int, end: int, *, claimant: str | None, cue: str | None = None
    ) -> Claim:
        with self.db.session() as s:
            return add_manual_claim(s, article_id, start, end, user=self.user, claimant=claimant, cue=cue)

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
    ) -> Any:
        """Link ``url`` and (unless ``fetch`` is off) capture the page first; see services.evidence."""
        from claimtrack.config import get_settings
        from claimtrack.services.evidence import add_web_evidence

        fetcher = self._fetcher() if fetch else None
        try:
            return add_web_evidence(
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
            )
        finally:
            if fetcher is not None:
                fetcher.close()

    def ingest(self, sources: list[str]) -> list[Any]:
        """Ingest article urls (fetched) and files, all or nothing: ``IngestResult`` per source."""
        from claimtrack.services.web_ingest import ingest_sources, is_url

        fetcher = self._fetcher() if any(is_url(src) for src in sources) else None
        try:
            return ingest_sources(self.db, sources, user=self.user, fetcher=fetcher)
        finally:
            if fetcher is not None:
                fetcher.close()

    def ingest_feed(self, feed_url: str, *, limit: int | None = None) -> Any:
        """Ingest each item of an RSS/Atom feed not read before: a ``FeedReport``."""
        from claimtrack.services.web_ingest import ingest_feed

        fetcher = self._fetcher()
        try:
            return ingest_feed(self.db, feed_url, user=self.user, fetcher=fetcher, limit=limit)
        finally:
            fetcher.close()

    def import_claim_reviews(self, source: str) -> Any:
        """Import ClaimReview markup from a page url or a JSON file: an ``ImportReport``."""
        from claimtrack.services.factchecks import import_claim_reviews, prepare_reviews, read_claim_reviews
        from claimtrack.services.web_ingest import is_url

        fetcher = self._fetcher() if is_url(source) else None
        try:
            raws, page_url = read_claim_reviews(source, fetcher=fetcher)
        finally:
            if fetcher is not None:
                fetcher.close()
        [report] = import_claim_reviews(
            self.db, [prepare_reviews(raws, source=source, page_url=page_url)], user=self.user
        )
        return report

    def evidence_views(self, claim_id: int) -> list[Any]:
        """The claim's evidence with its captures and rechecks (``EvidenceView``)."""
        from claimtrack.services.evidence import evidence_views

        with self.db.session() as s:
            return evidence_views(s, claim_id)

    def recheck_evidence(self, evidence_id: int) -> Any:
        """Fetch the page again and say whether it changed since it was captured."""
        from claimtrack.services.evidence import recheck_evidence

        fetcher = self._fetcher()
        try:
            return recheck_evidence(self.db, evidence_id, user=self.user, fetcher=fetcher)
        finally:
            fetcher.close()

    def lookup(self, claim_id: int, *, query: str | None = None) -> Any:
        """Existing fact checks of the claim (Google Fact Check Tools): a ``SearchPage``."""
        from claimtrack.config import get_settings
        from claimtrack.services.factchecks import lookup_claim

        fetcher = self._fetcher()
        try:
            return lookup_claim(
                self.db, claim_id, fetcher=fetcher, api_key=get_settings().factcheck_api_key, query=query
            )
        finally:
            fetcher.close()

    def attach_fact_check(self, claim_id: int, check: Any, *, stance: str | None = None, fetch: bool = True) -> Any:
        from claimtrack.services.factchecks import attach_fact_check

        fetcher = self._fetcher() if fetch else None
        try:
            return attach_fact_check(self.db, claim_id, check, user=self.user, fetcher=fetcher, stance=stance)
        finally:
            if fetcher is not None:
                fetcher.close()

    # -- reports ------------------------------------------------------------------------

    def report_totals(self, flt: ClaimFilter = ClaimFilter()) -> Any:
        """The report's figures (counts, changes, time to verdict, open work): ``ReportTotals``."""
        from claimtrack.services.reports import as_report_filter, report_totals

        with self.db.session() as s:
            return report_totals(s, as_report_filter(flt))

    def export_report(self, flt: ClaimFilter, fmt: str, path: str) -> Any:
        """Write the report in ``fmt`` (md, html, json, csv) to ``path``, as ``report -o`` does
        (:func:`claimtrack.fileio.output_file`): a regular file appears whole or not at all, with
        its mode kept; a symlink's target is written; a device or a named pipe is written into."""
        import os

        from claimtrack.fileio import output_file
        from claimtrack.services.reports import write_report

        with output_file(os.path.expanduser(path), newline="" if fmt == "csv" else None) as out:
            return write_report(self.db, flt, fmt, out)

    def undo_last(self, claim_id: int) -> Claim:
        """Undo this checker's newest change to the claim (if it is still the newest)."""
        with self.db.session() as s:
            entry = workflow.newest_change_by(s, claim_id, self.user)
            if entry is None or entry.kind == "created":
                raise NotFoundError(f"nothing of yours to undo on claim {claim_id}")
            return workflow.undo_change(s, entry.id, user=self.user)  # type: ignore[arg-type]

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

    def _bulk(self, versions: dict[int, int], change) -> BulkResult:  # type: ignore[no-untyped-def]
        done: list[int] = []
        failed: list[tuple[int, ClaimtrackError]] = []
        for claim_id, version in sorted(versions.items()):
            try:
                with self.db.session() as s:
                    change(s, claim_id, version)
                done.append(claim_id)
            except ClaimtrackError as exc:
                failed.append((claim_id, exc))
        return BulkResult(done=done, failed=failed)
