"""Stances and political acts (``lexicon.ACTION_VERBS``): "The senator endorsed Cruz", "Black
voters were backing the governor", "56 percent would vote for her" make the sentence its
subject's claim (the whole sentence, cue the verb); "a bill opposed by House Republicans" makes
it the agent's. When the sentence has no such verb: a title-case line ("Flood Damage Tops $50
Million, Mayor Ruiz Says") and a named possessor of a statement noun ("Ruiz’s response was that
...")."""

from __future__ import annotations

import re

from ..lexicon import (
    ACTION_VERBS,
    BE_FORMS,
    INTRO_WORDS,
    MODALS,
    NEGATIONS,
    NOT_BARE_ACTION_FORMS,
    NOT_BEFORE_A_VERB,
    NOUN_LIKE_VERB_FORMS,
    STANCE_NOUNS,
    TITLE_CASE_VERBS,
)
from ..phrases import np_after, subject_before
from .common import (
    BY,
    PREV_WORD,
    adjective,
    agent,
    make,
    noun_before,
    prev_word,
    relative_subject,
    stance_subject_ok,
    trie_pattern,
)
from .context import SentenceContext, enough, trim
from .limits import POSSESSIVE_MODIFIER_MAX_WORDS, POSSESSOR_MAX_WORDS, PREV_WORD_SPAN, WINDOW
from .results import Attribution
from .speech import attribute

_ACTION_ONLY = tuple(sorted(set(ACTION_VERBS)))  # also tried when a stance verb gave no speaker
_ACTION = re.compile(r"\b(" + trie_pattern(_ACTION_ONLY) + r")\b")
_BASE_FORMS = frozenset(
    v for v in ACTION_VERBS if not v.endswith(("s", "ed", "ing")) and v not in NOT_BARE_ACTION_FORMS
)


def act(ctx: SentenceContext) -> Attribution | None:
    """ "The senator endorsed Cruz", "A group backing the governor raised $3 million": a verb of
    stance or political act (``lexicon.ACTION_VERBS``) with a noun-phrase subject makes the
    sentence its subject's claim (the claim is the whole sentence, as in the article's voice).
    "VERBed by X" ("a bill opposed by House Republicans") makes it X's. Without such a verb:
    ``title_case``, then ``possessive``."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    hi = min(limit, s + WINDOW)
    m = _ACTION.search(text, s, hi)
    while m is not None and (text[m.start() - 1] == "-" or quotes.containing(m.start()) is not None):
        m = _ACTION.search(text, m.end(), hi)
    if m is None:
        return title_case(ctx) or possessive(ctx)
    vs, ve = m.span()
    verb = m.group(1)
    prev = prev_word(text, s, vs)
    if prev in NEGATIONS or prev.endswith(("n't", "n’t")):
        return None  # a modal is fine: "56 percent would vote for her" is a stance
    if verb in NOUN_LIKE_VERB_FORMS and (adjective(prev) or noun_before(prev)):
        return None  # "has won overwhelming support", "their financial support": a noun
    cs, ce = trim(text, s, limit, quotes)
    if not enough(text, cs, ce):
        return None
    by = BY.match(text, ve, limit)
    if by is not None and verb.endswith("ed"):
        np = np_after(text, by.end(), limit)
        if np is None or not (text[np[0]].isupper() or text[np[0] : np[0] + 4].lower() == "the "):
            return None
        return make(text, (cs, ce, None), np, verb, vs, ve)  # (kind "verb", as a passive speech verb)
    at = vs
    if prev in BE_FORMS or prev in MODALS:
        if prev in BE_FORMS and not verb.endswith("ing"):  # "was named", not "is thanking"
            return None
        # "Sanders, celebrating a win, is pledging", "56 percent would vote": the subject is
        # before "is" / "would"
        b = PREV_WORD.search(text, max(s, vs - PREV_WORD_SPAN), vs)
        if b is not None:
            at = b.start()
    subj = subject_before(text, s, at) or relative_subject(text, s, at)
    if subj is None:
        return None
    att = make(text, (cs, ce, None), (subj.start, subj.end), verb, vs, ve, kind="action")
    # (without a claimant stance_subject_ok is False already: the None test narrows the type)
    if not stance_subject_ok(att) or att.claimant is None or not agent(att.claimant):
        return None
    if verb in _BASE_FORMS and prev not in MODALS and prev != "to":
        # "Democrats support ..." is a verb; "drew support", "the roll call vote", "shot back"
        # are not
        last = att.claimant.split()[-1].lower()
        if last in NOT_BEFORE_A_VERB:
            return None
    return att


_TITLE_VERB = re.compile(r" (" + "|".join(TITLE_CASE_VERBS) + r")(?= [A-Z‘“\"'0-9]|[.!?,:]?$)")


def title_case(ctx: SentenceContext) -> Attribution | None:
    """A title-case line or sentence: "Senator Lee Says The Tax Is Dead", "..., Lee Says."."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    if not text[s : s + 1].isupper():
        return None
    m = _TITLE_VERB.search(text, s, min(limit, s + WINDOW))
    if m is None or not text[m.start() - 1 : m.start()].isalnum():
        return None
    vs, ve = m.span(1)
    if quotes.containing(vs) is not None:
        return None
    return attribute(ctx, vs, ve, m.group(1).lower())


_POSSESSIVE = re.compile(
    r"((?:[A-Z][\w.&-]*\s+){0,"
    + str(POSSESSOR_MAX_WORDS)
    + r"}?[A-Z][\w.&-]*)[’']s\s+(?:[a-z-]+\s+){0,"
    + str(POSSESSIVE_MODIFIER_MAX_WORDS)
    + r"}?("
    + "|".join(STANCE_NOUNS)
    + r")\b"
)


def possessive(ctx: SentenceContext) -> Attribution | None:
    """ "Rubio’s response was that ...": the sentence opens with a named possessor of a statement."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    m = _POSSESSIVE.match(text, s, limit)
    if m is None or m.group(1).split()[0].lower() in INTRO_WORDS:
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not enough(text, cs, ce):
        return None
    return Attribution(
        cs, ce, text[m.start(1) : m.end(2)], (m.start(1), m.end(2)), m.group(2), m.span(2), kind="action"
    )
