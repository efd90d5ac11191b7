"""Lines that are not article prose: never proposed as claims.

The desk's definition (``CHECKWORTHY.md``, "noise") lists what a checker never wants in the
queue: captions and photo credits, bylines, datelines standing alone, headlines or teasers of
other stories, subheads, calls to action, advertisements, copyright lines, social-media handles
and section labels. They are recognised by their form, one paragraph (line) at a time:

* a **credit** anywhere in the paragraph: "Image: Jane Roe/Agency", "Photo: ...", "Video: ...",
  "(AP Photo/Jane Roe)", "(Getty Images)" -- the whole paragraph is a caption;
* a paragraph that opens as a caption does ("File photo of ...", "Pictured: ...");
* a **date or place standing alone** ("Friday, July 21, 2017", "Evansville, Indiana -");
* a **call to action** or a teaser ("Follow us on ...", "Read more", "Related stories",
  "Share your photos", "Sign up for ...", "Click here"), an advertisement, a copyright line,
  a social-media handle, a link standing alone;
* a **label**: a few words ending in a colon ("Looking back:") or a subhead (a short line
  without final punctuation in an article of several paragraphs);
* a **caption without a credit**: a one-sentence paragraph of a few words with no verb
  ("The current flag of New Zealand.", "Michael Tien of NPP"), or one that says it is a file
  picture ("Jane Roe; from file, 2008.");
* a **pull quote**: a quotation standing alone with its speaker after a dash
  ('"... a long game." - Matthew Ingram'), or with a credit and no full stop after it
  ('"... against the Church." Anonymous blogger, "Anon declares war"').

A sentence repeated word for word in the same article (a pull quote set in the page before the
paragraph it comes from) is proposed once, where it last occurs (``extractor``).

Everything here looks at one line, so the cost stays linear in the text.
"""

from __future__ import annotations

import re

from .lexicon import ACTION_VERBS, REPORTING_VERBS, STANCE_VERBS

#: Words that introduce a credit ("Image: Jane Roe", "Photo; Agency", "Video: AP").
CREDIT_LABELS = (
    "image",
    "images",
    "photo",
    "photos",
    "photograph",
    "photographs",
    "picture",
    "pictures",
    "video",
    "audio",
    "graphic",
    "graphics",
    "illustration",
    "credit",
    "credits",
    "photo credit",
    "image credit",
    "footage",
    "map",
    "chart",
)

#: Whole-line openings that make a line a caption, teaser or call to action.
NOISE_OPENERS = (
    "file photo",
    "file image",
    "pictured",
    "above:",
    "below:",
    "left:",
    "right:",
    "top:",
    "follow us",
    "follow @",
    "like us on",
    "share your",
    "share this",
    "sign up",
    "subscribe",
    "click here",
    "read more",
    "read below",
    "read the full",
    "see also",
    "related stories",
    "related story",
    "related articles",
    "related coverage",
    "related:",
    "more:",
    "trending",
    "advertisement",
    "sponsored",
    "watch:",
    "watch the",
    "listen:",
    "listen to the",
    "see the collaboration page",
    "this exclusive interview features",
    "have a tip",
    "contact us",
    "send us",
    "download the",
    "get the latest",
    "recommended",
    "most read",
    "editor's note",
    "ed.:",
    "©",
    "copyright",
    "(copyright",
    "all rights reserved",
)

