"""Hedge/dispute cues and in-article dispute detection.

``find_cues`` lists the hedge and dispute words of a span ("unverified", "allegedly",
"could not be verified", ...), lower-cased and canonicalised, in order of appearance.

``find_dispute`` finds, in one sentence, a clause in which someone disputes a claim:

* a dispute verb with its subject: "but the Global Times, a tabloid, denied that it was true",
  "X rejected the report", "X dismissed the claims as propaganda";
* "X called it false" / "X said the report was baseless";
* the passive "this was denied by X".

The clause's subject is the disputer; the clause runs to the end of the sentence. ``cut`` is
where the clause begins (the ", but" before the subject): the claim of the sentence ends there,
so the denial never becomes part of the claim. A dispute whose clause starts the sentence is a
reply to the previous sentence (the extractor attaches it there).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .lexicon import (
    BE_FORMS,
    CLAIM_NOUNS,
    DISPUTE_NEEDS_OBJECT,
    DISPUTE_VERBS,
    FALSITY_WORDS,
    HEDGE_CUES,
    NEGATORS,
)
from .phrases import clause_lead, np_after, subject_before
from .quotes import QuoteIndex

# --- hedges ---------------------------------------------------------------------------------

_HEDGE_CANON: dict[str, str] = {}
_parts = []
for _i, (_pat, _canon) in enumerate(sorted(HEDGE_CUES.items(), key=lambda kv: -len(kv[0]))):
    _HEDGE_CANON[f"h{_i}"] = _canon
    _parts.append(f"(?P<h{_i}>{_pat})")
_HEDGE = re.compile(r"\b(?:" + "|".join(_parts) + r")\b", re.I)


# Cheap substring gates (``in`` on a lower-cased string is far faster than a regex scan): the
# regexes only run on text that contains one of these stems.
_HEDGE_STEMS = (
    "unverif",
    "unconfirm",
    "unsubstant",
    "alleg",
    "report",
    "purport",
    "suppos",
    "ostensib",
    "apparent",
    "claim",
    "rumo",
    "deni",
    "disput",
    "reject",
    "dismiss",
    "refut",
    "debunk",
    "fals",
    "untrue",
    "baseless",
    "groundless",
    "unfounded",
    "mislead",
    "fabricat",
    "evidence",
    "verif",
    "confirm",
)
_DISPUTE_STEMS = ("deni", "deny", "reject", "disput", "dismiss", "refut", "rebut", "contradict", "debunk")
_FALSITY_STEMS = tuple(sorted({max(w.split(), key=len)[:5] for w in FALSITY_WORDS}))


_STEM_RX: dict[tuple[str, ...], re.Pattern[str]] = {}


def _has_any(low: str, stems: tuple[str, ...]) -> bool:
    """Does ``low`` contain one of ``stems``? (one C-level scan of a factored alternation)"""
    rx = _STEM_RX.get(stems)
    if rx is None:
        from .attribution import trie_pattern

        rx = _STEM_RX[stems] = re.compile(trie_pattern(stems))
    return rx.search(low) is not None


def _starts(stem: str, group: tuple[str, ...]) -> bool:
    """Does ``stem`` start with one of ``group``?"""
    return any(stem.startswith(st) for st in group)


class StemIndex:
    """Where the hedge, dispute-verb and falsity stems occur in a whole text, found in one pass,
    so that a sentence or span is gated with a binary search instead of lower-casing and
    scanning it."""

    _rx: re.Pattern[str] | None = None
    _kinds: dict[str, tuple[bool, bool, bool]] = {}

    def __init__(self, text: str) -> None:
        cls = type(self)
        if cls._rx is None:
            from .attribution import trie_pattern

            cls._rx = re.compile(trie_pattern(sorted({*_HEDGE_STEMS, *_DISPUTE_STEMS, *_FALSITY_STEMS})))
        low = text.lower()
        rx = cls._rx
        if len(low) != len(text):  # a few characters lower-case to two: keep the offsets
            low, rx = text, re.compile(rx.pattern, re.I)
        self.hedge: list[int] = []
        self.dispute: list[int] = []
        self.falsity: list[int] = []
        kinds = cls._kinds
        for m in rx.finditer(low):
            stem = m.group().lower()
            k = kinds.get(stem)
            if k is None:
                k = kinds[stem] = (
                    _starts(stem, _HEDGE_STEMS),
                    _starts(stem, _DISPUTE_STEMS),
                    _starts(stem, _FALSITY_STEMS),
                )
            p = m.start()
            if k[0]:
                self.hedge.append(p)
            if k[1]:
                self.dispute.append(p)
            if k[2]:
                self.falsity.append(p)

    @staticmethod
    def any_in(positions: list[int], start: int, end: int) -> bool:
        i = bisect_left(positions, start)
        return i < len(positions) and positions[i] < end


def find_cues(text: str, start: int, end: int, stems: StemIndex | None = None) -> list[str]:
    """Canonical hedge/dispute cues in ``text[start:end]``, in order, without repeats."""
    out: list[str] = []
    if stems is not None:
        if not StemIndex.any_in(stems.hedge, start, end):
            return out
    elif not _has_any(text[start:end].lower(), _HEDGE_STEMS):
        return out
    for m in _HEDGE.finditer(text, start, end):
        group = m.lastgroup
        assert group is not None  # every alternative of _HEDGE is a named group
        c = _HEDGE_CANON[group]
        if c not in out:
            out.append(c)
    return out


# --- disputes -------------------------------------------------------------------------------

_DISPUTE_VERB = re.compile(r"\b(" + "|".join(sorted(DISPUTE_VERBS, key=len, reverse=True)) + r")\b")
_CLAIM_NOUN_ALT = "|".join(CLAIM_NOUNS)
_FALSITY_ALT = "|".join(sorted((re.escape(w) for w in FALSITY_WORDS), key=len, reverse=True))
_ANAPHOR = (
    r"(?:it|this|that|these|those|them|(?:the|these|those|such|his|her|their|its|any|all|"
    r"an?|reports?\s+of)\s+(?:[\w’'-]+\s+){0,3}?(?:" + _CLAIM_NOUN_ALT + r"))"
)
# after "rejected", "dismissed"...: an object that names a claim, or "that"/"as"
_CLAIM_OBJECT = re.compile(r"\s+(?:that\b|as\b|" + _ANAPHOR + r"\b)", re.I)
_CALLED = re.compile(
    r"\b(called|calls|branded|brands|labell?ed|labels|termed|terms|described|describes)\s+"
    + _ANAPHOR
    + r"\s+(?:as\s+)?(?:(?:completely|totally|entirely|simply|utterly)\s+)?"
    r"[\"“‘]?(" + _FALSITY_ALT + r")\b",
    re.I,
)
_SAID_FALSE = re.compile(
    r"\b(said|says|insisted|insists|maintained|maintains|stressed|added)\s+(?:that\s+)?"
    r"(?:they|" + _ANAPHOR + r")\s+(?:was|were|is|are|had\s+been|has\s+been)\s+"
    r"(?:(?:completely|totally|entirely|simply|absolutely|utterly)\s+)?[\"“‘]?(" + _FALSITY_ALT + r")\b",
    re.I,
)
_PASSIVE_BY = re.compile(
    r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+"
    r"(?:(?:later|since|quickly|swiftly|flatly|strongly|firmly)\s+)?("
    + "|".join(v for v in DISPUTE_VERBS if v.endswith("ed"))
    + r")\s+by\s+"
)
# ", a figure organisers disputed", ", a claim the union rejected", ", which the ministry denied"
_APPOSITIVE_DISPUTE = re.compile(
    r",\s+(?:(?:a|an|the)\s+(?:[\w’'-]+\s+)?(?:" + _CLAIM_NOUN_ALT + r")\s+(?:that\s+|which\s+)?|which\s+)"
    r"((?:[\w’'.&-]+\s+){0,6}?[\w’'.&-]+)\s+(?:(?:has|have|had|later|since|quickly|flatly|strongly|firmly)\s+){0,2}("
    + "|".join(v for v in DISPUTE_VERBS if v.endswith(("ed", "es", "ies")))
    + r")\b",
    re.I,
)
#: A reply that only denies what came before: "That is not true," the minister said. / "I don't
#: know that I said that." The claim it answers is in the previous sentence.
REBUTTAL = re.compile(
    r"\s*(?:(?:well|no|look|but|frankly|honestly)\s*,?\s+)?(?:"
    r"(?:that|this|it|which|none of (?:that|this|it))(?:’s|'s|\s+is|\s+was|\s+are|\s+were)\s+(?:just\s+|simply\s+|completely\s+|totally\s+|absolutely\s+|entirely\s+|flatly\s+)?"
    r"(?:not\s+true|untrue|false|a\s+lie|lies|wrong|nonsense|fake(?:\s+news)?|incorrect|inaccurate|ridiculous|absurd|baseless|fabricated|a\s+fabrication)"
    r"|i\s+(?:don’t|don't|do\s+not|never|didn’t|didn't|did\s+not)\s+(?:know\s+(?:that|if)\s+i\s+|recall\s+(?:that|if|ever)\s+|remember\s+)?(?:ever\s+)?(?:said|say|saying)\s+(?:that|it|this|anything\s+like\s+that)"
    r"|(?:that|it|this)\s+(?:never|didn’t|didn't|did\s+not)\s+happen(?:ed)?"
    r")\b",
    re.I,
)


def rebuttal_cue(text: str, start: int, end: int) -> str | None:
    """``"denied"`` when ``text[start:end]`` is only a denial of what came before, else None."""
    m = REBUTTAL.match(text, start, end)
    if m is None:
        return None
    rest = text[m.end() : end].strip(" .,!;:\"”’'")
    return "denied" if len(rest) < 40 else None


_SEP_WORDS = re.compile(r"[\s,;:]*(?:(?:but|and|while|though|although)\s+)?", re.I)
_PREV_WORD = re.compile(r"([\w’']+)\W*\Z")


@dataclass(frozen=True, slots=True)
class Dispute:
    disputer: str | None
    disputer_span: tuple[int, int] | None
    start: int
    """Start of the disputing clause (its subject)."""
    end: int
    cut: int
    """Where the sentence's claim must end (the separator before the clause)."""
    cue: str
    """Lemma-ish cue: "denied", "rejected", "false", ..."""


