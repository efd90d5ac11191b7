"""ClaimReview (schema.org) markup: found leniently, validated strictly.

Real JSON-LD is messy: a page may hold several ``<script type="application/ld+json">`` blocks,
each a single object, a list, or an ``@graph``; types may be ``"ClaimReview"``,
``"schema:ClaimReview"``, ``"https://schema.org/ClaimReview"`` or a list of types; values that
should be objects are sometimes strings, numbers come as strings, and a DataFeed nests its
reviews in ``dataFeedElement[].item``. :func:`find_claim_reviews` walks all of it;
:func:`to_record` turns one raw object into a :class:`ReviewRecord` validated by pydantic, or
says why it cannot.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from claimtrack.domain import ClaimStatus
from claimtrack.fileio import JSONValueError, loads_json
from claimtrack.web.dates import iso_date
from claimtrack.web.ratings import map_rating

MAX_CLAIM_CHARS = 5_000
_TRAILING_COMMA = re.compile(r",\s*([\]}])")


def jsonld_blocks(html: str) -> list[Any]:
    """Every JSON-LD block of a page that parses (leniently: HTML comments, CDATA wrappers,
    trailing commas and stray control characters are forgiven; a block that still does not
    parse, or holds NaN or a number too long to be one, is skipped).

    The page is read by lxml's HTML parser (as forgiving as a browser of broken markup); a block
    is a ``<script>`` whose ``type`` is ``application/ld+json``, in any case, with or without
    parameters."""
    blocks: list[Any] = []
    for script in _jsonld_scripts(html):
        text = (script.text or "").strip()
        text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)", "", text)
        text = re.sub(r"(?:-->|\]\]>)\s*$", "", text).strip()
        if not text:
            continue
        try:
            parsed = parse_json_leniently(text)
        except RecordError:
            continue
        if parsed is not None:
            blocks.append(parsed)
    return blocks


_LOWER = "translate(normalize-space(@type), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
JSONLD_XPATH = f"//script[starts-with({_LOWER}, 'application/ld+json')]"
"""The JSON-LD blocks of a page: ``<script type="application/ld+json">`` (XPath 1.0 has no
lower-case function: ``translate`` folds the type's ASCII letters)."""


def _jsonld_scripts(html: str) -> list[Any]:
    """The JSON-LD ``<script>`` elements of ``html``; none when it is no document at all."""
    import lxml.etree  # type: ignore[import-untyped]  # lxml ships no types (lxml-stubs is separate)
    import lxml.html  # type: ignore[import-untyped]  # as above

    # Parsed as UTF-8 bytes: lxml refuses a str that opens with an XML declaration (XHTML pages).
    parser = lxml.html.HTMLParser(encoding="utf-8")
    try:
        document = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except lxml.etree.ParserError:  # an empty page ("Document is empty")
        return []
    return list(document.xpath(JSONLD_XPATH))


def parse_json_leniently(text: str) -> Any:
    """``json.loads``, then again without trailing commas and control characters; ``None`` if
    it still does not parse."""
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", re.sub(r"[\x00-\x1f]", " ", text))):
        try:
            return loads_json(attempt, strict=False)
        except JSONValueError as exc:  # it is JSON, with a value no database takes alike
            raise RecordError(str(exc)) from None
        except (json.JSONDecodeError, RecursionError):
            continue
    return None


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type") or obj.get("type")
    values = value if isinstance(value, list) else [value]
    names = set()
    for v in values:
        if isinstance(v, str):
            names.add(re.split(r"[/:#]", v)[-1].casefold())
    return names


def find_claim_reviews(data: Any, *, _depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every object typed ClaimReview anywhere in ``data`` (lists, ``@graph``, nested values)."""
    if _depth > 40:
        return
    if isinstance(data, list):
        for item in data:
            yield from find_claim_reviews(item, _depth=_depth + 1)
    elif isinstance(data, dict):
        if "claimreview" in _types(data):
            yield data
            return
        for value in data.values():
            if isinstance(value, (list, dict)):
                yield from find_claim_reviews(value, _depth=_depth + 1)


# -- lenient readers of the raw values -----------------------------------------------------


def _first(value: Any) -> Any:
    while isinstance(value, list):
        value = value[0] if value else None
    return value


def _text(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("headline")
        value = _first(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _url(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        value = _first(value.get("url") or value.get("@id") or value.get("sameAs"))
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return None


def _number(value: Any) -> float | None:
    value = _first(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return None


def _date(value: Any) -> date | None:
    return iso_date(_text(value))


class ReviewRecord(BaseModel):
    """One ClaimReview, as claimtrack stores it. Built by :func:`to_record`."""

    model_config = ConfigDict(frozen=True)

    review_url: str
    claim_text: str = Field(min_length=1, max_length=MAX_CLAIM_CHARS)
    claimant: str | None = Field(default=None, max_length=500)
    claim_date: date | None = None
    appearance_url: str | None = None
    appearance_title: str | None = Field(default=None, max_length=1000)
    publisher: str | None = Field(default=None, max_length=500)
    review_title: str | None = Field(default=None, max_length=1000)
    review_date: date | None = None
    rating_text: str | None = Field(default=None, max_length=500)
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    language: str | None = Field(default=None, max_length=20)

    @field_validator("review_url", "appearance_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from claimtrack.web.safety import check_scheme

        try:
            check_scheme(value)
        except Exception as exc:
            raise ValueError(str(exc)) from None
        return value.strip()

    @property
    def status(self) -> ClaimStatus | None:
        """The verdict claimtrack reads in the rating (see :mod:`claimtrack.web.ratings`)."""
        return map_rating(self.rating_text, self.rating_value, self.best_rating, self.worst_rating)

    @property
    def rating(self) -> str | None:
        """The rating as the review gives it, for people."""
        if self.rating_text:
            return self.rating_text
        if self.rating_value is not None:
            best = f"{self.best_rating:g}" if self.best_rating is not None else "5"
            return f"{self.rating_value:g}/{best}"
        return None

    @property
    def key(self) -> str:
        """The identity of this review: its url and the claim reviewed."""
        digest = hashlib.sha256()
        digest.update(self.review_url.encode("utf-8"))
        digest.update(b"\n\x00\n")
        digest.update(self.claim_text.casefold().encode("utf-8"))
        return digest.hexdigest()


_CUT = {"claimant": 500, "publisher": 500, "rating_text": 500, "appearance_title": 1000, "review_title": 1000}


class RecordError(ValueError):
    """A ClaimReview object that cannot be stored, and why."""


def to_record(raw: dict[str, Any], *, page_url: str | None = None) -> ReviewRecord:
    """The lenient reading of one ClaimReview object, validated; :class:`RecordError` if not usable."""
    item = _first(raw.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    rating = _first(raw.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    appearance = _first(item.get("appearance") or item.get("firstAppearance"))
    author = item.get("author")
    publisher = raw.get("author") or raw.get("publisher")
    values = {
        "review_url": _url(raw.get("url")) or _url(raw.get("@id")) or page_url,
        "claim_text": _text(raw.get("claimReviewed")) or _text(item.get("name")) or _text(item.get("text")),
        "claimant": _text(author),
        "claim_date": _date(item.get("datePublished")),
        "appearance_url": _url(appearance) or _url(item.get("url")) or _url(item.get("sameAs")),
        "appearance_title": _text(appearance.get("headline") or appearance.get("name"))
        if isinstance(appearance, dict)
        else None,
        "publisher": _text(publisher),
        "review_title": _text(raw.get("headline") or raw.get("name")),
        "review_date": _date(raw.get("datePublished") or raw.get("dateCreated")),
        "rating_text": _text(rating.get("alternateName")) or _text(rating.get("name")),
        "rating_value": _number(rating.get("ratingValue")),
        "best_rating": _number(rating.get("bestRating")),
        "worst_rating": _number(rating.get("worstRating")),
        "language": _text(raw.get("inLanguage")),
    }
    if values["review_url"] is None:
        raise RecordError("it has no url")
    if not values["claim_text"]:
        raise RecordError("it has no claimReviewed")
    for name, limit in _CUT.items():  # descriptive text is cut to fit, not refused
        text = values[name]
        if isinstance(text, str) and len(text) > limit:
            values[name] = text[: limit - 1] + "…"
    try:
        return ReviewRecord(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise RecordError(f"{field}: {first['msg']}") from None


def reviews_in_json(text: str) -> list[dict[str, Any]]:
    """The ClaimReview objects in a JSON document (a file of them, a feed, one object)."""
    data = parse_json_leniently(text)
    if data is None:
        raise RecordError("not valid JSON")
    return list(find_claim_reviews(data))


def reviews_in_html(html: str) -> list[dict[str, Any]]:
    """The ClaimReview objects in a page's JSON-LD blocks."""
    found: list[dict[str, Any]] = []
    for block in jsonld_blocks(html):
        found.extend(find_claim_reviews(block))
    return found
