"""Ingesting from the web (real HTTP server on 127.0.0.1): snapshots, feeds, failures."""

from __future__ import annotations

import gzip
import hashlib

import pytest
from sqlmodel import func, select

from claimtrack.services.web_ingest import article_snapshot, feed_items, ingest_feed, ingest_sources, is_url
from claimtrack.store import Database
from claimtrack.store.models import Article, ArticleSnapshot, Claim, FeedItem
from claimtrack.web.errors import FetchError
from tests.conftest import EXAMPLE
from tests.web.conftest import LocalServer, Route, article_html, local_fetcher


def counts(db: Database) -> tuple[int, int, int, int]:
    with db.session() as s:
        return tuple(
            s.exec(select(func.count()).select_from(t)).one() for t in (Article, Claim, ArticleSnapshot, FeedItem)
        )  # type: ignore[return-value]


def test_is_url() -> None:
    assert is_url("https://x.example/a") and is_url("file:///etc/passwd") and is_url("javascript:alert(1)")
    assert not is_url("articles/a.txt") and not is_url("C:\\articles\\a.txt")


def test_a_page_is_ingested_with_its_snapshot(db: Database, server: LocalServer) -> None:
    body = article_html()
    server.routes["/old"] = Route(301, b"", {"Location": "/story"})
    server.routes["/story"] = Route(200, body)
    with local_fetcher() as fetcher:
        [result] = ingest_sources(db, [server.url("/old")], user="alice", fetcher=fetcher)
    assert result.created and result.claims > 0
    with db.session() as s:
        article = s.get(Article, result.article.id)
        assert article.title == "Bridge collapse: mayor denies" and article.outlet == "Daily Test"
        assert article.authors == ["Ann Writer"] and article.published.isoformat() == "2024-03-05"
        assert article.url == "https://news.example/bridge" and article.source == server.url("/old")
        assert "Reader comment" not in article.text and len(article.text.split("\n")) == 3
        for claim in s.exec(select(Claim).where(Claim.article_id == article.id)).all():
            assert article.text[claim.char_start : claim.char_end] == claim.text
        snap = article_snapshot(s, article.id)
        assert snap is not None
        assert (
            gzip.decompress(snap.body) == body
            and snap.sha256 == hashlib.sha256(body).hexdigest()
            and snap.size == len(body)
        )
        assert snap.final_url == server.url("/story") and snap.requested_url == server.url("/old")
        assert (
            snap.http_status == 200 and snap.content_type == "text/html; charset=utf-8" and snap.fetched_by == "alice"
        )
    # The same page again: nothing changes.
    with local_fetcher() as fetcher:
        [again] = ingest_sources(db, [server.url("/story")], user="bob", fetcher=fetcher)
    assert not again.created and again.article.id == result.article.id
    assert counts(db)[2] == 1


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(404, b"gone"), "HTTP 404"),
        (Route(500, b"boom"), "HTTP 500"),
        (Route(200, b"%PDF-1.4", {"Content-Type": "application/pdf"}), "not an HTML page"),
        (
            Route(
                200, "<html><body><p>caf\xe9 société</p></body></html>".encode("latin-1"), {"Content-Type": "text/html"}
            ),
            "broken text encoding",
        ),
        (Route(200, b"x" * 5000, {"Content-Type": "text/html"}), "over the 1,000-byte limit"),
    ],
)
def test_one_failing_url_stores_nothing(db: Database, server: LocalServer, route: Route, message: str) -> None:
    server.routes["/good"] = Route(200, article_html())
    server.routes["/bad"] = route
    with local_fetcher(max_bytes=1000 if "limit" in message else 10_000_000) as fetcher:
        with pytest.raises(FetchError, match=message):
            ingest_sources(
                db,
                [str(EXAMPLE), server.url("/good") if "limit" not in message else str(EXAMPLE), server.url("/bad")],
                user="alice",
                fetcher=fetcher,
            )
    assert counts(db) == (0, 0, 0, 0)


def rss(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}#guid</guid></item>" for title, link in items
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Daily Test</title><link>https://news.example/</link>'
        f"{entries}</channel></rss>"
    ).encode()


