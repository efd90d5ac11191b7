"""Finding quotations.

One pass over the quote marks of the whole text. Curly double quotes (“ ”), guillemets (« »)
and straight double quotes (") delimit quotations (a straight mark may pair with a curly one:
hand-edited copy mixes them); curly single quotes (‘ ’) do too when no
double quote is open, ‘ opens only at the start of a word and ’ closes only at the end of one
(so apostrophes, as in "countries’" or "we’ve", are left alone). Quotes never cross a newline:
a quotation left open at the end of a paragraph is closed there (news style re-opens it at the
start of the next paragraph).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

OPEN_QUOTES = "“«\"‘'"
CLOSE_QUOTES = "”»\"’'"
"""Characters that may be (part of) a quote mark; always confirm with a ``QuoteIndex``."""

# `''` is the two-apostrophe double quote of some wire copy (NYT style).
_QCHAR = re.compile(r"''|[“”«»\"‘’\n]")


@dataclass(frozen=True, slots=True)
class Quote:
    open: int
    """Index of the opening mark."""
    close: int
    """Index of the closing mark, or of the end of the paragraph when ``closed`` is false."""
    closed: bool
    width: int = 1
    """Length of the quote marks (2 for ``''``)."""

    @property
    def inner_start(self) -> int:
        return self.open + self.width

    @property
    def inner_end(self) -> int:
        return self.close


class QuoteIndex:
    """The quotations of a text, sorted, with position look-ups in O(log n)."""

    def __init__(self, text: str) -> None:
        self.quotes: list[Quote] = _find_quotes(text)
        self._opens = [q.open for q in self.quotes]

    def containing(self, pos: int) -> int | None:
        """Index of the quote whose inside (between the marks) contains ``pos``, else None."""
        i = bisect_right(self._opens, pos) - 1
        if i >= 0:
            q = self.quotes[i]
            if q.open + q.width - 1 < pos < q.close or (not q.closed and q.open < pos <= q.close):
                return i
        return None

    def closing_at(self, pos: int) -> int | None:
        """Index of the quote whose closing mark covers ``pos``, else None."""
        i = bisect_right(self._opens, pos) - 1
        if i >= 0:
            q = self.quotes[i]
            if q.closed and q.close <= pos < q.close + q.width:
                return i
        return None

    def opening_at(self, pos: int) -> int | None:
        """Index of the quote whose opening mark covers ``pos``, else None."""
        i = bisect_right(self._opens, pos) - 1
        if i >= 0 and self.quotes[i].open <= pos < self.quotes[i].open + self.quotes[i].width:
            return i
        return None


def _find_quotes(text: str) -> list[Quote]:
    out: list[Quote] = []
    dbl: int | None = None  # open double quote
    dbl_straight = False
    dbl_width = 1
    inner_open = False  # a straight quotation open inside a curly one
    sgl: int | None = None  # open single quote (only when no double quote is open)
    n = len(text)
    for m in _QCHAR.finditer(text):
        ch = m.group()
        i = m.start()
        if ch == "\n":
            if dbl is not None:
                out.append(Quote(dbl, i, False, dbl_width))
            elif sgl is not None:
                out.append(Quote(sgl, i, False))
            dbl = sgl = None
            continue
        if ch in "“«":
            if dbl is None:
                if sgl is not None:  # a double inside a single: treat the single as a stray
                    sgl = None
                dbl, dbl_straight, dbl_width = i, False, 1
                inner_open = False
        elif ch in "”»":
            # a curly close ends a curly quote, and a straight one opened with a single " (copy
            # edited by hand mixes them: "But we won,” he said)
            if dbl is not None and (not dbl_straight or dbl_width == 1):
                out.append(Quote(dbl, i, True))
                dbl = None
        elif ch == '"' or ch == "''":
            w = len(ch)
            if dbl is None:
                sgl = None
                dbl, dbl_straight, dbl_width = i, True, w
            elif dbl_straight and dbl_width == w:
                out.append(Quote(dbl, i, True, w))
                dbl = None
            elif not dbl_straight and w == 1:
                # inside “...”: a straight mark after a space opens a quotation within it (its
                # next straight mark closes that one); one ending a word otherwise closes “
                if inner_open:
                    inner_open = False
                elif i > 0 and text[i - 1].isspace():
                    inner_open = True
                else:
                    out.append(Quote(dbl, i, True))
                    dbl = None
        elif ch == "‘":
            if dbl is None and sgl is None and (i == 0 or not text[i - 1].isalnum()):
                sgl = i
        elif ch == "’" and dbl is None and sgl is not None and (i + 1 >= n or not text[i + 1].isalpha()):
            out.append(Quote(sgl, i, True))
            sgl = None
    if dbl is not None:
        out.append(Quote(dbl, n, False, dbl_width))
    elif sgl is not None:
        out.append(Quote(sgl, n, False))
    return out
