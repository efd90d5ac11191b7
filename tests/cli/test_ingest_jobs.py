"""``claimtrack ingest --jobs N`` (issue 16): the claims extracted in worker processes, stored by
one writer in input order. Through the real CLI on SQLite and PostgreSQL, ``--jobs 2`` gives the
database (every row of articles, claims, history and evidence but the timestamps) and the lines
printed of ``--jobs 1``; an extractor failing in a worker gives the error it gives in-process."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

import claimtrack.extract
from claimtrack.cli import app
from claimtrack.errors import ClaimtrackError
from claimtrack.extract.types import ProposedClaim
from claimtrack.services import bulk_ingest
from claimtrack.services.bulk_ingest import read_jsonl
from claimtrack.services.parallel import ExtractionPool
from claimtrack.services.proposals import WORKER_NICENESS, propose_claims
from claimtrack.store import Article, Claim, Evidence, HistoryEntry, open_database
from tests.clicheck import ok
from tests.conftest import FIXTURES, PostgresServer

Run = Callable[..., Result]

_real_extract = claimtrack.extract.extract_claims


def failing_extract(text: str, **kwargs: Any) -> list[ProposedClaim]:
    """The built-in extractor, failing on an article that says so. Module-level, so that a worker
    process can import it: the ``--jobs`` pool sends it by name."""
    if "THE EXTRACTOR FAILS HERE" in text:
        raise ClaimtrackError("the extractor failed on this article")
    return _real_extract(text, **kwargs)


def pid_extract(text: str, **kwargs: Any) -> list[ProposedClaim]:
    """Says which process it runs in."""
    raise ClaimtrackError(f"extracted in process {os.getpid()}")


@pytest.fixture(params=["sqlite", "postgres"])
def two_dbs(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """Two empty databases on one engine: one for ``--jobs 1``, one for ``--jobs 2``."""
    if request.param == "sqlite":
        return str(tmp_path / "one.db"), str(tmp_path / "two.db")
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create(), server.create()


def run(db_url: str, *args: str) -> Result:
    from claimtrack.config import get_settings

    get_settings.cache_clear()
    env = {"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": "alice"}
    return CliRunner().invoke(app, ["ingest", "--no-match", *args], env=env)


def dump(db_url: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the ingest's tables, by id, without the timestamps (which differ by run)."""
    db = open_database(db_url)
    try:
        out: dict[str, list[dict[str, Any]]] = {}
        with db.session() as session:
            connection = session.connection()
            for model in (Article, Claim, Evidence, HistoryEntry):
                table: sa.Table = model.__table__  # type: ignore[attr-defined]
                rows = connection.execute(sa.select(table).order_by(table.c.id)).mappings()
                out[table.name] = [{k: v for k, v in row.items() if not isinstance(v, datetime)} for row in rows]
        return out
    finally:
        db.close()


