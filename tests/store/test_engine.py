"""Opening databases: URLs, SQLite pragmas, bad paths."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtrack.config import get_settings
from claimtrack.errors import InputError
from claimtrack.store import database_url, open_database


@pytest.fixture
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The settings (``db`` among them) read again, and not kept for the tests after."""
    monkeypatch.delenv("CLAIMTRACK_CONFIG", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_paths_become_sqlite_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_DB", raising=False)
    assert database_url(None) == f"sqlite:///{tmp_path / 'claimtrack.db'}"
    assert database_url("desk.db") == f"sqlite:///{tmp_path / 'desk.db'}"
    monkeypatch.setenv("CLAIMTRACK_DB", "other.db")
    get_settings.cache_clear()  # the settings are read once per process
    assert database_url(None) == f"sqlite:///{tmp_path / 'other.db'}"


def test_postgres_urls_get_the_psycopg_driver() -> None:
    assert (
        database_url("postgresql://u:pw@db.example:5433/claims") == "postgresql+psycopg://u:pw@db.example:5433/claims"
    )
    assert database_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(sqlite_path: Path) -> None:
    db = open_database(sqlite_path)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        db.close()
    assert sqlite_path.exists()


def test_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder .* does not exist"):
        open_database(tmp_path / "nowhere" / "x.db")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(InputError, match="cannot open database"):
        open_database(bogus)
    assert bogus.read_text().startswith("these are my notes")


def test_unreachable_postgres_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="cannot open database postgresql\\+psycopg://nobody:\\*\\*\\*@127.0.0.1:1/x"):
        open_database("postgresql://nobody:secret@127.0.0.1:1/x")


def test_unsupported_url() -> None:
    with pytest.raises(InputError, match="unsupported database"):
        open_database("mysql://root@127.0.0.1/x")


@pytest.mark.postgres
def test_init_creates_a_postgres_database_that_does_not_exist(pg_server) -> None:  # type: ignore[no-untyped-def]
    """`claimtrack init` on a new database name creates it (the role may); again, it is a no-op."""
    import uuid

    from sqlalchemy.engine import make_url
    from typer.testing import CliRunner

    from claimtrack.cli import app
    from tests.clicheck import ok
    from tests.conftest import PG_SERVER

    name = f"claimtrack_test_{uuid.uuid4().hex[:12]}"
    pg_server.created.append(name)  # dropped with the others
    url = make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)
    runner = CliRunner()
    assert "database ready" in ok(runner.invoke(app, ["--db", url, "init"]))
    assert "database ready" in ok(runner.invoke(app, ["--db", url, "init"]))
    assert "no articles yet" in ok(runner.invoke(app, ["--db", url, "articles"]))


@pytest.mark.postgres
def test_init_says_what_to_run_when_the_role_may_not_create(pg_server) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.engine import make_url
    from typer.testing import CliRunner

    from claimtrack.cli import app
    from tests.clicheck import fails
    from tests.conftest import PG_SERVER

    with pg_server.admin.connect() as conn:
        conn.exec_driver_sql(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'claimtrack_test_weak') "
            "THEN CREATE ROLE claimtrack_test_weak LOGIN NOCREATEDB; END IF; END $$"
        )
    url = make_url(PG_SERVER).set(username="claimtrack_test_weak", database="claimtrack_test_never_made")
    line = fails(CliRunner().invoke(app, ["--db", url.render_as_string(hide_password=False), "init"]), "createdb")
    assert "claimtrack_test_never_made" in line and "permission denied" in line
