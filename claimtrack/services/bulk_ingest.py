"""Big inputs: folders of article files and JSON Lines, streamed into the database in batches.

An explicit list of files and urls is ingested whole or not at all (``web_ingest.ingest_sources``).
A folder or a JSON Lines file may hold a day's news, or a year's: it is read as a stream, never
whole, and stored :data:`BATCH` articles at a time, each batch through
:func:`~claimtrack.services.ingest.extract_then_store` (the claims extracted with no transaction
open, then one short write transaction for the batch). So memory stays flat whatever the input's
size, and an ingest killed half way has stored whole batches only: run again, it finds what is
stored by its content hash and skips it, and stores the rest once.

The articles of a folder or of a JSON Lines file are independent: one that cannot be read (not
UTF-8, binary, empty; a line that is not a JSON object, has no ``text``, or a field of the wrong
type) is reported as an :class:`Outcome` with its error, in input order, and the others are
stored. The caller decides the exit status.

A JSON Lines article: ``text`` (the body, required), and optionally ``title``, ``url``,
``published`` (``YYYY-MM-DD`` or an ISO date-time), ``outlet``, ``authors`` (a list of names, or
one string of names separated by commas); other keys are ignored, ``null`` is as absent. Without
a ``title`` the title is the text's opening words, as for a file with no headline line.
"""

from __future__ import annotations

import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import IO, Any

from claimtrack import fileio
from claimtrack.domain import ParsedArticle
from claimtrack.errors import InputError
from claimtrack.extract.types import ProposedClaim
from claimtrack.limits import MAX_TITLE_LENGTH
from claimtrack.services import parallel
from claimtrack.services.articles import MAX_ARTICLE_BYTES, derived_title, parse_article, read_text_file
from claimtrack.services.identity import check_user_name
from claimtrack.services.ingest import (
    Extractor,
    IngestResult,
    PendingArticle,
    extract_then_store,
    propose_claims,
    stored_hashes,
)
from claimtrack.services.parallel import ExtractionPool
from claimtrack.services.seen import Found, MatchSummary
from claimtrack.services.workflow import check_url
from claimtrack.store.engine import Database
from claimtrack.store.models import stored_id

#: Articles stored per transaction (and matched per round) when streaming.
BATCH = 100
#: Batches whose extraction runs in the workers while the writer stores an earlier one (``--jobs N``).
AHEAD = 2
#: The longest JSON Lines line: an article as long as the longest article file, and its fields.
LINE_LIMIT = MAX_ARTICLE_BYTES + 1024 * 1024
#: The default pattern of the files read in a folder.
DEFAULT_GLOB = "*.txt"
#: The longest outlet name (the column's size).
MAX_OUTLET_LENGTH = 200
#: The strongest matches to earlier checks kept for the closing report (the counts are kept whole).
KEEP_FOUND = 50

Progress = Callable[[int, int, str], None]
"""``progress(articles, claims, what)``: articles read so far, claims stored so far, the last source."""


@dataclass
class Failure:
    """An input article that could not be read: reported, not stored."""

    source: str
    error: str


@dataclass
class Outcome:
    """What became of one input article, in input order: stored (or found stored), or failed."""

    source: str
    result: IngestResult | None = None
    error: str | None = None
    from_file: bool = False
    """Read from an article file (whose first line may have been read as body text)."""


@dataclass
class _Article(PendingArticle):
    from_file: bool = False


Entry = _Article | Failure


@dataclass
class MatchTotals(MatchSummary):
    """A :class:`MatchSummary` summed over batches: the counts whole, the strongest matches only."""

    checks: int = 0

    @property
    def claims_matching_checks(self) -> int:
        return self.checks

    def add(self, summary: MatchSummary) -> None:
        self.claims += summary.claims
        self.matched += summary.matched
        self.checks += summary.claims_matching_checks  # each batch's claims are new: no overlap
        best: list[Found] = sorted([*self.found, *summary.checked], key=lambda f: -f.score)
        self.found = best[:KEEP_FOUND]


