"""Article text is data: these helpers keep it from becoming escape codes or markup.

Whatever an article contains (ANSI escape sequences, other control characters, bidirectional
overrides, Markdown or HTML) is shown literally, as visible text.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, and the bidi controls that can reorder
# what a terminal shows ("Trojan Source").
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str | None, *, single_line: bool = False) -> str:
    """``text`` with every control character shown as a visible ``\\xNN`` escape."""
    if text is None:
        return ""
    text = _UNSAFE.sub(_visible, text)
    if single_line:
        text = text.replace("\n", " ").replace("\t", " ")
    return text


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])")


def markdown_escape(text: str | None) -> str:
    """Text for a Markdown paragraph or table cell: no markup, no HTML, no table breaks."""
    if text is None:
        return ""
    text = terminal_safe(text, single_line=True)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match[str]) -> str:
    marker = match.group(2)
    if marker[0].isdigit():  # "1." would start an ordered list: escape the dot
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


# What json.dumps(..., ensure_ascii=False) leaves raw in a string and a terminal or an editor
# would act on: DEL and the C1 controls, the bidi controls, the line and paragraph separators
# (which end a line in JavaScript), the byte order mark. (C0 controls json.dumps escapes itself.)
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def json_safe(encoded: str) -> str:
    """JSON text from ``json.dumps`` with every control and bidi character written ``\\uXXXX``.

    The decoded strings are the same; only their spelling changes. These characters appear only
    inside strings in JSON that ``json.dumps`` wrote, so the whole text can be rewritten.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def dumps_json(data: object, **options: object) -> str:
    """``json.dumps(data, ensure_ascii=False, **options)`` made safe to print (:func:`json_safe`)."""
    import json

    return json_safe(json.dumps(data, ensure_ascii=False, **options))  # type: ignore[arg-type]  # options are json.dumps's keywords, passed through


def clip(text: str | None, limit: int) -> str | None:
    """Text that came from elsewhere (a page's title), cut to ``limit`` characters with an ellipsis."""
    if text is None:
        return None
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def noun(count: int, singular: str, plural: str | None = None) -> str:
    """The noun for ``count`` things: "1 article", "2 articles" (``f"{n} {noun(n, 'article')}"``)."""
    return singular if count == 1 else (plural or singular + "s")