_CREDIT = re.compile(
    r"(?:^|[.!?)\"”’]\s+|\s)(?:" + "|".join(re.escape(w) for w in CREDIT_LABELS) + r")\s*[:;]\s*\S",
    re.I,
)
_PAREN_CREDIT = re.compile(
    r"\((?:[^()]{0,60}\b(?:photo|photograph|image|pictures?|via|courtesy|file)\b[^()]{0,60}|"
    r"getty images|reuters|ap|afp|epa|shutterstock|istock)\)\s*\.?\s*$",
    re.I,
)
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_STANDING_DATE = re.compile(
    r"^(?:(?:updated|published|posted|last updated)\s*:?\s*)?(?:(?:" + _WEEKDAYS + r")\s*,?\s*)?"
    r"(?:(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\s+(?:" + _MONTHS + r")\.?)"
    r"\s*,?\s*(?:\d{4})?(?:\s*(?:,|at)?\s*\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*\.?$",
    re.I,
)
_PLACE_DATELINE = re.compile(r"^[A-Z][\w.'’ -]{0,40}(?:,\s*[A-Z][\w.'’ -]{0,40}){0,3}\s+[-–—]\s*$")
_HANDLE = re.compile(r"^(?:@\w{2,30}\b[\s,]*)+$")
_URL_ONLY = re.compile(r"^[(\[<]?\s*(?:https?://|www\.)\S+\s*[)\]>]?\s*\.?$", re.I)
_LABEL = re.compile(r"^[\w’'\"“”&/ -]{1,40}:$")
_WORD = re.compile(r"[\w’'-]+")
_PULL_QUOTE = re.compile(r"[.!?…][\"”’»]?\s*[-–—]\s*[A-Z][\w.’']*(?:\s+[A-Z][\w.’'-]*){0,4}$")
_QUOTE_THEN_CREDIT = re.compile(r"^[\"“‘«].{10,600}[.!?…][\"”’»]\s+[A-Z][^.!?]{0,100}$")
_FROM_FILE = re.compile(r"\bfrom file\b[^.]{0,12}\.?\s*$", re.I)
_TERMINAL = re.compile(r"[.!?…][\"”’'»)\]]*$")

_VERBISH = (
    frozenset(
        """is are was were be been being has have had do does did will would can could may might must
    shall should says said say tells told shows show showed lost won rose fell took gave made
    found left paid sold spent held hit cut shot fled sent built bought became fought knew saw
    struck stood wrote ran drove flew broke chose met led began came went got grew kept put set
    let bore drew threw wore beat sank sought""".split()
    )
    | frozenset(REPORTING_VERBS)
    | frozenset(STANCE_VERBS)
    | frozenset(ACTION_VERBS)
)
_PUBLIC_NUMBER = frozenset("$€£¥%")


def is_noise_line(text: str, s: int, e: int) -> bool:
    """Is ``text[s:e]`` (one whole line) noise whatever its neighbours are?

    Each pattern runs only when a cheap test of the line says it could match: this is called
    for every paragraph and for the sentences of every paragraph of several sentences.
    """
    line = text[s:e].strip()
    if not line:
        return True
    low = line.lower()
    if low.startswith(NOISE_OPENERS):
        return True
    n = len(line)
    if n > 600:
        return False
    if (":" in line or ";" in line) and _CREDIT.search(line):
        return True
    if line[-1] in ")." and ")" in line[-3:] and _PAREN_CREDIT.search(line):
        return True
    if n < 90 and (_STANDING_DATE.match(line) or _PLACE_DATELINE.match(line)):
        return True
    if line[0] == "@" and _HANDLE.match(line):
        return True
    if n < 300 and line[0] in "([<hHwW" and _URL_ONLY.match(line):
        return True
    if line[-1] == ":" and _LABEL.match(line):
        return True
    tail = line[-60:]
    if ("-" in tail or "–" in tail or "—" in tail) and _PULL_QUOTE.search(line):
        return True  # '"... a long game." - Matthew Ingram'
    if line[0] in '"“‘«' and line[-1] not in ".!?" and _QUOTE_THEN_CREDIT.match(line):
        return True  # '"... against the Church." Anonymous blogger, "Anon declares war"'
    if n < 300 and "file" in low and _FROM_FILE.search(line):
        return True  # "Jane Roe; from file, 2008."
    return False


def is_noise_paragraph(text: str, s: int, e: int, sentences: int, paragraphs_before: int) -> bool:
    """Is the paragraph ``text[s:e]`` (``sentences`` sentences long) noise in an article?

    ``paragraphs_before`` is how many paragraphs came before it: a short unpunctuated line is a
    subhead only inside an article, not when it is the whole text.
    """
    if is_noise_line(text, s, e):
        return True
    line = text[s:e].strip()
    if sentences != 1 or len(line) > 160:
        return False
    words = _WORD.findall(line)
    if not words:
        return True
    if paragraphs_before and len(words) <= 12 and not _TERMINAL.search(line) and line[-1] not in ":,;":
        return True  # a subhead or a caption without a full stop
    if len(words) <= 10 and _PUBLIC_NUMBER.isdisjoint(line) and not any(_verbish(w) for w in words[1:]):
        return True  # "The current flag of New Zealand.": a caption, a label
    return False


def _verbish(word: str) -> bool:
    low = word.lower()
    return (
        low in _VERBISH
        or low.endswith(("ed", "n't", "n’t"))
        or (low.endswith("s") and not word[0].isupper() and len(low) > 3)
    )
