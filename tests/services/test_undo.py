"""Undo and redo: undo walks back through a checker's changes still in force (never undoing its
own undo), redo applies an undone change again, neither overwrites anyone's later work, and the
report counts only the changes in force. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from claimtrack.domain import ClaimStatus
from claimtrack.errors import ConflictError, NotFoundError, WorkflowError
from claimtrack.services import workflow
from claimtrack.services.desk import Desk
from claimtrack.services.reports import ReportFilter, report_totals
from claimtrack.services.views import HistoryView
from claimtrack.store import Database, open_database
from claimtrack.store.models import HistoryEntry
from tests.builders import seed

EVIDENCE = "https://example.org/source"


def history(desk: Desk, claim_id: int) -> tuple[HistoryView, ...]:
    return desk.claim(claim_id).history


def test_undo_walks_back_through_my_changes_one_by_one(db: Database) -> None:
    ids = seed(db)
    alice = Desk(db, "alice")
    alice.set_status(ids[0], "in_review")
    alice.assign(ids[0], "alice")
    alice.add_note(ids[0], "Asked the ministry.")
    changes = {h.description: h.id for h in history(alice, ids[0])}

    first = alice.undo_last(ids[0])  # z: the note
    assert first.summary == "undone: note added" and first.redo is False
    assert first.entry.undoes == changes["note added"] and first.entry.from_value == "Asked the ministry."
    claim = first.claim
    assert (claim.status, claim.assignee, claim.version) == ("in_review", "alice", 5)

    second = alice.undo_last(ids[0])  # z again: the assignment, not the undo
    assert second.summary == "undone: assigned to alice"
    assert second.entry.undoes == changes["assigned to alice"]
    assert (second.claim.status, second.claim.assignee) == ("in_review", None)

    third = alice.undo_last(ids[0])  # z a third time: the status
    assert third.summary == "undone: status new → in_review"
    assert third.entry.undoes == changes["status new → in_review"]
    assert (third.claim.status, third.claim.assignee, third.claim.version) == ("new", None, 7)

    with pytest.raises(NotFoundError, match=f"nothing of yours to undo on claim {ids[0]}"):
        alice.undo_last(ids[0])
    entries = history(alice, ids[0])
    assert [h.version for h in entries] == list(range(1, 8))  # each undo a change of its own
    assert [h.note for h in entries[-3:]] == [
        "undo of v4 (note added)",
        "undo of v3 (assigned to alice)",
        "undo of v2 (status new → in_review)",
    ]
    assert {h.actor for h in entries[1:]} == {"alice"}


def test_undo_twice_never_gives_the_verdict_back(db: Database) -> None:
    ids = seed(db)  # ids[1] has the extractor's in-article evidence
    alice = Desk(db, "alice")
    alice.set_status(ids[1], "disputed", note="The mayor denies it.")
    assert alice.undo_last(ids[1]).claim.status == "new"
    with pytest.raises(NotFoundError, match="nothing of yours to undo"):
        alice.undo_last(ids[1])  # the undo itself is not undone
    assert alice.claim(ids[1]).claim.status == "new"


def test_redo_applies_the_undone_change_again_and_undo_takes_it_back(db: Database) -> None:
    ids = seed(db)
    alice = Desk(db, "alice")
    alice.set_status(ids[1], "disputed", note="The mayor denies it.")
    verdict = history(alice, ids[1])[-1]
    undo = alice.undo_last(ids[1])

    redo = alice.redo_last(ids[1])
    assert redo.redo is True and redo.summary == "redone: status new → disputed"
    assert redo.claim.status == "disputed"
    assert (
        redo.entry.undoes == undo.entry.id and redo.entry.note == f"redo of v{verdict.version} (status new → disputed)"
    )
    with pytest.raises(NotFoundError, match="nothing of yours to redo"):
        alice.redo_last(ids[1])

    again = alice.undo_last(ids[1])  # the verdict is in force again: undo reverses it again
    assert again.claim.status == "new" and again.entry.undoes == verdict.id
    assert alice.redo_last(ids[1]).claim.status == "disputed"
    assert [h.undoes for h in history(alice, ids[1])[-4:]] == [verdict.id, undo.entry.id, verdict.id, again.entry.id]


def test_redo_of_a_note_puts_it_back_and_redo_of_evidence_is_refused(db: Database) -> None:
    ids = seed(db)
    alice = Desk(db, "alice")
    alice.add_note(ids[2], "Checked the statistics office.")
    alice.undo_last(ids[2])
    redone = alice.redo_last(ids[2])
    assert redone.entry.note == "Checked the statistics office." and redone.entry.from_value is None
    assert alice.claim(ids[2]).notes[-1].note == "Checked the statistics office."

    alice.add_evidence(ids[0], EVIDENCE, stance="supports")
    undone = alice.undo_last(ids[0])
    assert undone.summary == f"undone: evidence added: supports: {EVIDENCE}"
    assert alice.claim(ids[0]).evidence == ()
    with pytest.raises(WorkflowError, match="cannot be restored by redo; add it again"):
        alice.redo_last(ids[0])


def test_undo_leaves_another_field_alone_but_refuses_to_overwrite_a_later_change(db: Database) -> None:
    ids = seed(db)
    alice, bob = Desk(db, "alice"), Desk(db, "bob")
    alice.set_status(ids[1], "verified", note="Matches the council's statement.")  # v3
    alice.assign(ids[1], "alice")  # v4
    bob.set_status(ids[1], "disputed", note="The mayor denies it.")  # v5

    # My assignment: bob changed the status, not the assignee, so it can be undone.
    assert alice.undo_last(ids[1]).claim.assignee is None
    # My verdict: bob has changed the status since; undoing mine would overwrite his.
    before = alice.claim(ids[1]).claim
    with pytest.raises(WorkflowError) as refused:
        alice.undo_last(ids[1])
    message = str(refused.value)
    assert "\n" not in message
    assert message == (
        f"claim {ids[1]}'s status was changed since by bob (v5: status verified → disputed), it is now disputed: "
        "undoing your change (v3, status new → verified) would overwrite that; nothing was saved"
    )
    assert alice.claim(ids[1]).claim == before  # nothing written

    # Once bob undoes his, my verdict holds the field again and can be undone.
    assert bob.undo_last(ids[1]).claim.status == "verified"
    assert alice.undo_last(ids[1]).claim.status == "new"


def test_redo_refuses_to_overwrite_a_change_made_since_the_undo(db: Database) -> None:
    ids = seed(db)
    alice, bob = Desk(db, "alice"), Desk(db, "bob")
    alice.assign(ids[0], "alice")
    alice.undo_last(ids[0])
    bob.assign(ids[0], "bob")
    with pytest.raises(
        WorkflowError, match=r"assignment was changed since by bob .* it is now bob: redoing your change"
    ):
        alice.redo_last(ids[0])
    assert alice.claim(ids[0]).claim.assignee == "bob"


def test_undo_of_evidence_keeps_the_rules(db: Database) -> None:
    ids = seed(db)
    alice, bob = Desk(db, "alice"), Desk(db, "bob")
    alice.add_evidence(ids[0], EVIDENCE, stance="supports")
    bob.set_status(ids[0], "verified", note="The source confirms it.")
    with pytest.raises(WorkflowError, match="this is its only evidence; reopen it first"):
        alice.undo_last(ids[0])
    assert len(alice.claim(ids[0]).evidence) == 1
    # Removed by someone else meanwhile: nothing left to undo, and it says so.
    bob.set_status(ids[0], "in_review", note="Reopened.")
    [evidence] = alice.claim(ids[0]).evidence
    with db.session() as s:
        workflow.remove_evidence(s, evidence.id, user="bob")
    with pytest.raises(WorkflowError, match="is no longer linked"):
        alice.undo_last(ids[0])


def test_undo_with_the_version_seen_is_a_conflict_after_someone_elses_change(db: Database) -> None:
    ids = seed(db)
    alice, bob = Desk(db, "alice"), Desk(db, "bob")
    seen = alice.assign(ids[0], "alice").version
    bob.add_note(ids[0], "I can take it.")
    with pytest.raises(ConflictError, match=r"changed by bob after you read it \(version 2, now 3\)"):
        alice.undo_last(ids[0], expected_version=seen)
    assert alice.claim(ids[0]).claim.assignee == "alice"
    # Her own changes since are no conflict: a quick second undo before the screen caught up.
    alice.set_status(ids[0], "in_review")
    now = alice.claim(ids[0]).claim.version
    alice.undo_last(ids[0], expected_version=now)
    assert alice.undo_last(ids[0], expected_version=now).claim.assignee is None


def test_a_change_landing_while_undo_writes_is_a_conflict(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Bob commits between alice's undo reading the claim and writing: her undo is refused as a
    conflict (the write is conditional on the version read), and bob's change stands."""
    alice_db, bob_db = open_database(db_url), open_database(db_url)
    try:
        ids = seed(alice_db)
        Desk(alice_db, "alice").assign(ids[0], "alice")
        read_history = workflow.history

        def history_then_bob(session: Session, claim_id: int) -> list[HistoryEntry]:
            entries = read_history(session, claim_id)
            with bob_db.session() as s:
                workflow.set_status(s, claim_id, "in_review", user="bob")
            return entries

        monkeypatch.setattr(workflow, "history", history_then_bob)
        with pytest.raises(ConflictError, match="changed by bob after you read it"):
            Desk(alice_db, "alice").undo_last(ids[0])
        monkeypatch.undo()
        claim = Desk(bob_db, "bob").claim(ids[0])
        assert (claim.claim.assignee, claim.claim.status, claim.claim.version) == ("alice", "in_review", 3)
        assert [h.actor for h in claim.history] == ["alice", "alice", "bob"]
    finally:
        alice_db.close()
        bob_db.close()


