"""Many rows into one table at once, the fastest way each engine has.

PostgreSQL: ``COPY ... FROM STDIN`` on the session's own connection (so inside its transaction):
half the time of a multi-row ``INSERT`` for an ingest's claims and history, which spends it
building and parsing one statement with thousands of parameters. A few rows on PostgreSQL: an
``INSERT`` with ``executemany``.

SQLite: multi-row ``INSERT ... VALUES (...), (...)`` statements, up to SQLite's limit of
parameters each (SQLAlchemy's "insertmanyvalues", which it uses for an ``executemany`` with
``RETURNING``; the ids returned are not needed). Not a plain ``executemany``: each of its rows
is a statement of its own, and FTS5 writes its pending index entries out at the end of every
statement that fires the ``claim_fts`` triggers, one tiny index segment per claim, merged again
and again. A few statements for a batch's claims write the index a few times: storing claims
costs 43% less (1.22 s to 0.69 s for 14,119), and the triggers, which every other write relies
on, stay as they are.

The statements come in a few sizes only: whole pages, then the rest in powers of two. The
driver keeps each statement it has prepared (SQLite's cache of 128), and a statement of a
thousand rows holds a megabyte or two: one of a new size for every batch made a day's ingest
peak at twice the memory of a thousand articles'.

Either way the rows must carry every value they need (ids included): nothing is returned.
``claimtrack load`` inserts a dump's rows this way too.

COPY bypasses the engine's ``before_cursor_execute`` hook, so its values lose their NUL
characters here, with the same notice (:func:`~claimtrack.store.engine.without_nul`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

from claimtrack.store.engine import without_nul

#: Below this many rows a plain INSERT costs no more than starting a COPY.
COPY_FROM = 50


def insert_rows(connection: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, column names of ``table``) in ``connection``'s
    transaction."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":  # multi-row statements (see above)
        insert = sa.insert(table).returning(*table.primary_key.columns)
        for start, stop in _pieces(len(rows), _rows_per_statement(connection.dialect, len(rows[0]))):
            connection.execute(insert, list(rows[start:stop]))
        return
    if len(rows) < COPY_FROM:
        connection.execute(sa.insert(table), list(rows))
        return
    names = list(rows[0])
    columns = [table.c[name] for name in names]
    dialect = connection.dialect
    quote = dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(name) for name in names)}) FROM STDIN"
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(without_nul([_value(column, row[column.name], dialect) for column in columns]))
    finally:
        cursor.close()


def _value(column: sa.Column[Any], value: Any, dialect: sa.Dialect) -> Any:
    """``value`` as COPY's text format takes it for ``column``: JSON as its text, a type
    decorator's (UTC timestamps) as it binds it."""
    if value is None:
        return None
    if isinstance(column.type, sa.JSON):
        return json.dumps(value)
    if isinstance(column.type, TypeDecorator):
        return column.type.process_bind_param(value, dialect)
    return value


def _rows_per_statement(dialect: sa.Dialect, columns: int) -> int:
    """The most rows SQLAlchemy puts in one multi-row statement (its page size, and SQLite's
    limit of parameters)."""
    page = int(getattr(dialect, "insertmanyvalues_page_size", 1000))
    limit = int(getattr(dialect, "insertmanyvalues_max_parameters", 999))
    return max(1, min(page, limit // max(1, columns)))


def _pieces(count: int, page: int) -> list[tuple[int, int]]:
    """``(start, stop)`` slices of ``count`` rows: whole pages of ``page`` rows, then the rest
    in powers of two, largest first (``2500, 1000`` -> 1000, 1000, 256, 128, 64, 32, 16, 4)."""
    out: list[tuple[int, int]] = []
    start = 0
    while count - start >= page:
        out.append((start, start + page))
        start += page
    size = 1 << max(0, page.bit_length() - 1)
    while start < count:
        while size > count - start:
            size >>= 1
        out.append((start, start + size))
        start += size
    return out
