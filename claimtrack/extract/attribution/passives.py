"""Passives: "It was reported that CONTENT" (an unnamed source), "was first reported by the
Gazette" (read with the speech verbs), and the agent of a passive of stance or decision ("The
levy has been criticized by the union")."""

from __future__ import annotations

import re

from ..lexicon import (
    ACTION_VERBS,
    AGENT_PASSIVE_PARTICIPLES,
    IRREGULAR_PARTICIPLES,
    IRREGULAR_VERBS,
    NOT_AGENT_NAMES,
    PASSIVE_REPORT_VERBS,
)
from ..phrases import np_after
from .common import ALL_VERBS, BY, agent, make
from .context import SentenceContext, enough, trim
from .limits import MIN_CONTENT_CHARS, PASSIVE_BY_GAP_MAX_WORDS, WINDOW
from .results import Attribution

_PASSIVE = re.compile(
    r"\b[Ii]t\s+(?:was|is|has\s+been|had\s+been)\s+(?:(?:widely|previously|also)\s+)?("
    + "|".join(PASSIVE_REPORT_VERBS)
    + r")\s+that\s+"
)


def it_was_reported(ctx: SentenceContext) -> Attribution | None:
    """ "It was reported / claimed / alleged that CONTENT": claimant None (an unnamed source)."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    if text.find(" that ", s, limit) == -1 or text.find("t ", s, limit) == -1:
        return None
    for m in _PASSIVE.finditer(text, s, limit):
        if quotes.containing(m.start()) is not None:
            continue
        cs, ce = trim(text, m.end(), limit, quotes)
        if ce - cs < MIN_CONTENT_CHARS:
            continue
        return Attribution(cs, ce, None, None, m.group(1).lower(), m.span(1), kind="passive")
    return None


def passive_by(ctx: SentenceContext, vs: int, ve: int, verb: str) -> Attribution | None:
    """ "The closure was first reported by the Gazette": the Gazette's claim, the whole sentence
    (the reporting verb at ``vs:ve`` follows a form of "be")."""
    text, limit, quotes = ctx.text, ctx.limit, ctx.quotes
    m = BY.match(text, ve, limit)
    if m is None:
        return None
    np = np_after(text, m.end(), limit)
    if np is None or (not text[np[0]].isupper() and text[np[0] : np[0] + 4].lower() != "the "):
        return None
    cs, ce = trim(text, ctx.s, limit, quotes)
    if not enough(text, cs, ce):
        return None
    return make(text, (cs, ce, None), np, verb, vs, ve)


#: Participles of statement, stance and decision whose agent is the claimant ("was criticized by",
#: "was appointed by", "is seen by"); acts and results ("was written by", "was won by") are not.
AGENT_PASSIVES = frozenset(v for v in ALL_VERBS + ACTION_VERBS if v.endswith("ed")) | AGENT_PASSIVE_PARTICIPLES
_PASSIVE_AGENT = re.compile(
    r"\b(?:is|was|were|are|been|be|being)\s+(?:(?:[a-z]+ly|also|first|later|not|never|widely|long)\s+)?"
    r"([a-z]{3,}ed|" + "|".join(sorted(IRREGULAR_PARTICIPLES | IRREGULAR_VERBS)) + r")"
    r"(?:\s+[\w’'.-]+){0," + str(PASSIVE_BY_GAP_MAX_WORDS) + r"}?\s+by\s+(?=[\w“\"])"
)


def passive_agent(ctx: SentenceContext) -> Attribution | None:
    """ "Trump has been criticized by some of his rivals for ...", "Ginsburg was appointed to the
    court by President Bill Clinton": the agent of a passive is the actor whose stance or decision
    the sentence reports (the claim is the whole sentence, cue the verb group). Verbs of plain
    action ("was defeated by", "was won by") and agents that are not a name, a person or a body
    ("by a wide margin", "by Friday", "by saying") keep the sentence in the article's voice."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    if text.find(" by ", s, limit) == -1:
        return None
    hi = min(limit, s + WINDOW)
    m = _PASSIVE_AGENT.search(text, s, hi)
    if m is None or quotes.containing(m.start()) is not None:
        return None
    verb = m.group(1)
    if verb not in AGENT_PASSIVES:
        return None
    np = np_after(text, m.end(), limit)
    if np is None:
        return None
    words = text[np[0] : np[1]].split()
    first = words[0].lower().strip('“"')
    if first in NOT_AGENT_NAMES or first.endswith("ing") or not agent(text[np[0] : np[1]]):
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not enough(text, cs, ce):
        return None
    return Attribution(
        cs, ce, text[np[0] : np[1]], np, text[m.start() : m.end(1)].lower(), (m.start(), m.end(1)), kind="action"
    )
