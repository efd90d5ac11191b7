"""The fact-check collection: published fact checks stored as data, to match claims against.

Three ways in, all through :func:`insert_fact_checks` (``INSERT ... ON CONFLICT DO NOTHING`` on
SQLite and PostgreSQL alike, set-based, in batches), so that importing is idempotent: a fact
check whose ``external_id`` is already stored in its collection, or whose ``url`` is, is left as
it is and counted as "already stored".

- :func:`import_fact_checks`: ``claimtrack factchecks import FILE|-``. JSON Lines, one fact
  check a line (``text`` required; ``id``, ``title``, ``rating``, ``url``, ``publisher``,
  ``date``, ``speaker`` optional; a line may also be a ClaimReview object), or a JSON list of
  ClaimReview objects. The file is streamed a line at a time and inserted in batches, all in one
  transaction: a bad line stops the import with a one-line error naming it, and nothing of the
  file is stored.
- :func:`row_from_review`: each review ``import-claimreview`` imports (``services.factchecks``).
- :func:`row_from_lookup`: each result ``lookup`` shows.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from claimtrack import fileio
from claimtrack.domain import utcnow
from claimtrack.errors import InputError, NotFoundError
from claimtrack.services.identity import check_user_name
from claimtrack.services.search import indexed_condition
from claimtrack.store.engine import Database
from claimtrack.store.models import FactCheck, FactCheckOrigin
from claimtrack.web.claimreview import MAX_CLAIM_CHARS, RecordError, ReviewRecord, find_claim_reviews, to_record
from claimtrack.web.factcheck import FactCheck as FoundFactCheck

#: The longest line of a JSON Lines import, in bytes (a fact check is a few hundred).
LINE_LIMIT = 1024 * 1024
#: The largest JSON list of ClaimReview objects, read whole (JSON Lines have no such limit).
LIST_LIMIT = 256 * 1024 * 1024
#: Fact checks inserted at a time.
BATCH_ROWS = 2000
#: The collection of fact checks imported without ``--collection``.
DEFAULT_COLLECTION = "default"
MAX_COLLECTION_CHARS = 200
MAX_EXTERNAL_ID_CHARS = 300
MAX_FIELD_CHARS = 2_000
"""Rating, publisher, speaker, title: longer is cut."""
MAX_URL_CHARS = 2_048

#: The optional string fields of a JSON Lines fact check, and the column each fills.
_FIELDS = {"title": "title", "rating": "rating", "publisher": "publisher", "speaker": "speaker"}

Progress = Callable[[int, int, str], None]
"""``progress(done, total, what)``: bytes read of the file's size (0 when unknown)."""

_TABLE: sa.Table = FactCheck.__table__  # type: ignore[attr-defined]  # SQLModel's stubs lack __table__
_COLUMNS = [c.name for c in _TABLE.columns if c.name != "id"]


# --- rows ------------------------------------------------------------------------------------------


def _clip(value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    value = " ".join(value.split())
    return value[:limit] or None


def _url(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.lower().startswith(("http://", "https://")) or any(ch.isspace() for ch in value):
        raise ValueError(f"url is not an http(s) url: {value[:80]!r}")
    if len(value) > MAX_URL_CHARS:
        raise ValueError(f"url is over {MAX_URL_CHARS:,} characters")
    return value


def _date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"date must be a string (YYYY-MM-DD), not {type(value).__name__}")
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise ValueError(f"date is not YYYY-MM-DD: {value[:40]!r}") from None


def _row(
    *,
    text: str,
    rating: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    review_date: date | None = None,
    speaker: str | None = None,
    title: str | None = None,
    external_id: str | None = None,
    collection: str,
    origin: FactCheckOrigin,
    source: str | None,
) -> dict[str, Any]:
    return {
        "text": text,
        "rating": _clip(rating, MAX_FIELD_CHARS),
        "publisher": _clip(publisher, MAX_FIELD_CHARS),
        "url": url,
        "review_date": review_date,
        "speaker": _clip(speaker, MAX_FIELD_CHARS),
        "title": _clip(title, MAX_FIELD_CHARS),
        "external_id": external_id,
        "collection": collection,
        "origin": origin.value,
        "source": source,
    }


def row_from_json(obj: object, *, collection: str, source: str | None) -> dict[str, Any]:
    """A JSON Lines fact check as a row; :class:`ValueError` saying what is wrong with it."""
    if not isinstance(obj, dict):
        raise ValueError(f"a JSON object is needed, not {type(obj).__name__}")
    if obj.get("@type") == "ClaimReview" or ("claimReviewed" in obj and "text" not in obj):
        try:
            record = to_record(obj)
        except RecordError as exc:
            raise ValueError(f"ClaimReview: {exc}") from None
        return row_from_review(record, origin=FactCheckOrigin.IMPORT, collection=collection, source=source)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError('no "text" (the claim reviewed, a non-empty string)')
    text = " ".join(text.split())
    if len(text) > MAX_CLAIM_CHARS:
        raise ValueError(f'"text" is over {MAX_CLAIM_CHARS:,} characters')
    strings: dict[str, str | None] = {}
    for key, column in _FIELDS.items():
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f'"{key}" must be a string, not {type(value).__name__}')
        strings[column] = value
    url = obj.get("url")
    if url is not None and not isinstance(url, str):
        raise ValueError(f'"url" must be a string, not {type(url).__name__}')
    external = obj.get("id")
    if isinstance(external, bool) or not isinstance(external, str | int | type(None)):
        raise ValueError(f'"id" must be a string or a whole number, not {type(external).__name__}')
    external_id = None if external is None else str(external).strip() or None
    if external_id is not None and len(external_id) > MAX_EXTERNAL_ID_CHARS:
        raise ValueError(f'"id" is over {MAX_EXTERNAL_ID_CHARS} characters')
    return _row(
        text=text,
        url=_url(url),
        review_date=_date(obj.get("date")),
        external_id=external_id,
        collection=collection,
        origin=FactCheckOrigin.IMPORT,
        source=source,
        **strings,
    )


