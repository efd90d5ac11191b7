"""Polls: a sentence opening with a poll ("In a CBS News poll released Monday, 56 percent ...":
the content after the comma) and a poll in mid-sentence ("Ruiz held a 12-point lead in a Gazette
poll": the whole sentence). Cue "in" (or "by")."""

from __future__ import annotations

import re

from ..lexicon import POLL_INSIDE_NOUNS, POLL_INSIDE_TAIL_STOPS, POLL_INSIDE_TAIL_WORDS, POLL_NOUNS, POLL_TAIL_WORDS
from .context import SentenceContext, enough, trim
from .limits import (
    POLL_INSIDE_MODIFIER_MAX_WORDS,
    POLL_INSIDE_SPAN,
    POLL_INSIDE_TAIL_MAX_WORDS,
    POLL_MODIFIER_MAX_WORDS,
    POLL_TAIL_MAX,
)
from .results import Attribution

_POLL = re.compile(
    r"(?:In|According\s+to)\s+((?:an?|the|this|that|its|their|his|her)\s+(?:[\w’'./&-]+\s+){0,"
    + str(POLL_MODIFIER_MAX_WORDS)
    + r"}?"
    r"(?:" + "|".join(POLL_NOUNS) + r")"
    r"(?:\s+(?:" + "|".join(POLL_TAIL_WORDS) + r")\b[^,]{0," + str(POLL_TAIL_MAX) + r"})?),\s+"
)


def poll_opening(ctx: SentenceContext) -> Attribution | None:
    """ "In a CBS News poll released Monday, 56 percent ...": the poll's claim."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    if not text.startswith("In ", s):
        return None
    m = _POLL.match(text, s, limit)
    if m is None:
        return None
    cs, ce = trim(text, m.end(), limit, quotes)
    if not enough(text, cs, ce):
        return None
    return Attribution(cs, ce, m.group(1), m.span(1), "in", (s, s + 2), kind="according")


_POLL_INSIDE = re.compile(
    r"\b(?:in|by)\s+((?:[\w’'./&-]+\s+){0," + str(POLL_INSIDE_MODIFIER_MAX_WORDS) + r"}?"
    r"(?:" + "|".join(POLL_INSIDE_NOUNS) + r")"
    r"(?:\s+(?:" + "|".join(POLL_INSIDE_TAIL_WORDS) + r")"
    r"(?:\s+(?!(?:"
    + "|".join(POLL_INSIDE_TAIL_STOPS)
    + r")\b)[\w’'./&-]+){1,"
    + str(POLL_INSIDE_TAIL_MAX_WORDS)
    + r"}?)?)"
    r"(?=\s*(?:[,;.!?)]|\s—|\s–|\Z))"
)


def poll_inside(ctx: SentenceContext) -> Attribution | None:
    """ "Ruiz held a 12-point lead among older voters in a Gazette poll.", "Lee is ahead in the polls
    in Ohio, with ...": a poll or survey in the middle or at the end of a sentence is its source
    (the claim is the whole sentence, cue "in")."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    hi = min(limit, s + POLL_INSIDE_SPAN)
    if text.find("oll", s, hi) == -1 and text.find("urvey", s, hi) == -1 and text.find("tud", s, hi) == -1:
        return None
    m = _POLL_INSIDE.search(text, s, hi)
    if m is None or quotes.containing(m.start()) is not None:
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not enough(text, cs, ce):
        return None
    a, b = m.span(1)
    if text[b - 1] == "." and text.rfind(".", a, b - 1) < text.rfind(" ", a, b - 1):
        b -= 1  # "... in Utah.": the full stop, not an abbreviation ("U.S.")
    cue = text[m.start() : m.start() + 2].lower()
    return Attribution(cs, ce, text[a:b], (a, b), cue, (m.start(), m.start() + 2), kind="action")
