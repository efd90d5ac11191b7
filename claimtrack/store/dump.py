"""Backing up a desk: the whole database as versioned JSON Lines, and loading it back.

A dump is UTF-8 text, one JSON object a line, every line ending with ``\\n``:

- line 1, the header: ``{"format": "claimtrack-dump", "version": 1, "schema": "0007",
  "claimtrack": "0.1.0"}`` (the schema is the Alembic revision of the database dumped);
- then one line per row, ``{"table": "claim", "row": {...}}``, every column kept (ids and
  ``version`` columns too), tables parents first (``SQLModel.metadata.sorted_tables``), the rows
  of each table in primary-key order. Bytes are base64, timestamps ISO 8601 in UTC with their
  offset (``2024-03-05T10:00:00.000000+00:00``), dates ``YYYY-MM-DD``, JSON columns as JSON;
- last, the end line: ``{"end": true, "rows": {"article": 3, ...}, "sha256": "..."}``, the row
  count of every table and the SHA-256 of every line before it, exactly as written.

The header has no date: two dumps of the same data are byte for byte the same file, whatever
the engine they were taken from (the file's own modification time says when it was made). A
file cut short has no end line, and a changed one fails its SHA-256: both are refused.

The tables are the models' (``claimtrack.store.models``), so a table a later revision adds is
dumped as soon as it has a model. What the database derives from them is not dumped, and is
rebuilt on load by the database itself: SQLite's full-text indexes ``claim_fts`` and
``fact_check_fts`` (kept by triggers, migrations 0002, 0005 and 0010) and PostgreSQL's
``claim.search_doc`` and ``fact_check.search_doc`` (generated columns, migrations 0006 and 0010). A table or column the models do not know (other than those) makes
``dump`` refuse rather than write a backup that silently leaves data out.

:func:`write_dump` reads from one snapshot: a REPEATABLE READ, read-only transaction on
PostgreSQL, one read transaction on SQLite (WAL mode keeps its snapshot while others write),
so checkers can go on working during a dump. Rows are streamed (``yield_per``: a server-side
cursor on PostgreSQL), so memory does not grow with the desk.

:func:`load_dump` fills an empty database (at the newest schema) from a dump: the whole file is
verified first, in one streaming pass (header, every line, the end line's counts and SHA-256),
then read again and inserted in one transaction, table by table, in batches; on PostgreSQL the
id sequences are then moved past the ids loaded. Any failure leaves the database as it was.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import math
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

from claimtrack import __version__, fileio
from claimtrack.errors import InputError
from claimtrack.store import models as _models  # noqa: F401  (the tables are registered on import)
from claimtrack.store.bulk import insert_rows
from claimtrack.store.engine import Database
from claimtrack.store.migrate import head_revision

FORMAT = "claimtrack-dump"
VERSION = 1

#: The longest line a dump may hold, in bytes. A line is one row: the biggest are an article's
#: text (ingest reads at most 50 MB) and a page body as fetched, gzip-compressed and base64-encoded
#: (``fetch_max_bytes``, 20 MB by default). ``load`` reads line by line, so this bounds its memory
#: whatever the input (``/dev/zero`` has no line end: it is refused here, not read to the end);
#: ``dump`` refuses to write a longer line, so every dump it writes can be loaded.
LINE_LIMIT = 128 * 1024 * 1024

#: Rows fetched from the database at a time while dumping.
FETCH_ROWS = 1000
#: Rows inserted at a time while loading (fewer when they are big: see ``BATCH_BYTES``).
BATCH_ROWS = 1000
BATCH_BYTES = 16 * 1024 * 1024

#: Derived from the tables dumped, rebuilt by the database itself: never dumped, never refused.
DERIVED_COLUMNS: dict[str, frozenset[str]] = {  # PostgreSQL's search documents, 0006 and 0010
    "claim": frozenset({"search_doc"}),
    "fact_check": frozenset({"search_doc"}),
}
DERIVED_TABLE_PREFIXES = ("claim_fts", "fact_check_fts", "sqlite_")  # SQLite's FTS5 indexes and their shadow tables
BOOKKEEPING_TABLES = frozenset({"alembic_version"})  # the header's "schema"


# --- the tables and how their values are written ----------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str
    """json, bytes, datetime, date, bool, int, float or str: how the value is written."""
    nullable: bool
    length: int | None = None
    """For strings: the most characters the column takes (PostgreSQL enforces it, SQLite does not)."""
    int_bits: int = 32
    aware: bool = True
    """For timestamps: stored with their time zone."""


@dataclass(frozen=True)
class TableSpec:
    table: sa.Table
    columns: tuple[ColumnSpec, ...]
    primary_key: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.table.name


_KINDS: tuple[tuple[type[sa.types.TypeEngine[Any]], str], ...] = (
    (sa.JSON, "json"),
    (sa.LargeBinary, "bytes"),
    (sa.DateTime, "datetime"),
    (sa.Date, "date"),
    (sa.Boolean, "bool"),
    (sa.Integer, "int"),
    (sa.Float, "float"),
    (sa.String, "str"),
)


def _column_spec(column: sa.Column[Any]) -> ColumnSpec:
    type_: Any = column.type
    if isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance
    kind = next((name for cls, name in _KINDS if isinstance(type_, cls)), None)
    if kind is None:  # a new column type: this module must learn how to write it
        raise TypeError(f"claimtrack dump cannot write {column.table.name}.{column.name} ({column.type!r})")
    bits = 64 if isinstance(type_, sa.BigInteger) else 16 if isinstance(type_, sa.SmallInteger) else 32
    return ColumnSpec(
        name=column.name,
        kind=kind,
        nullable=bool(column.nullable),
        length=getattr(type_, "length", None) if kind == "str" else None,
        int_bits=bits,
        aware=bool(getattr(type_, "timezone", True)),
    )


def table_specs() -> list[TableSpec]:
    """Every table of claimtrack's schema, parents before the tables that refer to them."""
    return [
        TableSpec(
            table=table,
            columns=tuple(_column_spec(c) for c in table.columns),
            primary_key=tuple(c.name for c in table.primary_key.columns),
        )
        for table in SQLModel.metadata.sorted_tables
    ]


