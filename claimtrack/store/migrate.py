"""Alembic, driven from code: every open upgrades the schema to the newest revision.

The migration scripts live in ``claimtrack/store/migrations`` and ship with the package, so an
installed claimtrack can upgrade any older database without an ``alembic.ini``.

Revisions are numbered ``0001``, ``0002``... and each file is named after its revision
(``0002_full_text_search.py``), so the newest revision is known from the file names alone:
the common case, a database already up to date, costs one query and never imports Alembic
(which would add a noticeable part of a second to every command's start-up).

An upgrade is all or nothing, and never bricks a database:

- It runs in one transaction. PostgreSQL has transactional DDL and an advisory lock serialises
  concurrent upgrades. On SQLite the pysqlite driver's own transaction handling (which runs
  ``CREATE``/``DROP`` outside any transaction) is switched off and the upgrade connection starts
  its transaction itself with ``BEGIN IMMEDIATE``: the schema changes and the new revision are
  committed together or not at all (a killed upgrade leaves the old schema), and the write lock
  it takes makes concurrent upgrades wait for each other; the one that gets the lock second finds
  the schema already upgraded and does nothing.
- Before a SQLite file's schema changes, it is copied with SQLite's backup API to
  ``<file>.backup-<revision>`` next to it (a new, empty database is not backed up).
- A SQLite file is read, never written, until it is known to be claimtrack's or empty: another
  program's database is refused byte for byte untouched.
"""

from __future__ import annotations

import os
import re
import sqlite3
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.pool import NullPool

from claimtrack.errors import InputError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")

# An arbitrary constant: the PostgreSQL advisory lock that serialises concurrent upgrades.
_PG_LOCK_KEY = 0x636C61696D

#: Tables every revision of claimtrack's schema has.
CORE_TABLES = frozenset({"article", "claim", "evidence", "history"})

#: How long a SQLite upgrade waits for another process's upgrade (or write) to finish, in seconds.
SQLITE_UPGRADE_WAIT = 600.0
#: How long reading a SQLite file waits for a writer (as the engine's busy timeout).
_READ_WAIT = 15.0


def alembic_config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> list[str]:
    """Every revision, oldest first, from the migration file names (``NNNN_name.py``)."""
    return sorted(m.group(1) for p in (MIGRATIONS / "versions").iterdir() if (m := _REVISION_FILE.match(p.name)))


def head_revision() -> str | None:
    """The newest revision, from the migration file names (``NNNN_name.py``)."""
    numbers = known_revisions()
    return numbers[-1] if numbers else None


def alembic_head_revision() -> str | None:
    """The newest revision as Alembic sees it (slower; tests check it agrees with the file names)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    """The database's revision, or ``None`` for a database claimtrack has never opened."""
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: sa.Connection) -> str | None:
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


# --- is it claimtrack's? ----------------------------------------------------------------------


def check_schema(tables: set[str], revision: str | None, where: str) -> None:
    """Raise :class:`InputError` unless the database is empty or claimtrack's (a known revision)."""
    others = set(tables) - {"alembic_version"}
    if revision is None:
        if others:
            listed = ", ".join(sorted(others)[:5]) + (", ..." if len(others) > 5 else "")
            raise InputError(
                f"{where} is not a claimtrack database (it has other tables: {listed}); it was not changed"
            )
        return
    if revision not in known_revisions():
        head = head_revision()
        if re.fullmatch(r"\d{4}", revision) and head is not None and revision > head and others >= CORE_TABLES:
            raise InputError(
                f"{where} was made by a newer claimtrack (schema {revision}; this one knows up to {head}): "
                "upgrade claimtrack to use it"
            )
        raise InputError(f"{where} is not a claimtrack database (schema revision {revision!r}); it was not changed")
    if not others >= CORE_TABLES:
        missing = ", ".join(sorted(CORE_TABLES - others))
        raise InputError(f"{where} is not a claimtrack database (no table {missing}); it was not changed")


def _sqlite_tables(conn: sqlite3.Connection) -> tuple[set[str], str | None]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    tables = {t for t in tables if not t.startswith("sqlite_")}
    revision = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return tables, revision


