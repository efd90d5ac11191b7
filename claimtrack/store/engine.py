"""Opening a database: SQLite in a file by default, PostgreSQL for a shared desk.

``open_database`` builds the engine, applies the SQLite pragmas claimtrack relies on (WAL, foreign
keys, a busy timeout) and upgrades the schema to the newest Alembic revision, so any command can
be pointed at any database, old or new.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlmodel import Session

from claimtrack.errors import InputError

DEFAULT_DB = "claimtrack.db"
BUSY_TIMEOUT_MS = 15_000


def database_url(value: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` / ``CLAIMTRACK_DB`` into a SQLAlchemy URL.

    A value with ``://`` is a URL (``postgresql://`` is given the psycopg driver); anything else
    is a path to a SQLite file. ``None`` reads ``CLAIMTRACK_DB`` and falls back to
    ``claimtrack.db`` in the current folder.
    """
    if value is None:
        value = os.environ.get("CLAIMTRACK_DB") or DEFAULT_DB
    value = os.fspath(value)
    if "://" not in value:
        path = Path(value).expanduser().resolve()
        return f"sqlite:///{path}"
    try:
        url = make_url(value)
    except ArgumentError:
        raise InputError(f"not a database URL: {value!r}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@dataclass
class Database:
    """An open claimtrack database: the engine and a way to get sessions."""

    url: str
    engine: sa.Engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on any exception."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def describe(self) -> str:
        """The URL with any password hidden, for messages."""
        return make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def create_db_engine(url: str) -> sa.Engine:
    sa_url = make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        database = sa_url.database
        if database and database != ":memory:":
            parent = Path(database).parent
            if not parent.is_dir():
                raise InputError(f"cannot create database {database}: folder {parent} does not exist")
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if sa_url.get_backend_name() == "postgresql":
        return sa.create_engine(url, pool_pre_ping=True)
    raise InputError(f"unsupported database {sa_url.drivername!r}: use a SQLite file or postgresql://")


def open_database(value: str | os.PathLike[str] | None = None, *, upgrade: bool = True) -> Database:
    """Open (and by default create or upgrade) the claimtrack database at ``value``."""
    url = database_url(value)
    engine = create_db_engine(url)
    db = Database(url=url, engine=engine)
    try:
        if upgrade:
            from claimtrack.store.migrate import upgrade_to_head

            upgrade_to_head(engine)
        else:
            with engine.connect():
                pass
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise InputError(f"cannot open database {db.describe()}: {reason}") from None
    return db
