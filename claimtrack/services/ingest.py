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
3. one short write transaction storing them all (:func:`store_proposed`), which looks for each
   article again first: another process may have stored it meanwhile, and then it is skipped.

An article is stored whole (with all its claims) or not at all, and a failing extraction stores
nothing, since nothing is written before every extraction has succeeded.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, select

from claimtrack.domain import ChangeKind, ClaimStatus, ParsedArticle, Stance, utcnow
from claimtrack.errors import ClaimtrackError
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.identity import check_user_name
from claimtrack.services.workflow import record_change
from claimtrack.store.engine import Database
from claimtrack.store.models import Article, Claim, Evidence, stored_id

Extractor = Callable[..., list[ProposedClaim]]

#: Who the extractor's in-article evidence is recorded as added by.
EXTRACTOR_ACTOR = "extractor"


@dataclass
class IngestResult:
    article: Article
    created: bool
    claims: int
    """Claims stored for the article (all of them, when it was already there)."""
    title_from_body: bool = False
    """The text had no headline line: its first line was read as body text."""


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


def _takes_title(extractor: Extractor) -> bool:
    try:
        return "title" in inspect.signature(extractor).parameters
    except (TypeError, ValueError):
        return False


def stored_hashes(session: Session, hashes: Iterable[str]) -> set[str]:
    """Which of ``hashes`` belong to stored articles: a read, which takes no write lock."""
    wanted = sorted(set(hashes))
    found: set[str] = set()
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        found.update(session.exec(select(Article.content_hash).where(col(Article.content_hash).in_(chunk))).all())
    return found


def propose_claims(parsed: ParsedArticle, extractor: Extractor | None = None) -> list[ProposedClaim]:
    """The claims ``extractor`` (default: the built-in one) proposes for ``parsed``, scores rounded
    as they are stored. Touches no database: the slow part of an ingest, run outside any transaction."""
    if extractor is None:
        from claimtrack.extract import extract_claims

        extractor = extract_claims  # looked up now: tests and plug-ins may replace it
    own = parsed.outlet or (parsed.authors[0] if parsed.authors else None)
    if _takes_title(extractor):
        title = None if parsed.title_from_body else (parsed.title or None)  # (else it is in the body)
        proposals = extractor(parsed.body, default_claimant=own, title=title)
    else:  # an extractor written before titles were proposed (the LLM one, a plug-in)
        proposals = extractor(parsed.body, default_claimant=own)
    return [replace(proposal, score=round(float(proposal.score), 4)) for proposal in proposals]


def _existing_result(session: Session, existing: Article, parsed: ParsedArticle) -> IngestResult:
    count = len(session.exec(select(Claim.id).where(Claim.article_id == existing.id)).all())
    return IngestResult(article=existing, created=False, claims=count, title_from_body=parsed.title_from_body)


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
    ``session`` (the caller commits). Quick: nothing is extracted here. An article stored already
    (found by its content hash, ``content_hash`` if the caller has it) is returned unchanged."""
    user = check_user_name(user)
    existing = find_article_by_hash(session, content_hash or parsed.content_hash)
    if existing is not None:
        return _existing_result(session, existing, parsed)

    now = utcnow()
    article = Article(
        title=parsed.title,
        outlet=parsed.outlet,
        authors=parsed.authors,
        url=parsed.url,
        published=parsed.published,
        standfirst=parsed.standfirst,
        text=parsed.body,
        content_hash=content_hash or parsed.content_hash,
        source=source,
        ingested_at=now,
        ingested_by=user,
    )
    session.add(article)
    session.flush()

    for proposal in proposals:
        claim = create_claim(
            session,
            proposal,
            article_id=stored_id(article),
            user=user,
            at=now,
            origin="extractor",
            note=f"extracted from article {article.id}" + (f" ({source})" if source else ""),
        )
        if proposal.disputed_by:
            who = "; ".join(proposal.disputed_by)
            claim.version = 2
            evidence = Evidence(
                claim_id=stored_id(claim),
                url=parsed.url,
                title=f"In the article: disputed by {who}",
                stance=Stance.REFUTES.value,
                note="An in-article denial found by the extractor.",
                quote=proposal.dispute,
                added_by=EXTRACTOR_ACTOR,
                added_at=now,
            )
            session.add(evidence)
            session.flush()
            record_change(
                session,
                claim,
                EXTRACTOR_ACTOR,
                ChangeKind.EVIDENCE,
                to_value=f"{Stance.REFUTES.value}: in-article denial by {who}",
                evidence_id=evidence.id,
            )
    session.flush()
    return IngestResult(article=article, created=True, claims=len(proposals), title_from_body=parsed.title_from_body)


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
    content_hash = parsed.content_hash
    existing = find_article_by_hash(session, content_hash)
    if existing is not None:
        return _existing_result(session, existing, parsed)
    proposals = propose_claims(parsed, extractor)
    return store_proposed(session, parsed, proposals, user=user, source=source, content_hash=content_hash)


@dataclass
class PendingArticle:
    """An article read (or fetched) and parsed, not stored yet."""

    source: str | None
    parsed: ParsedArticle
    content_hash: str = field(init=False, repr=False)
    """Computed once: a 40 MB article takes a while to hash."""

    def __post_init__(self) -> None:
        self.content_hash = self.parsed.content_hash


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
    store: Callable[[Session, P, list[ProposedClaim]], R] | None = None,
) -> list[R]:
    """Propose the claims of the ``items`` not stored yet, then store all of them in one short
    write transaction: one result per item, in order (all stored, or none).

    A short read first finds the articles stored already, which are not extracted again (nor an
    article given twice). The extractor runs with no transaction open. The write transaction
    then looks for each article again and skips it if another process stored it meanwhile.
    ``store(session, item, proposals)`` stores one item (default: :func:`store_proposed`); an
    error from it or from the extractor stores nothing.
    """
    user = check_user_name(user)
    if not items:
        return []
    if store is None:

        def store(session: Session, item: P, proposals: list[ProposedClaim]) -> R:
            return store_proposed(  # type: ignore[return-value]  # the default store's R is IngestResult
                session, item.parsed, proposals, user=user, source=item.source, content_hash=item.content_hash
            )

    hashes = {item.content_hash for item in items}
    extracted: dict[str, list[ProposedClaim]] = {}
    for round_ in range(STORE_ROUNDS):
        with db.session() as session:  # reads only: no write lock
            present = stored_hashes(session, hashes)
        for item in items:  # the slow part, with no transaction open
            if item.content_hash not in present and item.content_hash not in extracted:
                extracted[item.content_hash] = propose_claims(item.parsed, extractor)
        last = round_ == STORE_ROUNDS - 1
        try:
            with db.session() as session:
                results: list[R] = []
                for item in items:
                    proposals = extracted.get(item.content_hash)
                    if proposals is None and find_article_by_hash(session, item.content_hash) is None:
                        raise _NotExtracted(item.source)
                    results.append(store(session, item, proposals or []))
                return results
        except _NotExtracted:
            if last:
                raise ClaimtrackError(
                    "articles were deleted while they were being ingested; nothing was stored"
                ) from None
        except sa.exc.IntegrityError:
            # Another process may have stored one of the articles between the look and the insert:
            # look again (it is found and skipped). Any other conflict is not ours to retry.
            with db.session() as session:
                stored_meanwhile = not stored_hashes(session, hashes) <= present
            if last or not stored_meanwhile:
                raise
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
