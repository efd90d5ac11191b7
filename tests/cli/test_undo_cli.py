"""``claimtrack undo`` and ``redo`` through the real CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.store import open_database
from tests.builders import seed
from tests.clicheck import fails, ok

Run = Callable[..., Result]


@pytest.fixture
def cli(db_url: str) -> Run:
    runner = CliRunner()

    def run(*args: str, user: str = "alice") -> Result:
        from claimtrack.config import get_settings

        get_settings.cache_clear()
        return runner.invoke(app, list(args), env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": user})

    return run


@pytest.fixture
def claim_id(db_url: str) -> int:
    db = open_database(db_url)
    try:
        return seed(db)[0]
    finally:
        db.close()


def test_undo_walks_back_and_redo_applies_again(cli: Run, claim_id: int) -> None:
    cid = str(claim_id)
    ok(cli("status", cid, "in_review"))
    ok(cli("assign", cid))
    out = ok(cli("undo", cid))
    assert out == f"claim {cid} “40 people were hurt”: undone: assigned to alice (version 4)\n"
    out = ok(cli("undo", cid))
    assert out == f"claim {cid} “40 people were hurt”: undone: status new → in_review (version 5)\n"
    fails(cli("undo", cid), f"nothing of yours to undo on claim {cid}")
    out = ok(cli("redo", cid))
    assert out == f"claim {cid} “40 people were hurt”: redone: status new → in_review (version 6)\n"
    history = ok(cli("history", cid))
    assert "undo of v3 (assigned to alice)" in history and "redo of v2 (status new → in_review)" in history


def test_undo_refuses_in_one_line(cli: Run, claim_id: int) -> None:
    cid = str(claim_id)
    ok(cli("status", cid, "in_review"))
    ok(cli("status", cid, "dismissed", "--note", "Not news.", user="bob"))
    fails(cli("undo", cid), "status was changed since by bob (v3: status in_review → dismissed)")
    fails(cli("undo", cid, "--expect-version", "2"), "was changed by bob after you read it")
    fails(cli("redo", cid), f"nothing of yours to redo on claim {cid}")
    fails(cli("undo", "999"), "no claim with id 999")
