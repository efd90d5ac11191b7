"""Opening a database: SQLite in a file by default, PostgreSQL for a shared desk.

``open_database`` builds the engine, applies the SQLite pragmas claimtrack relies on (WAL, foreign
keys, a busy timeout) and upgrades the schema to the newest Alembic revision, so any command can
be pointed at any database, old or new. A SQLite file is first read, never written, to make sure
it is claimtrack's (or empty): another program's database is refused untouched. How upgrades
stay all-or-nothing is in ``store.migrate``.
"""

from __future__ import annotations

import math
import os
import re
import shlex
import warnings
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

from claimtrack.errors import InputError, Notice

DEFAULT_DB = "claimtrack.db"
BUSY_TIMEOUT_MS = 15_000

#: What a PostgreSQL URL gets when the driver is not installed (it is the ``postgres`` extra).
POSTGRES_DRIVER_MISSING = "PostgreSQL needs the psycopg driver: pip install 'claimtrack[postgres]'"

#: ``--db`` values that are URLs; anything else is a file path, taken literally.
_URL_SCHEMES = {"sqlite", "sqlite+pysqlite", "postgresql", "postgres", "postgresql+psycopg"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")


def database_url(value: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` / ``CLAIMTRACK_DB`` into a SQLAlchemy URL.

    ``sqlite://``, ``postgresql://`` and ``postgresql+psycopg://`` strings are URLs (PostgreSQL
    needs the psycopg driver: the ``postgres`` extra); anything else is a path to a SQLite file,
    taken literally: ``desk?v=2.db`` and ``desk%20x.db`` are file names, not a query string or an
    escape. ``None`` reads the ``db`` setting (``CLAIMTRACK_DB``, else the config file) and falls
    back to ``claimtrack.db`` in the current folder.
    """
    if value is None:
        from claimtrack.config import get_settings

        value = get_settings().db or DEFAULT_DB
    value = os.fspath(value)
    scheme = _SCHEME.match(value)
    if scheme is None:
        path = Path(value).expanduser().resolve()
        # URL.create escapes the path (? # % ...) so that parsing the URL gives it back unchanged.
        return sa.URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)
    if scheme.group(1).lower() not in _URL_SCHEMES:
        raise InputError(f"unsupported database {scheme.group(1)!r}: use a SQLite file or postgresql://")
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number, a bad IPv6 host
        raise InputError(f"not a database URL: {value!r}") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def sqlite_file(url: str | sa.URL) -> str | None:
    """The file a SQLite URL names, or ``None`` for an in-memory database."""
    database = make_url(url).database
    return database if database and database != ":memory:" and not database.startswith("file:") else None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _without_nul(value: Any, removed: list[int]) -> Any:
    """``value`` with NUL removed from every string in it; the same object when there was none."""
    if isinstance(value, str):
        if "\x00" in value:
            removed[0] += value.count("\x00")
            return value.replace("\x00", "")
        return value
    if isinstance(value, dict):
        changed: dict[Any, Any] | None = None
        for key, item in value.items():
            clean = _without_nul(item, removed)
            if clean is not item:
                changed = dict(value) if changed is None else changed
                changed[key] = clean
        return value if changed is None else changed
    if isinstance(value, (list, tuple)):
        flat = not [item for item in value if isinstance(item, (dict, list, tuple))]
        if flat and "\x00" not in "".join([item for item in value if isinstance(item, str)]):
            return value  # the common case, a row of a bulk insert: one scan, in C
        items = [_without_nul(item, removed) for item in value]
        if any(a is not b for a, b in zip(items, value)):
            return tuple(items) if isinstance(value, tuple) else items
        return value
    return value


def _strip_nul(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _executemany: bool
) -> tuple[str, Any]:
    """Every text value sent to the database loses its NUL characters, on both engines alike.

    PostgreSQL cannot store NUL in text and refuses the whole statement; SQLite would keep it.
    Text from the web, a JSON import or a language model can hold one (``\\u0000``); removing it
    here, where every write passes, gives the same result on both engines, with a notice.
    """
    return statement, without_nul(parameters)


def without_nul(value: Any) -> Any:
    """``value`` (a string, or a list, tuple or dict of them, nested) with NUL removed from every
    string in it, and a notice saying how many were removed; the same object when there was none.
    Every write passes here (:func:`_strip_nul`, and ``store.bulk``'s COPY)."""
    removed = [0]
    value = _without_nul(value, removed)
    if removed[0]:
        warnings.warn(
            f"removed {removed[0]} NUL character{'s' if removed[0] != 1 else ''} from the text stored "
            "(a database cannot keep them)",
            Notice,
            stacklevel=3,
        )
    return value


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
        """The URL with any password hidden (a SQLite file's path unescaped), for messages."""
        url = make_url(self.url)
        if url.get_backend_name() == "sqlite" and url.database:
            return f"sqlite:///{url.database}"
        return url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()


def connect_timeout_setting() -> float:
    """``db_connect_timeout`` from the settings (seconds to wait for PostgreSQL to answer)."""
    from claimtrack.config import get_settings

    return get_settings().db_connect_timeout


def create_db_engine(url: str, *, connect_timeout: float | None = None) -> sa.Engine:
    """An engine for ``url``; ``connect_timeout`` (PostgreSQL) defaults to ``db_connect_timeout``."""
    sa_url = make_url(url)
    if sa_url.get_backend_name() == "sqlite":
        database = sa_url.database
        if database and database != ":memory:":
            parent = Path(database).parent
            if not parent.is_dir():
                raise InputError(f"cannot create database {database}: folder {parent} does not exist")
        engine = sa.create_engine(sa_url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "before_cursor_execute", _strip_nul, retval=True)
        return engine
    if sa_url.get_backend_name() == "postgresql":
        if connect_timeout is None:
            connect_timeout = connect_timeout_setting()
        # libpq's connect_timeout is whole seconds (and psycopg waits at least 2).
        args = {"connect_timeout": max(1, math.ceil(connect_timeout))} if connect_timeout > 0 else {}
        try:
            # SQLAlchemy imports the driver here; psycopg is an extra (claimtrack[postgres]).
            engine = sa.create_engine(sa_url, pool_pre_ping=True, connect_args=args)
        except ImportError:
            raise InputError(POSTGRES_DRIVER_MISSING) from None
        event.listen(engine, "before_cursor_execute", _strip_nul, retval=True)
        return engine
    raise InputError(f"unsupported database {sa_url.drivername!r}: use a SQLite file or postgresql://")


def _is_connect_timeout(exc: BaseException | None) -> bool:
    return exc is not None and (type(exc).__name__ == "ConnectionTimeout" or "timeout expired" in str(exc))


def _missing_database(exc: BaseException | None) -> bool:
    """PostgreSQL's answer when the database named in the URL does not exist (SQLSTATE 3D000)."""
    if exc is None:
        return False
    if getattr(exc, "sqlstate", None) == "3D000":
        return True
    # At connect time libpq gives only the server's message (psycopg sets no SQLSTATE then).
    return bool(re.search(r'FATAL:\s+database ".*" does not exist', str(exc)))


def _open_error(db: Database, exc: OperationalError | DatabaseError, connect_timeout: float | None) -> InputError:
    """One line for a database that could not be opened."""
    engine = db.engine
    if engine.dialect.name == "postgresql" and _is_connect_timeout(exc.orig):
        host, port = engine.url.host or "localhost", engine.url.port or 5432
        return InputError(f"PostgreSQL at {host}:{port} did not answer within {connect_timeout or 0:g} s")
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
    return InputError(f"cannot open database {db.describe()}: {reason}")


def create_postgres_database(url: str) -> None:
    """Create the database ``url`` names, connecting to the server's ``postgres`` database.

    One line if the role may not: what to run instead, as a role that may.
    """
    target = make_url(url)
    name = target.database or ""
    engine = create_db_engine(target.set(database="postgres").render_as_string(hide_password=False))
    try:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            quoted = engine.dialect.identifier_preparer.quote_identifier(name)
            conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    except (OperationalError, DatabaseError) as exc:
        host, port = target.host or "localhost", target.port or 5432
        if getattr(exc.orig, "sqlstate", None) == "42P04":  # created meanwhile by someone else
            return
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise InputError(
            f"database {name!r} does not exist and cannot be created here ({reason}): "
            f"run createdb -h {host} -p {port} {shlex.quote(name)} as a role that may"
        ) from None
    finally:
        engine.dispose()


def open_database(
    value: str | os.PathLike[str] | None = None,
    *,
    upgrade: bool = True,
    connect_timeout: float | None = None,
    create: bool = False,
) -> Database:
    """Open (and by default create or upgrade) the claimtrack database at ``value``.

    A database that is neither empty nor claimtrack's is refused before anything is written to it.
    With ``create`` (``claimtrack init``), a PostgreSQL database that does not exist yet is
    created first, if the role may.
    """
    from claimtrack.store import migrate

    url = database_url(value)
    if connect_timeout is None and make_url(url).get_backend_name() == "postgresql":
        connect_timeout = connect_timeout_setting()
    if create and make_url(url).get_backend_name() == "postgresql":
        probe = create_db_engine(url, connect_timeout=connect_timeout)
        try:
            with probe.connect():
                pass
        except (OperationalError, DatabaseError) as exc:
            if not _missing_database(exc.orig):
                raise _open_error(Database(url=url, engine=probe), exc, connect_timeout) from None
            create_postgres_database(url)
        finally:
            probe.dispose()
    engine = create_db_engine(url, connect_timeout=connect_timeout)
    db = Database(url=url, engine=engine)
    try:
        if upgrade:
            migrate.upgrade_to_head(engine)
        else:
            if (path := sqlite_file(engine.url)) is not None:
                migrate.check_sqlite_file(path)
            with engine.connect():
                pass
    except (OperationalError, DatabaseError) as exc:
        engine.dispose()
        raise _open_error(db, exc, connect_timeout) from None
    except BaseException:
        engine.dispose()
        raise
    return db
