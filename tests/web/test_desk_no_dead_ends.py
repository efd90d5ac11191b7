"""The Desk's side of "no dead ends": a failed capture is :class:`CaptureFailed` (the link can
then be added without a copy), a verdict and its evidence are given together or not at all, and
the desk's errors carry no command-line advice."""

from __future__ import annotations

import httpx
import pytest

from claimtrack.domain import ClaimStatus
from claimtrack.errors import ConflictError, WorkflowError
from claimtrack.services.desk import CaptureFailed, Desk
from claimtrack.store import Database
from claimtrack.web.client import Fetcher, FetchPolicy
from claimtrack.web.errors import FetchError
from tests.builders import seed
from tests.web.conftest import mock_fetcher

PAGE = b"<html><head><title>Embassy statement</title></head><body><p>No citizens were killed.</p></body></html>"


def site(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/statement":
        return httpx.Response(200, content=PAGE, headers={"Content-Type": "text/html"})
    return httpx.Response(404, content=b"<html>no</html>", headers={"Content-Type": "text/html"})


def desk_on(db: Database) -> Desk:
    return Desk(db, "alice", fetcher_factory=lambda: mock_fetcher(site))


def strict_desk(db: Database) -> Desk:
    """The safety rules as shipped: local addresses refused (no request is made)."""
    return Desk(db, "alice", fetcher_factory=lambda: Fetcher(FetchPolicy(user_agent="claimtrack-test")))


def kinds(db: Database, claim_id: int) -> list[str]:
    return [h.kind for h in Desk(db, "r").claim(claim_id).history]


def test_a_failed_capture_stores_nothing_and_the_link_can_follow(db: Database) -> None:
    ids = seed(db)
    desk = desk_on(db)
    before = kinds(db, ids[0])
    with pytest.raises(CaptureFailed) as caught:
        desk.add_web_evidence(ids[0], "https://gov.example/gone", stance="refutes", title="Gone")
    assert str(caught.value) == "https://gov.example/gone: HTTP 404 Not Found"
    assert caught.value.url == "https://gov.example/gone"
    assert kinds(db, ids[0]) == before and Desk(db, "r").claim(ids[0]).evidence == ()
    added = desk.add_web_evidence(ids[0], "https://gov.example/gone", stance="refutes", title="Gone", fetch=False)
    assert not added.captured and (added.evidence.title, added.evidence.content_sha256) == ("Gone", None)


def test_a_refused_address_is_said_without_command_line_advice(db: Database) -> None:
    ids = seed(db)
    desk = strict_desk(db)
    with pytest.raises(CaptureFailed) as caught:
        desk.add_web_evidence(ids[0], "http://127.0.0.1/statement")
    assert str(caught.value) == "refusing to fetch from 127.0.0.1: a loopback address on the local network"
    for call in (
        lambda: desk.ingest(["http://10.0.0.7/story"]),
        lambda: desk.import_claim_reviews("http://192.168.1.2/check"),
        lambda: desk.ingest_feed("http://[::1]/rss"),
    ):
        with pytest.raises(FetchError) as refused:
            call()
        assert "refusing to fetch from" in str(refused.value) and "--" not in str(refused.value)
    # the web layer itself still says it, for the command line
    with pytest.raises(FetchError, match="use --allow-private"), Fetcher(FetchPolicy()) as fetcher:
        fetcher.get("http://127.0.0.1/x")


def test_a_verdict_and_its_evidence_together(db: Database) -> None:
    ids = seed(db)
    desk = desk_on(db)
    version = desk.claim(ids[0]).claim.version
    before = kinds(db, ids[0])
    added = desk.set_status_with_evidence(
        ids[0],
        ClaimStatus.FALSE,
        note="The embassy denies it.",
        url="https://embassy.example/statement",
        stance="refutes",
        evidence_note="No citizen died.",
        expected_version=version,
    )
    assert added.captured and added.evidence.title == "Embassy statement"
    detail = Desk(db, "r").claim(ids[0])
    assert detail.claim.status == ClaimStatus.FALSE
    assert [(e.url, e.stance, e.note) for e in detail.evidence] == [
        ("https://embassy.example/statement", "refutes", "No citizen died.")
    ]
    assert kinds(db, ids[0]) == [*before, "evidence", "status"]
    assert detail.history[-1].note == "The embassy denies it." and detail.history[-1].actor == "alice"


def test_a_verdict_refused_or_not_captured_stores_no_evidence(db: Database) -> None:
    ids = seed(db)
    desk = desk_on(db)
    before = kinds(db, ids[0])
    with pytest.raises(WorkflowError, match="needs a note"):
        desk.set_status_with_evidence(ids[0], ClaimStatus.VERIFIED, note=None, url="https://embassy.example/statement")
    with pytest.raises(CaptureFailed, match="HTTP 404"):
        desk.set_status_with_evidence(ids[0], ClaimStatus.VERIFIED, note="Yes.", url="https://embassy.example/gone")
    with pytest.raises(ConflictError):
        desk.set_status_with_evidence(
            ids[0], ClaimStatus.VERIFIED, note="Yes.", url="https://embassy.example/statement", expected_version=99
        )
    assert kinds(db, ids[0]) == before and Desk(db, "r").claim(ids[0]).evidence == ()
    # without a copy, as offered
    added = desk.set_status_with_evidence(
        ids[0], ClaimStatus.VERIFIED, note="Yes.", url="https://embassy.example/gone", fetch=False
    )
    assert not added.captured
    assert Desk(db, "r").claim(ids[0]).claim.status == ClaimStatus.VERIFIED
    # a verdict the claim already has: refused once the page is captured, and its evidence with it
    with pytest.raises(WorkflowError, match="already verified"):
        desk.set_status_with_evidence(
            ids[0], ClaimStatus.VERIFIED, note="Again.", url="https://embassy.example/statement"
        )
    assert len(Desk(db, "r").claim(ids[0]).evidence) == 1


def test_a_feed_item_at_a_refused_address_is_said_without_command_line_advice(db: Database) -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title><link>https://news.example/</link>'
        b"<item><title>Local</title><link>http://127.0.0.1/story</link><guid>local</guid></item>"
        b"</channel></rss>"
    )

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=feed, headers={"Content-Type": "application/rss+xml"})

    report = Desk(db, "alice", fetcher_factory=lambda: mock_fetcher(handler)).ingest_feed("https://news.example/rss")
    assert [(entry.link, reason) for entry, reason in report.failed] == [
        ("http://127.0.0.1/story", "refusing to fetch from 127.0.0.1: a loopback address on the local network")
    ]