def wikinews(count: int) -> list[dict[str, Any]]:
    lines = (FIXTURES / "triage" / "wikinews.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()][:count]
    return [{"title": r["title"], "text": r["text"], "url": r.get("source_url")} for r in records]


def test_jobs_2_stores_and_prints_what_jobs_1_does(
    two_dbs: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fixture article and two more files named on the command line, a folder of files and a
    JSON Lines file (in batches of 3, with a bad line and an article given twice): the same rows,
    ids included, and the same output, with ``--jobs 1`` and ``--jobs 2``."""
    monkeypatch.setattr(bulk_ingest, "BATCH", 3)
    records = wikinews(14)
    files = []
    for i, record in enumerate(records[:2]):
        path = tmp_path / f"named-{i}.txt"
        path.write_text(record["title"] + "\n\n" + record["text"], "utf-8")
        files.append(str(path))
    folder = tmp_path / "folder" / "2024"
    folder.mkdir(parents=True)
    for i, record in enumerate(records[2:7]):
        (folder / f"{i:02}.txt").write_text(record["title"] + "\n\n" + record["text"], "utf-8")
    day = tmp_path / "day.jsonl"
    lines = [json.dumps(r) for r in records[7:]] + ["not json", json.dumps(records[8])]
    day.write_text("\n".join(lines) + "\n", "utf-8")
    fixture = str(FIXTURES / "articles" / "scmp-blinken-wang-yi.txt")

    outputs = []
    for jobs, db_url in zip(("1", "2"), two_dbs):
        first = ok(run(db_url, "--jobs", jobs, fixture, *files))
        second = run(db_url, "--jobs", jobs, str(tmp_path / "folder"), "--jsonl", str(day))
        assert second.exit_code == 2 and "Traceback" not in second.stderr
        outputs.append((first, second.stdout, second.stderr))
    assert outputs[0] == outputs[1]
    closing = outputs[0][1].strip().splitlines()[-1]
    assert closing.startswith("14 articles read: 12 stored with ") and closing.endswith("1 stored before, 1 failed")
    assert outputs[0][2].strip().splitlines() == [
        f"claimtrack: error: {day}: line 8: not valid JSON (Expecting value, column 1)"
    ]
    one, two = dump(two_dbs[0]), dump(two_dbs[1])
    assert len(one["article"]) == 15 and len(one["claim"]) > 100 and one["history"]
    assert one == two


def test_jobs_2_resumes_as_jobs_1_does(two_dbs: tuple[str, str], tmp_path: Path) -> None:
    """Half the articles stored, then all of them: the stored half is skipped, by both."""
    day = tmp_path / "day.jsonl"
    half = tmp_path / "half.jsonl"
    records = wikinews(8)
    day.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    half.write_text("".join(json.dumps(r) + "\n" for r in records[::2]), "utf-8")
    outputs = []
    for jobs, db_url in zip(("1", "2"), two_dbs):
        ok(run(db_url, "--jobs", jobs, "--jsonl", str(half)))
        outputs.append(ok(run(db_url, "--jobs", jobs, "--jsonl", str(day))))
    assert outputs[0] == outputs[1]
    assert "8 articles read: 4 stored" in outputs[0] and "4 stored before" in outputs[0]
    assert dump(two_dbs[0]) == dump(two_dbs[1])


def test_an_article_failing_in_a_worker_is_the_error_it_is_in_process(
    two_dbs: tuple[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 5th of 7 articles fails, in batches of 3: the first batch is stored, the rest not; the
    same one-line error, exit status and rows with ``--jobs 2`` as with ``--jobs 1``."""
    monkeypatch.setattr(bulk_ingest, "BATCH", 3)
    monkeypatch.setattr(claimtrack.extract, "extract_claims", failing_extract)
    records = wikinews(7)
    records[4]["text"] += "\nTHE EXTRACTOR FAILS HERE."
    day = tmp_path / "day.jsonl"
    day.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    results = [run(db_url, "--jobs", jobs, "--jsonl", str(day)) for jobs, db_url in zip(("1", "2"), two_dbs)]
    for result in results:
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines() == ["claimtrack: error: the extractor failed on this article"]
    assert results[0].stdout == results[1].stdout
    one = dump(two_dbs[0])
    assert [a["title"] for a in one["article"]] == [r["title"] for r in records[:3]]
    assert one == dump(two_dbs[1])


def test_the_pool_extracts_in_other_processes_what_this_one_would() -> None:
    """Not in this process (the error names the worker's), and the same proposals."""
    items = list(read_jsonl(str(FIXTURES / "triage" / "wikinews.jsonl")))[:6]
    with ExtractionPool(2, pid_extract) as pool:
        assert pool.parallel
        with pytest.raises(ClaimtrackError, match="extracted in process") as caught:
            pool.propose_all(items)  # type: ignore[arg-type]  # read_jsonl's entries are articles here
        assert str(caught.value) != f"extracted in process {os.getpid()}"
    with ExtractionPool(2) as pool:
        assert pool.propose_all(items) == [propose_claims(item.parsed) for item in items]  # type: ignore[union-attr, arg-type]


def nice_extract(text: str, **kwargs: Any) -> list[ProposedClaim]:
    """Says how nice the process it runs in is."""
    raise ClaimtrackError(f"niceness {os.nice(0)}")


def test_workers_yield_the_cpu_to_the_writer() -> None:
    """The workers run at a lower priority than this process, the writer every batch waits for."""
    items = list(read_jsonl(str(FIXTURES / "triage" / "wikinews.jsonl")))[:4]
    with ExtractionPool(2, nice_extract) as pool, pytest.raises(ClaimtrackError) as caught:
        pool.propose_all(items)  # type: ignore[arg-type]  # read_jsonl's entries are articles here
    assert str(caught.value) == f"niceness {min(19, os.nice(0) + WORKER_NICENESS)}"
    assert WORKER_NICENESS > 0


def test_an_extractor_that_cannot_be_sent_runs_in_process() -> None:
    """A closure (a plug-in's, the LLM one's client) stays here: no workers at all."""
    seen: list[int] = []

    def closure(text: str, **kwargs: Any) -> list[ProposedClaim]:
        seen.append(os.getpid())
        return []

    items = list(read_jsonl(str(FIXTURES / "triage" / "wikinews.jsonl")))[:3]
    with ExtractionPool(2, closure) as pool:
        assert not pool.parallel
        assert pool.propose_all(items) == [[], [], []]  # type: ignore[arg-type]
    assert seen == [os.getpid()] * 3


def test_jobs_is_checked() -> None:
    result = CliRunner().invoke(app, ["ingest", "--jobs", "0", "x.txt"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
