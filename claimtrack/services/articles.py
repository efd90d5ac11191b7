"""Reading articles from plain-text files.

The format (see ``fixtures/`` and docs/ingest.md)::

    Headline on the first line
    - standfirst lines start with "- "
    One paragraph a line...
    Authors: Jacob Fromer, Mark Magnier, SCMP

Optional header or footer lines ``URL: ...``, ``Published: 2022-03-05`` and ``Outlet: ...`` are
read as metadata. Everything else is the body, which the claims' offsets index into.
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from pathlib import Path

from claimtrack import fileio
from claimtrack.domain import ParsedArticle
from claimtrack.errors import ClaimtrackError, InputError, Notice
from claimtrack.limits import MAX_TITLE_LENGTH
from claimtrack.services.workflow import check_url

MAX_ARTICLE_BYTES = 50 * 1024 * 1024
"""The most any input file may hold (articles, ``extract``, ``import-claimreview``; a line of
``score``), counted as it is read."""

_BYLINE = re.compile(r"^(?:authors?|by(?:line)?)\s*:\s*(?P<names>.+)$|^by\s+(?P<plain>[A-Z].*)$", re.I)
_META = re.compile(r"^(?P<key>url|published|date|outlet|source)\s*:\s*(?P<value>\S.*)$", re.I)
_MEDIA_WORDS = re.compile(
    r"\b(?:post|times|news|press|agency|journal|herald|tribune|guardian|gazette|telegraph|"
    r"chronicle|daily|weekly|review|magazine|radio|tv|television|network|media|wire|reuters|"
    r"bloomberg|associated)\b",
    re.I,
)


def decode_text(data: bytes, name: str) -> str:
    """Bytes to text, refusing what is not UTF-8 text. Line endings become ``\\n``."""
    if b"\x00" in data:
        raise InputError(f"{name}: a binary file, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (bad byte at offset {exc.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text_file(path: str | Path) -> str:
    """A text article file, at most :data:`MAX_ARTICLE_BYTES`: counted as it is read, so a pipe,
    a device or /dev/stdin (which ``stat`` calls empty) is bounded too."""
    data = fileio.read_input(path, limit=MAX_ARTICLE_BYTES, what="an article file", dash_is_stdin=False)
    return decode_text(data, str(path))


def _split_byline(names: str) -> tuple[list[str], str | None]:
    parts = [p.strip() for p in re.split(r",|\band\b|;", names) if p.strip()]
    if len(parts) >= 2 and _looks_like_outlet(parts[-1]):
        return parts[:-1], parts[-1]
    return parts, None


def _looks_like_outlet(name: str) -> bool:
    words = name.split()
    return len(words) == 1 or any(len(w) >= 2 and w.isupper() for w in words) or bool(_MEDIA_WORDS.search(name))


def _parse_date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        raise InputError(f"{name}: published date {value.strip()!r} is not YYYY-MM-DD") from None


TITLE_MAX_WORDS = 25
"""A first line longer than this that ends like a sentence reads as a paragraph, not a headline."""
_ENDS_LIKE_SENTENCE = re.compile(r"[.!?…][\"”’'»)\]]*$")
_SENTENCE_END = re.compile(r"[a-z0-9%)][.!?][\"”’'»]*\s+[\"“‘'«(]?[A-Z]")


def reads_like_paragraph(line: str) -> bool:
    """Does a first line read as body text rather than a headline? (It ends like a sentence and
    is long, or holds two sentences.)"""
    line = line.strip()
    if not _ENDS_LIKE_SENTENCE.search(line):
        return False
    return len(line.split()) > TITLE_MAX_WORDS or _SENTENCE_END.search(line) is not None


def derived_title(body: str, limit: int = 100) -> str:
    """A title for a text without one: its opening words, cut at a word with an ellipsis."""
    first = body.strip().split("\n", 1)[0].strip()
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def parse_article(text: str, name: str = "article", *, title_line: bool | None = None) -> ParsedArticle:
    """Split a plain-text article into headline, standfirst, metadata and body.

    ``title_line``: True takes the first line as the headline, False reads it as body text (the
    title is then the body's opening words), None (the default) decides by the line itself: a
    line that reads like a paragraph (:func:`reads_like_paragraph`) is body text.
    """
    if "\x00" in text:  # a database cannot keep NUL; removed here so that offsets stay right
        count = text.count("\x00")
        text = text.replace("\x00", "")
        warnings.warn(
            f"{name}: removed {count} NUL character{'s' if count != 1 else ''} from the text", Notice, stacklevel=2
        )
    lines = text.split("\n")
    # The headline: the first non-blank line.
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index == len(lines):
        raise InputError(f"{name}: empty article")
    title = lines[index].strip()
    from_body = not title_line if title_line is not None else reads_like_paragraph(title)
    if not from_body:
        index += 1

    meta: dict[str, str] = {}
    standfirst: list[str] = []
    while index < len(lines):
        line = lines[index].strip()
        if not line:
            index += 1
        elif line.startswith("- "):
            standfirst.append(line[2:].strip())
            index += 1
        elif (m := _META.match(line)) is not None:
            meta[m["key"].lower()] = m["value"].strip()
            index += 1
        else:
            break

    body_lines = lines[index:]
    authors: list[str] = []
    outlet: str | None = None
    # Footer: byline and metadata lines at the end.
    while body_lines:
        line = body_lines[-1].strip()
        if not line:
            body_lines.pop()
        elif (m := _BYLINE.match(line)) is not None and (authors == [] and outlet is None):
            authors, outlet = _split_byline(m["names"] or m["plain"])
            body_lines.pop()
        elif (m := _META.match(line)) is not None:
            meta[m["key"].lower()] = m["value"].strip()
            body_lines.pop()
        else:
            break
    # A byline may also stand right under the headline.
    if not authors and body_lines and (m := _BYLINE.match(body_lines[0].strip())) is not None:
        authors, outlet = _split_byline(m["names"] or m["plain"])
        body_lines.pop(0)

    body = "\n".join(line.rstrip() for line in body_lines).strip("\n")
    if not body.strip():
        raise InputError(f"{name}: the article has a headline but no body text")
    if from_body:
        title = derived_title(body)
    elif len(title) > MAX_TITLE_LENGTH:
        raise InputError(
            f"{name}: the headline is {len(title):,} characters; the limit is {MAX_TITLE_LENGTH:,} "
            "(--no-title reads the first line as body text)"
        )
    url = meta.get("url")
    if url is not None:
        try:
            url = check_url(url)
        except ClaimtrackError as exc:
            raise InputError(f"{name}: the URL: line is not usable: {exc}") from None
    outlet = meta.get("outlet") or meta.get("source") or outlet
    published_value = meta.get("published") or meta.get("date")
    return ParsedArticle(
        title=title,
        body=body,
        standfirst="\n".join(standfirst) or None,
        authors=authors,
        outlet=outlet,
        url=url,
        published=_parse_date(published_value, name) if published_value else None,
        title_from_body=from_body,
    )
