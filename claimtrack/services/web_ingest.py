"""Ingest from the web: pages (with a snapshot of what was fetched) and RSS/Atom feeds.

Fetching happens before any transaction, so a page that cannot be fetched, or is not an
article, stores nothing. So does extracting the claims (see ``services.ingest``): the write
transaction that stores pages is short, and no lock is held while a page is fetched or a
language model asked. Each ingested page keeps its raw body (gzip) in ``article_snapshot``
beside the extracted text, with its SHA-256, final url, HTTP status, content type and fetch
time. The text is trafilatura's, one paragraph a line, so claims' offsets index into it as for
a file.

A feed's items are remembered (``feed_item``, by guid or link): reading the feed again ingests
only what is new. Items are independent: one that fails is reported, not remembered (it is
tried again next time), and the others are stored, each in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from claimtrack.domain import ParsedArticle, utcnow
from claimtrack.errors import InputError
from claimtrack.extract.types import ProposedClaim
from claimtrack.fileio import is_url
from claimtrack.limits import MAX_URL_LENGTH
from claimtrack.services.articles import parse_article, read_text_file
from claimtrack.services.identity import check_user_name
from claimtrack.services.ingest import (
    Extractor,
    IngestResult,
    PendingArticle,
    dialect_insert,
    extract_then_store,
    store_article,
    store_proposed,
)
from claimtrack.store.engine import Database
from claimtrack.store.models import ArticleSnapshot, FeedItem, stored_id
from claimtrack.web.client import Fetcher, FetchResult
from claimtrack.web.compress import pack
from claimtrack.web.errors import FetchError
from claimtrack.web.feeds import FeedEntry, parse_feed
from claimtrack.web.pages import extract_article
from claimtrack.web.safety import check_scheme


@dataclass
class FetchedArticle:
    """A page fetched and read, not yet stored."""

    source: str
    result: FetchResult
    parsed: ParsedArticle


def fetch_article(fetcher: Fetcher, url: str) -> FetchedArticle:
    """Fetch ``url`` and extract its article; :class:`FetchError` if either fails."""
    check_scheme(url)
    result = fetcher.get(url)
    page = extract_article(result)
    parsed = page.parsed(result.final_url)
    if parsed.outlet and len(parsed.outlet) > 200:
        parsed.outlet = parsed.outlet[:199] + "…"
    return FetchedArticle(source=url, result=result, parsed=parsed)


def snapshot_for(article_id: int, result: FetchResult, user: str) -> ArticleSnapshot:
    return ArticleSnapshot(
        article_id=article_id,
        requested_url=result.requested_url,
        final_url=result.final_url,
        http_status=result.status,
        content_type=(result.raw_content_type or "")[:200] or None,
        sha256=result.sha256,
        size=len(result.body),
        body=pack(result.body),
        fetched_at=result.fetched_at,
        fetched_by=user,
    )


def store_fetched(
    session: Session,
    fetched: FetchedArticle,
    *,
    user: str,
    extractor: Extractor | None = None,
    proposals: Sequence[ProposedClaim] | None = None,
) -> IngestResult:
    """Store a fetched article, its claims and its snapshot (the caller commits).

    Give the ``proposals`` made beforehand (``propose_claims``, outside any transaction); without
    them the claims are extracted here, inside the caller's transaction."""
    if proposals is None:
        result = store_article(session, fetched.parsed, user=user, source=fetched.source, extractor=extractor)
    else:
        result = store_proposed(session, fetched.parsed, proposals, user=user, source=fetched.source)
    if result.created:
        session.add(snapshot_for(stored_id(result.article), fetched.result, user))
        session.flush()
    return result


@dataclass
class _Pending(PendingArticle):
    """A file read, or a page fetched (``fetched`` kept for its snapshot), not stored yet."""

    fetched: FetchResult | None = None


def _store_pending(session: Session, item: _Pending, result: IngestResult, *, user: str) -> IngestResult:
    """After the batch is stored: the snapshot of a page just stored."""
    if result.created and item.fetched is not None:
        session.add(snapshot_for(stored_id(result.article), item.fetched, user))
        session.flush()
    return result


def article_snapshot(session: Session, article_id: int) -> ArticleSnapshot | None:
    """The page an article was ingested from, if it came from the web."""
    return session.exec(select(ArticleSnapshot).where(ArticleSnapshot.article_id == article_id)).first()


