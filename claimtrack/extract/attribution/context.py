"""``SentenceContext``: what every rule reads (the text, the sentence's bounds, the quotations),
in one small immutable object instead of the same parameters in every signature, with the few
helpers every rule uses (``trim``, ``enough``, ``quoted``, ``quote_content``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lexicon import DEMONSTRATIVES, FRONT_DISCOURSE_WORDS, FRONTED_OPENERS
from ..quotes import CLOSE_QUOTES, OPEN_QUOTES, QuoteIndex
from .limits import FRONT_CLAUSE_MAX, MIN_CONTENT_WORDS

if TYPE_CHECKING:
    from ..cues import StemIndex
    from ..subjects import CapsIndex

#: A word, as the rules count them.
WORDS = re.compile(r"[\w’'-]+")


@dataclass(frozen=True, slots=True, init=False)
class SentenceContext:
    """One sentence (or a clause of it) as the rules see it. Immutable: a rule that needs another
    span asks for one (``span``)."""

    text: str
    """The whole text (positions are offsets into it)."""
    s: int
    """Where the sentence (or clause) starts."""
    e: int
    """Where the sentence ends."""
    limit: int
    """Where the rules stop reading: the sentence end, or where a disputing clause begins
    (``cues.find_dispute``: "..., but the ministry denied it" is not part of any claim)."""
    quotes: QuoteIndex
    caps: CapsIndex | None = None
    """Which words the text writes in lower case (is a sentence-opening word a name?)."""
    stems: StemIndex | None = None
    front: int | None = None
    """Where the main clause begins after a fronted clause ("While Lee argued X, ..."): just
    after its comma, or None (``front_end``)."""

    def __init__(
        self,
        text: str,
        s: int,
        e: int,
        limit: int,
        quotes: QuoteIndex,
        caps: CapsIndex | None = None,
        stems: StemIndex | None = None,
        front: int | None = None,
    ) -> None:
        # A frozen dataclass's own __init__ sets each field with object.__setattr__ (1.4 µs a
        # context, one per sentence and clause: about 1 % of the extraction); the slots'
        # descriptors set them in half the time.
        _SET_TEXT(self, text)
        _SET_S(self, s)
        _SET_E(self, e)
        _SET_LIMIT(self, limit)
        _SET_QUOTES(self, quotes)
        _SET_CAPS(self, caps)
        _SET_STEMS(self, stems)
        _SET_FRONT(self, front)

    @classmethod
    def for_sentence(
        cls,
        text: str,
        s: int,
        e: int,
        limit: int,
        quotes: QuoteIndex,
        caps: CapsIndex | None = None,
        stems: StemIndex | None = None,
    ) -> SentenceContext:
        return cls(text, s, e, limit, quotes, caps, stems, front_end(text, s, limit, quotes))

    def span(self, s: int, limit: int) -> SentenceContext:
        """The same text read from ``s`` to ``limit`` (a clause, or the main clause after a fronted
        one)."""
        return SentenceContext(self.text, s, limit, limit, self.quotes, self.caps, self.stems)

    # Conveniences for a new rule. The rules on hot paths call the module functions below with
    # locals (``text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes``): one call less.

    def quoted(self, pos: int) -> bool:
        """Is ``pos`` inside a quotation?"""
        return self.quotes.containing(pos) is not None

    def trim(self, a: int, b: int, *, unquote: bool = True) -> tuple[int, int]:
        return trim(self.text, a, b, self.quotes, unquote=unquote)

    def enough(self, a: int, b: int) -> bool:
        return enough(self.text, a, b)

    def quote_content(self, qi: int, s: int, limit: int) -> tuple[int, int, int | None] | None:
        return quote_content(self.text, qi, s, limit, self.quotes)


_SET_TEXT, _SET_S, _SET_E, _SET_LIMIT, _SET_QUOTES, _SET_CAPS, _SET_STEMS, _SET_FRONT = (
    getattr(SentenceContext, name).__set__ for name in ("text", "s", "e", "limit", "quotes", "caps", "stems", "front")
)

_DASH_CHARS = "-—–"


def trim(text: str, a: int, b: int, quotes: QuoteIndex, *, unquote: bool = True) -> tuple[int, int]:
    """Strip whitespace, leading ",;:" and trailing ".,;:", a dash set off by a space at either
    end ("- after the ruling - ..."), and unbalanced edge quote marks."""
    for _ in range(3):
        while a < b and (
            text[a].isspace() or text[a] in ",;:" or (text[a] in _DASH_CHARS and a + 1 < b and text[a + 1].isspace())
        ):
            a += 1
        while b > a and (
            text[b - 1].isspace()
            or text[b - 1] in ".,;:…"
            or (text[b - 1] in _DASH_CHARS and b - 1 > a and text[b - 2].isspace())
        ):
            b -= 1
        if not unquote or b <= a:
            break
        changed = False
        if text[b - 1] in CLOSE_QUOTES:
            qi = quotes.closing_at(b - 1)
            if qi is not None and quotes.quotes[qi].open < a:
                b = quotes.quotes[qi].close
                changed = True
            elif qi is None and text[b - 1] != "'":
                b -= 1
                changed = True
        if b > a and text[a] in OPEN_QUOTES:
            qi = quotes.opening_at(a)
            if qi is not None and quotes.quotes[qi].close >= b:
                a = quotes.quotes[qi].inner_start
                changed = True
            elif qi is None and text[a] != "'":
                a += 1
                changed = True
        if not changed:
            break
    return a, b


def enough(text: str, cs: int, ce: int) -> bool:
    """Does ``text[cs:ce]`` hold at least ``MIN_CONTENT_WORDS`` words?"""
    n = 0
    for _ in WORDS.finditer(text, cs, ce):
        n += 1
        if n >= MIN_CONTENT_WORDS:
            return True
    return False


def quote_content(text: str, qi: int, s: int, limit: int, quotes: QuoteIndex) -> tuple[int, int, int | None] | None:
    """The inside of quotation ``qi`` (within ``[s, limit)``): ``(start, end, qi)``."""
    q = quotes.quotes[qi]
    cs, ce = trim(text, max(q.inner_start, s), min(q.close, limit), quotes, unquote=False)
    if ce <= cs:
        return None
    return cs, ce, qi


_FRONT_WORD = re.compile(r"(?:(?:" + "|".join(FRONT_DISCOURSE_WORDS) + r"),?\s+)?([A-Z][a-z]+)\b")


def front_end(text: str, s: int, limit: int, quotes: QuoteIndex) -> int | None:
    """Where the main clause begins after a fronted phrase or subordinate clause ("While Lee
    argued X, ...", "In a speech on Friday, ..."): just after its comma, or None."""
    m = _FRONT_WORD.match(text, s, limit)
    if m is None:
        return None
    low = m.group(1).lower()
    if low not in FRONTED_OPENERS or low in DEMONSTRATIVES or low == "according":
        return None
    c = text.find(",", m.end(), min(limit, s + FRONT_CLAUSE_MAX))
    if c == -1 or quotes.containing(c) is not None:
        return None
    return c + 1