def row_from_review(
    record: ReviewRecord,
    *,
    origin: FactCheckOrigin = FactCheckOrigin.CLAIMREVIEW,
    collection: str | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """A ClaimReview (validated by :func:`~claimtrack.web.claimreview.to_record`) as a row."""
    return _row(
        text=" ".join(record.claim_text.split()),
        rating=record.rating,
        publisher=record.publisher,
        url=record.review_url if len(record.review_url) <= MAX_URL_CHARS else None,
        review_date=record.review_date,
        speaker=record.claimant,
        title=record.review_title,
        collection=collection or origin.value,
        origin=origin,
        source=source,
    )


def row_from_lookup(check: FoundFactCheck, *, query: str) -> dict[str, Any] | None:
    """A result of the Fact Check Tools look-up as a row; ``None`` without a claim reviewed."""
    text = " ".join((check.claim_text or "").split())
    if not text:
        return None
    try:
        url = _url(check.url)
    except ValueError:
        url = None
    try:
        reviewed = _date(check.review_date)
    except ValueError:
        reviewed = None
    return _row(
        text=text[:MAX_CLAIM_CHARS],
        rating=check.rating,
        publisher=check.publisher or check.site,
        url=url,
        review_date=reviewed,
        speaker=check.claimant,
        title=check.title,
        collection=FactCheckOrigin.LOOKUP.value,
        origin=FactCheckOrigin.LOOKUP,
        source=f"lookup: {query}"[:MAX_FIELD_CHARS],
    )


# --- storing -------------------------------------------------------------------------------------


def _insert_statement(dialect: str) -> Any:
    if dialect == "postgresql":
        return postgresql.insert(_TABLE).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(_TABLE).on_conflict_do_nothing()
    raise InputError(f"fact checks cannot be stored on {dialect} (SQLite or PostgreSQL only)")


def insert_fact_checks(conn: sa.Connection, rows: list[dict[str, Any]], *, user: str) -> int:
    """Insert ``rows`` (from the ``row_from_*`` functions) in one set-based statement; those
    already stored (same collection and external id, or same url) are left alone. Returns how
    many were new."""
    if not rows:
        return 0
    at = utcnow()
    if conn.dialect.name == "postgresql":
        return len(conn.execute(_pg_insert_arrays(rows, at=at, user=user)).all())
    params = [{**{name: row.get(name) for name in _COLUMNS}, "imported_at": at, "imported_by": user} for row in rows]
    result = conn.execute(_insert_statement(conn.dialect.name).returning(_TABLE.c.id), params)
    return len(result.all())


def _pg_insert_arrays(rows: list[dict[str, Any]], *, at: datetime, user: str) -> Any:
    """PostgreSQL: ``INSERT ... SELECT unnest(:text), unnest(:rating), ... ON CONFLICT DO NOTHING
    RETURNING id``, one array parameter a column. The same set-based insert as the multi-row
    ``VALUES`` of executemany, without its thousands of parameters, which the driver spends
    longer parsing than the server spends inserting (measured: 2.6 s against 1.4 s for 20,000)."""
    columns = [name for name in _COLUMNS if name not in ("imported_at", "imported_by")]
    arrays = [
        sa.func.unnest(
            sa.bindparam(f"a_{name}", [row.get(name) for row in rows], type_=postgresql.ARRAY(_TABLE.c[name].type))
        )
        for name in columns
    ]
    select_rows = sa.select(
        *arrays,
        sa.literal(at, _TABLE.c.imported_at.type),
        sa.literal(user, _TABLE.c.imported_by.type),
    )
    return (
        postgresql.insert(_TABLE)
        .from_select([*columns, "imported_at", "imported_by"], select_rows)
        .on_conflict_do_nothing()
        .returning(_TABLE.c.id)
    )


def store_fact_checks(session: Session, rows: Iterable[dict[str, Any] | None], *, user: str) -> int:
    """:func:`insert_fact_checks` in an open session (its transaction). Returns how many were new."""
    wanted = [row for row in rows if row is not None]
    return insert_fact_checks(session.connection(), wanted, user=user)


# --- importing a file ------------------------------------------------------------------------------


@dataclass
class FactCheckImport:
    """What ``factchecks import`` did."""

    source: str
    kind: str
    """``jsonl`` or ``claimreview`` (a JSON list of ClaimReview objects)."""
    collection: str
    read: int = 0
    added: int = 0
    skipped: list[str] = field(default_factory=list)
    """ClaimReview objects of a list that could not be used, one reason each."""

    @property
    def already(self) -> int:
        """Read but already stored (or repeated in the file)."""
        return self.read - self.added


def check_collection(name: str | None) -> str:
    value = " ".join((name or DEFAULT_COLLECTION).split())
    if not value:
        raise InputError("--collection must not be empty")
    if len(value) > MAX_COLLECTION_CHARS:
        raise InputError(f"--collection is over {MAX_COLLECTION_CHARS} characters")
    return value


def _first_line(lines: Iterator[tuple[int, bytes]]) -> tuple[int, bytes] | None:
    for number, line in lines:
        if line.strip():
            return number, line
    return None


def _parse_line(line: bytes, name: str, number: int) -> object:
    try:
        return fileio.loads_json(line.decode("utf-8").rstrip("\r\n"))
    except UnicodeDecodeError:
        raise InputError(f"{name}: line {number}: not UTF-8 text; nothing imported") from None
    except fileio.JSONValueError as exc:
        raise InputError(f"{name}: line {number}: {exc}; nothing imported") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}: line {number}: not valid JSON ({exc.msg}, column {exc.colno}); nothing imported"
        ) from None


