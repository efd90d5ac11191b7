"""Already checked? Fact checks from elsewhere: the Fact Check Tools look-up and ClaimReview import.

``lookup_claim`` searches Google's Fact Check Tools API with a claim's text; ``attach_fact_check``
links one of the results to the claim as evidence (captured like any evidence page). The stance
comes from the rating where it is obvious (:mod:`claimtrack.web.ratings`), else ``context``.

``import_claim_reviews`` turns ClaimReview objects into claims: each gets an article (the page
where the claim appeared, or else the review page, with the claim as its text), the review as
evidence, and the rating mapped to a status through the review workflow, so the history shows
where it came from. The same review imported again is recognised (``claimreview_import``) and
changes nothing.

Both also keep what they find in the fact-check collection (``fact_check``,
:mod:`claimtrack.services.factcheck_store`): each review imported, each look-up result shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, select

from claimtrack.domain import ClaimStatus, ParsedArticle, Stance
from claimtrack.errors import InputError
from claimtrack.services.evidence import EvidenceAdded, add_web_evidence
from claimtrack.services.factcheck_store import row_from_lookup, row_from_review, store_fact_checks
from claimtrack.services.identity import check_user_name
from claimtrack.services.ingest import add_manual_claim, store_proposed
from claimtrack.services.workflow import add_evidence, get_claim, set_status
from claimtrack.store.engine import Database
from claimtrack.store.models import Claim, ClaimReviewImport, stored_id
from claimtrack.web.claimreview import RecordError, ReviewRecord, to_record
from claimtrack.web.client import Fetcher
from claimtrack.web.factcheck import FactCheck, SearchPage, search_claims
from claimtrack.web.ratings import stance_for, status_from_words


def lookup_claim(
    db: Database,
    claim_id: int,
    *,
    fetcher: Fetcher,
    api_key: str | None,
    language: str | None = None,
    page_size: int = 10,
    page_token: str | None = None,
    query: str | None = None,
    user: str | None = None,
) -> SearchPage:
    """Fact checks of the claim's text (or of ``query``) found by the Fact Check Tools API.

    With ``user``, the results are also kept in the fact-check collection (those with a claim
    reviewed; one already stored, by its url, is left as it is)."""
    with db.session() as session:
        claim = get_claim(session, claim_id)
        text = query or claim.text
    page = search_claims(fetcher, text, api_key=api_key, language=language, page_size=page_size, page_token=page_token)
    if user is not None and page.results:
        user = check_user_name(user)
        with db.session() as session:
            store_fact_checks(session, (row_from_lookup(r, query=text) for r in page.results), user=user)
    return page


def fact_check_stance(check: FactCheck) -> Stance:
    """Supports for a "true" rating, refutes for a "false" one, context for anything else."""
    return stance_for(status_from_words(check.rating))


def attach_fact_check(
    db: Database,
    claim_id: int,
    check: FactCheck,
    *,
    user: str,
    fetcher: Fetcher | None,
    stance: str | Stance | None = None,
    archive: bool = False,
) -> EvidenceAdded:
    """Link a fact check found by :func:`lookup_claim` to the claim as evidence."""
    if not check.url:
        raise InputError(f"fact check {check.number} has no url to link")
    who = check.publisher or check.site or "a fact checker"
    rating = f"rated “{check.rating}”" if check.rating else "no rating given"
    when = f" on {check.review_date}" if check.review_date else ""
    reviewed = f" the claim “{check.claim_text}”" if check.claim_text else ""
    claimant = f" by {check.claimant}" if check.claimant else ""
    note = f"Fact check by {who}{when}: {rating} for{reviewed}{claimant} (found by claimtrack lookup)."
    title = check.title or f"{who}: {check.rating or 'fact check'}"
    return add_web_evidence(
        db,
        claim_id,
        check.url,
        user=user,
        fetcher=fetcher,
        stance=stance or fact_check_stance(check),
        title=title[:1000],
        note=note,
        archive=archive,
    )


# -- ClaimReview import ----------------------------------------------------------------------


@dataclass
class ImportedReview:
    record: ReviewRecord
    claim_id: int
    status: ClaimStatus
    created: bool
    """False when the review had been imported before (nothing changed)."""


@dataclass
class ImportReport:
    source: str
    reviews: list[ImportedReview] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """One reason per ClaimReview object that could not be used."""

    @property
    def created(self) -> list[ImportedReview]:
        return [r for r in self.reviews if r.created]


def _article_for(record: ReviewRecord) -> ParsedArticle:
    if record.appearance_url:
        host = urlsplit(record.appearance_url).hostname or record.appearance_url
        title = record.appearance_title or f"Claim as it appeared on {host}"
        url = record.appearance_url
        outlet = None
    else:
        title = record.review_title or f"Claim reviewed by {record.publisher or urlsplit(record.review_url).hostname}"
        url = record.review_url
        outlet = record.publisher
    return ParsedArticle(
        title=title,
        body=record.claim_text,
        authors=[record.claimant] if record.claimant and not record.appearance_url else [],
        outlet=outlet[:200] if outlet else None,
        url=url,
        published=record.claim_date,
    )


def _store_review(
    session: Session, record: ReviewRecord, raw: dict[str, Any], *, user: str, source: str
) -> ImportedReview:
    # Every review is also kept in the fact-check collection (already there: left as it is).
    store_fact_checks(session, [row_from_review(record, source=source)], user=user)
    existing = session.exec(select(ClaimReviewImport).where(ClaimReviewImport.review_key == record.key)).first()
    if existing is not None:
        claim = session.get(Claim, existing.claim_id)
        current = ClaimStatus(claim.status) if claim is not None else ClaimStatus.NEW
        return ImportedReview(record=record, claim_id=existing.claim_id, status=current, created=False)

    parsed = _article_for(record)
    # No claims extracted: the reviewed claim is the article's whole text, added just below.
    article = store_proposed(session, parsed, [], user=user, source=source).article
    who = record.publisher or urlsplit(record.review_url).hostname or "a fact checker"
    claim = add_manual_claim(
        session,
        stored_id(article),
        0,
        len(article.text),
        user=user,
        claimant=record.claimant,
        note=f"imported from a ClaimReview by {who}: {record.review_url}",
    )
    claim.origin = "claimreview"
    session.add(claim)
    status = record.status
    rating = f"rated “{record.rating}”" if record.rating else "no rating given"
    when = f" on {record.review_date.isoformat()}" if record.review_date else ""
    add_evidence(
        session,
        stored_id(claim),
        record.review_url,
        user=user,
        stance=stance_for(status),
        title=(record.review_title or f"{who}: {record.rating or 'fact check'}")[:1000],
        note=f"ClaimReview by {who}{when}: {rating}.",
    )
    if status is not None and status != ClaimStatus.NEW:
        set_status(
            session,
            stored_id(claim),
            status,
            user=user,
            note=f"From the ClaimReview by {who}: {rating} (mapped to {status.value}).",
        )
    session.add(
        ClaimReviewImport(
            review_key=record.key,
            review_url=record.review_url,
            claim_id=stored_id(claim),
            publisher=record.publisher,
            rating=record.rating,
            review_date=record.review_date,
            raw=raw,
            imported_by=user,
        )
    )
    session.flush()
    return ImportedReview(record=record, claim_id=stored_id(claim), status=status or ClaimStatus.NEW, created=True)


@dataclass
class PreparedReviews:
    """The usable ClaimReviews of one source, validated, not yet stored."""

    source: str
    records: list[tuple[ReviewRecord, dict[str, Any]]]
    skipped: list[str]


def prepare_reviews(raws: list[dict[str, Any]], *, source: str, page_url: str | None = None) -> PreparedReviews:
    """Validate every ClaimReview object; :class:`InputError` when none is usable.

    ``page_url`` is the page the markup came from: a review without its own url gets it.
    """
    records: list[tuple[ReviewRecord, dict[str, Any]]] = []
    skipped: list[str] = []
    keys: set[str] = set()
    for number, raw in enumerate(raws, 1):
        try:
            record = to_record(raw, page_url=page_url)
        except RecordError as exc:
            skipped.append(f"ClaimReview {number}: {exc}")
            continue
        if record.key not in keys:
            keys.add(record.key)
            records.append((record, _jsonable(raw)))
    if not records:
        why = f" ({'; '.join(skipped[:3])})" if skipped else ""
        raise InputError(f"{source}: no usable ClaimReview found{why}")
    return PreparedReviews(source=source, records=records, skipped=skipped)


def import_claim_reviews(db: Database, batches: list[PreparedReviews], *, user: str) -> list[ImportReport]:
    """Store every prepared review of every source, in one transaction."""
    user = check_user_name(user)
    reports: list[ImportReport] = []
    with db.session() as session:
        for batch in batches:
            report = ImportReport(source=batch.source, skipped=list(batch.skipped))
            for record, raw in batch.records:
                report.reviews.append(_store_review(session, record, raw, user=user, source=batch.source))
            reports.append(report)
    return reports


def _jsonable(raw: dict[str, Any]) -> dict[str, Any]:
    import json

    copy: dict[str, Any] = json.loads(json.dumps(raw, default=str))  # a JSON object in, a JSON object out
    return copy


def read_claim_reviews(source: str, *, fetcher: Fetcher | None) -> tuple[list[dict[str, Any]], str | None]:
    """The ClaimReview objects of a file or url (a page's JSON-LD, or JSON); and the page url."""
    from claimtrack.fileio import is_url
    from claimtrack.services.articles import read_text_file
    from claimtrack.web.claimreview import reviews_in_html, reviews_in_json
    from claimtrack.web.errors import FetchError
    from claimtrack.web.pages import decode_body, is_html, looks_like_html

    if is_url(source):
        if fetcher is None:
            raise InputError(f"{source}: a url, and fetching is off")
        result = fetcher.get(source)
        text = decode_body(result)
        page_url: str | None = result.final_url
        html = is_html(result) or (result.content_type in ("", "text/plain") and looks_like_html(result.body))
        if not html and "json" not in result.content_type and result.content_type not in ("", "text/plain"):
            raise FetchError(f"{source}: neither an HTML page nor JSON ({result.content_type})")
    else:
        text = read_text_file(source)
        page_url = None
        html = not text.lstrip().startswith(("{", "["))
    try:
        raws = reviews_in_html(text) if html else reviews_in_json(text)
    except RecordError as exc:
        raise InputError(f"{source}: {exc}") from None
    if not raws:
        where = "in the page's JSON-LD" if html else "in the JSON"
        raise InputError(f"{source}: no ClaimReview found {where}")
    return raws, page_url
