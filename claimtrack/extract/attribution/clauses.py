"""Clauses: one attribution per clause. A clause after a break ("; ", ", while", ", but", ...,
outside quotations) with a speaker of its own gets its own attribution, and the attribution
whose content ran over it stops at the break; a relative clause with its own speaker (", which
the union opposed") is that speaker's claim; clauses that no attribution covers stay in the
article's voice (``SentenceAnalysis.own_parts``) or are their own subject's."""

from __future__ import annotations

import re

from ..lexicon import (
    ACTION_VERBS,
    AGENT_NOUNS,
    BE_FORMS,
    CLAUSE_BREAK_WORDS,
    DETERMINERS,
    FINITE_FORMS,
    FRONTED_OPENERS,
    NEGATORS,
    NOT_AGENT_NAMES,
    PERSON_PRONOUNS,
    RELATIVE_SPEAKER_OPENERS,
    RELATIVE_SPEAKER_TRAILERS,
)
from .common import ALL_VERBS, VERB_FORMS, trie_pattern
from .context import WORDS, SentenceContext, enough, trim
from .limits import (
    CLAUSE_CONTENT_MAX_OFFSET,
    CLAUSE_SPEAKER_MAX_OFFSET_WORDS,
    MAX_CLAUSES,
    MIN_CLAIM_WORDS,
    RELATIVE_MIN_OFFSET,
    RELATIVE_SPEAKER_MAX_WORDS,
    RELATIVE_VERB_SPAN,
    WORD_COUNT_SPAN,
)
from .main_clause import main_clause_subject
from .results import Attribution
from .speech import speech_verbs

#: Where a sentence's clauses meet: "A said X; B said Y", "A said X, while B argued Y", "The council
#: voted, and the mayor said Y".
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:" + "|".join(CLAUSE_BREAK_WORDS) + r")\s+|,\s+(?=(which|whom)\s)")
#: Attributions whose content is the whole sentence: a clause inside it may have a subject of its own.
_WHOLE = frozenset({"subject", "action"})


