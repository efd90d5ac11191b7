"""From fetched bytes to text: decoding, the page title, and the article (trafilatura).

trafilatura is only ever given the HTML claimtrack fetched; it fetches nothing itself.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import date

from claimtrack.domain import ParsedArticle
from claimtrack.limits import MAX_TITLE_LENGTH
from claimtrack.textsafe import clip
from claimtrack.web.client import FetchResult
from claimtrack.web.dates import iso_date
from claimtrack.web.errors import FetchError
from claimtrack.web.safety import check_scheme, redact

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.-]+)""", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
#: Larger pages are refused before extraction: trafilatura on a huge DOM is slow.
MAX_EXTRACT_CHARS = 10_000_000


def looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")) or b"<html" in head


def is_html(result: FetchResult) -> bool:
    """An HTML page: by its Content-Type, or (when it gives none) by its first bytes."""
    if result.content_type:
        return result.content_type in HTML_TYPES
    return looks_like_html(result.body)


def declared_charset(result: FetchResult) -> str | None:
    """The charset from the Content-Type header, else from a ``<meta>`` in the first 4 KB."""
    if result.charset:
        return result.charset
    match = _META_CHARSET.search(result.body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def detected_charset(body: bytes) -> str | None:
    """The character set charset-normalizer reads ``body`` in, when it recognises a language in
    the text read that way; ``None`` otherwise. A guess that rests on no language at all (a page
    whose only non-ASCII byte is one accented letter could be in a dozen charsets) is no guess:
    the article would be stored in the wrong letters for good."""
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is None or best.coherence <= 0:
        return None
    return best.encoding


def decode_body(result: FetchResult) -> str:
    """The body as text. A declared charset (the Content-Type header, else a ``<meta>``) must
    decode it. Without one it is UTF-8, else the charset :func:`detected_charset` finds. Anything
    else is a :class:`FetchError` ("broken encoding")."""
    where = redact(result.final_url)
    if b"\x00" in result.body[:8192] and not result.body.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FetchError(f"{where}: the body is binary, not text")
    charset = declared_charset(result)
    if result.body.startswith(codecs.BOM_UTF8):
        charset = "utf-8-sig"
    name = charset or "utf-8"
    try:
        codecs.lookup(name)
    except LookupError:
        raise FetchError(f"{where}: unknown character encoding {name!r}") from None
    try:
        return result.body.decode(name)
    except UnicodeDecodeError as exc:
        if charset is None and (detected := detected_charset(result.body)) is not None:
            try:
                return result.body.decode(detected)
            except (UnicodeDecodeError, LookupError):
                pass
        declared = f"declared as {name}" if charset else "no charset declared, and not UTF-8"
        raise FetchError(f"{where}: broken text encoding ({declared}; bad byte at offset {exc.start})") from None


def page_title(html: str) -> str | None:
    """The ``<title>``, white space collapsed, entities decoded."""
    import html as html_module

    match = _TITLE.search(html[:200_000])
    if not match:
        return None
    title = " ".join(html_module.unescape(match.group(1)).split())
    return title[:500] or None


def result_title(result: FetchResult) -> str | None:
    """A page's title when the result is HTML that decodes; ``None`` otherwise (never raises)."""
    if not is_html(result):
        return None
    try:
        return page_title(decode_body(result))
    except FetchError:
        return None


@dataclass
class PageArticle:
    """What trafilatura found in a page."""

    title: str
    body: str
    authors: list[str]
    sitename: str | None
    published: date | None
    canonical_url: str | None
    description: str | None

    def parsed(self, fallback_url: str) -> ParsedArticle:
        return ParsedArticle(
            title=clip(self.title, MAX_TITLE_LENGTH) or "",
            body=self.body,
            standfirst=self.description,
            authors=self.authors,
            outlet=self.sitename,
            url=_usable_url(self.canonical_url) or fallback_url,
            published=self.published,
        )


def _usable_url(url: str | None) -> str | None:
    """A page's canonical url if it is one claimtrack would store (http(s), bounded), else None."""
    if not url:
        return None
    try:
        check_scheme(url)
    except FetchError:
        return None
    return url.strip()


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    parts = [p.strip() for p in re.split(r";|\band\b|,|\|", value) if p.strip()]
    return list(dict.fromkeys(parts))[:20]


def body_lines(text: str, title: str | None = None) -> str:
    """One paragraph a line, no blank lines, the headline not repeated as the first line."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if title and lines and " ".join(title.split()).casefold() == lines[0].casefold():
        lines = lines[1:]
    return "\n".join(lines)


def extract_article(result: FetchResult) -> PageArticle:
    """The article in an HTML page: body text and metadata. Reader comments are left out."""
    where = redact(result.final_url)
    if not is_html(result):
        shown = result.content_type or "no content type"
        raise FetchError(f"{where}: not an HTML page ({shown})")
    html = decode_body(result)
    if len(html) > MAX_EXTRACT_CHARS:
        raise FetchError(f"{where}: the page is too large to extract an article from ({len(html):,} characters)")
    import trafilatura

    document = trafilatura.bare_extraction(
        html,
        url=result.final_url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
    )
    if document is None:
        raise FetchError(f"{where}: no article text found in the page")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    title = " ".join(str(data.get("title") or "").split()) or page_title(html) or result.final_url
    body = body_lines(str(data.get("text") or ""), title)
    if not body.strip():
        raise FetchError(f"{where}: no article text found in the page")
    canonical = data.get("url")
    if canonical and not str(canonical).lower().startswith(("http://", "https://")):
        canonical = None
    description = " ".join(str(data.get("description") or "").split()) or None
    if description and description.casefold() in body[: len(description) + 10].casefold():
        description = None
    return PageArticle(
        title=title[:1000],
        body=body,
        authors=_authors(data.get("author")),
        sitename=(" ".join(str(data.get("sitename") or "").split()) or None),
        published=iso_date(data.get("date")),
        canonical_url=str(canonical) if canonical else None,
        description=description,
    )