def test_the_desks_errors_name_no_command_and_the_clis_do(db: Database) -> None:
    """The workflow's refusals carry the command line's way on apart (``cli_advice``): the CLI
    prints it, the desk (single and bulk changes alike) says the reason alone."""
    ids = seed(db)
    desk = desk_on(db)
    with pytest.raises(WorkflowError) as caught:
        desk.set_status(ids[0], "verified", note="The ministry says so.")
    assert str(caught.value) == "a verdict (verified) needs at least one piece of evidence"
    bare = [cid for cid in ids if not desk.claim(cid).evidence]
    assert len(bare) >= 2
    bulk = desk.bulk_set_status({cid: desk.claim(cid).claim.version for cid in bare}, "false", note="No.")
    assert bulk.done == () and {str(exc) for _, exc in bulk.failed} == {
        "a verdict (false) needs at least one piece of evidence"
    }
    with pytest.raises(WorkflowError) as caught:
        desk.set_status(ids[0], "disputed")
    assert str(caught.value) == "a verdict (disputed) needs a note saying why"
    # the same refusal, from the workflow the CLI calls, keeps its advice
    from claimtrack.services import workflow

    with db.session() as s, pytest.raises(WorkflowError) as caught:
        workflow.set_status(s, ids[0], "verified", user="alice", note="The ministry says so.")
    assert str(caught.value) == (
        "a verdict (verified) needs at least one piece of evidence "
        f"(add it: claimtrack evidence add {ids[0]} URL --stance supports|refutes|context)"
    )
    assert caught.value.message == "a verdict (verified) needs at least one piece of evidence"