def import_fact_checks(
    db: Database,
    name: str,
    *,
    user: str,
    collection: str | None = None,
    progress: Progress | None = None,
    batch_rows: int = BATCH_ROWS,
) -> FactCheckImport:
    """Import a fact-check collection from a file (``-``: standard input), in one transaction.

    JSON Lines are streamed and inserted ``batch_rows`` at a time, so memory stays flat; a
    document starting with ``[`` is a JSON list of ClaimReview objects, read whole (at most
    :data:`LIST_LIMIT` bytes). Any bad line is an :class:`InputError` naming it, and rolls back
    everything, batches already inserted included.
    """
    user = check_user_name(user)
    collection = check_collection(collection)
    label = fileio.label(name)
    source = None if name == fileio.STDIN else name
    report = FactCheckImport(source=label, kind="jsonl", collection=collection)
    with fileio.open_input(name, limit=None, what="a JSON Lines file") as stream:
        total = _size(stream)
        numbered = enumerate(fileio.iter_lines_limited(stream, label, LINE_LIMIT), 1)
        first = _first_line(numbered)
        if first is None:
            raise InputError(f"{label}: empty: no fact checks to import")
        with db.session() as session:
            conn = session.connection()
            if first[1].lstrip().startswith(b"["):
                report.kind = "claimreview"
                _import_list(conn, stream, first[1], label, report, user=user, source=source)
            else:
                lines = _chain([first], numbered)
                _import_lines(
                    conn,
                    lines,
                    label,
                    report,
                    user=user,
                    source=source,
                    progress=progress,
                    total=total,
                    batch_rows=batch_rows,
                )
    if not report.read:
        raise InputError(f"{label}: no fact checks to import")
    return report


def _size(stream: IO[bytes]) -> int:
    import os
    import stat

    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else 0


