"""Status reports: where the desk's claims stand, in Markdown, HTML, JSON or CSV.

The entry points (the CLI's ``report`` and the TUI's report screen use these):

- :func:`write_report` ``(source, flt, fmt, out)`` streams a whole report to a text stream;
- :func:`write_report_file` ``(source, flt, fmt, path)`` writes it to a file, as ``report -o`` does;
- :func:`report_totals` ``(session, flt)`` returns the figures at its top (the headline, totals
  by status, changes in the window, the backlog day by day, the open claims by priority, time
  to verdict, open work) from aggregate queries and short lists only;
- :func:`iter_claims` ``(session, flt)`` yields the claims with their evidence and notes, in
  bounded memory;
- :func:`seen_before` ``(session, flt)`` yields the claims a checker confirmed the same as a
  checked claim or a fact check (the "Seen before" section), in bounded memory.

Every field from an article is escaped for the format it is written in (see ``safe``).

The modules, by concern: ``filter`` (which claims, and the dates the options take), ``model``
(the records the renderers read), ``totals`` (the figures), ``backlog`` (the days of the period),
``streaming`` (the claims, in bounded memory), ``sections`` (the top box and the recently
verified claims), ``seenbefore`` (the claims seen before: counts, section, CSV columns), and one
renderer a format (``markdown``, ``htmlfmt``, ``jsonfmt``, ``csvfmt``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO, cast

from sqlmodel import Session

from claimtrack.config import Settings, get_settings
from claimtrack.errors import InputError
from claimtrack.services.queries import ClaimFilter
from claimtrack.services.reports.filter import ReportFilter, as_report_filter, parse_when
from claimtrack.services.reports.jsonfmt import SCHEMA
from claimtrack.services.reports.model import (
    ArticleGroup,
    AssigneeWork,
    Backlog,
    BacklogDay,
    Changes,
    ClaimItem,
    EvidenceItem,
    Headline,
    NoteItem,
    OpenClaim,
    RecentlyVerified,
    ReportTotals,
    SeenCounts,
    SeenItem,
    TimeToVerdict,
)
from claimtrack.services.reports.sections import attention, recently_verified
from claimtrack.services.reports.seenbefore import seen_before
from claimtrack.services.reports.streaming import group_by_article, iter_claims
from claimtrack.services.reports.totals import report_totals
from claimtrack.store.engine import Database

FORMATS: dict[str, str] = {"md": "Markdown", "html": "HTML", "json": "JSON", "csv": "CSV"}
"""The report formats, by the name ``--format`` takes."""

_ALIASES = {"markdown": "md", "htm": "html"}

__all__ = [
    "FORMATS",
    "SCHEMA",
    "ArticleGroup",
    "AssigneeWork",
    "Backlog",
    "BacklogDay",
    "Changes",
    "ClaimItem",
    "EvidenceItem",
    "Headline",
    "NoteItem",
    "OpenClaim",
    "RecentlyVerified",
    "ReportFilter",
    "ReportTotals",
    "SeenCounts",
    "SeenItem",
    "TimeToVerdict",
    "as_report_filter",
    "format_for_path",
    "iter_claims",
    "parse_format",
    "parse_when",
    "report_totals",
    "seen_before",
    "write_report",
    "write_report_file",
]


def parse_format(value: str) -> str:
    """``md``, ``html``, ``json`` or ``csv`` (``markdown`` and ``htm`` are accepted too)."""
    name = value.strip().lower().lstrip(".")
    name = _ALIASES.get(name, name)
    if name not in FORMATS:
        raise InputError(f"unknown report format {value!r} (choose from: {', '.join(FORMATS)})")
    return name


def format_for_path(path: str) -> str | None:
    """The format a file name's suffix asks for (``status.html`` → ``html``), if any."""
    suffix = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    name = _ALIASES.get(suffix.lower(), suffix.lower())
    return name if name in FORMATS else None


@contextmanager
def _session_for(source: Session | Database) -> Iterator[Session]:
    if isinstance(source, Session):
        yield source
        return
    with source.session() as session:
        if session.get_bind().dialect.name == "postgresql":
            # One snapshot for the figures and the listings, however long the report takes.
            session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        yield session


def write_report(
    source: Session | Database,
    flt: ReportFilter | ClaimFilter | None,
    fmt: str,
    out: TextIO,
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> ReportTotals:
    """Write a report in ``fmt`` (``md``, ``html``, ``json``, ``csv``) to ``out`` as it is read.

    ``source`` is an open session or a :class:`~claimtrack.store.Database`. ``now`` is the
    report's ``generated_at`` and the clock open claims are aged by (default: the current time).
    ``settings`` gives the match thresholds and ``check_url_pattern`` (the link of a checked
    claim in "Seen before"); default: the settings read. Returns the report's figures.
    """
    fmt = parse_format(fmt)
    rflt = as_report_filter(flt)
    now = now or datetime.now(UTC)
    settings = settings or get_settings()
    with _session_for(source) as session, ExitStack() as readers:
        # The readers are closed before the session (also when a write fails half way: a full
        # disk), so their cursors close on an open connection.
        def reader(items: Iterator[Any]) -> Iterator[Any]:
            close = getattr(items, "close", None)
            if close is not None:
                readers.callback(close)
            return items

        totals = report_totals(session, rflt, now=now, settings=settings)
        if fmt == "csv":
            from functools import partial

            from claimtrack.services.reports.csvfmt import write_csv
            from claimtrack.services.reports.seenbefore import seen_for
            from claimtrack.services.seen import Thresholds

            matches = partial(seen_for, thresholds=Thresholds.of(settings), pattern=settings.check_url_pattern)
            write_csv(reader(iter_claims(session, rflt, seen=matches)), out)
            return totals
        verified = recently_verified(session, rflt)
        seen = reader(seen_before(session, rflt, settings=settings))
        top = reader(attention(session, rflt))
        groups = reader(group_by_article(reader(iter_claims(session, rflt))))
        if fmt == "md":
            from claimtrack.services.reports.markdown import write_markdown as writer
        elif fmt == "html":
            from claimtrack.services.reports.htmlfmt import write_html as writer
        else:
            from claimtrack.services.reports.jsonfmt import write_json as writer
        writer(totals, top, verified, groups, out, seen=seen)
        return totals


def write_report_file(
    source: Session | Database,
    flt: ReportFilter | ClaimFilter | None,
    fmt: str,
    path: str | Path,
    *,
    now: datetime | None = None,
    settings: Settings | None = None,
) -> ReportTotals:
    """Write a report in ``fmt`` to the file ``path``, as ``claimtrack report -o`` does, through
    :func:`claimtrack.fileio.output_file`: a regular file appears whole or not at all (an
    existing one is replaced only once the report is complete, its mode kept), a symlink's
    target is written, a device or a named pipe is written into. ``path`` is taken as it is
    (no ``~`` expansion). An unknown format is refused before anything is opened.
    Returns the report's figures, as :func:`write_report`."""
    from claimtrack.fileio import output_file

    fmt = parse_format(fmt)
    # csv.writer ends rows with \r\n itself: no newline translation for CSV.
    with output_file(path, newline="" if fmt == "csv" else None) as out:
        return write_report(source, flt, fmt, cast(TextIO, out), now=now, settings=settings)