def atom(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f'<entry><title>{t}</title><id>urn:x:{t}</id><link rel="alternate" href="{link}"/><updated>2024-03-05T10:00:00Z</updated></entry>'
        for t, link in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Test</title><id>urn:x</id><updated>2024-03-05T10:00:00Z</updated>{entries}</feed>'.encode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_read_again_adds_only_what_is_new(db: Database, server: LocalServer, kind: str) -> None:
    make = rss if kind == "rss" else atom
    feed_type = {"Content-Type": "application/rss+xml" if kind == "rss" else "application/atom+xml"}
    for n in range(4):
        server.routes[f"/a{n}"] = Route(
            200,
            article_html(f"Story number {n}", extra=f"The unique fact {n} was reported by officials, the agency said."),
        )
    server.routes["/feed"] = Route(200, make(("One", "/a0"), ("Two", server.url("/a1"))), feed_type)
    calls: list[tuple[int, int]] = []
    with local_fetcher() as fetcher:
        first = ingest_feed(
            db, server.url("/feed"), user="alice", fetcher=fetcher, progress=lambda d, t, e: calls.append((d, t))
        )
    assert [e.link for e, _ in first.ingested] == [server.url("/a0"), server.url("/a1")]  # relative link made absolute
    assert first.already_seen == 0 and not first.failed and calls == [(0, 2), (1, 2), (2, 2)]

    server.routes["/feed"] = Route(
        200, make(("Three", "/a2"), ("Two", "/a1"), ("One", "/a0"), ("Four", "/a3")), feed_type
    )
    server.requests.clear()
    with local_fetcher() as fetcher:
        second = ingest_feed(db, server.url("/feed"), user="alice", fetcher=fetcher, limit=1)
    assert [e.link for e, _ in second.ingested] == [server.url("/a2")] and second.already_seen == 2
    assert [p for p, _ in server.requests] == ["/feed", "/a2"]  # old items are not even fetched
    with local_fetcher() as fetcher:
        third = ingest_feed(db, server.url("/feed"), user="alice", fetcher=fetcher)
    assert [e.link for e, _ in third.ingested] == [server.url("/a3")] and third.already_seen == 3
    with local_fetcher() as fetcher:
        fourth = ingest_feed(db, server.url("/feed"), user="alice", fetcher=fetcher)
    assert fourth.ingested == [] and fourth.already_seen == 4
    assert counts(db)[0] == 4 and counts(db)[2] == 4
    with db.session() as s:
        assert len(feed_items(s, server.url("/feed"))) == 4


def test_a_failing_feed_item_is_retried_next_time(db: Database, server: LocalServer) -> None:
    server.routes["/ok"] = Route(200, article_html("Fine story"))
    server.routes["/later"] = Route(503, b"")
    server.routes["/feed"] = Route(
        200, rss(("ok", "/ok"), ("later", "/later")), {"Content-Type": "application/rss+xml"}
    )
    with local_fetcher(retries=0) as fetcher:
        report = ingest_feed(db, server.url("/feed"), user="alice", fetcher=fetcher)
    assert len(report.ingested) == 1 and [e.link for e, _ in report.failed] == [server.url("/later")]
    assert "HTTP 503" in report.failed[0][1].message
    server.routes["/later"] = Route(
        200, article_html("Later story", extra="A later fact emerged, the police said on Friday.")
    )
    with local_fetcher(retries=0) as fetcher:
        again = ingest_feed(db, server.url("/feed"), user="alice", fetcher=fetcher)
    assert [e.link for e, _ in again.ingested] == [server.url("/later")] and again.already_seen == 1


@pytest.mark.parametrize(
    ("route", "message"),
    [
        (Route(200, b"<html><body>not a feed</body></html>", {"Content-Type": "text/html"}), "not a feed"),
        (Route(200, b"this is not xml at all", {"Content-Type": "application/xml"}), "not an RSS or Atom feed"),
        (Route(404, b""), "HTTP 404"),
    ],
)
def test_a_feed_that_fails_stores_nothing(db: Database, server: LocalServer, route: Route, message: str) -> None:
    server.routes["/feed"] = route
    with local_fetcher() as fetcher, pytest.raises(FetchError, match=message):
        ingest_feed(db, server.url("/feed"), user="alice", fetcher=fetcher)
    assert counts(db) == (0, 0, 0, 0)
