"""Trailing speakers: "The plan would cost $2 billion, the analysts surmised." A comma, an agent
subject and a finite verb of any kind at the end of the sentence (a short phrase of place or time
may follow) make what precedes the comma the subject's claim."""

from __future__ import annotations

import re

from ..lexicon import TAIL_OPENERS, TRAILING_DISCOURSE_WORDS
from ..quotes import CLOSE_QUOTES
from ..subjects import main_clause
from .common import fronted
from .context import WORDS, SentenceContext, enough, quote_content, trim
from .limits import (
    MIN_CLAIM_WORDS,
    TRAILING_MAX_COMMAS,
    TRAILING_MAX_SPACES,
    TRAILING_MAX_TAIL_WORDS,
    TRAILING_MIN_OFFSET,
    TRAILING_SPAN,
    WORD_COUNT_SPAN,
)
from .results import Attribution

_DISCOURSE_OPENER = re.compile(r"(?:" + "|".join(TRAILING_DISCOURSE_WORDS) + r")\s+")
_CLAUSE_COMMA = re.compile(r",[”\"’']?\s+")


def trailing_speaker(ctx: SentenceContext) -> Attribution | None:
    """ "The plan would cost $2 billion, the analysts surmised.": a comma, an agent subject and a
    finite verb of any kind at the end of the sentence (a short phrase of place or time may
    follow) make what precedes the comma the subject's claim."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    while limit > s and text[limit - 1] in ".!…” \t":
        limit -= 1  # the verb's token must not carry the full stop
    lo = max(s, limit - TRAILING_SPAN)
    commas = [c for c in _CLAUSE_COMMA.finditer(text, lo, limit)][-TRAILING_MAX_COMMAS:]
    if not commas:
        return None
    last = commas[-1].start()
    if text.count(" ", last, limit) > TRAILING_MAX_SPACES:
        return None  # after the last comma, no short "X <verb> [time or place]" ends the sentence
    found = c = None
    for c in reversed(commas):  # "..., Dean, the former governor, proclaimed": the name before the aside
        if c.start() - s < TRAILING_MIN_OFFSET or quotes.containing(c.end()) is not None:
            return None
        found = main_clause(text, c.end(), limit, ctx.caps)
        if found is not None:
            break
    if found is None or c is None:
        return None
    (na, nb), (vs, ve), pronoun = found
    if na != c.end() or vs < last:
        return None
    head = _DISCOURSE_OPENER.match(text, s, c.start())
    if fronted(text, head.end() if head else s, c.start()) and text.find(",", s, c.start()) == -1:
        return None  # "But in July 2012, the company failed as predicted": a fronted phrase, no claim
    tail = WORDS.findall(text, ve, limit)
    if len(tail) > TRAILING_MAX_TAIL_WORDS or (tail and tail[0].lower() not in TAIL_OPENERS):
        return None
    if tail and text[ve:limit].find(" that ") != -1:
        return None
    q = text[c.start() + 1] if text[c.start() + 1] in CLOSE_QUOTES else None
    if q is not None:
        qi = quotes.closing_at(c.start() + 1)
        content = quote_content(text, qi, s, limit, quotes) if qi is not None else None
        if content is None:
            return None
        cs, ce = content[0], content[1]
    else:
        cs, ce = trim(text, s, c.start(), quotes)
    if not enough(text, cs, ce) or len(WORDS.findall(text, cs, min(ce, cs + WORD_COUNT_SPAN))) < MIN_CLAIM_WORDS:
        return None
    return Attribution(cs, ce, text[na:nb], (na, nb), text[vs:ve].lower(), (vs, ve), pronoun=pronoun, kind="verb")
