"""Two checkers changing one claim: the second is told who got there first; nothing is lost."""

from __future__ import annotations

import threading

import pytest

from claimtrack.errors import ConflictError
from claimtrack.services import workflow
from claimtrack.store import Database, open_database
from tests.builders import seed


@pytest.fixture
def two_checkers(db_url: str):
    alice = open_database(db_url)
    bob = open_database(db_url)
    yield alice, bob
    alice.close()
    bob.close()


def test_second_writer_gets_a_conflict_naming_the_first(two_checkers: tuple[Database, Database]) -> None:
    alice, bob = two_checkers
    [cid, *_] = seed(alice)
    # Both read the claim at the same version.
    with alice.session() as s:
        seen_by_alice = workflow.get_claim(s, cid).version
    with bob.session() as s:
        seen_by_bob = workflow.get_claim(s, cid).version
    assert seen_by_alice == seen_by_bob == 1

    with alice.session() as s:
        workflow.set_status(s, cid, "in_review", user="alice", expected_version=seen_by_alice)

    with bob.session() as s:
        with pytest.raises(ConflictError) as caught:
            workflow.set_status(s, cid, "dismissed", user="bob", expected_version=seen_by_bob, note="Not news.")
    err = caught.value
    assert err.changed_by == "alice"
    assert err.change == "status new → in_review"
    assert "alice" in str(err) and "in_review" in str(err) and "nothing was saved" in str(err)
    assert (err.expected_version, err.current_version) == (1, 2)

    with bob.session() as s:
        claim = workflow.get_claim(s, cid)
        entries = workflow.history(s, cid)
    assert (claim.status, claim.version, claim.updated_by) == ("in_review", 2, "alice")
    assert [e.actor for e in entries] == ["alice", "alice"]
    assert all(e.actor != "bob" for e in entries)


def test_stale_note_and_assignment_are_refused_too(two_checkers: tuple[Database, Database]) -> None:
    alice, bob = two_checkers
    [cid, *_] = seed(alice)
    with alice.session() as s:
        workflow.assign(s, cid, "alice", user="alice", expected_version=1)
    with bob.session() as s:
        with pytest.raises(ConflictError, match="assigned to alice"):
            workflow.assign(s, cid, "bob", user="bob", expected_version=1)
    with bob.session() as s:
        with pytest.raises(ConflictError):
            workflow.add_note(s, cid, "stale", user="bob", expected_version=1)
        # Reading again and retrying works, and keeps Alice's change.
        current = workflow.get_claim(s, cid).version
        workflow.add_note(s, cid, "Bob's note, after reading Alice's change.", user="bob", expected_version=current)
    with alice.session() as s:
        claim = workflow.get_claim(s, cid)
        assert claim.assignee == "alice"
        assert [e.kind for e in workflow.history(s, cid)] == ["created", "assignment", "note"]


def test_simultaneous_writers_exactly_one_wins(two_checkers: tuple[Database, Database]) -> None:
    alice, bob = two_checkers
    [cid, *_] = seed(alice)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def run(db: Database, user: str, status: str) -> None:
        barrier.wait()
        try:
            with db.session() as s:
                workflow.set_status(s, cid, status, user=user, expected_version=1)
            outcomes[user] = "ok"
        except ConflictError as exc:
            outcomes[user] = f"conflict:{exc.changed_by}"

    threads = [
        threading.Thread(target=run, args=(alice, "alice", "in_review")),
        threading.Thread(target=run, args=(bob, "bob", "unverifiable")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes.values())[0] == "conflict:" + ("alice" if outcomes["alice"] == "ok" else "bob")
    assert list(outcomes.values()).count("ok") == 1
    winner = "alice" if outcomes["alice"] == "ok" else "bob"
    with alice.session() as s:
        claim = workflow.get_claim(s, cid)
        entries = workflow.history(s, cid)
    assert claim.version == 2 and claim.updated_by == winner
    assert [e.actor for e in entries] == ["alice", winner]


def test_a_change_without_a_version_waits_for_one_under_way(two_checkers: tuple[Database, Database]) -> None:
    """Alice gives no version (`note`, `evidence add`): Bob's change, under way when she starts,
    commits first and hers follows it. Nothing is refused, both are in the history in order."""
    alice, bob = two_checkers
    [cid, *_] = seed(alice)
    with alice.session() as s:
        start = workflow.get_claim(s, cid).version
    outcome: dict[str, str] = {}
    with bob.session() as s_bob:
        workflow.add_note(s_bob, cid, "Bob's note", user="bob")  # holds the row / the write lock

        def alice_note() -> None:
            try:
                with alice.session() as s:
                    workflow.add_note(s, cid, "Alice's note", user="alice")
                outcome["alice"] = "saved"
            except Exception as exc:  # the test reports any failure below
                outcome["alice"] = f"{type(exc).__name__}: {exc}"

        thread = threading.Thread(target=alice_note)
        thread.start()
        thread.join(0.5)  # Alice has read the claim and waits for Bob's lock
        assert "alice" not in outcome  # she cannot have finished: Bob holds the claim
    thread.join(30)  # Bob committed on leaving the block
    assert outcome == {"alice": "saved"}
    with alice.session() as s:
        notes = [(e.actor, e.note, e.version) for e in workflow.history(s, cid) if e.kind == "note"]
        assert notes == [("bob", "Bob's note", start + 1), ("alice", "Alice's note", start + 2)]
        assert workflow.get_claim(s, cid).version == start + 2