def ingest_sources(
    db: Database,
    sources: Sequence[str | Path],
    *,
    user: str,
    fetcher: Fetcher | None = None,
    extractor: Extractor | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    title_line: bool | None = None,
    propose: Callable[[Sequence[PendingArticle]], Sequence[Sequence[ProposedClaim]]] | None = None,
) -> list[IngestResult]:
    """Files and urls, in order: every file read and every url fetched first (so one failure
    stores nothing), then the claims of those not stored yet extracted, with no transaction open
    (a failing extraction stores nothing either), then all stored in one short transaction.
    ``title_line`` says whether a file's first line is its headline (None: decide by the line,
    see ``parse_article``). ``propose``: extract with it (``extract_then_store``; ``--jobs``)."""
    user = check_user_name(user)
    prepared: list[_Pending] = []
    total = len(sources)
    for index, source in enumerate(sources):
        text = str(source)
        if progress is not None:
            progress(index, total, text)
        if isinstance(source, str) and is_url(source):
            if fetcher is None:
                raise InputError(f"{text}: a url, and fetching is off")
            fetched = fetch_article(fetcher, text)
            prepared.append(_Pending(text, fetched.parsed, fetched.result))
        else:
            prepared.append(_Pending(text, parse_article(read_text_file(text), text, title_line=title_line)))
    if progress is not None:
        progress(total, total, "")
    # Claims extracted with no transaction open; then all stored in one short transaction.
    return extract_then_store(
        db,
        prepared,
        user=user,
        extractor=extractor,
        then=lambda session, item, result: _store_pending(session, item, result, user=user),
        propose=propose,
    )


_FEED_ITEM: sa.Table = FeedItem.__table__  # type: ignore[attr-defined]  # SQLModel's stubs lack __table__


class _ReadMeanwhile(Exception):
    """A feed item another process stored while this one fetched and extracted it."""


@dataclass
class FeedReport:
    """What reading a feed did."""

    feed_url: str
    title: str | None
    items: int
    """Items in the feed (with a link)."""
    already_seen: int
    ingested: list[tuple[FeedEntry, IngestResult]] = field(default_factory=list)
    failed: list[tuple[FeedEntry, FetchError]] = field(default_factory=list)
    """Items whose page could not be fetched: ``str(error)`` ends with the command line's advice,
    ``error.message`` is the reason alone (what the desk shows)."""


def seen_keys(session: Session, feed_url: str) -> set[str]:
    return set(session.exec(select(FeedItem.item_key).where(FeedItem.feed_url == feed_url)).all())


def ingest_feed(
    db: Database,
    feed_url: str,
    *,
    user: str,
    fetcher: Fetcher,
    extractor: Extractor | None = None,
    limit: int | None = None,
    progress: Callable[[int, int, FeedEntry | None], None] | None = None,
) -> FeedReport:
    """Read the feed at ``feed_url`` and ingest each item not read before.

    The feed itself failing is a :class:`FetchError` (nothing stored). ``limit`` caps how many
    new items are fetched this time (the rest wait for the next read). ``progress(done, total,
    entry)`` is called before each item and once at the end.
    """
    user = check_user_name(user)
    feed_url = str(check_scheme(feed_url))
    feed = parse_feed(fetcher.get(feed_url))
    with db.session() as session:
        known = seen_keys(session, feed_url)
    new = [entry for entry in feed.entries if entry.key not in known]
    if limit is not None:
        new = new[: max(limit, 0)]
    report = FeedReport(
        feed_url=feed_url,
        title=feed.title,
        items=len(feed.entries),
        already_seen=sum(1 for entry in feed.entries if entry.key in known),
    )
    for index, entry in enumerate(new):
        if progress is not None:
            progress(index, len(new), entry)
        try:
            fetched = fetch_article(fetcher, entry.link)
        except FetchError as exc:
            report.failed.append((entry, exc))
            continue

        def store_item(
            session: Session, item: _Pending, result: IngestResult, entry: FeedEntry = entry
        ) -> IngestResult:
            result = _store_pending(session, item, result, user=user)
            row = {
                "feed_url": feed_url,
                "item_key": entry.key,
                "guid": entry.guid[:MAX_URL_LENGTH] if entry.guid else None,  # (its hash is the key)
                "link": entry.link,
                "article_id": stored_id(result.article),
                "ingested_at": utcnow(),
            }
            # Another process reading the same feed may have stored the item meanwhile: then it
            # is left as it is and nothing of this one is kept (its transaction rolls back).
            statement = dialect_insert(session, _FEED_ITEM).on_conflict_do_nothing().returning(_FEED_ITEM.c.id)
            if session.connection().execute(statement, row).first() is None:
                raise _ReadMeanwhile
            return result

        try:
            # Extracted with no transaction open, then the item stored in its own short one.
            [result] = extract_then_store(
                db,
                [_Pending(fetched.source, fetched.parsed, fetched.result)],
                user=user,
                extractor=extractor,
                then=store_item,
            )
        except (_ReadMeanwhile, sa.exc.IntegrityError):
            # Someone else read the same feed (or stored the same article) at the same moment.
            report.already_seen += 1
            continue
        report.ingested.append((entry, result))
    if progress is not None:
        progress(len(new), len(new), None)
    return report


def feed_items(session: Session, feed_url: str) -> list[FeedItem]:
    """The items of a feed already ingested, oldest first."""
    return list(session.exec(select(FeedItem).where(FeedItem.feed_url == feed_url).order_by(col(FeedItem.id))).all())