@dataclass
class StreamReport:
    """The totals of a streamed ingest."""

    read: int = 0
    """Articles read (stored, found stored, or failed)."""
    stored: int = 0
    claims: int = 0
    """Claims found in the articles stored now."""
    already: int = 0
    failed: int = 0
    matches: MatchTotals = field(default_factory=MatchTotals)


# --- reading ---------------------------------------------------------------------------------


def iter_folder(folder: str | Path, pattern: str = DEFAULT_GLOB) -> Iterator[Path | Failure]:
    """The files under ``folder`` (recursively, symlinked folders not followed) whose path
    matches ``pattern`` (``*.txt``; ``2024/*.txt`` for those in a folder named 2024), in sorted
    order: folder by folder, names sorted, so two runs read them in the same order. A folder
    that cannot be listed is a :class:`Failure` (and the others are read)."""
    root = Path(folder)
    unreadable: list[OSError] = []

    def failures() -> Iterator[Failure]:
        while unreadable:
            exc = unreadable.pop(0)
            where = str(exc.filename or root)
            yield Failure(where, f"{where}: cannot read the folder ({exc.strerror or exc})")

    for here, dirs, files in os.walk(root, onerror=unreadable.append):
        yield from failures()
        dirs.sort()
        base = Path(here)
        for name in sorted(files):
            path = base / name
            if PurePath(path.relative_to(root)).match(pattern):
                yield path
    yield from failures()


def read_folder(folder: str | Path, pattern: str = DEFAULT_GLOB, *, title_line: bool | None = None) -> Iterator[Entry]:
    """The articles of a folder's files (:func:`iter_folder`), one at a time: a file that cannot
    be read or parsed is a :class:`Failure`. None at all matching is an :class:`InputError`."""
    seen = False
    for path in iter_folder(folder, pattern):
        seen = True
        if isinstance(path, Failure):
            yield path
            continue
        name = str(path)
        try:
            parsed = parse_article(read_text_file(path), name, title_line=title_line)
        except InputError as exc:
            yield Failure(name, str(exc))
            continue
        yield _Article(name, parsed, from_file=True)
    if not seen:
        raise InputError(f"{folder}: no files matching {pattern} in this folder or below it (--glob sets the pattern)")


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(number, line)`` for each line of ``stream``; a line over ``limit`` bytes is
    ``(number, None)``, skipped to its end without keeping it."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit:
            while line and not line.endswith(b"\n"):
                line = stream.readline(1024 * 1024)
            yield number, None
            continue
        yield number, line


