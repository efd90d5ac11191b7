"""The Google Fact Check Tools API: ``claims:search``, read into validated models.

Documented response (v1alpha1)::

    {"claims": [{"text": ..., "claimant": ..., "claimDate": ...,
                 "claimReview": [{"publisher": {"name": ..., "site": ...}, "url": ...,
                                  "title": ..., "reviewDate": ..., "textualRating": ...,
                                  "languageCode": ...}]}],
     "nextPageToken": ...}

Every field may be missing; unknown fields are ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claimtrack.fileio import loads_json
from claimtrack.web.client import Fetcher
from claimtrack.web.errors import FetchError

ENDPOINT = "https://factchecktools.googleapis.com/v1alpha1/claims:search"
#: The API's own limit on ``query`` is not documented; long claims are cut to this.
MAX_QUERY_CHARS = 500
NO_API_KEY = (
    "lookup needs a Google Fact Check Tools API key: set CLAIMTRACK_FACTCHECK_API_KEY "
    "(or factcheck_api_key in the config file)"
)
"""The error without a key: it names the variable (and the setting), as the README does."""


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class Publisher(_Lenient):
    name: str | None = None
    site: str | None = None


class ClaimReviewResult(_Lenient):
    publisher: Publisher = Field(default_factory=Publisher)
    url: str | None = None
    title: str | None = None
    review_date: str | None = Field(default=None, alias="reviewDate")
    textual_rating: str | None = Field(default=None, alias="textualRating")
    language_code: str | None = Field(default=None, alias="languageCode")


class FactCheckedClaim(_Lenient):
    text: str | None = None
    claimant: str | None = None
    claim_date: str | None = Field(default=None, alias="claimDate")
    claim_review: list[ClaimReviewResult] = Field(default_factory=list, alias="claimReview")


class SearchResponse(_Lenient):
    claims: list[FactCheckedClaim] = Field(default_factory=list)
    next_page_token: str | None = Field(default=None, alias="nextPageToken")


@dataclass(frozen=True, slots=True)
class FactCheck:
    """One review of one claim: a row of ``claimtrack lookup``'s answer (numbered from 1)."""

    number: int
    claim_text: str | None
    claimant: str | None
    claim_date: str | None
    publisher: str | None
    site: str | None
    url: str | None
    title: str | None
    review_date: str | None
    rating: str | None
    language: str | None


@dataclass
class SearchPage:
    results: list[FactCheck]
    next_page_token: str | None


def parse_response(data: object) -> SearchPage:
    """The API's JSON (already decoded) as numbered fact checks, one per claimReview."""
    try:
        response = SearchResponse.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FetchError(
            f"the Fact Check Tools API answered in an unexpected format ({where}: {first['msg']})"
        ) from None
    results: list[FactCheck] = []
    for claim in response.claims:
        for review in claim.claim_review:
            results.append(
                FactCheck(
                    number=len(results) + 1,
                    claim_text=claim.text,
                    claimant=claim.claimant,
                    claim_date=(claim.claim_date or "")[:10] or None,
                    publisher=review.publisher.name or review.publisher.site,
                    site=review.publisher.site,
                    url=review.url,
                    title=review.title,
                    review_date=(review.review_date or "")[:10] or None,
                    rating=review.textual_rating,
                    language=review.language_code,
                )
            )
    return SearchPage(results=results, next_page_token=response.next_page_token or None)


def search_claims(
    fetcher: Fetcher,
    query: str,
    *,
    api_key: str | None,
    language: str | None = None,
    page_size: int = 10,
    page_token: str | None = None,
    endpoint: str = ENDPOINT,
) -> SearchPage:
    """One page of ``claims:search`` for ``query``."""
    if not api_key:
        raise FetchError(NO_API_KEY)
    query = " ".join(query.split())[:MAX_QUERY_CHARS]
    if not query:
        raise FetchError("nothing to look up: the claim text is empty")
    api = f"the Fact Check Tools API ({httpx.URL(endpoint).host})"
    try:
        result = fetcher.get(
            endpoint,
            params={
                "query": query,
                "key": api_key,
                "languageCode": language,
                "pageSize": str(page_size),
                "pageToken": page_token,
            },
            headers={"Accept": "application/json"},
            check_status=False,
        )
    except FetchError as exc:
        raise FetchError(f"{api} cannot be reached: {_reason(endpoint, exc)}", cli_advice=exc.cli_advice) from None
    try:
        data = loads_json(result.body.decode("utf-8")) if result.body else {}
    except ValueError:  # not UTF-8, not JSON, or NaN and the like
        if not result.ok:
            raise FetchError(f"{api} answered HTTP {result.status}") from None
        raise FetchError(f"{api} answered something that is not JSON") from None
    if not result.ok:
        message = ""
        if isinstance(data, dict) and isinstance(data.get("error"), dict):
            message = str(data["error"].get("message") or "")
        message = " ".join(message.split())[:200]
        raise FetchError(f"{api} answered HTTP {result.status}" + (f": {message}" if message else ""))
    return parse_response(data)


def _reason(endpoint: str, exc: FetchError) -> str:
    """Why the API could not be reached, without the request's url the fetcher's message starts
    with: that would repeat the whole claim (the query) before the reason."""
    reason = exc.message
    if reason.startswith(endpoint):  # "<the url with its query>: cannot connect (...)"
        _, _, reason = reason.partition(": ")
    return reason
