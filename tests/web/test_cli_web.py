"""The fetching commands end to end through the CLI, against a real server on 127.0.0.1."""

from __future__ import annotations

import hashlib
from pathlib import Path

import httpx

from tests.conftest import EXAMPLE
from tests.web.conftest import LocalServer, Route, Run, article_html, fails, ok

PAGE = b"<html><head><title>Embassy statement</title></head><body><p>No citizens were hurt.</p></body></html>"


def test_ingest_a_url_and_a_file(cli: Run, server: LocalServer) -> None:
    server.routes["/story"] = Route(200, article_html())
    out = ok(cli("ingest", str(EXAMPLE), server.url("/story"), "--allow-private"))
    assert f"{server.url('/story')}: article 2 “Bridge collapse: mayor denies”: 2 claims found" in out
    again = ok(cli("ingest", server.url("/story"), "--allow-private"))
    assert "already ingested as article 2" in again
    articles = ok(cli("articles"))
    assert "Bridge collapse: mayor denies" in articles


def test_ingest_failures_are_one_line_and_store_nothing(cli: Run, server: LocalServer) -> None:
    server.routes["/story"] = Route(200, article_html())
    server.routes["/pdf"] = Route(200, b"%PDF", {"Content-Type": "application/pdf"})
    server.routes["/loop"] = Route(302, b"", {"Location": "/loop2"})
    server.routes["/loop2"] = Route(302, b"", {"Location": "/loop"})
    fails(cli("ingest", server.url("/story")), "refusing to fetch from 127.0.0.1: a loopback address")
    fails(cli("ingest", server.url("/story"), server.url("/missing"), "--allow-private"), "HTTP 404")
    fails(cli("ingest", server.url("/pdf"), "--allow-private"), "not an HTML page (application/pdf)")
    fails(cli("ingest", server.url("/loop"), "--allow-private"), "redirect loop")
    fails(
        cli("ingest", server.url("/story"), "--allow-private", env={"CLAIMTRACK_FETCH_MAX_BYTES": "100"}),
        "over the 100-byte limit",
    )
    fails(cli("ingest", "ftp://example.org/a.txt"), "not an http(s) url (ftp:)")
    fails(cli("ingest"), "nothing to ingest")
    assert ok(cli("articles")).count("\n") <= 1


def test_ingest_a_feed_twice(cli: Run, server: LocalServer) -> None:
    server.routes["/a"] = Route(200, article_html("First story"))
    server.routes["/b"] = Route(200, article_html("Second story", extra="A second fact, the agency said."))
    items = "".join(f"<item><title>{p}</title><link>/{p}</link><guid>{p}</guid></item>" for p in ("a", "b"))
    server.routes["/rss"] = Route(
        200,
        f'<rss version="2.0"><channel><title>Test feed</title>{items}</channel></rss>'.encode(),
        {"Content-Type": "application/rss+xml"},
    )
    out = ok(cli("ingest", "--feed", server.url("/rss"), "--allow-private"))
    assert "“Test feed”: 2 items, 0 read before, 2 ingested now" in out and "First story" in out
    out = ok(cli("ingest", "--feed", server.url("/rss"), "--allow-private"))
    assert "2 items, 2 read before, 0 ingested now" in out
    server.routes["/b"] = Route(404, b"")
    items += "<item><title>c</title><link>/c</link><guid>c</guid></item>"
    server.routes["/rss"] = Route(
        200, f'<rss version="2.0"><channel>{items}</channel></rss>'.encode(), {"Content-Type": "application/rss+xml"}
    )
    line = fails(cli("ingest", "--feed", server.url("/rss"), "--allow-private"), "HTTP 404")
    assert "tried again next time" in line


def test_evidence_add_show_and_recheck(cli: Run, server: LocalServer) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    server.routes["/statement"] = Route(200, PAGE)
    out = ok(cli("evidence", "add", "1", server.url("/statement"), "--stance", "refutes", "--allow-private"))
    assert "evidence #" in out and "added to claim 1" in out and f"sha256 {hashlib.sha256(PAGE).hexdigest()}" in out
    shown = ok(cli("evidence", "show", "1"))
    assert (
        "Embassy statement" in shown
        and "captured:" in shown
        and "HTTP 200" in shown
        and f"{len(PAGE):,} bytes" in shown
    )
    ids = [line.split()[0][1:] for line in shown.splitlines() if line.startswith("  #") and "Embassy" in line]
    evidence_id = ids[0]

    out = ok(cli("evidence", "show", "1", "--recheck", "--allow-private"))
    assert "recheck now: unchanged (HTTP 200)" in out
    server.routes["/statement"] = Route(200, PAGE.replace(b"No citizens", b"Some citizens"))
    out = ok(cli("evidence", "show", "--evidence", evidence_id, "--recheck", "--allow-private"))
    assert "recheck now: CHANGED SINCE THE CAPTURE" in out and "rechecked" in out
    assert "Rechecked evidence" in ok(cli("history", "1"))
    body = ok(cli("evidence", "show", "--evidence", evidence_id, "--body", "-"))
    assert body.encode() == PAGE  # the copy as captured, not the changed page
    fails(cli("evidence", "show"), "give a claim id, or --evidence")
    fails(cli("evidence", "show", "1", "--body", "x.html"), "--body needs --evidence")


def test_evidence_add_failure_then_no_fetch_then_fetch(cli: Run, server: LocalServer, tmp_path: Path) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    before = ok(cli("history", "1"))
    fails(cli("evidence", "add", "1", server.url("/later"), "--allow-private"), "HTTP 404")
    fails(cli("evidence", "add", "1", server.url("/later")), "--allow-private")
    fails(cli("evidence", "add", "1", "javascript:alert(1)"), "not an http(s) url")
    assert ok(cli("history", "1")) == before  # nothing stored
    out = ok(cli("evidence", "add", "1", server.url("/later"), "--no-fetch"))
    assert "not captured: claimtrack evidence fetch" in out
    evidence_id = out.split("#")[1].split()[0]
    assert "not captured: claimtrack evidence fetch" in ok(cli("evidence", "show", "1"))
    server.routes["/later"] = Route(200, PAGE)
    out = ok(cli("evidence", "fetch", evidence_id, "--allow-private"))
    assert f"evidence #{evidence_id} captured" in out and "HTTP 200" in out
    fails(cli("evidence", "fetch", evidence_id, "--allow-private"), "was captured")
    ok(cli("evidence", "show", "--evidence", evidence_id, "--body", str(tmp_path / "copy.html")))
    assert (tmp_path / "copy.html").read_bytes() == PAGE
    fails(cli("evidence", "fetch", "999"), "no evidence with id 999")


def test_evidence_add_with_the_archive(cli: Run, mock_web) -> None:
    ok(cli("ingest", str(EXAMPLE)))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "web.archive.org":
            return httpx.Response(
                200, headers={"Content-Location": "/web/20240305100000/https://gov.example/s"}, text="saved"
            )
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})

    mock_web(handler)
    out = ok(cli("evidence", "add", "1", "https://gov.example/s", "--archive"))
    assert "archived: https://web.archive.org/web/20240305100000/https://gov.example/s" in out
    out = ok(cli("evidence", "add", "1", "https://gov.example/s2", env={"CLAIMTRACK_ARCHIVE": "true"}))
    assert "archived:" in out
    assert "archived:" not in ok(cli("evidence", "add", "1", "https://gov.example/s3"))
    assert "archived: https://web.archive.org/" in ok(cli("evidence", "show", "1"))
