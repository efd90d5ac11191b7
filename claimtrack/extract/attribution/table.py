"""The rule table: which rules run on a sentence, in which order, and the named steps where one
result overrides another. ``analyse_sentence`` is the short driver that reads it.

A sentence is read in five phases:

1. ``SOURCES``: a source named outright. The first rule that matches gives the sentence's only
   attribution, and nothing else is read.
2. Speech (``read_speech``): the speech verbs, the participles after them, and the step
   ``stop-at-participle``.
3. ``SPEECH_STEPS``: overrides of the speech results, in order.
4. ``FALLBACKS``: when no speech verb attributed the sentence, the first row that matches. A
   speakerless quotation (kind "quote") is kept apart (``SentenceAnalysis.quote_only``) and ends
   the analysis.
5. ``FINAL_STEPS``: the clause split.

Rules take a ``SentenceContext`` and return an ``Attribution`` or None (the speech rules: a
list); they never edit a result they are given. Where a result overrides or cuts another, a
named step here does it, and returns new results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from ..cues import find_dispute
from ..quotes import QuoteIndex
from . import according, actions, clauses, main_clause, participles, passives, polls, speakerless, speech, trailing
from .common import VERB_FORMS
from .context import SentenceContext, front_end, trim
from .limits import OUTER_SPEAKER_SPAN
from .results import Attribution, Cut, SentenceAnalysis

if TYPE_CHECKING:
    from ..cues import StemIndex
    from ..subjects import CapsIndex

Finder = Callable[[SentenceContext], Attribution | None]
"""A rule: the attribution it reads in a sentence, or None."""
SpeechFinder = Callable[[SentenceContext], list[Attribution]]
"""The speech-verb rule: every speech verb's attribution, in text order."""
ParticipleFinder = Callable[[SentenceContext, Sequence[Attribution]], tuple[list[Attribution], list[Cut]]]
"""The participle rule: the new attributions after the given ones, and the cuts they ask for."""
CutStep = Callable[[SentenceContext, list[Attribution], list[Attribution], list[Cut]], list[Attribution]]
"""A step applying the participles' cuts to the speakers' attributions."""
SpeechStep = Callable[[SentenceContext, list[Attribution]], list[Attribution]]
"""A step overriding the speech results (phase 3)."""
PickStep = Callable[[SentenceContext, Attribution | None, Attribution | None], Attribution | None]
"""A step picking one of two rules' results (a ``Choice``)."""
SplitStep = Callable[[SentenceContext, list[Attribution]], tuple[list[Attribution], list[tuple[int, int]]]]
"""A final step: the attributions, and the parts of the sentence in the article's own voice."""

F_co = TypeVar("F_co", bound=Callable[..., object], covariant=True)
"""The type of a rule's or step's function (covariant: the rows are read-only)."""


@dataclass(frozen=True, slots=True)
class Rule(Generic[F_co]):
    name: str
    """The rule's name (the ``rule`` of its lines in ``tests/extract/cases/attribution.jsonl``)."""
    family: str
    """The module that holds it."""
    find: F_co


@dataclass(frozen=True, slots=True)
class Step(Generic[F_co]):
    """A named step where one result overrides or cuts another."""

    name: str
    apply: F_co


@dataclass(frozen=True, slots=True)
class Choice:
    """Two rules tried together, and the named step that picks one of their results."""

    name: str
    family: str
    first: Rule[Finder]
    second: Rule[Finder]
    pick: Step[PickStep]

    def find(self, ctx: SentenceContext) -> Attribution | None:
        return self.pick.apply(ctx, self.first.find(ctx), self.second.find(ctx))


# --- named steps --------------------------------------------------------------------------------


def stop_at_participles(
    ctx: SentenceContext, speakers: list[Attribution], new: list[Attribution], cuts: list[Cut]
) -> list[Attribution]:
    """ "Ruiz said A, adding B": the speaker's content stops where the participle begins; the
    attributions in text order."""
    if not new:
        return speakers
    text, quotes = ctx.text, ctx.quotes
    atts = speakers + new
    for cut in cuts:
        a = atts[cut.target]
        atts[cut.target] = a.with_content(*trim(text, a.content_start, cut.at, quotes))
    atts.sort(key=lambda a: a.content_start)
    return atts


def read_speech(ctx: SentenceContext) -> list[Attribution]:
    """Phase 2: the speech verbs, then the participles after them."""
    atts = speech.speech_verbs(ctx)
    new, cuts = participles.participles(ctx, atts)
    return stop_at_participles(ctx, atts, new, cuts) if new else atts


def fronted_clause_yields(ctx: SentenceContext, atts: list[Attribution]) -> list[Attribution]:
    """ "While Lee has argued X, Ruiz said Y": when every speech verb is inside a fronted clause,
    the main clause's own attribution (its speech, else its subject) wins."""
    front = ctx.front
    if atts and front is not None and _all_before(atts, front):
        alt = read_speech(ctx.span(front, ctx.limit))
        if not alt:
            att = main_clause.main_clause_subject(ctx)
            if att is not None and att.claimant_span is not None and att.claimant_span[0] >= front:
                alt = [att]
        if alt:
            return alt
    return atts


