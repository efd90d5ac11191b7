"""Ingest: an article and the claims extracted from it, stored in one short transaction.

The same article (same title and body) ingested twice is stored once: the second ingest finds it
by its content hash and changes nothing (and its claims are not extracted again).

Extraction can take minutes (a long article, a slow language model), so it never runs inside a
write transaction: with SQLite that would hold the database's one write lock all along, and every
checker's note or status change would wait for it and fail with "database is locked". An ingest
goes in three steps (:func:`extract_then_store`):

1. a short read: which of the articles are stored already (no lock taken: a SQLite session only
   begins a transaction, deferred, at its first INSERT/UPDATE/DELETE);
2. the claims of the others proposed (:func:`propose_claims`), with no transaction open;
3. one short write transaction storing them all (:func:`store_batch`), set-based: one
   ``INSERT ... ON CONFLICT (content_hash) DO NOTHING RETURNING`` of the articles, then one
   statement each for their claims, in-article evidence and history (``COPY`` on PostgreSQL;
   not one ORM flush per claim). An article another process stored meanwhile is skipped by the conflict, not an error.

An article is stored whole (with all its claims) or not at all, and a failing extraction stores
nothing, since nothing is written before every extraction has succeeded. Any number of
processes can ingest into one database at once, with overlapping inputs: each article is stored
exactly once, and on PostgreSQL the articles are inserted in content-hash order, so that two
ingests cannot deadlock on each other's locks (docs/data-model.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from claimtrack.domain import ChangeKind, ClaimStatus, ParsedArticle, Stance, utcnow
from claimtrack.errors import ClaimtrackError
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.identity import check_user_name
from claimtrack.services.proposals import Extractor, propose_claims
from claimtrack.services.workflow import record_change
from claimtrack.store.bulk import insert_rows
from claimtrack.store.engine import Database
from claimtrack.store.models import Article, Claim, Evidence, HistoryEntry, stored_id

#: Who the extractor's in-article evidence is recorded as added by.
EXTRACTOR_ACTOR = "extractor"

_ARTICLE: sa.Table = Article.__table__  # type: ignore[attr-defined]  # SQLModel's stubs lack __table__
_CLAIM: sa.Table = Claim.__table__  # type: ignore[attr-defined]
_EVIDENCE: sa.Table = Evidence.__table__  # type: ignore[attr-defined]
_HISTORY: sa.Table = HistoryEntry.__table__  # type: ignore[attr-defined]


@dataclass
class IngestResult:
    article: Article
    created: bool
    claims: int
    """Claims stored for the article (all of them, when it was already there)."""
    title_from_body: bool = False
    """The text had no headline line: its first line was read as body text."""


@dataclass
class PendingArticle:
    """An article read (or fetched) and parsed, not stored yet."""

    source: str | None
    parsed: ParsedArticle
    content_hash: str = field(default="", repr=False, kw_only=True)
    """Computed once (unless given): a 40 MB article takes a while to hash."""

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = self.parsed.content_hash


def find_article_by_hash(session: Session, content_hash: str) -> Article | None:
    return session.exec(select(Article).where(Article.content_hash == content_hash)).first()


def create_claim(
    session: Session,
    proposal: ProposedClaim,
    *,
    article_id: int,
    user: str,
    at: datetime,
    origin: str,
    note: str,
) -> Claim:
    """Store one proposed claim as ``new``, with the history entry that records its creation."""
    claim = Claim(
        **proposal.claim_columns(),
        article_id=article_id,
        status=ClaimStatus.NEW,
        origin=origin,
        version=1,
        created_at=at,
        created_by=user,
        updated_at=at,
        updated_by=user,
    )
    session.add(claim)
    session.flush()
    record_change(session, claim, user, ChangeKind.CREATED, to_value=ClaimStatus.NEW.value, note=note)
    return claim


def stored_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    """Which of ``hashes`` belong to stored articles: a read, which takes no write lock."""
    wanted = sorted(set(hashes))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found.update(session.exec(select(Article.content_hash).where(col(Article.content_hash).in_(chunk))).all())
    return found


def dialect_insert(session: Session, table: sa.Table) -> Any:
    """``INSERT`` into ``table`` for the session's engine, SQLite or PostgreSQL: one that can take
    ``ON CONFLICT DO NOTHING``."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table)


