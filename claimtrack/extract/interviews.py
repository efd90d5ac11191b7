"""Interviews: the answers are the interviewee's, though no sentence says "she said".

An interview is a text with at least ``MIN_QUESTIONS`` paragraphs that end with a question mark
and an interviewee the headline or the lead names:

* "Biologist Nick Bos tells Wikinews about ...", "Jack Herrick, wikiHow founder, interviewed by
  Wikinews", "Frank Messina: An interview with ...", "Interview with philosopher Noam Chomsky",
  "Wikinews interviews academic Simon Ličen about ...", "Q&A: Jane Roe on ...";
* the lead: "Wikinews spoke with William Evans, president of ...", "We talked to Jane Roe".

Every paragraph after the first question that is not itself a question is an answer: its
claims in the article's own voice, and those whose speaker is "I" or "we", are the
interviewee's.
"""

from __future__ import annotations

import re

MIN_QUESTIONS = 2
"""Question paragraphs needed before a text is read as an interview."""
LEAD_CHARS = 600
"""How much of the body's opening is searched for "spoke with NAME"."""

_NAME = r"((?:[A-Z][\w’'-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w’'-]+|[A-Z]\.)){1,3})"
_TRAILING_DATE = re.compile(
    r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+\w+\s+\d{1,2},\s+\d{4}\s*$"
)
_TITLE_PATTERNS = (
    re.compile(r"^" + _NAME + r"\s*:\s*(?i:an?\s+interview|q\s*&\s*a)"),
    re.compile(r"(?i:q\s*&\s*a)\s*:\s*" + _NAME),
    re.compile(_NAME + r"(?:\s*,[^,]{0,80},?)?\s+(?i:tells|talks\s+to|speaks\s+to|(?:was\s+)?interviewed\s+by)\b"),
    re.compile(
        r"(?i:interviews?|interviewed|interview\s+with|in\s+conversation\s+with)\s+"
        r"(?:(?!(?i:on|about|of|the|at|in)\b)[\w’'-]+\s+){0,6}?"
        + _NAME
        + r"(?=\s+(?i:on|about|of|from|at|in)\b|\s*[,:(]|\s*$)"
    ),
)
_LEAD_PATTERN = re.compile(
    r"(?i:spoke|talked|speaks|talks|sat\s+down)\s+(?i:with|to)\s+" + _NAME + r"|(?i:interviewed)\s+" + _NAME
)
_QUESTION_LINE = re.compile(r"\?[\"”’'»)\]]*[ \t]*$", re.M)
_NOT_NAMES = frozenset("wikinews the a an we us our interview president".split())


def _quoted(text: str, start: int, end: int) -> bool:
    """A name inside quotation marks is a title or a nickname ("'America's Finest News Source'")."""
    return (start > 0 and text[start - 1] in _QUOTE_MARKS) or text[end - 1] in _QUOTE_MARKS


_QUOTE_MARKS = "'‘’\"“”"


def _clean(name: str) -> str | None:
    words = name.split()
    while words and words[0].lower() in _NOT_NAMES:
        words.pop(0)
    return " ".join(words) if len(words) >= 2 else None


def interviewee(text: str, title: str | None) -> str | None:
    """The interviewee of ``text`` when it reads as an interview, else None."""
    if len(_QUESTION_LINE.findall(text)) < MIN_QUESTIONS:
        return None
    if title:
        head = _TRAILING_DATE.sub("", title.strip())
        for rx in _TITLE_PATTERNS:
            m = rx.search(head)
            if m and not _quoted(head, m.start(1), m.end(1)) and (name := _clean(m.group(1))):
                return name
    m = _LEAD_PATTERN.search(text, 0, LEAD_CHARS)
    if m:
        return _clean(m.group(1) or m.group(2))
    return None
