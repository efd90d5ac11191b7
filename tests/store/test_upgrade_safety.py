"""Nothing bricked: a schema upgrade of a SQLite file is all or nothing, one process at a time,
backed up first, and never touches a database that is not claimtrack's.

The kill and concurrency tests run real processes on a copy of an old (0001) database with
300 articles, 3,000 claims, their evidence and history.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimtrack.errors import InputError
from claimtrack.services.queries import ClaimFilter, list_claims
from claimtrack.store import open_database
from claimtrack.store.migrate import backup_path, head_revision
from tests.store.olddb import ARTICLES, CLAIMS_PER_ARTICLE, ROOT, build_old_database, claimtrack_process, read_state

CLAIMS = ARTICLES * CLAIMS_PER_ARTICLE
KILL_ROUNDS = 10
KILL_WINDOW = 0.5  # seconds after the upgrade starts (its backup appears) within which to kill

# The child: open (and so upgrade) the database, nothing else; the lightest real process there is.
CHILD = "import sys; from claimtrack.store import open_database; open_database(sys.argv[1]).close()"


@pytest.fixture(scope="module")
def old_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("old") / "template.db"
    build_old_database(path)
    return path


def old_copy(template: Path, target: Path) -> Path:
    shutil.copyfile(template, target)
    return target


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def assert_upgraded_and_whole(path: Path) -> None:
    """Opens, is at the newest schema, has all its data, and its full-text index works."""
    db = open_database(path)
    try:
        with db.session() as s:
            assert s.execute(sa.text("SELECT count(*) FROM claim")).scalar() == CLAIMS
            assert s.execute(sa.text("SELECT count(*) FROM article")).scalar() == ARTICLES
            found = list_claims(s, ClaimFilter.build(search="harbour7x"), limit=100)
            assert sorted(c.id for c, _ in found) == [700 + i for i in range(CLAIMS_PER_ARTICLE)]
    finally:
        db.close()
    state = read_state(path)
    assert state["revision"] == head_revision()
    assert (state["article"], state["claim"], state["evidence"], state["history"]) == (ARTICLES, CLAIMS, CLAIMS, CLAIMS)


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def test_killing_an_upgrade_at_any_moment_bricks_nothing(old_template: Path, tmp_path: Path) -> None:
    """SIGKILL during the upgrade: the file is at the old schema or the new one, never between."""
    rng = random.Random()
    seed = rng.randrange(1 << 30)
    rng.seed(seed)
    rounds = []
    for i in range(KILL_ROUNDS):  # all at once, each on its own file: the test takes one round's time
        folder = tmp_path / f"round{i}"
        folder.mkdir()
        db = old_copy(old_template, folder / "desk.db")
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db)],
            cwd=folder,
            env=child_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        rounds.append({"db": db, "proc": proc, "delay": rng.uniform(0, KILL_WINDOW), "started": None})
    deadline = time.monotonic() + 60
    pending = list(rounds)
    while pending and time.monotonic() < deadline:
        for r in list(pending):
            db, proc = r["db"], r["proc"]
            if r["started"] is None and (
                Path(f"{db}.backup-0001.partial").exists() or backup_path(db, "0001").exists()
            ):
                r["started"] = time.monotonic()
            if (r["started"] is not None and time.monotonic() >= r["started"] + r["delay"]) or proc.poll() is not None:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                pending.remove(r)
        time.sleep(0.0005)
    assert not pending, "the upgrades never started"

    outcomes = []
    for i, r in enumerate(rounds):
        where = f"round {i} (seed {seed}, killed {r['delay']:.3f}s into the upgrade)"
        state = read_state(r["db"])  # integrity_check included
        # All or nothing: the old schema with nothing of the new one, or the new one.
        assert state["revision"] in ("0001", head_revision()), where
        if state["revision"] == "0001":
            assert "claim_fts" not in state["tables"] and "feed_item" not in state["tables"], where
        assert state["claim"] == CLAIMS, where
        outcomes.append((r["proc"].returncode == -signal.SIGKILL, state["revision"]))
        assert_upgraded_and_whole(r["db"])
        assert not Path(f"{r['db']}.backup-0001.partial").exists(), where
        backup = read_state(backup_path(r["db"], "0001"))
        assert (backup["revision"], backup["claim"]) == ("0001", CLAIMS), where
    # The kills landed while the processes were working (not after they had finished).
    assert sum(killed for killed, _ in outcomes) >= KILL_ROUNDS // 2, outcomes


def test_four_processes_opening_an_old_database_at_once(old_template: Path, tmp_path: Path) -> None:
    for round_ in range(2):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        db = old_copy(old_template, folder / "desk.db")
        procs = [claimtrack_process(db, "init") for _ in range(4)]
        results = [(p.wait(timeout=120), p.stdout.read().decode(), p.stderr.read().decode()) for p in procs]  # type: ignore[union-attr]
        for code, out, err in results:
            assert code == 0, err
            assert f"(schema {head_revision()})" in out
        assert_upgraded_and_whole(db)
        # One upgrade happened, so one backup; the others found the schema already upgraded.
        assert [n for n in files(folder) if ".backup" in n] == ["desk.db.backup-0001"]


def test_a_failing_upgrade_changes_nothing(old_template: Path, tmp_path: Path) -> None:
    """Transactional DDL: when a late step (0004) fails, the earlier ones (0002's FTS table) are undone."""
    db = old_copy(old_template, tmp_path / "desk.db")
    with sqlite3.connect(db) as conn:  # a table in the way of migration 0004
        conn.execute("CREATE TABLE feed_item (id INTEGER PRIMARY KEY)")
    with pytest.raises(InputError, match="table feed_item already exists"):
        open_database(db)
    state = read_state(db)
    assert state["revision"] == "0001"
    assert "claim_fts" not in state["tables"] and "evidence_snapshot" not in state["tables"]
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE feed_item")
    assert_upgraded_and_whole(db)


def test_the_backup_is_made_before_an_upgrade_and_opens(old_template: Path, tmp_path: Path) -> None:
    db = old_copy(old_template, tmp_path / "desk.db")
    original = db.read_bytes()
    open_database(db).close()
    backup = backup_path(db, "0001")
    assert backup == tmp_path / "desk.db.backup-0001" and backup.is_file()
    state = read_state(backup)
    assert (state["revision"], state["article"], state["claim"], state["evidence"]) == (
        "0001",
        ARTICLES,
        CLAIMS,
        CLAIMS,
    )
    with sqlite3.connect(backup) as conn, sqlite3.connect(f"file:{old_template}?mode=ro", uri=True) as orig:
        dump = list(conn.iterdump())
        assert dump == list(orig.iterdump())
    assert len(original) > 0
    # The backup is a claimtrack database like any other: it opens (and upgrades) as one.
    restored = tmp_path / "restored.db"
    shutil.copyfile(backup, restored)
    assert_upgraded_and_whole(restored)
    # No upgrade needed: no new backup.
    stamp = backup.stat().st_mtime_ns
    open_database(db).close()
    assert backup.stat().st_mtime_ns == stamp
    assert [n for n in files(tmp_path) if ".backup" in n] == ["desk.db.backup-0001", "restored.db.backup-0001"]


def test_a_new_database_is_not_backed_up(tmp_path: Path) -> None:
    open_database(tmp_path / "new.db").close()
    open_database(tmp_path / "new.db").close()
    assert [n for n in files(tmp_path) if ".backup" in n] == []


def _other_app(path: Path, *, alembic: str | None = None, with_article: bool = True) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.executemany("INSERT INTO notes (body) VALUES (?)", [(f"note {i}",) for i in range(200)])
    if with_article:  # a table named like one of claimtrack's
        conn.execute("CREATE TABLE article (id INTEGER PRIMARY KEY, title TEXT)")
    if alembic is not None:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", (alembic,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("alembic", "with_article"),
    [(None, True), (None, False), ("1a2b3c4d5e6f", True), ("0001", False)],
    ids=["plain-with-an-article-table", "plain", "another-alembic-app", "revision-0001-without-our-tables"],
)
def test_another_programs_sqlite_file_is_left_byte_identical(
    tmp_path: Path, alembic: str | None, with_article: bool
) -> None:
    other = tmp_path / "app.sqlite"
    _other_app(other, alembic=alembic, with_article=with_article)
    before = other.read_bytes()
    with pytest.raises(InputError, match="is not a claimtrack database"):
        open_database(other)
    with pytest.raises(InputError, match="is not a claimtrack database"):
        open_database(other, upgrade=False)
    proc = claimtrack_process(other, "init")
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err.decode().startswith("claimtrack: error: sqlite:///") and len(err.decode().strip().splitlines()) == 1
    assert other.read_bytes() == before
    assert files(tmp_path) == ["app.sqlite"]  # no journal, WAL, backup or lock file left


def test_a_database_from_a_newer_claimtrack_is_refused(old_template: Path, tmp_path: Path) -> None:
    db = old_copy(old_template, tmp_path / "desk.db")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db.read_bytes()
    with pytest.raises(InputError, match="made by a newer claimtrack \\(schema 9999"):
        open_database(db)
    assert db.read_bytes() == before


def test_another_programs_postgres_database_is_left_alone(pg_server) -> None:  # type: ignore[no-untyped-def]
    url = pg_server.create()
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE notes (id serial PRIMARY KEY, body text)")
        with pytest.raises(InputError, match="is not a claimtrack database \\(it has other tables: notes\\)"):
            open_database(url)
        assert sa.inspect(engine).get_table_names() == ["notes"]  # no alembic_version, no claimtrack table
    finally:
        engine.dispose()
