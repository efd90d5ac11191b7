"""A speakerless quotation: a sentence that is (all but punctuation) a quotation. The extractor
gives it the speaker named where the same quotation closes, or the last named speaker."""

from __future__ import annotations

from ..quotes import CLOSE_QUOTES
from .context import SentenceContext, enough, trim
from .results import Attribution


def speakerless_quote(ctx: SentenceContext) -> Attribution | None:
    text, s, e, quotes = ctx.text, ctx.s, ctx.e, ctx.quotes
    qi = quotes.opening_at(s)
    if qi is None:
        qi = quotes.containing(s)
    if qi is None:
        return None
    q = quotes.quotes[qi]
    tail = text[min(q.close + q.width, e) : e] if q.close < e else ""
    if tail.strip(" .,;:!?…" + CLOSE_QUOTES):
        return None
    cs, ce = trim(text, max(q.inner_start, s), min(q.close, e), quotes, unquote=False)
    if not enough(text, cs, ce):
        return None
    return Attribution(cs, ce, None, None, None, None, quote_id=qi, kind="quote")
