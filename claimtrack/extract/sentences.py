"""Sentence splitting.

One left-to-right pass over candidate boundaries (runs of ``.!?…`` followed by whitespace, plus
every newline). Each candidate is judged by looking at a bounded window around it (the token
before the period, the word after it), so the cost is linear in the length of the text.

Rules:

* a newline always ends a sentence (the input is one paragraph a line);
* closing quotes and brackets right after the final punctuation belong to the sentence;
* a period after a title ("Dr."), a single initial ("Vladimir V. Putin"), a month or number
  abbreviation before a number ("Sept. 11"), or an abbreviation / dotted acronym ("U.S.",
  "a.m.") not followed by a typical sentence opener does not end a sentence;
* nothing ends before a lowercase word ("5 p.m. on Saturday", "etc. and");
* a quote closed after its final punctuation and followed by an attribution tail
  (``“... it.” Putin said.``) stays one sentence;
* leading whitespace and a leading bullet ("- ", "* ", "• ") are not part of a sentence, and
  neither is a wire dateline opening a paragraph ("WASHINGTON (AP) — ", "MANCHESTER, N.H. - ",
  "PARIS, Aug 31 (Reuters) - "): it says where the story was filed, it is not what anyone
  claims, and left in it would be read as part of the first sentence's subject.
"""

from __future__ import annotations

import re

from .lexicon import (
    NEVER_FINAL,
    NUMBER_ABBREVIATIONS,
    OTHER_ABBREVIATIONS,
    REPORTING_VERBS,
    SENTENCE_OPENERS,
    TITLES,
)

CLOSING_MARKS = "\"”’'»)]"
OPENING_MARKS = "\"“‘'«(["

# A run of final punctuation, optional closing quotes/brackets, then whitespace or the end; or
# a newline.
_CANDIDATE = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s|\Z)|\n")
# The token right before a period: letters and inner dots ("U.S", "a.m", "Dr", "V").
_TOKEN_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\Z")
# Whitespace, opening marks, then the next word (bounded by the caller's endpos).
_NEXT_WORD = re.compile(r"(\s*)[\"“‘'«(\[]*([\w’'-]*)")
_NONSPACE = re.compile(r"\S")
_BULLET = re.compile(r"[-*•–]\s+")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}"
_AGENCY = r"\([A-Z][\w .&-]{0,30}\)"
# A place in capitals (with a state or country after a comma), a date, an agency, then a dash:
# "WASHINGTON — ", "COLUMBIA, S.C. - ", "NEW YORK, Dec. 14 (UPI) — ", "Aug 27 (Reuters) - ".
_DATELINE = re.compile(
    r"(?:(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:, [A-Z][\w.'’]*(?: [A-Z][\w.'’]*){0,2}){0,2}"
    r"(?:,? " + _MONTH + r")?(?P<agency> " + _AGENCY + r")?"
    r"|" + _MONTH + r" " + _AGENCY + r")"
    r"(?: --? | ?[—–] ?)(?=[\"“‘'A-Z0-9])"  # a hyphen only with spaces: not "AFL-CIO"
)
_CAPITALS = re.compile(r"[A-Z]{3}")

_VERB_ALT = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
# An attribution tail after a closed quote: `” Putin said`, `” said Ned Price`, `” he added`.
_TAIL = re.compile(
    r"\s+(?:(?:he|she|they|it|we|I|[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,4})\s+"
    r"(?:also\s+|later\s+|then\s+)?(?:" + _VERB_ALT + r")\b|(?:" + _VERB_ALT + r")\s)"
)

_LOOKBACK = 40
_LOOKAHEAD = 200


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` spans of the sentences of ``text``, in order.

    Spans never include surrounding whitespace, never cross a newline, and are never empty.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    para = True  # the next sentence opens a paragraph
    for m in _CANDIDATE.finditer(text):
        if m.group() == "\n":
            _emit(text, start, m.start(), spans, para)
            start = m.end()
            para = True
        elif _is_boundary(text, m.start(), m.end()):
            if _emit(text, start, m.end(), spans, para):
                para = False
            start = m.end()
    _emit(text, start, len(text), spans, para)
    return spans


def _emit(text: str, start: int, end: int, spans: list[tuple[int, int]], para: bool = False) -> bool:
    """Append the span of ``text[start:end]`` without its surroundings (and, at a paragraph's
    start, its dateline); False if there is nothing but whitespace."""
    m = _NONSPACE.search(text, start, end)
    if m is None:
        return False
    s = m.start()
    b = _BULLET.match(text, s, end)
    if b is not None and b.end() < end:
        s = b.end()
    if para:
        s = _after_dateline(text, s, end)
    e = end
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))
        return True
    return False


def _after_dateline(text: str, s: int, end: int) -> int:
    if not text[s].isupper():
        return s
    d = _DATELINE.match(text, s, min(end, s + 80))
    if d is None or d.end() >= end:
        return s
    place = d.group("place")
    if place is not None and d.group("agency") is None and not _CAPITALS.search(place):
        return s  # "U.S. - China talks": too short to be a city in capitals
    return d.end()


def _is_boundary(text: str, p: int, q: int) -> bool:
    """Is the punctuation run ``text[p:q]`` (followed by whitespace or the end) a boundary?"""
    nxt = _NEXT_WORD.match(text, q, min(len(text), q + _LOOKAHEAD))
    assert nxt is not None  # every part of _NEXT_WORD is optional: it matches anywhere
    space, word = nxt.group(1), nxt.group(2)
    if q >= len(text) or "\n" in space:
        return True
    if word[:1].islower():
        return False
    run = text[p:q]
    closed_quote = run[-1] in CLOSING_MARKS
    if closed_quote and _TAIL.match(text, q, min(len(text), q + _LOOKAHEAD)):
        return False
    if run[0] != "." or len(run.rstrip(CLOSING_MARKS)) > 1 or closed_quote:
        return True
    tok = _TOKEN_BEFORE.search(text, max(0, p - _LOOKBACK), p)
    if tok is None:
        return True
    token = tok.group(1)
    low = token.lower()
    if low in TITLES:
        return False
    if len(token) == 1 and token.isupper():
        return False  # an initial: "Vladimir V. Putin", "George W. Bush"
    if low in NEVER_FINAL:
        return False
    if low in NUMBER_ABBREVIATIONS:
        return not word[:1].isdigit()
    if "." in token or low in OTHER_ABBREVIATIONS:
        return word.lower() in SENTENCE_OPENERS
    return True
