"""Real databases for the tests: a SQLite file in a temporary folder, and PostgreSQL.

PostgreSQL runs when ``CLAIMTRACK_TEST_POSTGRES`` holds a server URL (CI always sets it) and the
driver is installed (the ``postgres`` extra). The tests create their own databases on that server,
named ``claimtrack_test_<random>``, and drop them afterwards, so they never touch real data.

Under pytest-xdist (``-n auto``) every worker is its own process with its own session: the
session fixtures below run once per worker, so each worker creates (and drops) its own
databases, and the random names never collide. Nothing else is shared between workers: files go
to ``tmp_path`` (a folder per worker and test), and servers the tests start listen on port 0.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from claimtrack.store import Database, open_database

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EXAMPLE = FIXTURES / "articles" / "scmp-blinken-wang-yi.txt"
GOLD = FIXTURES / "gold" / "scmp-blinken-wang-yi.json"
SHARED = ROOT.parent / "shared"

PG_SERVER = os.environ.get("CLAIMTRACK_TEST_POSTGRES")


def _admin_engine() -> sa.Engine:
    assert PG_SERVER
    url = make_url(PG_SERVER)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")


class PostgresServer:
    """Creates and drops throw-away databases on the test server."""

    def __init__(self) -> None:
        self.admin = _admin_engine()
        self.created: list[str] = []

    def create(self) -> str:
        name = f"claimtrack_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)  # type: ignore[arg-type]

    def drop_all(self) -> None:
        with self.admin.connect() as conn:
            for name in self.created:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    if not PG_SERVER:
        pytest.skip("PostgreSQL tests are off: set CLAIMTRACK_TEST_POSTGRES to a server URL")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        # Not a skip: CI sets the variable and must run these tests, so a missing driver fails them.
        pytest.fail("CLAIMTRACK_TEST_POSTGRES is set but psycopg is not installed: pip install -e '.[dev,postgres]'")
    server = PostgresServer()
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def pg_shared_url(pg_server: PostgresServer) -> str:
    """One migrated PostgreSQL database for the session; ``db_url`` empties it for each test."""
    url = pg_server.create()
    open_database(url).close()
    return url


def _empty_postgres(url: str) -> None:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE article, claim, evidence, history, fact_check RESTART IDENTITY CASCADE")
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL (or file path) of an empty claimtrack database, on each engine."""
    if request.param == "sqlite":
        return str(tmp_path / "claimtrack.db")
    url: str = request.getfixturevalue("pg_shared_url")
    _empty_postgres(url)
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def blank_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with no schema at all (for migration tests), on each engine."""
    if request.param == "sqlite":
        return str(tmp_path / "blank.db")
    server: PostgresServer = request.getfixturevalue("pg_server")
    return server.create()


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "claimtrack.db"