def _article_ids(session: Session, count: int) -> list[int] | None:
    """On PostgreSQL, ``count`` new article ids, in ascending order, taken from the sequence at
    once: the articles are then inserted in content-hash order (the order every ingest takes the
    unique index's locks in, so that concurrent ingests cannot deadlock) and still numbered in
    input order. ``None`` on SQLite, which takes one lock for the whole database: its articles are
    inserted in input order (numbered by the insert), and no lock order is needed."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return None
    return _sequence_ids(connection, "article", count)


def _new_ids(session: Session, table: sa.Table, count: int) -> list[int]:
    """``count`` ids for new rows of ``table``, ascending, known before the insert (which then
    needs no ``RETURNING``, and the rows are numbered in the order given). PostgreSQL: taken from
    the table's sequence. SQLite: the ones after the largest, which are the ids SQLite would give;
    called only once the transaction has written (it then holds the database's write lock, and no
    other writer can take them meanwhile)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return _sequence_ids(connection, table.name, count)
    last = connection.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()
    return list(range(last + 1, last + 1 + count))


def _sequence_ids(connection: sa.Connection, table: str, count: int) -> list[int]:
    rows = connection.execute(
        sa.text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
        {"table": table, "n": count},
    )
    return sorted(row[0] for row in rows)


def store_batch(
    session: Session,
    items: Sequence[PendingArticle],
    proposals: Mapping[str, Sequence[ProposedClaim]],
    *,
    user: str,
) -> list[IngestResult]:
    """Store the ``items`` with the claims proposed for them (``proposals``, by content hash) in
    ``session`` (the caller commits): one result per item, in order.

    Set-based: one ``INSERT`` of the articles (``ON CONFLICT (content_hash) DO NOTHING RETURNING``),
    then one statement each for their claims, in-article evidence and history (``COPY`` on
    PostgreSQL, :mod:`claimtrack.store.bulk`), whatever the number of articles. An article stored already, by an earlier ingest or by another process
    while this one extracted (even one whose transaction is still open: PostgreSQL waits for it
    to end), is left as it is and returned with ``created=False``; so is an item given twice. An
    item with no proposals must be stored already (:class:`_NotExtracted` otherwise).
    """
    user = check_user_name(user)
    now = utcnow()
    connection = session.connection()
    new: dict[str, PendingArticle] = {}  # first occurrence of each content hash, in input order
    for item in items:
        if item.content_hash in proposals and item.content_hash not in new:
            new[item.content_hash] = item
    created: dict[str, Article] = {}
    if new:
        rows: list[dict[str, Any]] = [
            {
                "title": item.parsed.title,
                "outlet": item.parsed.outlet,
                "authors": item.parsed.authors,
                "url": item.parsed.url,
                "published": item.parsed.published,
                "standfirst": item.parsed.standfirst,
                "text": item.parsed.body,
                "content_hash": content_hash,
                "source": item.source,
                "ingested_at": now,
                "ingested_by": user,
            }
            for content_hash, item in new.items()
        ]
        ids = _article_ids(session, len(rows))
        if ids is not None:
            for row, article_id in zip(rows, ids):
                row["id"] = article_id
            rows.sort(key=lambda row: row["content_hash"])  # the lock order (see _article_ids)
        statement = (
            dialect_insert(session, _ARTICLE)
            .on_conflict_do_nothing(index_elements=["content_hash"])
            .returning(_ARTICLE.c.id, _ARTICLE.c.content_hash)
        )
        stored = {content_hash: article_id for article_id, content_hash in connection.execute(statement, rows)}
        for row in rows:
            if row["content_hash"] in stored:
                article = Article(**{**row, "id": stored[row["content_hash"]]})
                make_transient_to_detached(article)
                session.add(article)  # as if read back: nothing more is written for it
                created[row["content_hash"]] = article
        _store_claims(session, [(created[h], new[h], proposals[h]) for h in new if h in created], user=user, at=now)
    missing = {item.content_hash for item in items} - created.keys()
    existing: dict[str, Article] = {}
    counts: dict[int, int] = {}
    if missing:
        wanted = sorted(missing)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            for article in session.exec(select(Article).where(col(Article.content_hash).in_(chunk))).all():
                existing[article.content_hash] = article
        ids = [stored_id(article) for article in existing.values()]
        for i in range(0, len(ids), 500):
            chunk_ids = ids[i : i + 500]
            counts.update(
                session.exec(
                    select(Claim.article_id, sa.func.count())
                    .where(col(Claim.article_id).in_(chunk_ids))
                    .group_by(col(Claim.article_id))
                ).all()
            )
    results: list[IngestResult] = []
    seen: set[str] = set()
    for item in items:
        content_hash = item.content_hash
        from_body = item.parsed.title_from_body
        if content_hash in created and content_hash not in seen:
            article = created[content_hash]
            results.append(IngestResult(article, True, len(proposals[content_hash]), title_from_body=from_body))
        elif content_hash in created:  # given twice: stored by its first occurrence
            article = created[content_hash]
            results.append(IngestResult(article, False, len(proposals[content_hash]), title_from_body=from_body))
        elif content_hash in existing:
            article = existing[content_hash]
            count = counts.get(stored_id(article), 0)
            results.append(IngestResult(article, False, count, title_from_body=from_body))
        else:
            raise _NotExtracted(item.source)
        seen.add(content_hash)
    return results


