"""schema.org ClaimReview JSON-LD for the claims the desk has given a verdict.

One object a claim, built from the claim, its article, the history entry that gave the verdict
and the settings (``org_name``, ``org_url``, ``check_url_pattern``). Every object is validated
against :class:`ClaimReview` (the fields Google's fact-check markup requires and recommends)
before it is written. The mapping from status to rating (docs/reports.md):

=========== ============ ================
status      ratingValue  alternateName
=========== ============ ================
verified    5            True
disputed    3            Disputed
misleading  2            Misleading
false       1            False
=========== ============ ================

``new``, ``in_review``, ``unverifiable`` and ``dismissed`` are not exported (no verdict).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Annotated, Any, Final, Literal, TextIO

import sqlalchemy as sa
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from claimtrack.config import Settings
from claimtrack.domain import ClaimStatus
from claimtrack.errors import InputError, NotFoundError
from claimtrack.services.queries import verdict_times
from claimtrack.services.reports.safe import http_url, json_text
from claimtrack.store.models import Article, Claim, stored_id
from claimtrack.textsafe import dumps_json

CONTEXT: Final = "https://schema.org"

#: status → (ratingValue on 1..5, alternateName). Statuses not here have no ClaimReview.
RATINGS: dict[ClaimStatus, tuple[int, str]] = {
    ClaimStatus.VERIFIED: (5, "True"),
    ClaimStatus.MISLEADING: (2, "Misleading"),
    ClaimStatus.DISPUTED: (3, "Disputed"),
    ClaimStatus.FALSE: (1, "False"),
}
EXPORTED: tuple[ClaimStatus, ...] = tuple(RATINGS)


# --- the model: required and recommended fields -----------------------------------------------


class _Thing(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", frozen=True)


def _http(value: str) -> str:
    if http_url(value) != value:
        raise ValueError(f"not an http(s) url: {value[:80]!r}")
    return value


HttpUrl = Annotated[str, AfterValidator(_http)]
"""An absolute http(s) url without spaces or control characters."""


class Organization(_Thing):
    type: Literal["Organization"] = Field("Organization", alias="@type")
    name: str = Field(min_length=1)
    url: HttpUrl | None = None


class Person(_Thing):
    type: Literal["Person"] = Field("Person", alias="@type")
    name: str = Field(min_length=1)


class CreativeWork(_Thing):
    """Where the claim appeared: the article."""

    type: Literal["NewsArticle", "CreativeWork"] = Field("NewsArticle", alias="@type")
    url: HttpUrl | None = None
    headline: str | None = None
    datePublished: date | None = None
    publisher: Organization | None = None


class ReviewedClaim(_Thing):
    type: Literal["Claim"] = Field("Claim", alias="@type")
    author: Person | Organization
    datePublished: date | None = None
    appearance: CreativeWork | None = None


class Rating(_Thing):
    type: Literal["Rating"] = Field("Rating", alias="@type")
    ratingValue: int = Field(ge=1, le=5)
    bestRating: Literal[5] = 5
    worstRating: Literal[1] = 1
    alternateName: str = Field(min_length=1)


class ClaimReview(_Thing):
    """A schema.org ClaimReview with the fields Google requires (``claimReviewed``,
    ``reviewRating``, ``url``, ``author``) and recommends (``itemReviewed``, ``datePublished``)."""

    context: Literal["https://schema.org"] = Field(CONTEXT, alias="@context")
    type: Literal["ClaimReview"] = Field("ClaimReview", alias="@type")
    url: HttpUrl
    claimReviewed: str = Field(min_length=1)
    itemReviewed: ReviewedClaim
    author: Organization
    reviewRating: Rating
    datePublished: date

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


# --- who made the claim --------------------------------------------------------------------------

_PERSON_WORDS = re.compile(
    r"\b(?:spokes(?:man|woman|person)|minister|president|premier|secretary|counsell?or|leader|chancellor|"
    r"senator|governor|mayor|ambassador|envoy|official|officer|director|chief|chairman|chairwoman|"
    r"mr|mrs|ms|dr|prof|general|king|queen|prince|pope|analyst|expert|professor|adviser|advisor|he|she)\b",
    re.I,
)
_ORG_WORDS = re.compile(
    r"\b(?:ministry|department|agency|agencies|government|embassy|consulate|office|bureau|council|committee|"
    r"commission|administration|parliament|congress|senate|court|police|army|military|navy|forces|party|"
    r"company|corporation|corp|inc|ltd|bank|university|institute|association|union|federation|foundation|"
    r"organi[sz]ation|group|network|media|news|newspaper|paper|outlet|press|times|post|daily|journal|"
    r"tribune|herald|gazette|reuters|bloomberg|tv|television|radio|broadcaster|tabloid|report|readout|"
    r"statement|white house|kremlin|pentagon|state department|beijing|washington|moscow|kyiv)\b",
    re.I,
)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


def claimant_kind(name: str) -> Literal["Person", "Organization"]:
    """A guess: ``Organization`` for outlets, agencies, ministries, reports and acronyms (SCMP,
    CGTN); ``Person`` for anyone named with a title (spokesman, president) and everyone else."""
    if _PERSON_WORDS.search(name):
        return "Person"
    if _ORG_WORDS.search(name) or _ACRONYM.search(name):
        return "Organization"
    return "Person"


def claimant_author(name: str | None, outlet: str | None) -> Person | Organization:
    """The claim's author: its claimant, else the outlet that published the article."""
    name = (name or "").strip()
    if not name:
        return Organization(name=outlet or "Unknown")
    if claimant_kind(name) == "Organization":
        return Organization(name=name)
    return Person(name=name)


