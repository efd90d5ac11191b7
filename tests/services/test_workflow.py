"""The review workflow's rules, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from claimtrack.domain import ClaimStatus
from claimtrack.errors import InputError, NotFoundError, WorkflowError
from claimtrack.services import workflow
from claimtrack.services.queries import claim_detail
from claimtrack.store import Database
from tests.builders import seed


def test_new_claims_open_as_new_with_a_created_entry(db: Database) -> None:
    ids = seed(db)
    with db.session() as s:
        detail = claim_detail(s, ids[0])
    assert detail.claim.status == "new"
    assert detail.claim.version == 1
    assert [(h.kind, h.to_value, h.actor) for h in detail.history] == [("created", "new", "alice")]


def test_in_article_denial_is_stored_as_refuting_evidence(db: Database) -> None:
    ids = seed(db)
    with db.session() as s:
        detail = claim_detail(s, ids[1])
    assert detail.claim.disputed_by == ["the mayor"]
    assert detail.claim.cues == ["denied"]
    [ev] = detail.evidence
    assert ev.stance == "refutes"
    assert ev.quote == "the mayor denied it"
    assert ev.added_by == "extractor"
    assert detail.claim.version == 2
    assert [h.kind for h in detail.history] == ["created", "evidence"]


def test_verdict_needs_evidence(db: Database) -> None:
    ids = seed(db)
    with db.session() as s:
        with pytest.raises(WorkflowError, match="needs at least one piece of evidence"):
            workflow.set_status(s, ids[0], "verified", user="bob", note="Looks right.")
    with db.session() as s:
        claim = workflow.get_claim(s, ids[0])
        assert (claim.status, claim.version) == ("new", 1)
        assert len(workflow.history(s, ids[0])) == 1


@pytest.mark.parametrize("verdict", ["verified", "disputed", "false", "misleading"])
def test_every_verdict_needs_a_note(db: Database, verdict: str) -> None:
    ids = seed(db)
    with db.session() as s:
        workflow.add_evidence(s, ids[0], "https://example.org/a", user="bob", stance="supports")
    with db.session() as s:
        with pytest.raises(WorkflowError, match="needs a note"):
            workflow.set_status(s, ids[0], verdict, user="bob", note="   ")
    with db.session() as s:
        workflow.set_status(s, ids[0], verdict, user="bob", note="Because.")
    with db.session() as s:
        assert workflow.get_claim(s, ids[0]).status == verdict


@pytest.mark.parametrize("status", ["in_review", "unverifiable", "dismissed", "new"])
def test_non_verdicts_need_no_note_or_evidence_except_when_leaving_a_verdict(db: Database, status: str) -> None:
    ids = seed(db)
    with db.session() as s:
        if status == "new":
            workflow.set_status(s, ids[0], "in_review", user="bob")
        workflow.set_status(s, ids[0], status, user="bob")
    # The disputed claim has in-article evidence: give it a verdict, then leave it.
    with db.session() as s:
        workflow.set_status(s, ids[1], "disputed", user="bob", note="The mayor denies it.")
    with db.session() as s:
        with pytest.raises(WorkflowError, match="changing it needs a note"):
            workflow.set_status(s, ids[1], status, user="carol")
    with db.session() as s:
        workflow.set_status(s, ids[1], status, user="carol", note="Reopened: new footage.")
    with db.session() as s:
        entries = workflow.history(s, ids[1])
    last = entries[-1]
    assert (last.kind, last.from_value, last.to_value, last.actor, last.note) == (
        "status",
        "disputed",
        status,
        "carol",
        "Reopened: new footage.",
    )


def test_same_status_is_refused(db: Database) -> None:
    ids = seed(db)
    with db.session() as s:
        with pytest.raises(WorkflowError, match="already new"):
            workflow.set_status(s, ids[0], "new", user="bob")


def test_unknown_status_stance_and_claim(db: Database) -> None:
    ids = seed(db)
    with db.session() as s:
        with pytest.raises(InputError, match="unknown status 'bogus'"):
            workflow.set_status(s, ids[0], "bogus", user="bob")
        with pytest.raises(InputError, match="unknown stance"):
            workflow.add_evidence(s, ids[0], "https://example.org", user="bob", stance="maybe")
        with pytest.raises(NotFoundError, match="no claim with id 999"):
            workflow.set_status(s, 999, "in_review", user="bob")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "example.org", "https://", "https://a b"])
def test_evidence_urls_must_be_http(db: Database, url: str) -> None:
    ids = seed(db)
    with db.session() as s:
        with pytest.raises(InputError):
            workflow.add_evidence(s, ids[0], url, user="bob")


def test_every_change_is_recorded_with_who_when_from_to_why(db: Database) -> None:
    ids = seed(db)
    cid = ids[0]
    with db.session() as s:
        workflow.set_status(s, cid, "in_review", user="bob")
    with db.session() as s:
        workflow.assign(s, cid, "carol", user="bob", note="Carol knows the ministry.")
    with db.session() as s:
        workflow.add_evidence(
            s, cid, "https://gov.example/statement", user="carol", stance="supports", title="Statement", note="Says 40."
        )
    with db.session() as s:
        workflow.add_note(s, cid, "Called the ministry.", user="carol")
    with db.session() as s:
        workflow.set_status(s, cid, "verified", user="carol", note="Ministry statement confirms 40.")
    with db.session() as s:
        entries = workflow.history(s, cid)
        claim = workflow.get_claim(s, cid)
    rows = [(h.version, h.kind, h.actor, h.from_value, h.to_value, h.note) for h in entries]
    assert rows == [
        (1, "created", "alice", None, "new", rows[0][5]),
        (2, "status", "bob", "new", "in_review", None),
        (3, "assignment", "bob", None, "carol", "Carol knows the ministry."),
        (4, "evidence", "carol", None, "supports: https://gov.example/statement", "Says 40."),
        (5, "note", "carol", None, None, "Called the ministry."),
        (6, "status", "carol", "in_review", "verified", "Ministry statement confirms 40."),
    ]
    assert claim.version == 6 and claim.assignee == "carol" and claim.updated_by == "carol"
    times = [h.at for h in entries]
    assert times == sorted(times) and all(t.tzinfo is not None for t in times)


def test_assign_and_unassign(db: Database) -> None:
    ids = seed(db)
    with db.session() as s:
        workflow.assign(s, ids[0], "dave", user="bob")
    with db.session() as s:
        with pytest.raises(WorkflowError, match="already assigned to dave"):
            workflow.assign(s, ids[0], "dave", user="bob")
        workflow.assign(s, ids[0], None, user="bob")
    with db.session() as s:
        assert workflow.get_claim(s, ids[0]).assignee is None
        assert workflow.history(s, ids[0])[-1].to_value is None


def test_all_statuses_are_reachable(db: Database) -> None:
    ids = seed(db)
    with db.session() as s:
        workflow.add_evidence(s, ids[0], "https://example.org", user="bob", stance="context")
    previous = "new"
    for status in ClaimStatus:
        if status.value == previous:
            continue
        with db.session() as s:
            workflow.set_status(s, ids[0], status, user="bob", note=f"to {status.value}")
        previous = status.value
    with db.session() as s:
        assert workflow.get_claim(s, ids[0]).status == "dismissed"