def split_clauses(ctx: SentenceContext, atts: list[Attribution]) -> tuple[list[Attribution], list[tuple[int, int]]]:
    """One attribution per clause: a clause after a break (``_CLAUSE_BREAK``, outside quotations)
    with a speaker of its own (a reporting or stance verb with its subject in the clause, or, in
    a clause that no reporting verb covers, an agent subject of the clause and its finite verb)
    gets its own attribution, and the attribution whose content ran over it stops at the break.
    Clauses that no attribution covers then stay in the article's voice (the second list).

    Returns the attributions (``atts`` itself when nothing changes; otherwise a new list, with a
    copy of each attribution cut at a break) and the article-voice clauses."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    own: list[tuple[int, int]] = []
    if text.find(";", s, limit) == -1 and text.find(", ", s, limit) == -1 and text.find(" wh", s, limit) == -1:
        return atts, own
    breaks: list[tuple[int, int]] = []
    relative: set[int] = set()
    for m in _CLAUSE_BREAK.finditer(text, s, limit):
        if quotes.containing(m.start()) is not None:
            continue
        if m.group(1) is not None:  # ", which the union opposed": only a relative clause with its own speaker
            if m.start() - s < RELATIVE_MIN_OFFSET or _relative_speaker(text, m.end(), limit) is None:
                continue
            relative.add(m.end())
        breaks.append(m.span())
        if len(breaks) >= MAX_CLAUSES:
            break
    if not breaks:
        return atts, own
    atts = list(atts)
    changed = False
    for i, (bs, b) in enumerate(breaks):
        ce = breaks[i + 1][0] if i + 1 < len(breaks) else limit
        if any(a.cue_span is not None and b <= a.cue_span[0] < ce for a in atts):
            continue  # the clause's speaker is known already
        owner = None
        oi = -1
        for k, a in enumerate(atts):
            if a.content_start < bs < a.content_end:
                owner, oi = a, k
        free = owner is None or owner.kind in _WHOLE
        clause = ctx.span(b, ce)
        if b in relative:
            new = _relative_attribution(clause)
        else:
            new = _clause_attribution(clause, free)
        if new is None or (owner is not None and owner.claimant == new.claimant):
            continue
        if owner is not None:
            os_, oe = trim(text, owner.content_start, bs, quotes)
            if not enough(text, os_, oe):
                continue
            atts[oi] = owner.with_content(os_, oe)
        atts.append(new)
        changed = True
    if not changed and not (atts and breaks):
        return atts, own
    atts.sort(key=lambda a: a.content_start)
    if not atts:
        return atts, own
    # clauses that no attribution covers: the article's voice (or their own subject's)
    bounds = [s] + [b for _, b in breaks]
    ends = [bs for bs, _ in breaks] + [limit]
    first_cue = min((x.cue_span[0] for x in atts if x.cue_span is not None), default=limit)
    run: tuple[int, int] | None = None
    for lo, hi in zip(bounds, ends):
        if any(x.content_start < hi and x.content_end > lo for x in atts) or any(
            x.cue_span is not None and lo <= x.cue_span[0] < hi for x in atts
        ):
            if run is not None:
                _own_part(ctx, run[0], run[1], run[0] < first_cue, atts, own)
                run = None
            continue
        run = (run[0], hi) if run is not None else (lo, hi)
    if run is not None:
        _own_part(ctx, run[0], run[1], run[0] < first_cue, atts, own)
    atts.sort(key=lambda a: a.content_start)
    return atts, own


_REL_VERB = re.compile(r"\b(" + trie_pattern(tuple(sorted(set(ALL_VERBS) | set(ACTION_VERBS)))) + r")\b")


def _relative_speaker(text: str, b: int, limit: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """ "which the union opposed", "which Ruiz has said was too costly": the speaker right after the
    relative word and its reporting, stance or act verb: ``(speaker span, verb span)``, or None."""
    w = WORDS.match(text, b, limit)
    if w is None:
        return None
    m = _REL_VERB.search(text, w.end(), min(limit, w.end() + RELATIVE_VERB_SPAN))
    if m is None or text[m.start() - 1] == "-":
        return None
    words = list(WORDS.finditer(text, w.end(), m.start()))
    if text.find(",", w.end(), m.start()) != -1 or any(c in text[w.end() : m.start()] for c in '“"«'):
        return None
    while words and (
        words[-1].group().lower() in RELATIVE_SPEAKER_TRAILERS
        or (words[-1].group().islower() and words[-1].group().endswith("ly"))
    ):
        words.pop()
    if not words or len(words) > RELATIVE_SPEAKER_MAX_WORDS:
        return None
    first = words[0].group()
    if not (first[:1].isupper() or first.lower() in RELATIVE_SPEAKER_OPENERS or first.lower() in AGENT_NOUNS):
        return None
    lows = [x.group().lower() for x in words]
    if any(x in BE_FORMS or x in FINITE_FORMS or x in NEGATORS or x.endswith(("n't", "n’t")) for x in lows):
        return None
    if first.lower() in NOT_AGENT_NAMES or lows[-1] in DETERMINERS:
        return None
    return (words[0].start(), words[-1].end()), m.span()


def _relative_attribution(clause: SentenceContext) -> Attribution | None:
    """A relative clause that runs to the end of its clause with a speaker of its own ("The board
    approved the levy, which the union opposed"): the clause, from the relative word, is the
    speaker's claim."""
    text, b, ce, quotes = clause.text, clause.s, clause.limit, clause.quotes
    found = _relative_speaker(text, b, ce)
    if found is None:
        return None
    (na, nb), (vs, ve) = found
    c = text.find(", ", ve, ce)
    if c != -1 and quotes.containing(c) is None:
        nxt = WORDS.match(text, c + 2, ce)
        if (
            nxt is not None
            and nxt.group().islower()
            and (nxt.group() in FINITE_FORMS or nxt.group().endswith("ed") or nxt.group() in VERB_FORMS)
        ):
            return None  # "The board, which the union opposed, approved ...": the main clause goes on
    cs, ce = trim(text, b, ce, quotes)
    if not enough(text, cs, ce):
        return None
    claimant = text[na:nb]
    return Attribution(
        cs, ce, claimant, (na, nb), text[vs:ve], (vs, ve), pronoun=claimant.lower() in PERSON_PRONOUNS, kind="relative"
    )


def _clause_attribution(clause: SentenceContext, free: bool) -> Attribution | None:
    text, b = clause.text, clause.s
    for att in speech_verbs(clause)[:1]:
        # the clause's own speaker: its subject opens the clause ("..., while Ruiz argued") or
        # follows what it says ("...; the plan is dead, Ruiz said")
        if att.claimant_span is None or att.claimant is None or att.claimant_span[0] < b:
            return None
        if (
            len(WORDS.findall(text, b, att.claimant_span[0])) <= CLAUSE_SPEAKER_MAX_OFFSET_WORDS
            or att.content_start <= b + CLAUSE_CONTENT_MAX_OFFSET
        ):
            return att
        return None
    if not free:
        return None  # inside what a speaker says: only a speaker of its own splits it
    subj = main_clause_subject(clause)
    if subj is not None and subj.claimant_span is not None and subj.claimant_span[0] >= b:
        return subj
    return None


def _own_part(
    ctx: SentenceContext, a: int, z: int, before: bool, atts: list[Attribution], own: list[tuple[int, int]]
) -> None:
    """A clause no attribution covers: its own subject's (appended to ``atts``), or (before the
    first speaker only: after one it may go on with what they say, "..., Ruiz said, and “..."")
    the article's (appended to ``own``), when it is a clause and not a fronted phrase
    ("Following the vote, but before ...")."""
    text, quotes = ctx.text, ctx.quotes
    cs, ce = trim(text, a, z, quotes)
    if not enough(text, cs, ce):
        return
    att = main_clause_subject(ctx.span(cs, ce))
    if att is not None:
        atts.append(att)
        return
    first = WORDS.match(text, cs, ce)
    if not before or first is None or len(WORDS.findall(text, cs, min(ce, cs + WORD_COUNT_SPAN))) < MIN_CLAIM_WORDS:
        return
    low = first.group().lower()
    if low in FRONTED_OPENERS or (first.group().islower() and low.endswith(("ing", "ed"))):
        return
    own.append((cs, ce))
