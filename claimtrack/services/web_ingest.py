"""Ingest from the web: pages (with a snapshot of what was fetched) and RSS/Atom feeds.

Fetching happens before any transaction, so a page that cannot be fetched, or is not an
article, stores nothing. Each ingested page keeps its raw body (gzip) in ``article_snapshot``
beside the extracted text, with its SHA-256, final url, HTTP status, content type and fetch
time. The text is trafilatura's, one paragraph a line, so claims' offsets index into it as for
a file.

A feed's items are remembered (``feed_item``, by guid or link): reading the feed again ingests
only what is new. Items are independent: one that fails is reported, not remembered (it is
tried again next time), and the others are stored, each in its own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, col, select

from claimtrack.errors import InputError
from claimtrack.services.articles import ParsedArticle, parse_article, read_text_file
from claimtrack.services.identity import check_user_name
from claimtrack.services.ingest import Extractor, IngestResult, store_article
from claimtrack.store.engine import Database
from claimtrack.store.models import ArticleSnapshot, FeedItem, utcnow
from claimtrack.web.client import Fetcher, FetchResult
from claimtrack.web.compress import pack
from claimtrack.web.errors import FetchError
from claimtrack.web.feeds import FeedEntry, parse_feed
from claimtrack.web.pages import extract_article
from claimtrack.web.safety import check_scheme

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):")


def is_url(source: str) -> bool:
    """``source`` names a url rather than a file (``C:\\file`` is a file: one-letter scheme)."""
    return bool(_SCHEME.match(source.strip())) or source.strip().startswith("//")


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
    session: Session, fetched: FetchedArticle, *, user: str, extractor: Extractor | None = None
) -> IngestResult:
    """Store a fetched article, its claims and its snapshot (the caller commits)."""
    result = store_article(session, fetched.parsed, user=user, source=fetched.source, extractor=extractor)
    if result.created:
        session.add(snapshot_for(result.article.id, fetched.result, user))  # type: ignore[arg-type]
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
) -> list[IngestResult]:
    """Files and urls, in order: every file read and every url fetched first (so one failure
    stores nothing), then all stored in one transaction. ``title_line`` says whether a file's
    first line is its headline (None: decide by the line, see ``parse_article``)."""
    user = check_user_name(user)
    prepared: list[tuple[str, ParsedArticle, FetchResult | None]] = []
    total = len(sources)
    for index, source in enumerate(sources):
        text = str(source)
        if progress is not None:
            progress(index, total, text)
        if isinstance(source, str) and is_url(source):
            if fetcher is None:
                raise InputError(f"{text}: a url, and fetching is off")
            fetched = fetch_article(fetcher, text)
            prepared.append((text, fetched.parsed, fetched.result))
        else:
            prepared.append((text, parse_article(read_text_file(text), text, title_line=title_line), None))
    if progress is not None:
        progress(total, total, "")
    results: list[IngestResult] = []
    with db.session() as session:
        for source, parsed, result in prepared:
            if result is None:
                results.append(store_article(session, parsed, user=user, source=source, extractor=extractor))
            else:
                results.append(
                    store_fetched(session, FetchedArticle(source, result, parsed), user=user, extractor=extractor)
                )
    return results


@dataclass
class FeedReport:
    """What reading a feed did."""

    feed_url: str
    title: str | None
    items: int
    """Items in the feed (with a link)."""
    already_seen: int
    ingested: list[tuple[FeedEntry, IngestResult]] = field(default_factory=list)
    failed: list[tuple[FeedEntry, str]] = field(default_factory=list)


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
            report.failed.append((entry, str(exc)))
            continue
        try:
            with db.session() as session:
                result = store_fetched(session, fetched, user=user, extractor=extractor)
                session.add(
                    FeedItem(
                        feed_url=feed_url,
                        item_key=entry.key,
                        guid=entry.guid,
                        link=entry.link,
                        article_id=result.article.id,  # type: ignore[arg-type]
                        ingested_at=utcnow(),
                    )
                )
                session.flush()
        except sa.exc.IntegrityError:
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