def _text_field(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f'{where}: "{key}" is {_kind(value)}, not a string')
    _check_encodable(value, key, where)
    return value.replace("\x00", "")


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _check_encodable(value: str, key: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise InputError(f'{where}: "{key}" holds an unpaired surrogate (\\u{code:04x}), not text') from None


_AUTHOR_SPLIT = re.compile(r",|;|\band\b")


def article_from_json(obj: object, where: str) -> ParsedArticle:
    """A JSON Lines article (see the module's docstring) as parsed; :class:`InputError` names
    ``where`` (``FILE: line N``) and what is wrong."""
    if not isinstance(obj, dict):
        raise InputError(f'{where}: {_kind(obj)}, not a JSON object with a "text"')
    raw = obj.get("text")
    if raw is None:
        raise InputError(f'{where}: no "text"')
    body_text = _text_field(obj, "text", where) or ""
    body = "\n".join(line.rstrip() for line in body_text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    body = body.strip("\n")
    if not body.strip():
        raise InputError(f'{where}: "text" is empty')
    title = (_text_field(obj, "title", where) or "").strip()
    if len(title) > MAX_TITLE_LENGTH:
        raise InputError(f'{where}: "title" is {len(title):,} characters; the limit is {MAX_TITLE_LENGTH:,}')
    url = _text_field(obj, "url", where)
    if url is not None and url.strip():
        try:
            url = check_url(url)
        except InputError as exc:
            raise InputError(f'{where}: "url": {exc}') from None
    else:
        url = None
    outlet = (_text_field(obj, "outlet", where) or "").strip() or None
    if outlet is not None and len(outlet) > MAX_OUTLET_LENGTH:
        raise InputError(f'{where}: "outlet" is {len(outlet):,} characters; the limit is {MAX_OUTLET_LENGTH}')
    return ParsedArticle(
        title=title or derived_title(body),
        body=body,
        authors=_authors(obj.get("authors"), where),
        outlet=outlet,
        url=url,
        published=_published(obj.get("published"), where),
        title_from_body=not title,
    )


def _authors(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        names = _AUTHOR_SPLIT.split(value)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        names = list(value)
    else:
        raise InputError(f'{where}: "authors" is {_kind(value)}: give a list of names or a string')
    out = []
    for name in names:
        _check_encodable(name, "authors", where)
        name = name.replace("\x00", "").strip()
        if name:
            out.append(name[:MAX_OUTLET_LENGTH])
    return out


def _published(value: object, where: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f'{where}: "published" is {_kind(value)}: give YYYY-MM-DD or an ISO date and time')
    text = value.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text).date()
    except ValueError:
        shown = text[:40] + ("…" if len(text) > 40 else "")
        raise InputError(f'{where}: "published" {shown!r} is not YYYY-MM-DD or an ISO date and time') from None


def read_jsonl(name: str) -> Iterator[Entry]:
    """The articles of a JSON Lines file (``-``: standard input), one a line, read one line at a
    time; a bad line is a :class:`Failure` naming its number. Blank lines are skipped. A file
    that cannot be opened is an :class:`InputError`."""
    label = fileio.label(name)
    source = "stdin" if name == fileio.STDIN else name
    with fileio.open_input(name, limit=None, what="a JSON Lines file") as stream:
        try:
            for number, line in _lines(stream, LINE_LIMIT):
                where = f"{label}: line {number}"
                if line is None:
                    yield Failure(where, f"{where}: over the {LINE_LIMIT:,}-byte limit of a line")
                    continue
                if not line.strip():
                    continue
                try:
                    obj = fileio.loads_json(line.decode("utf-8").lstrip("\ufeff").strip())
                    parsed = article_from_json(obj, where)
                except UnicodeDecodeError as exc:
                    yield Failure(where, f"{where}: not UTF-8 text (bad byte at column {exc.start + 1})")
                    continue
                except InputError as exc:
                    yield Failure(where, str(exc))
                    continue
                except fileio.JSONValueError as exc:
                    yield Failure(where, f"{where}: {exc}")
                    continue
                except json.JSONDecodeError as exc:
                    yield Failure(where, f"{where}: not valid JSON ({exc.msg}, column {exc.colno})")
                    continue
                except RecursionError:
                    yield Failure(where, f"{where}: JSON nested too deep")
                    continue
                yield _Article(f"{source}:{number}", parsed)
        except OSError as exc:
            raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None


# --- storing ---------------------------------------------------------------------------------


def ingest_stream(
    db: Database,
    entries: Iterable[Entry],
    *,
    user: str,
    report: StreamReport,
    extractor: Extractor | None = None,
    match: bool = True,
    batch: int | None = None,
    progress: Progress | None = None,
    pool: ExtractionPool | None = None,
) -> Iterator[Outcome]:
    """Store the articles of ``entries`` ``batch`` at a time (default :data:`BATCH`), each batch in
    one short transaction (:func:`extract_then_store`: those stored already are skipped, not
    extracted again), yielding one :class:`Outcome` per entry in input order as each batch is
    stored. With ``match``, the claims of each batch's new articles are matched then
    (``services.similar.match_articles``), the totals summed in ``report.matches``. An error while
    extracting or storing stops the stream: the batches before it stay stored.

    With a parallel ``pool`` (``ingest --jobs N``), the claims are extracted in its worker
    processes, :data:`AHEAD` batches ahead: while this process (the one writer) stores a batch,
    the workers extract the next two (one ahead left them idle whenever a batch extracted faster
    than the one before it stored). The batches, the order of storing and so the ids and outcomes
    are the same as in-process; at most three batches are read ahead of what is stored, so memory
    stays flat."""
    user = check_user_name(user)
    size = max(1, batch if batch is not None else BATCH)
    if pool is not None and pool.parallel:
        yield from _pipelined(
            db, entries, user=user, report=report, match=match, size=size, progress=progress, pool=pool
        )
        return
    pending: list[Entry] = []
    for entry in entries:
        pending.append(entry)
        if progress is not None:
            progress(report.read + len(pending), report.claims, entry.source or "")
        if len(pending) >= size:
            yield from _flush(db, pending, user=user, report=report, extractor=extractor, match=match)
            pending = []
            if progress is not None:
                progress(report.read, report.claims, "")
    if pending:
        yield from _flush(db, pending, user=user, report=report, extractor=extractor, match=match)
        if progress is not None:
            progress(report.read, report.claims, "")


@dataclass
class _Submitted:
    """A batch read, its extraction started in the pool's workers."""

    entries: list[Entry]
    futures: dict[str, Future[list[ProposedClaim]]]

    def cancel(self) -> None:
        for future in self.futures.values():
            future.cancel()


def _pipelined(
    db: Database,
    entries: Iterable[Entry],
    *,
    user: str,
    report: StreamReport,
    match: bool,
    size: int,
    progress: Progress | None,
    pool: ExtractionPool,
) -> Iterator[Outcome]:
    """:func:`ingest_stream` with the extraction in ``pool``, one batch ahead of the storing."""
    window: deque[_Submitted] = deque()
    pending: list[Entry] = []
    read = report.read

    def finish(submitted: _Submitted) -> Iterator[Outcome]:
        yield from _flush(
            db, submitted.entries, user=user, report=report, extractor=pool.extractor, match=match, ahead=submitted
        )
        if progress is not None:
            progress(report.read, report.claims, "")

    try:
        for entry in entries:
            pending.append(entry)
            read += 1
            if progress is not None:
                progress(read, report.claims, entry.source or "")
            if len(pending) >= size:
                window.append(_submit(db, pending, pool))
                pending = []
                while len(window) > AHEAD:
                    yield from finish(window.popleft())
        if pending:
            window.append(_submit(db, pending, pool))
        while window:
            yield from finish(window.popleft())
    finally:
        for submitted in window:  # stopped by an error: the work read ahead is dropped
            submitted.cancel()


def _submit(db: Database, pending: list[Entry], pool: ExtractionPool) -> _Submitted:
    """Start extracting the batch's articles not stored yet (a read: no lock taken)."""
    articles = [e for e in pending if isinstance(e, _Article)]
    with db.session() as session:
        present = stored_hashes(session, (a.content_hash for a in articles))
    wanted: dict[str, _Article] = {}
    for article in articles:
        if article.content_hash not in present:
            wanted.setdefault(article.content_hash, article)
    futures = dict(zip(wanted, pool.submit([a.parsed for a in wanted.values()]), strict=True))
    return _Submitted(pending, futures)


def _flush(
    db: Database,
    pending: list[Entry],
    *,
    user: str,
    report: StreamReport,
    extractor: Extractor | None,
    match: bool,
    ahead: _Submitted | None = None,
) -> Iterator[Outcome]:
    articles = [e for e in pending if isinstance(e, _Article)]
    propose = None
    if ahead is not None:
        futures = ahead.futures

        def propose(items: Sequence[_Article]) -> list[list[ProposedClaim]]:
            # extracted in the workers; one stored then deleted since, extracted now
            return [
                parallel.result(futures[item.content_hash])
                if item.content_hash in futures
                else propose_claims(item.parsed, extractor)
                for item in items
            ]

    stored: list[IngestResult] = extract_then_store(db, articles, user=user, extractor=extractor, propose=propose)
    results = iter(stored)
    outcomes: list[Outcome] = []
    created: list[int] = []
    for entry in pending:
        report.read += 1
        if isinstance(entry, Failure):
            report.failed += 1
            outcomes.append(Outcome(entry.source, error=entry.error))
            continue
        result = next(results)
        if result.created:
            report.stored += 1
            report.claims += result.claims
            created.append(stored_id(result.article))
        else:
            report.already += 1
        outcomes.append(Outcome(entry.source or "", result=result, from_file=entry.from_file))
    if match and created:
        from claimtrack.services.similar import match_articles

        report.matches.add(match_articles(db, created))
    yield from outcomes