def _store_claims(
    session: Session,
    articles: Sequence[tuple[Article, PendingArticle, Sequence[ProposedClaim]]],
    *,
    user: str,
    at: datetime,
) -> None:
    """The claims of articles just stored, their in-article evidence and their history, in one
    statement per table (``store.bulk``: ``COPY`` on PostgreSQL), with ids known beforehand
    (:func:`_new_ids`).
    The rows and their ids are those one flush per claim gave: claims in article and proposal
    order, and each claim's "created" entry followed by its evidence entry."""
    claim_rows: list[dict[str, Any]] = []
    notes: list[str] = []
    for article, item, proposals in articles:
        note = f"extracted from article {article.id}" + (f" ({item.source})" if item.source else "")
        for proposal in proposals:
            claim_rows.append(
                {
                    **proposal.claim_columns(),
                    "article_id": article.id,
                    "status": ClaimStatus.NEW.value,
                    "origin": "extractor",
                    "version": 2 if proposal.disputed_by else 1,
                    "created_at": at,
                    "created_by": user,
                    "updated_at": at,
                    "updated_by": user,
                }
            )
            notes.append(note)
    if not claim_rows:
        return
    connection = session.connection()
    claim_ids = _new_ids(session, _CLAIM, len(claim_rows))
    for row, claim_id in zip(claim_rows, claim_ids):
        row["id"] = claim_id
    insert_rows(connection, _CLAIM, claim_rows)
    urls = [item.parsed.url for _, item, proposals in articles for _ in proposals]
    all_proposals = [proposal for _, _, proposals in articles for proposal in proposals]
    disputed = [i for i, proposal in enumerate(all_proposals) if proposal.disputed_by]
    evidence_ids: dict[int, int] = {}
    if disputed:
        evidence_ids = dict(zip(disputed, _new_ids(session, _EVIDENCE, len(disputed))))
        evidence_rows = [
            {
                "id": evidence_ids[i],
                "claim_id": claim_ids[i],
                "url": urls[i],
                "title": f"In the article: disputed by {'; '.join(all_proposals[i].disputed_by)}",
                "stance": Stance.REFUTES.value,
                "note": "An in-article denial found by the extractor.",
                "quote": all_proposals[i].dispute,
                "added_by": EXTRACTOR_ACTOR,
                "added_at": at,
            }
            for i in disputed
        ]
        insert_rows(connection, _EVIDENCE, evidence_rows)
    history_rows: list[dict[str, Any]] = []
    for i, claim_id in enumerate(claim_ids):
        history_rows.append(
            {
                "claim_id": claim_id,
                "at": at,
                "actor": user,
                "kind": ChangeKind.CREATED.value,
                "from_value": None,
                "to_value": ClaimStatus.NEW.value,
                "note": notes[i],
                "version": 1,
                "evidence_id": None,
                "undoes": None,
            }
        )
        if i in evidence_ids:
            who = "; ".join(all_proposals[i].disputed_by)
            history_rows.append(
                {
                    "claim_id": claim_id,
                    "at": at,
                    "actor": EXTRACTOR_ACTOR,
                    "kind": ChangeKind.EVIDENCE.value,
                    "from_value": None,
                    "to_value": f"{Stance.REFUTES.value}: in-article denial by {who}",
                    "note": None,
                    "version": 2,
                    "evidence_id": evidence_ids[i],
                    "undoes": None,
                }
            )
    insert_rows(connection, _HISTORY, history_rows)


def store_proposed(
    session: Session,
    parsed: ParsedArticle,
    proposals: Sequence[ProposedClaim],
    *,
    user: str,
    source: str | None = None,
    content_hash: str | None = None,
) -> IngestResult:
    """Store ``parsed`` and the claims proposed for it beforehand (:func:`propose_claims`) in
    ``session`` (the caller commits): :func:`store_batch` for one article. Quick: nothing is
    extracted here. An article stored already (found by its content hash, ``content_hash`` if
    the caller has it) is returned unchanged."""
    item = PendingArticle(source, parsed, content_hash=content_hash or "")
    [result] = store_batch(session, [item], {item.content_hash: proposals}, user=user)
    return result


def store_article(
    session: Session,
    parsed: ParsedArticle,
    *,
    user: str,
    source: str | None = None,
    extractor: Extractor | None = None,
) -> IngestResult:
    """Extract the claims of ``parsed`` and store both in ``session`` (the caller commits).

    The extractor runs while the caller's session is open: if it has written anything already,
    the write lock is held all the while. Fine for a few small articles (the fixtures, tests);
    an ingest uses :func:`extract_then_store`, which extracts before it opens a write transaction.
    """
    user = check_user_name(user)
    item = PendingArticle(source, parsed)
    if find_article_by_hash(session, item.content_hash) is not None:
        [result] = store_batch(session, [item], {}, user=user)
        return result
    proposals = propose_claims(parsed, extractor)
    [result] = store_batch(session, [item], {item.content_hash: proposals}, user=user)
    return result


