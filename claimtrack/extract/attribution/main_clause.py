"""The main clause's subject (the last resort, ``subjects.main_clause``): an agent subject and
its finite verb ("The agency decided ...", "During the hearing, the senator defended ...", "Ruiz
did not respond ...") make the whole sentence the subject's claim, cue the verb group."""

from __future__ import annotations

from ..subjects import main_clause
from .context import SentenceContext, enough, trim
from .results import Attribution


def main_clause_subject(ctx: SentenceContext) -> Attribution | None:
    text, s, limit, quotes = ctx.text, ctx.s, ctx.limit, ctx.quotes
    found = main_clause(text, s, limit, ctx.caps)
    if found is None:
        return None
    (na, nb), (vs, ve), pronoun = found
    if quotes.containing(na) is not None or quotes.containing(vs) is not None:
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not enough(text, cs, ce):
        return None
    return Attribution(cs, ce, text[na:nb], (na, nb), text[vs:ve].lower(), (vs, ve), pronoun=pronoun, kind="subject")