def check_sqlite_file(path: str | os.PathLike[str]) -> str | None:
    """Read (never write) a SQLite file and return its revision; ``None`` if new or empty.

    Raises :class:`InputError` if the file is not a SQLite database, or is another program's.
    """
    path = os.fspath(path)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return None
    if os.path.isdir(path):
        raise InputError(f"cannot open database sqlite:///{path}: it is a folder")
    try:
        conn = _read_only(path, _READ_WAIT)
        try:
            tables, revision = _sqlite_tables(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot open database sqlite:///{path}: {reason}") from None
    check_schema(tables, revision, f"sqlite:///{path}")
    return revision


# --- upgrading --------------------------------------------------------------------------------


def upgrade_to_head(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision; a no-op (one query) when it is already there."""
    from claimtrack.store.engine import sqlite_file

    path = sqlite_file(engine.url) if engine.dialect.name == "sqlite" else None
    if path is not None:
        if check_sqlite_file(path) == head_revision():
            return
    elif current_revision(engine) == head_revision():
        return
    upgrade(engine, "head")


def upgrade(engine: sa.Engine, revision: str) -> None:
    """Upgrade to ``revision`` in one transaction, serialised against other processes."""
    from alembic import command

    _migrate(engine, lambda cfg: command.upgrade(cfg, revision), backup=True)


def downgrade(engine: sa.Engine, revision: str) -> None:
    from alembic import command

    _migrate(engine, lambda cfg: command.downgrade(cfg, revision), backup=False)


def _migrate(engine: sa.Engine, run: Callable[[Config], None], *, backup: bool) -> None:
    from claimtrack.store.engine import sqlite_file

    if engine.dialect.name == "sqlite":
        path = sqlite_file(engine.url)
        if path is not None:
            _migrate_sqlite_file(engine.url, path, run, backup=backup)
            return
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
            tables = set(sa.inspect(conn).get_table_names())
            check_schema(tables, _revision(conn), engine.url.render_as_string(hide_password=True))
        run(alembic_config(conn))


def _upgrade_engine(url: sa.URL) -> sa.Engine:
    """A SQLite engine whose transactions are real: ``BEGIN IMMEDIATE`` ... ``COMMIT``, DDL included.

    pysqlite (before Python 3.12's ``autocommit``) opens transactions itself, and only before
    INSERT/UPDATE/DELETE: a CREATE TABLE runs, and stays, on its own. ``isolation_level=None``
    stops it doing anything, and the ``begin`` event issues the BEGIN (the SQLAlchemy recipe).
    """
    engine = sa.create_engine(url, poolclass=NullPool, connect_args={"timeout": SQLITE_UPGRADE_WAIT})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # Off while tables are rebuilt (a DROP TABLE would otherwise cascade to the rows that
        # refer to it); the references are checked before the commit instead.
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _migrate_sqlite_file(url: sa.URL, path: str, run: Callable[[Config], None], *, backup: bool) -> None:
    check_sqlite_file(path)  # before anything writes to the file (WAL mode is a write)
    engine = _upgrade_engine(url)
    try:
        with engine.begin() as conn:  # BEGIN IMMEDIATE: waits for any other upgrade to finish
            tables = set(sa.inspect(conn).get_table_names())
            revision = _revision(conn)
            check_schema(tables, revision, f"sqlite:///{path}")
            if backup and revision is not None and revision != head_revision():
                # Read through another connection: it sees the file as it is, since this one, which
                # holds the write lock so that nobody can change it meanwhile, has written nothing.
                backup_sqlite(path, revision)
            broken_before = len(conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall())
            run(alembic_config(conn))
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if len(problems) > broken_before:  # the migrations broke references: undo them all
                raise InputError(
                    f"the schema upgrade of sqlite:///{path} would break {len(problems) - broken_before} "
                    "reference(s) between tables; it was not changed"
                )
    finally:
        engine.dispose()


def backup_path(path: str | os.PathLike[str], revision: str) -> Path:
    """Where the copy of a SQLite file at ``revision`` is kept before it is upgraded."""
    return Path(f"{os.fspath(path)}.backup-{revision}")


def _read_only(path: str, timeout: float) -> sqlite3.Connection:
    # Through a URI, the path quoted: '?', '#' and '%' in it stay part of the name.
    uri = f"file:{urllib.request.pathname2url(os.path.abspath(path))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=timeout)


def backup_sqlite(path: str | os.PathLike[str], revision: str) -> Path:
    """Copy the SQLite file at ``path`` next to it, atomically; return the copy's path.

    The copy is written under a temporary name and renamed when complete, so a killed backup never
    leaves a partial file under the backup's name; an older backup of the same revision is replaced.
    """
    target = backup_path(path, revision)
    partial = Path(f"{target}.partial")
    try:
        for leftover in (partial, Path(f"{partial}-journal")):
            leftover.unlink(missing_ok=True)
        source = _read_only(os.fspath(path), SQLITE_UPGRADE_WAIT)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode=DELETE")  # a single file, whatever the source's mode
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        raise InputError(
            f"cannot back up sqlite:///{path} to {target} before upgrading it ({exc}); it was not changed"
        ) from None
    if hasattr(os, "O_DIRECTORY"):  # make the rename durable
        try:
            fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            pass
    return target