P = TypeVar("P", bound=PendingArticle)
R = TypeVar("R")

#: How many times :func:`extract_then_store` looks again when the database changed under it.
STORE_ROUNDS = 3


class _NotExtracted(Exception):
    """An article stored when the ingest looked was gone when it came to store it."""


def extract_then_store(
    db: Database,
    items: Sequence[P],
    *,
    user: str,
    extractor: Extractor | None = None,
    then: Callable[[Session, P, IngestResult], R] | None = None,
    propose: Callable[[Sequence[P]], Sequence[Sequence[ProposedClaim]]] | None = None,
) -> list[R]:
    """Propose the claims of the ``items`` not stored yet, then store all of them in one short
    write transaction (:func:`store_batch`): one result per item, in order (all stored, or none).

    A short read first finds the articles stored already, which are not extracted again (nor an
    article given twice). The extractor runs with no transaction open. The write transaction
    then inserts the others with ``ON CONFLICT (content_hash) DO NOTHING``: one that another
    process stored meanwhile is skipped and reported as stored before, never an error.
    ``then(session, item, result)``, if given, runs in the same transaction after the batch is
    stored, once per item in order, and its value is the item's result (default: the
    :class:`IngestResult`); an error from it or from the extractor stores nothing.
    ``propose(items)``, if given, extracts instead of :func:`propose_claims` with ``extractor``:
    the proposals of each of the items to extract, in order (``ingest --jobs N``: in worker
    processes, ``services.parallel``).
    """
    user = check_user_name(user)
    if not items:
        return []
    hashes = {item.content_hash for item in items}
    extracted: dict[str, list[ProposedClaim]] = {}
    for round_ in range(STORE_ROUNDS):
        with db.session() as session:  # reads only: no write lock
            present = stored_hashes(session, hashes)
        wanted: dict[str, P] = {}  # the slow part, with no transaction open
        for item in items:
            if item.content_hash not in present and item.content_hash not in extracted:
                wanted.setdefault(item.content_hash, item)
        if propose is None:
            for content_hash, item in wanted.items():
                extracted[content_hash] = propose_claims(item.parsed, extractor)
        elif wanted:
            for content_hash, proposals in zip(wanted, propose(list(wanted.values())), strict=True):
                extracted[content_hash] = list(proposals)
        try:
            with db.session() as session:
                stored = store_batch(session, items, extracted, user=user)
                if then is None:
                    return stored  # type: ignore[return-value]  # without ``then``, R is IngestResult
                return [then(session, item, result) for item, result in zip(items, stored)]
        except _NotExtracted:
            if round_ == STORE_ROUNDS - 1:
                raise ClaimtrackError(
                    "articles were deleted while they were being ingested; nothing was stored"
                ) from None
    raise AssertionError("unreachable")  # pragma: no cover


def add_manual_claim(
    session: Session,
    article_id: int,
    start: int,
    end: int,
    *,
    user: str,
    claimant: str | None = None,
    cue: str | None = None,
    note: str | None = None,
) -> Claim:
    """A claim the extractor missed, marked by a checker: ``article.text[start:end]``.

    Surrounding white space is trimmed from the span; the sentence around it and its score are
    computed as for extracted claims.
    """
    from claimtrack.errors import InputError, NotFoundError
    from claimtrack.extract import score_sentence, split_sentences
    from claimtrack.services.workflow import check_label

    user = check_user_name(user)
    claimant, cue = check_label(claimant, "claimant"), check_label(cue, "cue")  # refused before anything is read
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"no article with id {article_id}")
    text = article.text
    if not (0 <= start < end <= len(text)):
        raise InputError(f"the span {start}-{end} is not inside article {article_id} (0-{len(text)})")
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise InputError("the selected text is empty")
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", start)
    para_end = len(text) if para_end == -1 else para_end
    sentence_start, sentence_end = start, end
    for s_start, s_end in split_sentences(text[para_start:para_end]):
        if para_start + s_start <= start < para_start + s_end:
            sentence_start = para_start + s_start
            sentence_end = max(para_start + s_end, end)
            break
    proposal = ProposedClaim(
        text=text[start:end],
        start=start,
        end=end,
        sentence=text[sentence_start:sentence_end],
        sentence_start=sentence_start,
        sentence_end=sentence_end,
        claimant=claimant,
        cue=cue,
        score=round(float(score_sentence(text[sentence_start:sentence_end])), 4),
    )
    claim = create_claim(
        session,
        proposal,
        article_id=article_id,
        user=user,
        at=utcnow(),
        origin="manual",
        note=(note or "").strip() or "added by hand",
    )
    session.flush()
    return claim