def outer_trailing_speaker(ctx: SentenceContext, atts: list[Attribution]) -> list[Attribution]:
    """ "He agreed to sell it in 2010, records show.": a trailing speaker with a speech verb is the
    outer one and replaces the attributions before it."""
    text, s, limit = ctx.text, ctx.s, ctx.limit
    if atts and text.find(", ", max(s, limit - OUTER_SPEAKER_SPAN), limit) != -1:
        outer = trailing.trailing_speaker(ctx)
        if (
            outer is not None
            and outer.cue_span is not None
            and outer.cue is not None
            and outer.cue.split()[-1] in VERB_FORMS
            and all(a.cue_span is not None and a.cue_span[1] <= outer.content_end for a in atts)
        ):
            return [outer]
    return atts


def main_clause_over_act(ctx: SentenceContext, act: Attribution | None, main: Attribution | None) -> Attribution | None:
    """The main clause's verb wins over an act later in the sentence ("Lee isn't saying whether
    she will vote") or inside a fronted clause ("While Lee backed X, Ruiz ...")."""
    if main is not None and (
        act is None
        or act.cue_span is None
        or main.cue_span is None
        or main.cue_span[1] <= act.cue_span[0]
        or (ctx.front is not None and _all_before([act], ctx.front))
    ):
        return main
    return act


def _all_before(atts: list[Attribution], pos: int) -> bool:
    return all(a.cue_span is not None and a.cue_span[1] <= pos for a in atts)


# --- the table ----------------------------------------------------------------------------------

#: Phase 1: a source named outright; the first match is the sentence's only attribution.
SOURCES: tuple[Rule[Finder], ...] = (
    Rule("according-to", "according", according.according_to),
    Rule("it-was-reported", "passives", passives.it_was_reported),
)

#: Phase 2, for the record (``read_speech`` runs them): the speech verbs (a list), the
#: participles after them (a list and the cuts they ask for), and the step that applies the cuts.
SPEECH: tuple[Rule[SpeechFinder] | Rule[ParticipleFinder] | Step[CutStep], ...] = (
    Rule("speech-verb", "speech", speech.speech_verbs),
    Rule("participle", "participles", participles.participles),
    Step("stop-at-participle", stop_at_participles),
)

#: Phase 3: overrides of the speech results, in order.
SPEECH_STEPS: tuple[Step[SpeechStep], ...] = (
    Step("fronted-clause-yields", fronted_clause_yields),
    Step("outer-trailing-speaker", outer_trailing_speaker),
)

#: Phase 4: when no speech verb attributed the sentence, the first row that matches.
FALLBACKS: tuple[Rule[Finder] | Choice, ...] = (
    Rule("colon-source", "according", according.colon_source),
    Rule("poll-opening", "polls", polls.poll_opening),
    Rule("trailing-speaker", "trailing", trailing.trailing_speaker),
    Rule("speakerless-quote", "speakerless", speakerless.speakerless_quote),
    Choice(
        "act-or-main-clause",
        "actions",
        Rule("act", "actions", actions.act),
        Rule("main-clause", "main_clause", main_clause.main_clause_subject),
        Step("main-clause-over-act", main_clause_over_act),
    ),
    Rule("passive-agent", "passives", passives.passive_agent),
    Rule("poll-inside", "polls", polls.poll_inside),
)

#: Phase 5: after everything (not after a speakerless quotation).
FINAL_STEPS: tuple[Step[SplitStep], ...] = (Step("split-clauses", clauses.split_clauses),)


def names() -> list[str]:
    """Every rule and step of the table, in order (a ``Choice`` gives its two rules and its step)."""
    out: list[str] = []
    for row in (*SOURCES, *SPEECH, *SPEECH_STEPS, *FALLBACKS, *FINAL_STEPS):
        if isinstance(row, Choice):
            out += [row.first.name, row.second.name, row.pick.name]
        else:
            out.append(row.name)
    return out


_SOURCE_FINDERS = tuple(r.find for r in SOURCES)
_SPEECH_STEPS = tuple(st.apply for st in SPEECH_STEPS)
_FALLBACK_FINDERS = tuple(r.find for r in FALLBACKS)
_FINAL_STEPS = tuple(st.apply for st in FINAL_STEPS)


def analyse_sentence(
    text: str, s: int, e: int, quotes: QuoteIndex, stems: StemIndex | None = None, caps: CapsIndex | None = None
) -> SentenceAnalysis:
    """The attributions of the sentence ``text[s:e]``: the table above, in order."""
    an = SentenceAnalysis(s, e)
    dispute = find_dispute(text, s, e, quotes, stems)
    an.dispute = dispute
    limit = dispute.cut if dispute is not None else e
    ctx = SentenceContext(text, s, e, limit, quotes, caps, stems, front_end(text, s, limit, quotes))
    an.own_start, an.own_end = trim(text, s, limit, quotes)

    for find in _SOURCE_FINDERS:
        att = find(ctx)
        if att is not None:
            an.attributions.append(att)
            return an

    atts = read_speech(ctx)
    if atts:  # (the steps only ever replace speech results)
        for step in _SPEECH_STEPS:
            atts = step(ctx, atts)

    if not atts:
        for find in _FALLBACK_FINDERS:
            att = find(ctx)
            if att is not None:
                if att.kind == "quote":
                    an.quote_only = att
                    return an
                atts = [att]
                break

    for final in _FINAL_STEPS:
        atts, own_parts = final(ctx, atts)
        an.own_parts.extend(own_parts)
    an.attributions = atts
    return an
