"""Readers shared by the rule families: verb patterns, the word before a verb, noun or verb,
the content after a verb, subjects read back from a verb, and the agent and person tests."""

from __future__ import annotations

import re
from typing import TypeAlias

from ..lexicon import (
    ADJECTIVE_ENDINGS,
    ADJECTIVES,
    AGENT_NOUNS,
    DEMONSTRATIVES,
    DETERMINERS,
    DIRECTIVE_VERBS,
    FINITE_FORMS,
    FRONTED_OPENERS,
    INTRO_WORDS,
    NOT_AGENT_SUBJECTS,
    ORG_WORDS,
    OTHER_PRONOUNS,
    PERSON_PRONOUNS,
    REPORTING_VERBS,
    S_CONTRACTIONS,
    SPEECH_VERBS,
)
from ..phrases import NOT_SUBJECT_START, Subject, subject_before
from .context import WORDS, SentenceContext, enough, quote_content, trim
from .limits import (
    AFTER_VERB_SPAN,
    CONTENT_BEFORE_SPEAKER_MIN_WORDS,
    INFINITIVE_GAP_MAX_WORDS,
    INTRO_COMMA_MAX,
    PREV_WORD_SPAN,
    RELATIVE_ASIDE_MAX,
    RELATIVE_NAME_MAX_WORDS,
    THAT_GAP_MAX_WORDS,
    WINDOW,
)
from .results import Attribution

ALL_VERBS = SPEECH_VERBS
VERB_FORMS = frozenset(SPEECH_VERBS)
REPORTING_SET = frozenset(REPORTING_VERBS)


_Trie: TypeAlias = dict[str, "_Trie"]
"""A prefix tree of words: a character to the tree after it; the key ``""`` marks a word's end."""


