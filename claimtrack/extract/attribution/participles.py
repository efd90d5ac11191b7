"""Participles: ", saying (that) X", ", adding X", ", telling reporters that X" report what the
speaker before them says, or else what the sentence's subject says."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..lexicon import PARTICIPLE_CUES, PERSON_PRONOUNS
from .common import content_after, sentence_subject
from .context import SentenceContext
from .limits import TELLING_ADDRESSEE_MAX_WORDS
from .results import Attribution, Cut

PARTICIPLE = re.compile(
    r"[,;—–]\s*(?:and\s+)?(?:also\s+|then\s+|later\s+)?("
    + "|".join(PARTICIPLE_CUES)
    + r"|pointing\s+out|telling\s+(?:[\w’'.-]+\s+){1,"
    + str(TELLING_ADDRESSEE_MAX_WORDS)
    + r"}?(?=that\b|[“\"]))\b"
)


def participles(ctx: SentenceContext, speakers: Sequence[Attribution]) -> tuple[list[Attribution], list[Cut]]:
    """ ", saying (that) X", ", adding X", ", telling reporters that X": the claimant is the
    speaker of the attribution before it (of ``speakers``, or an earlier participle), else the
    subject of the sentence.

    Returns the new attributions and, for each one that follows an attribution whose content
    runs over it, a ``Cut`` of that attribution at the participle (indexes into ``speakers``
    followed by the new attributions): the table applies them (``table.stop_at_participles``)."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    new: list[Attribution] = []
    cuts: list[Cut] = []
    if text.find("ing", s, limit) == -1:
        return new, cuts
    seen = list(speakers)  # the attributions before a participle: ``speakers``, then ``new``
    for m in PARTICIPLE.finditer(text, s, limit):
        if quotes.containing(m.start()) is not None:
            continue
        at = m.end()
        while at > m.start() and text[at - 1].isspace():
            at -= 1  # "telling reporters that": let the content reader see " that"
        content = content_after(ctx, at, "said")
        if content is None:
            continue
        owner = None
        target = -1
        for i, att in enumerate(seen):
            if att.cue_span is not None and att.cue_span[1] <= m.start():
                owner, target = att, i
        if owner is not None:
            if owner.claimant is None:
                continue
            claimant, span, pronoun = owner.claimant, owner.claimant_span, owner.pronoun
            if owner.content_start < m.start() < owner.content_end:
                # (an attribution is cut at most once: the participle that cuts it owns what follows)
                cuts.append(Cut(target, m.start()))
        else:
            subj = sentence_subject(text, s, m.start())
            if subj is None:
                continue
            claimant, span = text[subj[0] : subj[1]], subj
            pronoun = claimant.lower() in PERSON_PRONOUNS
        cue = m.group(1).split()[0]
        att = Attribution(
            content[0],
            content[1],
            claimant,
            span,
            cue,
            (m.start(1), m.start(1) + len(cue)),
            pronoun=pronoun,
            quote_id=content[2],
            kind="participle",
        )
        new.append(att)
        seen.append(att)
    return new, cuts
