"""Migration 0008 links the undos made before it to the changes they reversed (``history.undoes``),
on SQLite and PostgreSQL: chains of undos of undos become undo, redo, undo; an entry that only
looks like an undo stays unlinked; and undo and redo then work on the old history."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from claimtrack.errors import NotFoundError
from claimtrack.services.desk import Desk
from claimtrack.store import open_database
from claimtrack.store.engine import create_db_engine, database_url
from claimtrack.store.migrate import current_revision, head_revision, upgrade

T0 = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
BODY = "The ministry said 40 people were hurt. Prices rose 5% last year. The mayor denied it."


def _entry(id: int, claim_id: int, version: int, kind: str, **values: Any) -> dict[str, Any]:
    row = {
        "id": id,
        "claim_id": claim_id,
        "at": T0.replace(tzinfo=None),
        "actor": "alice",
        "kind": kind,
        "from_value": None,
        "to_value": None,
        "note": None,
        "version": version,
        "evidence_id": None,
    }
    row.update(values)
    return row


def _claim(id: int, status: str, version: int, **values: Any) -> dict[str, Any]:
    row = {
        "id": id,
        "article_id": 1,
        "text": "40 people were hurt",
        "sentence": BODY,
        "char_start": 18,
        "char_end": 37,
        "sentence_start": 0,
        "sentence_end": len(BODY),
        "claimant": "The ministry",
        "cue": "said",
        "cues": [],
        "disputed_by": [],
        "score": 0.8,
        "in_title": False,
        "status": status,
        "assignee": None,
        "origin": "extractor",
        "version": version,
        "created_at": T0.replace(tzinfo=None),
        "created_by": "alice",
        "updated_at": T0.replace(tzinfo=None),
        "updated_by": "alice",
    }
    row.update(values)
    return row


def _status(id: int, claim_id: int, version: int, old: str, new: str, note: str | None = None) -> dict[str, Any]:
    return _entry(id, claim_id, version, "status", from_value=old, to_value=new, note=note)


HISTORY = [
    # claim 1: reviewed, then undo pressed three times (each undid the one before it)
    _entry(1, 1, 1, "created", to_value="new"),
    _status(2, 1, 2, "new", "in_review"),
    _status(3, 1, 3, "in_review", "new", "undo of v2 (status new → in_review)"),
    _status(4, 1, 4, "new", "in_review", "undo of v3 (status in_review → new)"),
    _status(5, 1, 5, "in_review", "new", "undo of v4 (status new → in_review)"),
    # claim 2: evidence added and undone, a note added and undone
    _entry(6, 2, 1, "created", to_value="new"),
    _entry(7, 2, 2, "evidence", to_value="supports: https://example.org/s", evidence_id=1),
    _entry(
        8,
        2,
        3,
        "evidence",
        from_value="supports: https://example.org/s",
        evidence_id=1,
        note="undo of v2 (evidence added: supports: https://example.org/s)",
    ),
    _entry(9, 2, 4, "note", note="tpyo"),
    _entry(10, 2, 5, "note", from_value="tpyo", note="undo of v4 (note added)"),
    # claim 3: notes a checker wrote that only look like undos
    _entry(11, 3, 1, "created", to_value="new"),
    _status(12, 3, 2, "new", "dismissed", "undo of v1 (created as new)"),
    _status(13, 3, 3, "dismissed", "in_review", "undo of v2 (status new → dismissed)"),  # would be → new
    _status(14, 3, 4, "in_review", "dismissed", "undo of v2 (status new → dismissed)"),  # not the version before
    # claim 4: an assignment undone
    _entry(15, 4, 1, "created", to_value="new"),
    _entry(16, 4, 2, "assignment", to_value="alice"),
    _entry(17, 4, 3, "assignment", from_value="alice", note="undo of v2 (assigned to alice)"),
]
CLAIMS = [_claim(1, "new", 5), _claim(2, "new", 5), _claim(3, "dismissed", 4), _claim(4, "new", 3)]


def build_at_0007(url: str) -> None:
    engine = create_db_engine(database_url(url))
    try:
        upgrade(engine, "0007")
        meta = sa.MetaData()
        meta.reflect(engine, only=["article", "claim", "history"])
        with engine.begin() as conn:
            conn.execute(
                meta.tables["article"].insert(),
                [
                    {
                        "id": 1,
                        "title": "Bridge",
                        "authors": [],
                        "text": BODY,
                        "content_hash": "a" * 64,
                        "ingested_at": T0.replace(tzinfo=None),
                        "ingested_by": "alice",
                    }
                ],
            )
            conn.execute(meta.tables["claim"].insert(), CLAIMS)
            conn.execute(meta.tables["history"].insert(), HISTORY)
            if conn.dialect.name == "postgresql":
                for table in ("article", "claim", "history"):
                    conn.exec_driver_sql(f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))")
    finally:
        engine.dispose()


@pytest.fixture
def upgraded(blank_db_url: str) -> str:
    build_at_0007(blank_db_url)
    return blank_db_url


def test_old_undos_are_linked_to_what_they_reversed(upgraded: str) -> None:
    db = open_database(upgraded)
    try:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            links = dict(conn.execute(sa.text("SELECT id, undoes FROM history ORDER BY id")).all())
        assert links == {
            1: None,
            2: None,
            3: 2,  # undo of the review
            4: 3,  # the undo of that undo: a redo
            5: 2,  # and the undo of the redo: the review undone again
            6: None,
            7: None,
            8: 7,  # evidence removed by undo
            9: None,
            10: 9,  # note withdrawn by undo
            11: None,
            12: None,  # a note that merely starts with "undo of v"
            13: None,  # says it undoes v2 but does not put its status back
            14: None,  # not written right after the change it names
            15: None,
            16: None,
            17: 16,
        }
    finally:
        db.close()


def test_undo_and_redo_carry_on_from_the_old_history(upgraded: str) -> None:
    db = open_database(upgraded)
    try:
        alice = Desk(db, "alice")
        with pytest.raises(NotFoundError, match="nothing of yours to undo on claim 1"):
            alice.undo_last(1)  # the review is undone (v5): no undo of an undo
        redone = alice.redo_last(1)
        assert redone.summary == "redone: status new → in_review" and redone.claim.status == "in_review"
        assert redone.entry.undoes == 5 and redone.claim.version == 6
        assert alice.undo_last(1).claim.status == "new"
        assert alice.redo_last(4).claim.assignee == "alice"
    finally:
        db.close()
