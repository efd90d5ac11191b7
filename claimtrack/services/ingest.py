"""Ingest: an article and the claims extracted from it, stored in one transaction.

The same article (same title and body) ingested twice is stored once: the second ingest finds it
by its content hash and changes nothing.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from claimtrack.extract.types import ProposedClaim
from claimtrack.services.articles import ParsedArticle, parse_article, read_text_file
from claimtrack.services.identity import check_user_name
from claimtrack.store.engine import Database
from claimtrack.store.models import Article, ChangeKind, Claim, ClaimStatus, Evidence, HistoryEntry, Stance, utcnow

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
        article_id=article_id,
        text=proposal.text,
        sentence=proposal.sentence,
        char_start=proposal.start,
        char_end=proposal.end,
        sentence_start=proposal.sentence_start,
        sentence_end=proposal.sentence_end,
        claimant=proposal.claimant,
        cue=proposal.cue,
        cues=list(proposal.cues),
        disputed_by=list(proposal.disputed_by),
        score=proposal.score,
        in_title=proposal.in_title,
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
    session.add(
        HistoryEntry(
            claim_id=claim.id,  # type: ignore[arg-type]
            at=at,
            actor=user,
            kind=ChangeKind.CREATED,
            to_value=ClaimStatus.NEW.value,
            note=note,
            version=1,
        )
    )
    return claim


def _takes_title(extractor: Extractor) -> bool:
    try:
        return "title" in inspect.signature(extractor).parameters
    except (TypeError, ValueError):
        return False


def store_article(
    session: Session,
    parsed: ParsedArticle,
    *,
    user: str,
    source: str | None = None,
    extractor: Extractor | None = None,
) -> IngestResult:
    """Store ``parsed`` and its extracted claims in ``session`` (the caller commits)."""
    user = check_user_name(user)
    existing = find_article_by_hash(session, parsed.content_hash)
    if existing is not None:
        count = len(session.exec(select(Claim.id).where(Claim.article_id == existing.id)).all())
        return IngestResult(article=existing, created=False, claims=count, title_from_body=parsed.title_from_body)

    now = utcnow()
    article = Article(
        title=parsed.title,
        outlet=parsed.outlet,
        authors=parsed.authors,
        url=parsed.url,
        published=parsed.published,
        standfirst=parsed.standfirst,
        text=parsed.body,
        content_hash=parsed.content_hash,
        source=source,
        ingested_at=now,
        ingested_by=user,
    )
    session.add(article)
    session.flush()

    if extractor is None:
        from claimtrack.extract import extract_claims as extractor
    own = parsed.outlet or (parsed.authors[0] if parsed.authors else None)
    if _takes_title(extractor):
        title = None if parsed.title_from_body else (parsed.title or None)  # (else it is in the body)
        proposals = extractor(parsed.body, default_claimant=own, title=title)
    else:  # an extractor written before titles were proposed (the LLM one, a plug-in)
        proposals = extractor(parsed.body, default_claimant=own)
    for proposal in proposals:
        claim = create_claim(
            session,
            replace(proposal, score=round(float(proposal.score), 4)),
            article_id=article.id,  # type: ignore[arg-type]
            user=user,
            at=now,
            origin="extractor",
            note=f"extracted from article {article.id}" + (f" ({source})" if source else ""),
        )
        if proposal.disputed_by:
            who = "; ".join(proposal.disputed_by)
            claim.version = 2
            evidence = Evidence(
                claim_id=claim.id,  # type: ignore[arg-type]
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
            session.add(
                HistoryEntry(
                    claim_id=claim.id,  # type: ignore[arg-type]
                    at=now,
                    actor=EXTRACTOR_ACTOR,
                    kind=ChangeKind.EVIDENCE,
                    to_value=f"{Stance.REFUTES.value}: in-article denial by {who}",
                    version=2,
                    evidence_id=evidence.id,
                )
            )
    session.flush()
    return IngestResult(article=article, created=True, claims=len(proposals), title_from_body=parsed.title_from_body)


def ingest_files(
    db: Database,
    paths: Sequence[str | Path],
    *,
    user: str,
    extractor: Extractor | None = None,
) -> list[IngestResult]:
    """Read every file first (so one bad file stores nothing), then store them in one transaction."""
    parsed = [(str(path), parse_article(read_text_file(path), str(path))) for path in paths]
    results: list[IngestResult] = []
    with db.session() as session:
        for source, article in parsed:
            results.append(store_article(session, article, user=user, source=source, extractor=extractor))
    return results


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

    user = check_user_name(user)
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
        claimant=(claimant or "").strip() or None,
        cue=(cue or "").strip() or None,
        score=round(float(score_sentence(text[sentence_start:sentence_end])), 4),
    )
    claim = create_claim(
        session, proposal, article_id=article_id, user=user, at=utcnow(), origin="manual",
        note=(note or "").strip() or "added by hand",
    )
    session.flush()
    return claim
