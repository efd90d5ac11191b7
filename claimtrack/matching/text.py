"""Text normalisation and the claim features that full-text search misses.

Pure functions over strings: no model, no database. The word lists here are general English
(negation, direction of change, number words), written by hand; none is derived from any data set.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"@\w+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "—": " - ", "–": " - "})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?(?:[.,][0-9]+)*%?")
_CAPITALISED = re.compile(r"(?<![\w'])([A-Z][\w'-]*[A-Za-z0-9])")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"]\s+|\n)\s*$")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had
    has have having he her here hers herself him himself his how i if in into is it its itself just
    me more most my myself of off on once only or other our ours ourselves out over own same she
    should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will
    with would you your yours yourself yourselves says said say also s t""".split()
)

NEGATIONS = frozenset(
    """not no never none nobody nothing neither nor without cannot can't won't don't doesn't didn't
    isn't aren't wasn't weren't hasn't haven't hadn't shouldn't wouldn't couldn't n't""".split()
)

# Direction of change: "unemployment fell to 4%" is not "unemployment rose to 4%".
UP = frozenset(
    """rise rises rose risen rising increase increases increased increasing grow grows grew grown
    growing up higher more gain gains gained soar soared soaring jump jumped jumps climb climbed
    climbing double doubled tripled boost boosted raise raised raises expand expanded""".split()
)
DOWN = frozenset(
    """fall falls fell fallen falling decrease decreases decreased decreasing drop drops dropped
    dropping decline declines declined declining shrink shrank shrunk lower less fewer cut cuts
    reduce reduced reduces plunge plunged slump slumped halved down lowered""".split()
)

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "half": 0.5, "dozen": 12,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3, "m": 1e6, "bn": 1e9}
_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(%|percent|per cent)?\s*(thousand|million|billion|trillion|bn|k|m)?\b"
)


# How an embedded post signs off: "— Jane Doe (@janedoe) January 6, 2020" (the name may be absent).
_SIGNATURE = re.compile(r"\s*[—-]\s*[^—\n]{0,80}\(@\w+\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$")


_SIGNATURE_DATE = re.compile(r"\(@\w+\)\s*([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})\s*$")
_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def strip_signature(text: str) -> str:
    """The text of an embedded post without its sign-off line (author, handle, date)."""
    return _SIGNATURE.sub("", text)


def signature_date(text: str) -> datetime.date | None:
    """The date an embedded post signs off with ("(@janedoe) January 6, 2020"), if any."""
    m = _SIGNATURE_DATE.search(text)
    if not m:
        return None
    try:
        return datetime.datetime.strptime(f"{m.group(1)[:3]} {m.group(2)} {m.group(3)}", "%b %d %Y").date()
    except ValueError:
        return None


def _handle_words(m: re.Match[str]) -> str:
    """ "@JaneDoeNews" reads as "Jane Doe News": handles often spell a name."""
    return " " + " ".join(_CAMEL.findall(m.group(0)[1:])) + " "


def normalise(text: str) -> str:
    """Unicode-normalised, lower-cased text without links or @handles, quotes made straight."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _URL.sub(" ", text)
    text = _HANDLE.sub(_handle_words, text)
    return " ".join(text.lower().replace("#", " ").split())


def tokens(text: str) -> list[str]:
    """The words of normalised text, numbers kept whole ("4,300", "4.5%")."""
    return _WORD.findall(normalise(text))


def content_words(text: str) -> set[str]:
    """The words that carry meaning: no stopwords, light suffix stripping ("taxes" ~ "tax")."""
    return _content(tokens(text))


def _content(words: list[str]) -> set[str]:
    return {_stem(w) for w in words if w not in STOPWORDS and w not in NEGATIONS and len(w) > 1}


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def numbers(text: str) -> frozenset[float]:
    """The quantities a text states, as values: "4%", "4 percent" and "four percent" are all 4."""
    return _numbers(normalise(text))


def _numbers(norm: str) -> frozenset[float]:
    found: set[float] = set()
    for m in _NUMBER.finditer(norm):
        value = float(m.group(1).replace(",", ""))
        if m.group(3):
            value *= _SCALES[m.group(3)]
        found.add(round(value, 6))
    words = norm.split()
    for i, word in enumerate(words):
        word = word.strip(".,;:!?\"'()")
        if word in _NUMBER_WORDS:
            value = float(_NUMBER_WORDS[word])
            nxt = words[i + 1].strip(".,;:!?\"'()") if i + 1 < len(words) else ""
            if nxt in _SCALES:
                value *= _SCALES[nxt]
            found.add(value)
    return frozenset(found)


def negated(text: str) -> bool:
    """Whether the text contains a negation ("not", "never", "didn't"...)."""
    return _negated(tokens(text))


def _negated(words: list[str]) -> bool:
    return any(w in NEGATIONS or w.endswith("n't") for w in words)


def direction(text: str) -> int:
    """+1 if the text speaks of a rise only, -1 of a fall only, 0 for neither or both."""
    return _direction(set(tokens(text)))


def _direction(words: set[str]) -> int:
    up, down = bool(words & UP), bool(words & DOWN)
    return int(up) - int(down)


def entities(text: str) -> frozenset[str]:
    """Names, approximately: capitalised words not at the start of a sentence and not stopwords."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    text = _URL.sub(" ", _HANDLE.sub(_handle_words, text))
    found: set[str] = set()
    for m in _CAPITALISED.finditer(text):
        word = m.group(1).lower()
        if word in STOPWORDS or word in NEGATIONS:
            continue
        if _SENTENCE_START.search(text[: m.start()]) and not word.isupper():
            continue
        found.add(_stem(word.rstrip("'s").replace("'", "")))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class Facts:
    """What one text says, computed once per text."""

    words: frozenset[str]
    numbers: frozenset[float]
    entities: frozenset[str]
    negated: bool
    direction: int
    length: int

    @classmethod
    def of(cls, text: str) -> Facts:
        norm = normalise(text)
        words = _WORD.findall(norm)
        return cls(
            frozenset(_content(words)),
            _numbers(norm),
            entities(text),
            _negated(words),
            _direction(set(words)),
            len(words),
        )
