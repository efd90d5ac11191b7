"""Speech verbs: the first reporting or stance verb outside quotations that has a speaker, and
the verbs coordinated with it.

* ``“QUOTE,” said X`` / ``CONTENT, said X`` (speaker after the verb),
* ``“QUOTE,” X said`` (content: the quotation), ``CONTENT, X said`` (content: what precedes the
  comma), "The budget, Ruiz said, was cut" (parenthetical: the whole sentence),
* ``X said (last week) that CONTENT``, ``X told Y that CONTENT``, ``X said: “QUOTE”``,
  ``X said CONTENT``, ``X described Y as Z``;
* directives: "X urged Y to do Z", "X called on Y to do Z", "X promised to do Z": the call is X's
  position, the claim the whole sentence;
* "was first reported by the Gazette" (``passives.passive_by``).

Verbs coordinated with the first ("described ... as “...” and warned that ...") share its speaker
and split the content. A negated verb ("did not say") or a verb form that is a noun ("Ruiz's
comments", "the claims", "overwhelming support") is not one.
"""

from __future__ import annotations

import re

from ..lexicon import (
    ADDRESSEE_VERBS,
    AGENT_NOUNS,
    BE_FORMS,
    CALL_ON_VERBS,
    DIRECTIVE_VERBS,
    DOCUMENT_NOUNS,
    NEGATORS,
    NOUN_LIKE_VERB_FORMS,
    NOUNISH_S_FORMS,
    OBJECT_CLAUSE_OPENERS,
    SUBJECT_WORDS,
    TAIL_OPENERS,
)
from ..phrases import np_after, subject_before
from ..quotes import CLOSE_QUOTES, OPEN_QUOTES
from .common import (
    PREV_WORD,
    REPORTING_SET,
    TO_INF,
    VERB,
    VERB_NEXT,
    adjacent,
    adjective,
    content_after,
    fronted,
    make,
    noun_before,
    prev_word,
    relative_subject,
    sentence_subject,
    stance_subject_ok,
)
from .context import WORDS, SentenceContext, enough, quote_content, trim
from .limits import (
    AFTER_VERB_SPAN,
    AND_BEFORE_SPAN,
    BE_ADVERB_SPAN,
    CALL_ON_MAX_WORDS,
    COORD_SPAN,
    FRONTED_CLAUSE_MIN_WORDS,
    FRONTED_TAIL_MAX_WORDS,
    FRONTED_TAIL_SPAN,
    INVERTED_SPEAKER_MAX_WORDS,
    INVERTED_SPEAKER_MAX_WORDS_AFTER_SUBJECT,
    PREV_WORD_SPAN,
    SAID_TAIL_MAX_WORDS,
    WINDOW,
)
from .participles import PARTICIPLE
from .passives import passive_by
from .results import Attribution

_SUBJECT_WORDS = SUBJECT_WORDS | AGENT_NOUNS | DOCUMENT_NOUNS
_COORD_BEFORE = re.compile(r"(?:,\s*)?\b(?:and|but)\s+(?:(?:also|then|later|further)\s+)?\Z")
_BE_BEFORE_ADVERB = re.compile(r"\b(?:is|was|were|are|been|be)\s+(?:[a-z]+ly|first|later|also|since|never|often)\s+\Z")
_AND_BEFORE = re.compile(r"\s(?:and|but)\s+(?:[a-z]+ly\s+|also\s+|then\s+)?\Z")
_CALL_ON_TO = re.compile(r"\s+(on|upon)\s+(?:[\w’'.-]+\s+){1," + str(CALL_ON_MAX_WORDS) + r"}?to\s+[a-z]")
# "The argument, Devine said, was weak": the verb is followed by a comma and the sentence
# goes on in lower case.
_PARENTHETICAL_TAIL = re.compile(r"(?:\s+(?:on|last|this|in|at)\s+[\w’'.-]+)?\s*,\s+(?=[a-z])")