# --- building -------------------------------------------------------------------------------------


def check_url(settings: Settings, claim_id: int) -> str:
    """The published check's url from ``check_url_pattern``; an :class:`InputError` if unset or bad."""
    pattern = (settings.check_url_pattern or "").strip()
    if not pattern:
        raise InputError(
            "ClaimReview needs the url of each published check: set check_url_pattern "
            "(CLAIMTRACK_CHECK_URL_PATTERN=https://factcheck.example/checks/{id}) in the environment or claimtrack.toml"
        )
    if "{id}" not in pattern:
        raise InputError(f"check_url_pattern must contain {{id}} (the claim id): {pattern!r}")
    url = pattern.replace("{id}", str(claim_id))
    if http_url(url) != url:
        raise InputError(f"check_url_pattern does not give an http(s) url: {url!r}")
    return url


def build_claim_review(claim: Claim, article: Article, verdict_at: date, settings: Settings) -> ClaimReview:
    """The ClaimReview of one claim with a verdict (validated by the model)."""
    status = ClaimStatus(claim.status)
    if status not in RATINGS:
        raise InputError(
            f"claim {claim.id} has no verdict (it is {status.value}); only {', '.join(s.value for s in EXPORTED)} claims have a ClaimReview"
        )
    value, words = RATINGS[status]
    org = Organization(name=json_text(settings.org_name) or "claimtrack", url=settings.org_url or None)
    publisher = Organization(name=json_text(article.outlet)) if article.outlet else None
    return ClaimReview(
        url=check_url(settings, stored_id(claim)),
        claimReviewed=json_text(claim.text) or "",
        itemReviewed=ReviewedClaim(
            author=claimant_author(json_text(claim.claimant), json_text(article.outlet)),
            datePublished=article.published,
            appearance=CreativeWork(
                url=http_url(article.url),
                headline=json_text(article.title),
                datePublished=article.published,
                publisher=publisher,
            ),
        ),
        author=org,
        reviewRating=Rating(ratingValue=value, alternateName=words),
        datePublished=verdict_at,
    )


def _verdicts(ids: Iterable[int] | None) -> sa.Select[*tuple[Any, ...]]:
    """(claim id, when its verdict was given) of every claim with a verdict, or of ``ids``."""
    statement = verdict_times(EXPORTED).order_by(col(Claim.id))
    if ids is not None:
        statement = statement.where(col(Claim.id).in_(list(ids)))
    return statement


def claim_reviews(
    session: Session, settings: Settings, ids: Iterable[int] | None = None, *, chunk: int = 500
) -> Iterator[ClaimReview]:
    """ClaimReviews in claim id order: of ``ids`` (each must exist and have a verdict), or of every
    claim with a verdict. Checks the ids and the settings before yielding anything."""
    wanted = list(dict.fromkeys(ids)) if ids is not None else None
    check_url(settings, 1)  # unset or bad pattern: fail before anything is written
    if wanted is not None:
        found = dict(session.exec(select(col(Claim.id), col(Claim.status)).where(col(Claim.id).in_(wanted))).all())
        for claim_id in wanted:
            if claim_id not in found:
                raise NotFoundError(f"no claim with id {claim_id}")
            if found[claim_id] not in RATINGS:
                raise InputError(
                    f"claim {claim_id} has no verdict (it is {found[claim_id]}); "
                    f"only {', '.join(s.value for s in EXPORTED)} claims have a ClaimReview"
                )
    rows = session.execute(_verdicts(wanted)).all()  # (id, when): small even for 100,000
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        given = {claim_id: at for claim_id, at in part}
        pairs = session.exec(
            select(Claim, Article)
            .join(Article, col(Article.id) == Claim.article_id)
            .where(col(Claim.id).in_(list(given)))
            .order_by(col(Claim.id))
        ).all()
        for claim, article in pairs:
            yield build_claim_review(claim, article, given[claim.id].date(), settings)
        session.expunge_all()


def write_claim_reviews(reviews: Iterable[ClaimReview], out: TextIO) -> int:
    """A JSON list, one ClaimReview after another as they are built. Returns how many."""
    count = 0
    out.write("[")
    for review in reviews:
        out.write(",\n" if count else "\n")
        text = dumps_json(review.to_json(), indent=2)
        out.write("  " + text.replace("\n", "\n  "))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count