def test_creating_a_claim_and_removing_evidence_are_not_undone(db: Database) -> None:
    ids = seed(db)  # alice created the claims
    alice = Desk(db, "alice")
    with pytest.raises(NotFoundError, match="nothing of yours to undo"):
        alice.undo_last(ids[0])
    [evidence] = alice.claim(ids[1]).evidence  # the extractor's in-article denial
    with db.session() as s:
        workflow.remove_evidence(s, evidence.id, user="alice")
    with pytest.raises(WorkflowError, match=r"your last change \(evidence removed: .*\) cannot be undone"):
        alice.undo_last(ids[1])


# --- the report counts what is in force ----------------------------------------------------------

SINCE = datetime(2000, 1, 1, tzinfo=UTC)


def counts(db: Database) -> tuple[int, int, int, int]:
    """(verdicts given, claims with a verdict given, the backlog's verdicts, claims verified now)."""
    with db.session() as s:
        totals = report_totals(s, ReportFilter(since=SINCE))
    assert totals.changes is not None
    return (
        totals.changes.verdicts_given,
        totals.time_to_verdict.verdicts,
        totals.backlog.verdicts,
        totals.by_status[ClaimStatus.VERIFIED],
    )


def test_report_counts_agree_with_the_history_whatever_was_undone(db: Database) -> None:
    a, b, c = seed(db)
    alice, bob = Desk(db, "alice"), Desk(db, "bob")
    alice.add_evidence(a, EVIDENCE, stance="supports")
    alice.add_evidence(c, EVIDENCE, stance="supports")
    assert counts(db) == (0, 0, 0, 0)

    alice.set_status(a, "verified", note="Confirmed.")
    assert counts(db) == (1, 1, 1, 1)
    alice.undo_last(a)  # verify, undo: no verdict given
    assert counts(db) == (0, 0, 0, 0)
    alice.set_status(a, "verified", note="Confirmed after all.")  # verify, undo, verify: one
    assert counts(db) == (1, 1, 1, 1)

    alice.set_status(b, "verified", note="The mayor was wrong.")
    alice.undo_last(b)
    assert counts(db) == (1, 1, 1, 1)

    alice.set_status(c, "verified", note="Statistics office.")
    alice.undo_last(c)
    alice.redo_last(c)  # verify, undo, redo: one, given when it was first given
    assert counts(db) == (2, 2, 2, 2)

    # An undo that puts a verdict back is not a verdict given: the verify it restores is counted.
    bob.set_status(a, "in_review", note="Reopened: a new source.")
    assert counts(db) == (2, 1, 2, 1)
    bob.undo_last(a)
    assert counts(db) == (2, 2, 2, 2)

    with db.session() as s:
        changes = report_totals(s, ReportFilter(since=SINCE)).changes
    assert changes is not None
    assert {(sc.from_status, sc.to_status): sc.claims for sc in changes.status_changes} == {
        ("new", "verified"): 2,  # a's second verify and c's, in force; undone ones and undos left out
    }