def speech_verbs(ctx: SentenceContext) -> list[Attribution]:
    """The first reporting or stance verb with a speaker, then the verbs coordinated with it (in
    text order; each coordinated verb ends the content of the one before it)."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    out: list[Attribution] = []
    main: Attribution | None = None
    for m in VERB.finditer(text, s, limit):
        vs, ve = m.span()
        if text[vs - 1] == "-" or quotes.containing(vs) is not None:  # "self-described"
            continue
        if VERB_NEXT.match(text, ve):  # "media reports said": the first is a noun
            continue
        prev = prev_word(text, s, vs)
        negated = prev in NEGATORS or prev.endswith(("n't", "n’t"))
        verb = m.group(1)
        if main is None:
            if negated or (
                (noun_before(prev) or (verb in NOUN_LIKE_VERB_FORMS and adjective(prev))) and adjacent(text, s, vs)
            ):
                # "did not say"; "Ruiz's comments", "the claims", "overwhelming support", "the
                # final say": nouns (not "for her,” said")
                continue
            if verb in NOUNISH_S_FORMS and not (
                prev[:1].isupper()
                or text[vs - 2 : vs - 1].isupper()
                or prev in _SUBJECT_WORDS
                or text[vs - 2 : vs] == ", "
            ):
                # "conservative states", "media reports": after a lower-case word, a noun
                b = PREV_WORD.search(text, max(s, vs - PREV_WORD_SPAN), vs)
                if b is None or not text[b.start()].isupper():
                    continue
            if prev in BE_FORMS or _BE_BEFORE_ADVERB.search(text, max(s, vs - BE_ADVERB_SPAN), vs):
                att = passive_by(ctx, vs, ve, verb)  # "was first reported by the Gazette"
                if att is not None:
                    out.append(att)
                    main = att
                continue
            att = attribute(ctx, vs, ve, verb)
            if att is not None and verb not in REPORTING_SET and not stance_subject_ok(att):
                att = None
            if att is not None:
                out.append(att)
                main = att
            continue
        # a verb coordinated with the main one shares its speaker
        if negated or vs < main.content_start:
            continue
        c = _COORD_BEFORE.search(text, max(s, vs - COORD_SPAN), vs)
        if c is None or not (main.content_start < c.start() <= main.content_end):
            continue
        content = content_after(ctx, ve, verb)
        if content is None:
            continue
        out[-1] = main.with_content(*trim(text, main.content_start, c.start(), quotes))  # (main is the last one)
        att = Attribution(
            content[0],
            content[1],
            main.claimant,
            main.claimant_span,
            verb,
            (vs, ve),
            pronoun=main.pronoun,
            quote_id=content[2],
        )
        out.append(att)
        main = att
    return out


def attribute(ctx: SentenceContext, vs: int, ve: int, verb: str) -> Attribution | None:
    """The speaker and content of the verb at ``vs:ve``, or None."""
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    # speaker after the verb: `“...,” said Ned Price` / `..., said the minister`
    j = vs
    while j > s and text[j - 1] in " \t":
        j -= 1
    before = text[j - 1] if j > s else ""
    qclose = quotes.closing_at(j - 1) if before in CLOSE_QUOTES and j > s else None
    if (before == "," or qclose is not None) and verb not in ADDRESSEE_VERBS:
        np = np_after(text, ve, limit, need_opener=qclose is None)
        if np is not None and qclose is None:
            # after a plain comma, a long phrase after the verb is more likely its object
            # (`Stevens, an aide, said the way ... was wrong`) than the speaker
            n_words = len(text[np[0] : np[1]].split())
            if n_words > INVERTED_SPEAKER_MAX_WORDS or (
                n_words > INVERTED_SPEAKER_MAX_WORDS_AFTER_SUBJECT and subject_before(text, s, vs) is not None
            ):
                np = None
            elif text.startswith(OBJECT_CLAUSE_OPENERS, np[0]) or relative_subject(text, s, vs):
                np = None  # "Ruiz, whose ..., said that ...": not an inverted speaker
        if np is not None:
            content: tuple[int, int, int | None] | None = None
            qi = qclose
            if qi is None and before == ",":
                k = j - 1
                if k > s and text[k - 1] in CLOSE_QUOTES:  # `“...”, said X`
                    qi = quotes.closing_at(k - 1)
            if qi is not None:
                content = quote_content(text, qi, s, limit, quotes)
            elif before == ",":
                cs, ce = trim(text, s, j - 1, quotes)
                content = (cs, ce, None) if ce > cs else None
            if content is not None:
                return make(text, content, np, verb, vs, ve)
    subj = subject_before(text, s, vs) or relative_subject(text, s, vs)
    if subj is None:
        if _AND_BEFORE.search(text, max(s, vs - AND_BEFORE_SPAN), vs):
            # "The senator survived ... and says ...": the subject of the sentence
            np2 = sentence_subject(text, s, vs)
            content = content_after(ctx, ve, verb) if np2 is not None else None
            if np2 is not None and content is not None and np2[1] < vs:
                return make(text, content, np2, verb, vs, ve)
        return None
    np = (subj.start, subj.end)
    content = None
    if subj.quote_close is not None:  # `“QUOTE,” X said`
        qi = quotes.closing_at(subj.quote_close)
        if qi is not None:
            content = quote_content(text, qi, s, limit, quotes)
    if content is None and subj.comma is not None and _parenthetical(text, ve, limit):
        # "The argument, Devine said, was weak": the claim is the sentence around it
        cs, ce = trim(text, s, limit, quotes)
        if enough(text, cs, ce):
            content = (cs, ce, None)
    if (
        content is None
        and subj.comma is not None
        and (not fronted(text, s, subj.comma) or _fronted_then_clause(text, s, subj.comma, ve, limit))
    ):
        rest = text[ve : min(limit, ve + WINDOW)]
        if (
            len(WORDS.findall(rest)) <= SAID_TAIL_MAX_WORDS
            and " that " not in rest
            and not any(c in rest for c in OPEN_QUOTES)
        ):
            cs, ce = trim(text, s, subj.comma, quotes)  # `CONTENT, X said`
            if ce > cs:
                content = (cs, ce, None)
    if content is None:
        content = content_after(ctx, ve, verb)
        if content is not None and subj.inner_relative and content[2] is None:
            close = text.find(", ", content[0], content[1])
            if close != -1:  # "The senator, who said the bill was dead, left early"
                cs, ce = trim(text, content[0], close, quotes)
                content = (cs, ce, None) if enough(text, cs, ce) else None
    if content is None:
        return directive(ctx, np, verb, vs, ve)
    if verb in CALL_ON_VERBS and _CALL_ON_TO.match(text, ve, min(limit, ve + AFTER_VERB_SPAN)):
        return directive(ctx, np, verb, vs, ve)
    return make(text, content, np, verb, vs, ve)


def directive(ctx: SentenceContext, np: tuple[int, int], verb: str, vs: int, ve: int) -> Attribution | None:
    """ "The senator urged the governor to veto the bill", "The union called on the council to
    reject the plan", "Ruiz promised to cut the levy": a call, warning or pledge is the position of
    its subject; the claim is the whole sentence (cue: the verb)."""
    text, limit, quotes = ctx.text, ctx.limit, ctx.quotes
    hi = min(limit, ve + AFTER_VERB_SPAN)
    if verb in CALL_ON_VERBS:
        m = _CALL_ON_TO.match(text, ve, hi)
        if m is None:
            return None
        ve = m.end(1)  # the cue is "called on"
    elif verb not in DIRECTIVE_VERBS or not TO_INF.match(text, ve, hi):
        return None
    cs, ce = trim(text, ctx.s, limit, quotes)
    if not enough(text, cs, ce):
        return None
    return make(text, (cs, ce, None), np, text[vs:ve].lower(), vs, ve, kind="action")


def _parenthetical(text: str, ve: int, limit: int) -> bool:
    m = _PARENTHETICAL_TAIL.match(text, ve, limit)
    if m is None:
        return False
    comma = text.rfind(",", ve, m.end())
    return PARTICIPLE.match(text, comma, limit) is None


def _fronted_then_clause(text: str, s: int, comma: int, ve: int, limit: int) -> bool:
    """ "In fact, the plans would change little, analysts say": a fronted phrase, then a clause of
    its own before the comma, and the verb ends the sentence (a short tail at most)."""
    c1 = text.find(",", s, comma)
    if c1 == -1 or len(WORDS.findall(text, c1 + 1, comma)) < FRONTED_CLAUSE_MIN_WORDS:
        return False
    tail = WORDS.findall(text, ve, min(limit, ve + FRONTED_TAIL_SPAN))
    return len(tail) <= FRONTED_TAIL_MAX_WORDS and (not tail or tail[0].lower() in TAIL_OPENERS)