def _prev_word(text: str, s: int, pos: int) -> str:
    m = _PREV_WORD.search(text, max(s, pos - 30), pos)
    return m.group(1).lower() if m else ""


def _negated(prev: str) -> bool:
    return prev in NEGATORS or prev.endswith(("n't", "n’t"))


def find_dispute(text: str, s: int, e: int, quotes: QuoteIndex, stems: StemIndex | None = None) -> Dispute | None:
    """The first disputing clause of the sentence ``text[s:e]`` outside quotations, or None."""
    best: Dispute | None = None

    def consider(d: Dispute | None) -> None:
        nonlocal best
        if d is not None and (best is None or d.start < best.start):
            best = d

    if stems is not None:
        has_verb = StemIndex.any_in(stems.dispute, s, e)
        has_falsity = StemIndex.any_in(stems.falsity, s, e)
    else:
        low = text[s:e].lower()
        has_verb = _has_any(low, _DISPUTE_STEMS)
        has_falsity = _has_any(low, _FALSITY_STEMS)
    if not has_verb and not has_falsity:
        return None
    end = _trim_end(text, s, e)
    for m in _DISPUTE_VERB.finditer(text, s, e) if has_verb else ():
        if quotes.containing(m.start()) is not None:
            continue
        form = m.group(1)
        prev = _prev_word(text, s, m.start())
        if _negated(prev) or prev in BE_FORMS:
            continue
        if form in DISPUTE_NEEDS_OBJECT and not _CLAIM_OBJECT.match(text, m.end(), min(e, m.end() + 80)):
            continue
        subj = subject_before(text, s, m.start())
        if subj is None:
            continue
        consider(
            Dispute(
                text[subj.start : subj.end], (subj.start, subj.end), subj.start, end, subj.lead, DISPUTE_VERBS[form]
            )
        )
        break
    for rx in (_CALLED, _SAID_FALSE) if has_falsity else ():
        for m in rx.finditer(text, s, e):
            if quotes.containing(m.start()) is not None:
                continue
            if _negated(_prev_word(text, s, m.start())):
                continue
            subj = subject_before(text, s, m.start())
            if subj is None:
                continue
            cue = FALSITY_WORDS.get(m.group(2).lower(), "false")
            consider(Dispute(text[subj.start : subj.end], (subj.start, subj.end), subj.start, end, subj.lead, cue))
            break
    for m in _APPOSITIVE_DISPUTE.finditer(text, s, e) if has_verb else ():
        if quotes.containing(m.start()) is not None:
            continue
        who = m.group(1)
        if who.split()[0].lower() in ("it", "which", "that", "was", "were", "is", "has", "been"):
            continue
        consider(Dispute(who, (m.start(1), m.end(1)), m.start() + 1, end, m.start(), DISPUTE_VERBS[m.group(2).lower()]))
        break
    for m in _PASSIVE_BY.finditer(text, s, e) if has_verb else ():
        if quotes.containing(m.start()) is not None:
            continue
        span = np_after(text, m.end(), e)
        lead = clause_lead(text, s, m.start())
        start = lead
        while start < m.start() and not text[start].isalnum():
            start += 1
        if lead > s:  # skip the separator word itself ("but", "and")
            sep = _SEP_WORDS.match(text, lead, m.start())
            assert sep is not None  # every part of _SEP_WORDS is optional: it matches anywhere
            start = sep.end()
        consider(Dispute(text[span[0] : span[1]] if span else None, span, start, end, lead, DISPUTE_VERBS[m.group(1)]))
        break
    return best


def _trim_end(text: str, s: int, e: int) -> int:
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".;:…"):
        e -= 1
    return e
