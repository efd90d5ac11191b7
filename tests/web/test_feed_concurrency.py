"""Four readers of one feed at once (threads, each with its own connections): each item stored
once, with its article; the others count it as read before, with no error."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from claimtrack.services.web_ingest import FeedReport, ingest_feed
from claimtrack.store import Database
from tests.web.conftest import LocalServer, Route, article_html, local_fetcher
from tests.web.test_web_ingest import rss

ITEMS = 6
READERS = 4


def test_four_readers_of_one_feed_store_each_item_once(db: Database, server: LocalServer) -> None:
    for n in range(ITEMS):
        server.routes[f"/s{n}"] = Route(
            200, article_html(f"Story {n}", extra=f"Officials said {n + 10} bridges were closed, the agency said.")
        )
    server.routes["/feed"] = Route(
        200, rss(*[(f"Story {n}", f"/s{n}") for n in range(ITEMS)]), {"Content-Type": "application/rss+xml"}
    )
    start = threading.Barrier(READERS)
    reports: list[FeedReport] = []
    errors: list[BaseException] = []

    def read(n: int) -> None:
        try:
            start.wait(30)
            with local_fetcher() as fetcher:
                reports.append(ingest_feed(db, server.url("/feed"), user=f"reader{n}", fetcher=fetcher))
        except BaseException as exc:  # the test fails with it below
            errors.append(exc)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors and len(reports) == READERS
    for report in reports:
        assert not report.failed and len(report.ingested) + report.already_seen == ITEMS
    stored = [result for report in reports for _, result in report.ingested]
    assert len(stored) == ITEMS and all(result.created for result in stored)  # each item once, by one reader
    with db.engine.connect() as conn:
        counts = [conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in ("article", "feed_item")]
        snapshots = conn.execute(sa.text("SELECT count(*) FROM article_snapshot")).scalar()
    assert counts == [ITEMS, ITEMS] and snapshots == ITEMS