def is_derived(table: str, column: str | None = None) -> bool:
    """A table (or column) the database derives from the data, or keeps for itself."""
    if column is not None:
        return column in DERIVED_COLUMNS.get(table, frozenset())
    return table in BOOKKEEPING_TABLES or table.startswith(DERIVED_TABLE_PREFIXES)


def _encode(column: ColumnSpec, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if column.kind == "datetime":
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.isoformat(timespec="microseconds")
    if column.kind == "date":
        return value.isoformat()
    return value


class _Bad(ValueError):
    """A value that does not fit its column (the message says why)."""


def _decode(column: ColumnSpec, value: Any) -> Any:
    """The Python value to insert for ``value`` as read from a dump; :class:`_Bad` if it does
    not fit the column (checked here so that a bad file is refused before anything is written)."""
    if value is None:
        if column.nullable or column.kind == "json":  # a JSON column's null is JSON null
            return None
        raise _Bad("null, but the column needs a value")
    kind = column.kind
    if kind == "json":
        return value
    if kind == "str":
        if not isinstance(value, str):
            raise _Bad("not a string")
        if column.length is not None and len(value) > column.length:
            raise _Bad(f"{len(value)} characters, over the column's {column.length}")
        return value
    if kind == "int":
        if type(value) is not int:
            raise _Bad("not an integer")
        if not -(2 ** (column.int_bits - 1)) <= value < 2 ** (column.int_bits - 1):
            raise _Bad(f"out of range for a {column.int_bits}-bit integer")
        return value
    if kind == "float":
        if type(value) not in (int, float) or not math.isfinite(value):
            raise _Bad("not a number")
        return float(value)
    if kind == "bool":
        if type(value) is not bool:
            raise _Bad("not true or false")
        return value
    if not isinstance(value, str):
        raise _Bad("not a string")
    if kind == "bytes":
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise _Bad("not base64") from None
    if kind == "datetime":
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _Bad("not an ISO 8601 timestamp") from None
        if column.aware and moment.tzinfo is None:
            raise _Bad("a timestamp without its UTC offset")
        return moment
    if kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise _Bad("not a date (YYYY-MM-DD)") from None
    raise AssertionError(kind)  # pragma: no cover


def _json_line(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8") + b"\n"


# --- dump ---------------------------------------------------------------------------------


@dataclass
class DumpInfo:
    """What a dump holds: its header's schema and claimtrack version, rows per table, SHA-256."""

    schema: str
    claimtrack: str
    rows: dict[str, int] = field(default_factory=dict)
    sha256: str = ""

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@contextmanager
def _read_snapshot(db: Database) -> Iterator[sa.Connection]:
    """A connection inside one read transaction: every query sees the same snapshot."""
    with db.engine.connect() as conn:
        if db.dialect == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        elif db.dialect == "sqlite":
            # pysqlite begins a transaction only before a write: without this BEGIN each SELECT
            # would read whatever was committed when it ran. In WAL mode a read transaction
            # keeps its snapshot (taken at its first read) until it ends, and blocks no writer.
            conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.rollback()


def _check_schema(conn: sa.Connection, specs: list[TableSpec], where: str) -> None:
    """Refuse a database holding tables or columns the models do not know: a dump would
    leave them out."""
    inspector = sa.inspect(conn)
    known = {spec.name: spec for spec in specs}
    present = set(inspector.get_table_names())
    unknown = sorted(t for t in present - set(known) if not is_derived(t))
    if unknown:
        raise InputError(
            f"{where} has table {', '.join(unknown)}, which this claimtrack does not know: a dump would leave it out, "
            "so none was made (use sqlite3 .backup or pg_dump)"
        )
    for spec in specs:
        if spec.name not in present:
            raise InputError(f"{where} has no table {spec.name}: not claimtrack's schema, no dump made")
        columns = {c["name"] for c in inspector.get_columns(spec.name)}
        expected = {c.name for c in spec.columns}
        extra = sorted(c for c in columns - expected if not is_derived(spec.name, c))
        if extra:
            raise InputError(
                f"{where}: table {spec.name} has column {', '.join(extra)}, which this claimtrack does not know: "
                "a dump would leave it out, so none was made"
            )
        if expected - columns:
            missing = ", ".join(sorted(expected - columns))
            raise InputError(
                f"{where}: table {spec.name} has no column {missing}: not claimtrack's schema, no dump made"
            )


def dump_lines(db: Database, info: DumpInfo | None = None) -> Iterator[bytes]:
    """The lines of a dump of ``db`` (each with its ``\\n``), from one snapshot.

    The snapshot is taken before the header is yielded; whatever is committed after that is
    not in the dump. ``info``, if given, is filled in as the lines are made.
    """
    specs = table_specs()
    where = db.describe()
    with _read_snapshot(db) as conn:
        schema = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        if schema is None or schema != head_revision():
            raise InputError(f"{where} is at schema {schema}, not this claimtrack's {head_revision()}: no dump made")
        _check_schema(conn, specs, where)
        if info is None:
            info = DumpInfo(schema=schema, claimtrack=__version__)
        info.schema, info.claimtrack, info.rows = schema, __version__, {}
        digest = hashlib.sha256()
        line = _json_line({"format": FORMAT, "version": VERSION, "schema": schema, "claimtrack": __version__})
        digest.update(line)
        yield line
        for spec in specs:
            table = spec.table
            statement = sa.select(table).order_by(*table.primary_key.columns).execution_options(yield_per=FETCH_ROWS)
            count = 0
            for row in conn.execute(statement):
                values = {column.name: _encode(column, value) for column, value in zip(spec.columns, row)}
                try:
                    line = _json_line({"table": spec.name, "row": values})
                except ValueError as exc:  # NaN, or text that is not Unicode
                    key = ", ".join(f"{k} {values[k]}" for k in spec.primary_key)
                    raise InputError(f"cannot dump {spec.name} {key}: {exc}") from None
                if len(line) > LINE_LIMIT:
                    key = ", ".join(f"{k} {values[k]}" for k in spec.primary_key)
                    raise InputError(
                        f"cannot dump {spec.name} {key}: the row is {len(line):,} bytes as a line, over the "
                        f"{LINE_LIMIT:,}-byte limit (back up with sqlite3 .backup or pg_dump instead)"
                    )
                digest.update(line)
                count += 1
                yield line
            info.rows[spec.name] = count
        info.sha256 = digest.hexdigest()
        yield _json_line({"end": True, "rows": info.rows, "sha256": info.sha256})


def write_dump(db: Database, out: IO[bytes]) -> DumpInfo:
    """Write a dump of ``db`` to the binary stream ``out``; what it holds."""
    info = DumpInfo(schema="", claimtrack=__version__)
    for line in dump_lines(db, info):
        out.write(line)
    out.flush()
    return info


# --- verify and load ----------------------------------------------------------------------


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse(line: bytes, name: str, number: int) -> Any:
    try:
        return json.loads(line.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise InputError(f"{name}: line {number} is not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise InputError(f"{name}: line {number} is not valid JSON") from None


def _check_header(header: Any, name: str) -> DumpInfo:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise InputError(f"{name}: not a claimtrack dump (its first line is not a claimtrack-dump header)")
    version = header.get("version")
    if version != VERSION or type(version) is not int:
        raise InputError(f"{name}: dump format version {version!r}; this claimtrack reads version {VERSION}")
    schema, made_by = header.get("schema"), header.get("claimtrack")
    if not isinstance(schema, str) or not isinstance(made_by, str):
        raise InputError(f"{name}: its header has no schema revision or claimtrack version")
    head = head_revision()
    if schema != head:
        raise InputError(
            f"{name}: a dump of schema revision {schema} (claimtrack {made_by}), but this claimtrack's schema is "
            f"{head}: load it with a claimtrack of schema {schema}"
        )
    return DumpInfo(schema=schema, claimtrack=made_by)


RowSink = Callable[[TableSpec, list[dict[str, Any]]], None]


def _scan(
    stream: IO[bytes], name: str, specs: list[TableSpec], *, tee: IO[bytes] | None = None, sink: RowSink | None = None
) -> DumpInfo:
    """Read a dump to its end, checking everything; :class:`InputError` at the first fault.

    ``tee`` gets a copy of every line read (the spool of a stream that cannot be read twice);
    ``sink`` gets the decoded rows, in batches of one table, in the file's order.
    """
    by_name = {spec.name: (index, spec) for index, spec in enumerate(specs)}
    counts = {spec.name: 0 for spec in specs}
    digest = hashlib.sha256()
    info: DumpInfo | None = None
    trailer: Any = None
    current: tuple[int, TableSpec] | None = None
    last_key: tuple[Any, ...] | None = None
    batch: list[dict[str, Any]] = []
    batch_bytes = 0
    number = 0

    def flush() -> None:
        nonlocal batch, batch_bytes
        if batch and sink is not None and current is not None:
            sink(current[1], batch)
        batch, batch_bytes = [], 0

    for number, line in enumerate(fileio.iter_lines_limited(stream, name, LINE_LIMIT), 1):
        if tee is not None:
            tee.write(line)
        if trailer is not None:
            raise InputError(f"{name}: line {number} comes after the end line")
        if not line.endswith(b"\n"):
            raise InputError(f"{name}: cut short (line {number} has no line end); nothing was loaded")
        if info is None:
            try:
                header = _parse(line, name, number)
            except InputError:
                header = None
            info = _check_header(header, name)
            digest.update(line)
            continue
        value = _parse(line, name, number)
        if isinstance(value, dict) and "end" in value:
            trailer = value
            continue
        digest.update(line)
        if not isinstance(value, dict) or set(value) != {"table", "row"} or not isinstance(value["row"], dict):
            raise InputError(f"{name}: line {number} is neither a row nor the end line")
        table = value["table"]
        if not isinstance(table, str) or table not in by_name:
            raise InputError(f"{name}: line {number}: unknown table {str(table)[:100]!r}")
        index, spec = by_name[table]
        if current is None or current[1] is not spec:
            if current is not None and index < current[0]:  # parents first, each table's rows together
                raise InputError(f"{name}: line {number}: a row of {table} after the rows of {current[1].name}")
            flush()
            current, last_key = (index, spec), None
        row = value["row"]
        columns = {c.name for c in spec.columns}
        if set(row) != columns:
            unknown = sorted(set(row) - columns)
            if unknown:
                raise InputError(f"{name}: line {number}: table {table} has no column {str(unknown[0])[:100]!r}")
            raise InputError(f"{name}: line {number}: column {min(columns - set(row))} of {table} is missing")
        decoded: dict[str, Any] = {}
        for column in spec.columns:
            try:
                decoded[column.name] = _decode(column, row[column.name])
            except _Bad as exc:
                raise InputError(f"{name}: line {number}: {table}.{column.name}: {exc}") from None
        key = tuple(decoded[k] for k in spec.primary_key)
        if last_key is not None and not key > last_key:
            raise InputError(f"{name}: line {number}: {table} rows out of order or repeated (key {key})")
        last_key = key
        counts[table] += 1
        if sink is not None:
            batch.append(decoded)
            batch_bytes += len(line)
            if len(batch) >= BATCH_ROWS or batch_bytes >= BATCH_BYTES:
                flush()
    flush()
    if info is None:
        raise InputError(f"{name}: empty, not a claimtrack dump")
    if trailer is None:
        raise InputError(f"{name}: cut short (no end line after line {number}); nothing was loaded")
    if (
        trailer.get("end") is not True
        or not isinstance(trailer.get("rows"), dict)
        or not isinstance(trailer.get("sha256"), str)
    ):
        raise InputError(f"{name}: its end line is not a claimtrack dump's")
    if trailer["sha256"] != digest.hexdigest():
        raise InputError(f"{name}: SHA-256 mismatch: the file was changed or damaged after it was written")
    if trailer["rows"] != counts:
        differ = sorted(set(trailer["rows"]) | set(counts), key=str)
        table = next(t for t in differ if trailer["rows"].get(t) != counts.get(t))
        raise InputError(
            f"{name}: the end line counts {trailer['rows'].get(table, 0)} rows of {table}, the file holds {counts.get(table, 0)}"
        )
    info.rows = counts
    info.sha256 = digest.hexdigest()
    return info


def verify_dump(stream: IO[bytes], name: str) -> DumpInfo:
    """Check a whole dump without loading it; what it holds, or :class:`InputError`."""
    return _scan(stream, name, table_specs())


def _nonempty_tables(conn: sa.Connection, specs: list[TableSpec]) -> list[str]:
    return [
        spec.name
        for spec in specs
        if conn.execute(sa.select(sa.literal(1)).select_from(spec.table).limit(1)).first() is not None
    ]


def _tables(names: list[str]) -> str:
    return f"table {names[0]} has rows" if len(names) == 1 else f"tables {', '.join(names)} have rows"


def _refuse_unless_empty(conn: sa.Connection, specs: list[TableSpec], where: str) -> None:
    full = _nonempty_tables(conn, specs)
    if full:
        raise InputError(
            f"{where} is not empty ({_tables(full)}): load fills only an empty claimtrack database; nothing was loaded"
        )


def check_empty(db: Database) -> None:
    """:class:`InputError` unless every claimtrack table of ``db`` is empty."""
    with db.engine.connect() as conn:
        _refuse_unless_empty(conn, table_specs(), db.describe())


def _seekable_file(stream: IO[bytes]) -> bool:
    """A regular file we can read again from where it starts now."""
    try:
        return stat.S_ISREG(os.fstat(stream.fileno()).st_mode) and stream.seekable()
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return False


def _begin_load(conn: sa.Connection, specs: list[TableSpec]) -> None:
    """Start the loading transaction holding the write lock, so nobody writes meanwhile."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # SQLite's write lock, taken now
    elif conn.dialect.name == "postgresql":
        quote = conn.dialect.identifier_preparer.format_table
        names = ", ".join(quote(spec.table) for spec in specs)
        conn.exec_driver_sql(f"LOCK TABLE {names} IN EXCLUSIVE MODE")  # others may read, not write


def _advance_sequences(conn: sa.Connection, specs: list[TableSpec]) -> None:
    """PostgreSQL: each serial id's sequence goes past the largest id loaded (the next is max + 1)."""
    quote = conn.dialect.identifier_preparer.format_table
    for spec in specs:
        for column in spec.table.primary_key.columns:
            if not isinstance(column.type, sa.Integer):
                continue
            sequence = sa.func.pg_get_serial_sequence(quote(spec.table), column.name)
            largest = sa.select(sa.func.max(column)).scalar_subquery()
            conn.execute(
                sa.select(sa.func.setval(sequence, sa.func.coalesce(largest, 0) + 1, False)).where(
                    sequence.is_not(None)
                )
            )
        conn.exec_driver_sql(f"ANALYZE {quote(spec.table)}")  # the planner's statistics, for search


def load_dump(db: Database, source: str | os.PathLike[str]) -> DumpInfo:
    """Load the dump at ``source`` (a path, or ``-`` for standard input) into ``db``, which must
    be empty. The file is verified to its end before anything is written; then every row is
    inserted in one transaction. Any fault: :class:`InputError`, and ``db`` is left as it was.
    """
    path = os.fspath(source)
    name = fileio.label(path)
    specs = table_specs()
    with ExitStack() as stack:
        stream = stack.enter_context(fileio.open_input(path, limit=None, what="a claimtrack dump"))
        with db.engine.connect() as conn:  # a quick refusal, before a long file is read
            _refuse_unless_empty(conn, specs, db.describe())
        # The file is read twice (verified, then loaded). A regular file is read again from the
        # disk; anything else (standard input, a pipe) is kept in a temporary file as it is read,
        # line by line, so memory stays flat whatever the size: no limit on the whole file (a
        # desk's dump can be far over ingest's 50 MB), only on each line (LINE_LIMIT), which is
        # also what stops a stream without line ends.
        if _seekable_file(stream):
            start = stream.tell()
            info = _scan(stream, name, specs)
            stream.seek(start)
            again: IO[bytes] = stream
        else:
            spool: BinaryIO = stack.enter_context(tempfile.TemporaryFile(prefix="claimtrack-load-"))
            try:
                info = _scan(stream, name, specs, tee=spool)
            except OSError as exc:  # the spool: a full disk
                raise InputError(f"{name}: cannot keep a copy to read it twice ({exc.strerror or exc})") from None
            spool.seek(0)
            again = spool
        _insert(db, again, name, specs, info)
    return info


def _insert(db: Database, stream: IO[bytes], name: str, specs: list[TableSpec], info: DumpInfo) -> None:
    with db.engine.connect() as conn:
        try:
            _begin_load(conn, specs)
            _refuse_unless_empty(conn, specs, db.describe())  # again, holding the write lock

            def insert(spec: TableSpec, rows: list[dict[str, Any]]) -> None:
                insert_rows(conn, spec.table, rows)  # multi-row statements on SQLite, COPY on PostgreSQL

            loaded = _scan(stream, name, specs, sink=insert)
            if loaded.sha256 != info.sha256:
                raise InputError(f"{name} changed while it was being loaded; nothing was loaded")
            if conn.dialect.name == "postgresql":
                _advance_sequences(conn, specs)
            conn.commit()
        except (IntegrityError, DataError) as exc:
            conn.rollback()
            reason = (
                str(exc.orig).strip().splitlines()[0]
                if exc.orig is not None and str(exc.orig).strip()
                else type(exc).__name__
            )
            raise InputError(f"{name}: its rows do not fit the database ({reason}); nothing was loaded") from None
        except BaseException:
            conn.rollback()
            raise