def _import_lines(
    conn: sa.Connection,
    lines: Iterator[tuple[int, bytes]],
    label: str,
    report: FactCheckImport,
    *,
    user: str,
    source: str | None,
    progress: Progress | None,
    total: int,
    batch_rows: int,
) -> None:
    batch: list[dict[str, Any]] = []
    done = 0
    for number, line in lines:
        done += len(line)
        if not line.strip():
            continue
        obj = _parse_line(line, label, number)
        try:
            batch.append(row_from_json(obj, collection=report.collection, source=source))
        except ValueError as exc:
            raise InputError(f"{label}: line {number}: {exc}; nothing imported") from None
        if len(batch) >= batch_rows:
            report.added += insert_fact_checks(conn, batch, user=user)
            report.read += len(batch)
            batch = []
            if progress is not None:
                progress(done, total, f"{report.read:,} fact checks")
    report.added += insert_fact_checks(conn, batch, user=user)
    report.read += len(batch)
    if progress is not None:
        progress(done, total, f"{report.read:,} fact checks")


def _chain(head: list[tuple[int, bytes]], rest: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, bytes]]:
    yield from head
    yield from rest


def _import_list(
    conn: sa.Connection,
    stream: IO[bytes],
    first: bytes,
    label: str,
    report: FactCheckImport,
    *,
    user: str,
    source: str | None,
) -> None:
    data = first + fileio.read_limited(stream, label, LIST_LIMIT - len(first))
    try:
        parsed = fileio.loads_json(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{label}: not UTF-8 text; nothing imported") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{label}: line {exc.lineno}: not valid JSON ({exc.msg}); nothing imported") from None
    except fileio.JSONValueError as exc:
        raise InputError(f"{label}: {exc}; nothing imported") from None
    rows: list[dict[str, Any]] = []
    for number, raw in enumerate(find_claim_reviews(parsed), 1):
        try:
            record = to_record(raw)
        except RecordError as exc:
            report.skipped.append(f"ClaimReview {number}: {exc}")
            continue
        rows.append(row_from_review(record, origin=FactCheckOrigin.IMPORT, collection=report.collection, source=source))
    if not rows:
        why = f" ({'; '.join(report.skipped[:3])})" if report.skipped else ""
        raise InputError(f"{label}: no usable ClaimReview found in the JSON list{why}")
    for i in range(0, len(rows), BATCH_ROWS):
        report.added += insert_fact_checks(conn, rows[i : i + BATCH_ROWS], user=user)
    report.read += len(rows)


# --- reading -----------------------------------------------------------------------------------------


#: The indexed document on PostgreSQL: a stored generated ``tsvector`` column (migration 0010).
PG_DOCUMENT = "fact_check.search_doc"


def fact_check_search_condition(dialect: str, query: str) -> sa.ColumnElement[bool]:
    """A WHERE condition on ``fact_check``: every word of ``query`` in its text, title or speaker,
    as a prefix (as the claims' search, :mod:`claimtrack.services.search`), through the full-text
    index: SQLite's ``fact_check_fts``, PostgreSQL's ``search_doc``. No words: matches nothing."""
    return indexed_condition(
        dialect,
        query,
        fts_table="fact_check_fts",
        id_column=col(FactCheck.id),
        pg_document=PG_DOCUMENT,
        text_columns=(col(FactCheck.text), col(FactCheck.title), col(FactCheck.speaker)),
    )


def list_fact_checks(
    db: Database, *, limit: int | None = 50, after_id: int | None = None, search: str | None = None
) -> list[FactCheck]:
    """The stored fact checks, newest first (highest id), at most ``limit``; with ``search``, those
    with every word of it in their text, title or speaker."""
    statement = select(FactCheck).order_by(col(FactCheck.id).desc())
    if after_id is not None:
        statement = statement.where(col(FactCheck.id) < after_id)
    if search is not None:
        statement = statement.where(fact_check_search_condition(db.dialect, search))
    if limit is not None:
        statement = statement.limit(limit)
    with db.session() as session:
        return list(session.exec(statement).all())


def count_fact_checks(db: Database) -> int:
    with db.session() as session:
        return int(session.exec(select(sa.func.count()).select_from(FactCheck)).one())


def get_fact_check(db: Database, fact_check_id: int) -> FactCheck:
    with db.session() as session:
        found = session.get(FactCheck, fact_check_id)
    if found is None:
        raise NotFoundError(f"no fact check with id {fact_check_id}")
    return found


def fact_check_json(check: FactCheck) -> dict[str, Any]:
    return {
        "id": check.id,
        "text": check.text,
        "rating": check.rating,
        "publisher": check.publisher,
        "url": check.url,
        "date": check.review_date.isoformat() if check.review_date else None,
        "speaker": check.speaker,
        "title": check.title,
        "external_id": check.external_id,
        "collection": check.collection,
        "origin": check.origin,
        "source": check.source,
        "imported_at": _iso(check.imported_at),
        "imported_by": check.imported_by,
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
