"""Sources named outright: "According to X, CONTENT" / "CONTENT, according to X" (cue "according
to"), and a short capitalised name and a colon ("City Hall: pumps cleared the water", cue ":")."""

from __future__ import annotations

import re

from ..lexicon import FORMS_OF_ADDRESS, NOT_SOURCE_LABELS
from ..phrases import np_after
from ..quotes import OPEN_QUOTES
from .context import SentenceContext, enough, trim
from .limits import ACCORDING_SOURCE_MAX, COLON_NAME_MAX_WORDS, COLON_SOURCE_MAX, MIN_CONTENT_CHARS, WORD_COUNT_SPAN
from .results import Attribution

_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_FROM_NAME = re.compile(r"\s+from\s+(?=(?:the\s+)?[A-Z])")
# a proper name with no comma after it: "the Saudi Interior Ministry", "the Arts and Humanities
# Citation Index" (connectors between capitalised words; a title such as "Professor" starts the
# content's subject, not the source)
_NAMED = re.compile(r"(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+(?:(?:of|and|for|on|the|de)\s+)*[A-Z][\w’'.&-]*){0,7}")


def _named_source(text: str, start: int, limit: int) -> tuple[int, int] | None:
    """A capitalised name right after "according to" with no comma: the span, or None when what
    follows it does not read as content (a lower-case word or a number must come next)."""
    m = _NAMED.match(text, start, min(limit, start + ACCORDING_SOURCE_MAX))
    if m is None:
        return None
    words = list(re.finditer(r"\S+", text[m.start() : m.end()]))
    end = m.end()
    for k, w in enumerate(words):
        if k >= 2 and w.group().lower().rstrip(".") in FORMS_OF_ADDRESS:
            end = m.start() + words[k - 1].end()
            break
    nxt = re.match(r"\s+(\S)", text[end : min(limit, end + 3)])
    if end - m.start() < 3 or nxt is None:
        return None
    if end == m.end() and not (nxt.group(1).islower() or nxt.group(1).isdigit()):
        return None
    return (m.start(), end)


def according_to(ctx: SentenceContext) -> Attribution | None:
    """ "According to X, CONTENT", "CONTENT, according to X", "The bridge, according to the agency,
    carries ..." and "... a day according to the agency" (the last two: the whole sentence)."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    if text.find("ccording", s, limit) == -1:
        return None
    for m in _ACCORDING.finditer(text, s, limit):
        if quotes.containing(m.start()) is not None:
            continue
        head = text[s : m.start()]
        if not head.strip(" \t" + OPEN_QUOTES):
            named = _named_source(text, m.end(), limit)
            if named is not None:  # "According to the Saudi Interior Ministry over 345 pilgrims ..."
                cs, ce = trim(text, named[1], limit, quotes)
                if ce - cs >= MIN_CONTENT_CHARS and enough(text, cs, ce):
                    cue_span = (m.start(), m.start() + len(m.group().rstrip()))
                    return Attribution(
                        cs, ce, text[named[0] : named[1]], named, "according to", cue_span, kind="according"
                    )
        np = np_after(text, m.end(), limit)
        if np is None:
            continue
        cue_span = (m.start(), m.start() + len(m.group().rstrip()))
        fr = _FROM_NAME.match(text, np[1], limit)
        if fr is not None:  # "according to a recent report from the Gazette": the whole source
            np2 = np_after(text, fr.end(), limit)
            if np2 is not None:
                np = (np[0], np2[1])
        if not head.strip(" \t" + OPEN_QUOTES):
            # sentence-initial: the source runs to a comma ("According to documents from X,
            # a friend of Y, the first lady ...": the source is "documents from X")
            j = np[1]
            while j < limit and text[j] in " \t":
                j += 1
            if j >= limit or text[j] != ",":
                j = text.find(",", np[1], min(limit, m.end() + ACCORDING_SOURCE_MAX))
                if j == -1:
                    continue
                np = (np[0], j)
            cs, ce = trim(text, j + 1, limit, quotes)
        elif head.rstrip().endswith(","):
            k = np[1]
            while k < limit and text[k] in " \t":
                k += 1
            if k < limit and text[k] == "," and enough(text, k + 1, limit):
                # "The economy, according to officials, grew 5 percent": the whole sentence
                cs, ce = trim(text, s, limit, quotes)
            else:
                cs, ce = trim(text, s, len(head.rstrip()) + s - 1, quotes)
        else:
            # mid-sentence without commas: "Prices rose according to the ministry by 5 percent"
            cs, ce = trim(text, s, limit, quotes)
        if ce - cs < MIN_CONTENT_CHARS:
            continue
        return Attribution(cs, ce, text[np[0] : np[1]], np, "according to", cue_span, kind="according")
    return None


# "City Hall: pumps cleared the water", "Ruiz: we need 40 more pumps": a short capitalised name, a colon.
_COLON_SOURCE = re.compile(
    r"((?:[A-Z][\w’'.&-]*|of|the|and)(?:\s+(?:[A-Z][\w’'.&-]*|of|the|and)){0,"
    + str(COLON_NAME_MAX_WORDS)
    + r"}):\s+(?=\S)"
)


def colon_source(ctx: SentenceContext) -> Attribution | None:
    """ "City Hall: pumps cleared 90 percent of the water": a short capitalised name, a colon, a claim."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    if text.find(":", s, min(limit, s + COLON_SOURCE_MAX)) == -1:
        return None
    m = _COLON_SOURCE.match(text, s, limit)
    if m is None or m.group(1).split()[0].lower() in NOT_SOURCE_LABELS:
        return None
    if m.group(1).lower() in NOT_SOURCE_LABELS:
        return None
    cs, ce = trim(text, m.end(), limit, quotes)
    if not enough(text, cs, ce) or not enough(text, cs, min(ce, cs + WORD_COUNT_SPAN)):
        return None
    return Attribution(cs, ce, m.group(1), m.span(1), ":", (m.end(1), m.end(1) + 1), pronoun=False, kind="colon")