def trie_pattern(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (much faster to scan with
    than a flat alternation of hundreds of words). Longer matches are preferred."""
    trie: _Trie = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: _Trie) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


VERB_ALT = trie_pattern(ALL_VERBS)
#: A reporting or stance verb.
VERB = re.compile(r"\b(" + VERB_ALT + r")\b")
#: Another such verb right after one ("media reports said": the first is a noun).
VERB_NEXT = re.compile(r"\s+(?:" + VERB_ALT + r")\b")
PREV_WORD = re.compile(r"([\w’']+)\W*\Z")
BY = re.compile(r"\s+by\s+")
#: "said (last week) that", "told Blinken that": a few words, no punctuation, then "that".
THAT = re.compile(r"((?:\s+[\w’'.-]+){0," + str(THAT_GAP_MAX_WORDS) + r"}?)\s+that\s+")
QUOTE_NEXT = re.compile(r"\s*[:,]?\s*(?=[“\"‘«])")
#: "warned citizens to leave": a few words, then an infinitive.
TO_INF = re.compile(r"(?:\s+[\w’'.-]+){0," + str(INFINITIVE_GAP_MAX_WORDS) + r"}?\s+to\s+[a-z]")


def prev_word(text: str, s: int, pos: int) -> str:
    """The word before ``pos``, lower-cased ("" at the sentence start)."""
    m = PREV_WORD.search(text, max(s, pos - PREV_WORD_SPAN), pos)
    return m.group(1).lower() if m else ""


def adjacent(text: str, s: int, pos: int) -> bool:
    """Is the word before ``pos`` separated from it by whitespace only (no comma, quote mark)?"""
    j = pos
    while j > s and text[j - 1] in " \t":
        j -= 1
    return j > s and (text[j - 1].isalnum() or text[j - 1] in "’'")


def adjective(prev: str) -> bool:
    """Does the lower-case word before a verb form look like an adjective ("overwhelming
    support", "the final say", "financial support", "many promises")?"""
    return (
        prev.isalpha()
        and prev.islower()
        and (prev in ADJECTIVES or (len(prev) > 4 and prev.endswith(ADJECTIVE_ENDINGS)))
    )


def noun_before(prev: str) -> bool:
    """Is the word before a verb form a possessive or a determiner, making the form a noun
    ("Ruiz's comments", "the claims")?"""
    if prev in DETERMINERS:
        return True
    return prev.endswith(("'s", "’s", "s'", "s’")) and prev not in S_CONTRACTIONS


def make(
    text: str,
    content: tuple[int, int, int | None],
    np: tuple[int, int],
    verb: str,
    vs: int,
    ve: int,
    kind: str = "verb",
) -> Attribution:
    """An attribution of ``content`` to the noun phrase at ``np``, cue the verb at ``vs:ve``."""
    claimant = text[np[0] : np[1]]
    return Attribution(
        content[0],
        content[1],
        claimant,
        np,
        verb,
        (vs, ve),
        pronoun=claimant.lower() in PERSON_PRONOUNS,
        quote_id=content[2],
        kind=kind,
    )


def content_after(ctx: SentenceContext, ve: int, verb: str) -> tuple[int, int, int | None] | None:
    """What a verb ending at ``ve`` reports: after "that", a quotation, or the rest of the
    sentence (not an infinitive after a directive verb). ``(start, end, quotation or None)``."""
    text, limit, quotes = ctx.text, ctx.limit, ctx.quotes
    hi = min(limit, ve + AFTER_VERB_SPAN)
    m = THAT.match(text, ve, hi)
    if m is not None:
        between = m.group(1).split()
        if not between or verb in DIRECTIVE_VERBS or between[0].lower() not in DETERMINERS:
            cs, ce = trim(text, m.end(), limit, quotes)
            return (cs, ce, None) if enough(text, cs, ce) else None
    q = QUOTE_NEXT.match(text, ve, limit)
    if q is not None:
        qi = ctx.quotes.opening_at(q.end())
        if qi is not None:
            return quote_content(text, qi, ctx.s, limit, quotes)
    if verb in DIRECTIVE_VERBS and TO_INF.match(text, ve, hi):
        return None
    cs, ce = trim(text, ve, limit, quotes)
    return (cs, ce, None) if enough(text, cs, ce) else None


def fronted(text: str, s: int, comma: int) -> bool:
    """Is ``text[s:comma]`` a fronted phrase ("Separately", "On Monday", "In a speech in Ohio")
    rather than the content of a `CONTENT, X said`?"""
    first = WORDS.search(text, s, comma)
    if first is None:
        return True
    low = first.group().lower()
    if low in FRONTED_OPENERS and low not in DEMONSTRATIVES:
        return True
    return len(text[s:comma].split()) < CONTENT_BEFORE_SPEAKER_MIN_WORDS


# "Mr. Cruz, whose third-place finish was seen as a disappointment, said ...": the name before a
# relative clause that runs to the comma before the verb.
_RELATIVE = re.compile(
    r"((?:[A-Z][\w’'.-]*\s+){0," + str(RELATIVE_NAME_MAX_WORDS) + r"}[A-Z][\w’'.-]*"
    r"|(?:[Tt]he|[Aa]n?)\s+[\w’'.-]+(?:\s+[\w’'.-]+){0," + str(RELATIVE_NAME_MAX_WORDS) + r"}?"
    r"|(?:[\w’'.-]+\s+){1," + str(RELATIVE_NAME_MAX_WORDS) + r"}?[A-Z][\w’'.-]*),\s+"
    r"(?:who|whose|which|clad|flanked|dressed|[a-z]{3,}ing|[a-z]{3,}ed)\b[^;“”\"]{0,"
    + str(RELATIVE_ASIDE_MAX)
    + r"}?,\s*"
    r"(?:(?:also|has|have|had|then|later|now)\s+)?\Z"
)


def relative_subject(text: str, s: int, vs: int) -> Subject | None:
    """The name before a relative clause or participle aside that runs to the verb at ``vs``."""
    if vs - s > WINDOW or text.find(", ", s, vs) == -1:
        return None
    m = _RELATIVE.match(text, s, vs)
    if m is None:
        return None
    a, b = m.span(1)
    return Subject(start=a, end=b, lead=s, clause_start=s, quote_close=None, comma=None, appositive=True)


def sentence_subject(text: str, s: int, pos: int) -> tuple[int, int] | None:
    """The subject of the sentence's main clause, read before ``pos``: the noun phrase before its
    first finite verb ("On Monday, Mayor Ana Ruiz called ..." -> "Mayor Ana Ruiz")."""
    hi = min(pos, s + WINDOW)
    start = s
    first = WORDS.match(text, s, hi)
    if first is not None and first.group().lower() in INTRO_WORDS:
        c = text.find(",", s, min(hi, s + INTRO_COMMA_MAX))
        if c == -1:
            return None
        start = c + 1
    for w in WORDS.finditer(text, start, hi):
        tok = w.group()
        if not tok[0].islower():
            continue
        low = tok.lower()
        if low in FINITE_FORMS or low in VERB_FORMS or (len(low) > 4 and low.endswith("ed")):
            subj = subject_before(text, start, w.start())
            return (subj.start, subj.end) if subj is not None else None
    return None


def stance_subject_ok(att: Attribution) -> bool:
    """A stance verb's subject must be a noun phrase, not "Speaking on a radio show" or "widely"."""
    if not att.claimant:
        return False
    toks = att.claimant.split()
    first = toks[0].lower()
    if first in INTRO_WORDS:
        return False
    if not first.endswith(("ing", "ed", "ly")):
        return True
    # a name ("Kelly", "Ted Cruz"), not an adverb or a participle ("Only five ...", "Polling averages")
    return toks[0][:1].isupper() and (len(toks) == 1 or toks[1][:1].isupper())


def agent(np: str) -> bool:
    """Can this subject hold a stance: a name ("Sen. Lee", "the Sanders campaign") or a person or
    body ("black voters", "the donor", "she")?"""
    toks = np.split()
    if toks[0].lower() in NOT_AGENT_SUBJECTS:
        return False
    if toks[-1].lower().strip(".,’'") in AGENT_NOUNS:
        return True
    return any(t[:1].isupper() and t.lower() not in DETERMINERS and t.lower() not in INTRO_WORDS for t in toks)


def is_person(np: str) -> bool:
    """Does a speaker noun phrase look like a named person ("Price", "Russian President
    Vladimir V. Putin"), rather than an organisation or a description ("a Russian news agency")?"""
    toks = np.split()
    if not toks:
        return False
    low0 = toks[0].lower()
    if low0 in PERSON_PRONOUNS or low0 in OTHER_PRONOUNS or low0 in {"a", "an"} or low0 in NOT_SUBJECT_START:
        return False  # (not "By Sunday", "In Ohio")
    last = toks[-1].strip(".,’'")
    if not last[:1].isupper():
        return False
    return last.lower() not in ORG_WORDS and not any(t.lower().strip(".,") in ORG_WORDS for t in toks[-2:])
