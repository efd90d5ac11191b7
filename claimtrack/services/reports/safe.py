"""Escaping for each output format: article text is data, never markup, formulas or broken JSON.

- Markdown: :func:`claimtrack.textsafe.markdown_escape` (pipes, backticks, ``<``...), and links
  whose url is percent-encoded so it cannot close the link or split a table cell.
- HTML: Jinja2 autoescape (see the template); control characters shown as ``\\xNN``; only
  http(s) urls become links.
- CSV: :func:`csv_cell` puts ``'`` before a cell a spreadsheet would run as a formula.
- JSON: :func:`json_text` replaces lone surrogates, so the output is valid UTF-8 JSON for any text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

from claimtrack.textsafe import markdown_escape, terminal_safe

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text: never a formula (``=``, ``+``, ``-``, ``@``,
    tab or CR first get a ``'`` in front), control characters but tab and newlines made visible."""
    if value is None:
        return ""
    raw = value if isinstance(value, str) else str(value)
    # Printable text (most cells) has nothing to make visible: skip the regex pass.
    text = raw if raw.isprintable() else terminal_safe(raw)  # keeps \t and \n; \r, escapes → \x0d, \x1b
    if raw.startswith(_FORMULA_START) or text.startswith(_FORMULA_START):
        return "'" + text
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(value: str | None) -> str | None:
    """Text that encodes as valid UTF-8 JSON: lone surrogates become U+FFFD."""
    if value is None:
        return None
    return _SURROGATE.sub("\ufffd", value)


def visible(value: str | None) -> str:
    """Text for HTML: control characters and bidi overrides shown as ``\\xNN`` (escaping is Jinja's job)."""
    if not value:
        return ""
    return value if value.isprintable() else terminal_safe(value)  # printable text has nothing to show


_HTTP_URL = re.compile(r"https?://[^\s/?#@]+(?:@[^\s/?#@]+)?(?:[/?#]\S*)?\Z", re.I)


def http_url(url: str | None) -> str | None:
    """The url if it is a plain http(s) link (what a report may turn into a link), else ``None``:
    an ``http``/``https`` scheme, a host, no spaces or control characters."""
    if not url:
        return None
    url = url.strip()
    if _HTTP_URL.match(url) is None or not url.isprintable():
        return None
    return url


# Characters kept as they are in a Markdown link target; everything else is percent-encoded
# (so ``)``, ``|``, ``<``, ``>``, backticks and backslashes cannot end the link or the cell).
_MD_URL_SAFE = ":/?#@!$&'*+,;=%~-._"


def markdown_link(text: str | None, url: str | None) -> str:
    """``[text](url)`` for an http(s) url, else the escaped text (and the url as plain text)."""
    label = md_text(text)
    target = http_url(url)
    if target is None:
        if url:
            return f"{label} ({md_text(url)})" if label else md_text(url)
        return label
    return f"[{label or md_text(target)}]({quote(target, safe=_MD_URL_SAFE)})"


# Text with none of these characters, and no list or heading marker first, is unchanged by
# markdown_escape: the fast path (most claims) skips its five passes.
_MD_PLAIN = re.compile("[^\\\\`*_\\[\\]|~&<>\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]*\\Z")
_MD_MARKER = re.compile(r"\s*(?:[#>+-]|\d+[.)])")


def md_text(text: str | None) -> str:
    """:func:`claimtrack.textsafe.markdown_escape`, faster on text that needs no escaping."""
    if not text:
        return ""
    if _MD_PLAIN.match(text) is not None and _MD_MARKER.match(text) is None:
        return text
    return markdown_escape(text)


def md_cell(value: object) -> str:
    return md_text(str(value)) if value is not None and value != "" else "—"


# --- times ----------------------------------------------------------------------------------------


def iso(value: datetime | date | None) -> str | None:
    """``2024-03-01T09:30:00Z`` (UTC, seconds), or ``2024-03-01`` for a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        # isoformat() is several times faster than strftime(), and reports format many stamps.
        return value.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"
    return value.isoformat()


def stamp(value: datetime | None) -> str:
    """``2024-03-01 09:30`` (UTC), for people."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if value else ""


def duration(value: timedelta | None) -> str:
    """A duration for people: ``40 min``, ``5 h``, ``3 d 4 h``."""
    if value is None:
        return "—"
    seconds = max(0, int(value.total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    hours = seconds // 3600
    if hours < 48:
        return f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


# --- small pictures in text ---------------------------------------------------------------------

_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """One character a value, ``▁`` to ``█`` from zero to the largest; a space for zero."""
    top = max(values, default=0)
    if top <= 0:
        return " " * len(values)
    return "".join(" " if v <= 0 else _BLOCKS[max(0, -(-v * len(_BLOCKS) // top) - 1)] for v in values)
