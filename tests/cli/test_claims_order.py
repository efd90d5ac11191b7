"""``claimtrack claims``: its order (``--sort``), ``--min-score``, and a table whose columns stay
aligned (IDs, assignees, long claimants cut with "…"), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from tests.cli.test_cli import Run
from tests.clicheck import fails, ok
from tests.conftest import EXAMPLE

OLD = """Harbour bridge closes for repairs
published: 2021-06-01

The council said the harbour bridge will close for three weeks of repairs.
Officials said traffic will be diverted through the old tunnel.
"""
NEW = """Harbour bridge reopens early
published: 2031-02-03

The council said the harbour bridge reopened two days ahead of schedule.
Engineers said the repairs cost 4 million dollars less than planned.
"""


@pytest.fixture
def cli(db_url: str) -> Run:
    runner = CliRunner()

    def run(*args: str, user: str = "alice") -> object:
        from claimtrack.config import get_settings

        get_settings.cache_clear()
        return runner.invoke(app, list(args), env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": user})

    return run  # type: ignore[return-value]


def listed(cli: Run, *args: str) -> list[dict]:
    return json.loads(ok(cli("claims", "--json", "--all", *args)))


def test_the_order_is_check_worthiness_unless_asked_and_dates_keep_articles_together(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text(OLD)
    (tmp_path / "new.txt").write_text(NEW)
    ok(cli("ingest", str(tmp_path / "old.txt")))  # published 2021: article 1
    ok(cli("ingest", str(EXAMPLE)))  # no date in it: the day it is ingested counts (article 2)
    ok(cli("ingest", str(tmp_path / "new.txt")))  # published 2031: article 3
    every = listed(cli)
    assert len({c["score"] for c in every}) > 3
    # the default, as the desk's: highest score first, equal scores oldest claim first
    assert [c["id"] for c in every] == [c["id"] for c in sorted(every, key=lambda c: (-c["score"], c["id"]))]
    assert listed(cli, "--sort", "score") == every
    assert [c["id"] for c in listed(cli, "--sort", "id")] == sorted(c["id"] for c in every)
    by_article = {a: sorted(c["id"] for c in every if c["article_id"] == a) for a in (1, 2, 3)}
    assert all(by_article.values())
    # newest article first (2031, today, 2021), each article's claims together in id order
    assert [c["id"] for c in listed(cli, "--sort", "newest")] == by_article[3] + by_article[2] + by_article[1]
    assert [c["id"] for c in listed(cli, "--sort", "OLDEST")] == by_article[1] + by_article[2] + by_article[3]
    # the table is in the same order
    table = ok(cli("claims", "--all", "--sort", "newest")).splitlines()
    assert [int(line.split()[0]) for line in table[1:]] == by_article[3] + by_article[2] + by_article[1]


def test_a_minimum_score_keeps_the_claims_scored_at_least_that(cli: Run) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    every = listed(cli)
    cut = sorted(c["score"] for c in every)[len(every) // 2]  # a score some claims have exactly
    kept = listed(cli, "--min-score", str(cut))
    assert kept and [c["id"] for c in kept] == [c["id"] for c in every if c["score"] >= cut]
    assert len(kept) < len(every)
    assert listed(cli, "--min-score", "0") == every
    assert listed(cli, "--min-score", "1") == [c for c in every if c["score"] >= 1]
    # the queue (without --all) narrowed the same way
    queue = json.loads(ok(cli("claims", "--json", "--min-score", "0.9")))
    assert queue and all(c["score"] >= 0.9 for c in queue)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--min-score", "1.5"), "minimum score '1.5' is not between 0 and 1"),
        (("--min-score", "-0.2"), "minimum score '-0.2' is not between 0 and 1"),
        (("--min-score", "abc"), "minimum score 'abc' is not a number"),
        (("--min-score", "nan"), "minimum score 'nan' is not between 0 and 1"),
        (("--sort", "best"), "unknown sort 'best': use one of score, newest, oldest, id"),
    ],
)
def test_a_bad_order_or_minimum_is_one_line(cli: Run, args: tuple[str, ...], message: str) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    fails(cli("claims", *args), message)  # type: ignore[arg-type]


def test_the_table_shows_ids_and_assignees_and_cuts_long_claimants_to_keep_columns(cli: Run) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    every = listed(cli, "--sort", "id")
    long_claimant = next(c for c in every if len(c["claimant"]) > 24)
    ok(cli("assign", str(every[0]["id"]), "bob"))
    ok(cli("assign", str(every[1]["id"]), "a.checker.with.a.long.name"))
    table = ok(cli("claims", "--all", "--sort", "id")).splitlines()  # piped: as a script reads it
    header, lines = table[0], table[1:]
    assert header.split() == ["ID", "STATUS", "SCORE", "ASSIGNEE", "CLAIMANT", "CLAIM"]
    claim_column = header.rindex("CLAIM")  # (not CLAIMANT's)
    for claim, line in zip(every, lines, strict=True):
        assert line.split()[0] == str(claim["id"])
        # every claim starts in the CLAIM column, whatever its claimant's length
        assert line[claim_column:].endswith(claim["text"]), line
    assert lines[0][header.index("ASSIGNEE") :].startswith("bob ")
    assert lines[1][header.index("ASSIGNEE") :].startswith("a.checker.w…")
    cut = next(line for claim, line in zip(every, lines, strict=True) if claim is long_claimant)
    shown = cut[header.index("CLAIMANT") : claim_column].rstrip()
    assert shown.endswith("…") and long_claimant["claimant"].startswith(shown[:-1])
    # unassigned claims say so
    assert lines[2][header.index("ASSIGNEE") :].startswith("— ")
