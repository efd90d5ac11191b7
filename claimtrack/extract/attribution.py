"""Attribution: who says what in a sentence, and speaker carry-over between sentences.

(Steps in full, with the stances and political acts of ``ACTION_VERBS``, polls, possessive and
title-case sources: see ``docs/extraction.md``, "Attribution".)

``analyse_sentence`` looks at one sentence and returns its attributions (claimant, cue and the
content span), in this order of preference:

1. "According to X, CONTENT" / "CONTENT, according to X";
2. the passive "It was reported/claimed/alleged that CONTENT" (claimant None: unnamed source);
3. the first reporting verb outside quotations that has a speaker:

   * ``“QUOTE,” said X`` / ``CONTENT, said X`` (speaker after the verb),
   * ``“QUOTE,” X said`` (content: the quotation), ``CONTENT, X said`` (content: what precedes
     the comma),
   * ``X said (last week) that CONTENT``, ``X told Y that CONTENT``, ``X said: “QUOTE”``,
     ``X said CONTENT``, ``X described Y as Z``;

   then verbs coordinated with it ("described ... as “...” and warned that ...") share its
   speaker and split the content.

Nested attribution: the *outer* speaker is the claimant. "Price said the Secretary noted that
X" is Price's claim with content "the Secretary noted that X"; a reporting verb inside a
quotation or inside another attribution's content is not an attribution of its own.

"warned/urged/told Y to do Z", "called on Y to do Z", "promised to do Z" is a directive: the
call, warning or pledge is the subject's position, and the claim is the whole sentence (cue: the
verb). A negated or infinitive verb ("did not say", "refused to say") is not an attribution.

Then (when no verb above attributed the sentence): a name and a colon, a poll, a speakerless
quotation, a stance or political act (``_action``), the agent subject of the main clause with a
finite verb (``subjects.main_clause``; it also wins over an act that comes later in the sentence
or inside a fronted clause), and, last, the agent of a passive of stance or decision ("was
criticized by X", ``_passive_agent``) or a poll in mid-sentence ("... in a Gazette poll",
``_poll_inside``). A speaker named at the end ("..., records show.") is the outer one and wins
over the attributions before it; a relative clause with a speaker of its own that ends its clause
(", which the union opposed") is that speaker's claim (``_split_clauses``). A reporting verb inside a fronted clause ("While Lee
argued X, Ruiz said Y") yields to an attribution of the main clause after its comma.

When no attribution is found and the sentence is (all but punctuation) a quotation, it is a
speakerless quote: the extractor gives it the speaker named at the close of the same quotation,
or carries over the last named speaker (see ``extractor``).

Speakers "he"/"she" are marked as pronouns and resolved by the extractor to the last named
person (``is_person``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .cues import Dispute, StemIndex, find_dispute
from .lexicon import (
    ACTION_VERBS,
    AGENT_NOUNS,
    BE_FORMS,
    DIRECTIVE_VERBS,
    DOCUMENT_NOUNS,
    FRONTED_OPENERS,
    IRREGULAR_PARTICIPLES,
    IRREGULAR_VERBS,
    NEGATORS,
    NOT_AGENT_NAMES,
    ORG_WORDS,
    OTHER_PRONOUNS,
    PASSIVE_REPORT_VERBS,
    PERSON_PRONOUNS,
    REPORTING_VERBS,
    STANCE_VERBS,
)
from .phrases import NOT_SUBJECT_START, WINDOW, Subject, np_after, subject_before
from .quotes import CLOSE_QUOTES, OPEN_QUOTES, QuoteIndex
from .subjects import CapsIndex, main_clause

ALL_VERBS = REPORTING_VERBS + STANCE_VERBS


def trie_pattern(words: "tuple[str, ...] | list[str]") -> str:
    """A regex alternation of ``words`` factored by common prefixes (much faster to scan with
    than a flat alternation of hundreds of words). Longer matches are preferred."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


_VERB_ALT = trie_pattern(ALL_VERBS)
#: Verbs whose object is the addressee, never the speaker: "..., told reporters" is not an
#: inverted "said X".
_ADDRESSEE_VERBS = frozenset("told tells asked asks urged urges accused accuses blamed blames praised praises "
                             "criticized criticised criticizes criticises called calls".split())
_PARTICIPLE = re.compile(
    r"[,;—–]\s*(?:and\s+)?(?:also\s+|then\s+|later\s+)?(saying|adding|noting|arguing|claiming|insisting|"
    r"warning|explaining|suggesting|writing|declaring|asserting|stressing|acknowledging|"
    r"admitting|contending|recalling|predicting|calling|citing|accusing|asking|promising|"
    r"offering|blasting|attacking|stating|vowing|alleging|describing|questioning|denouncing|"
    r"dismissing|portraying|threatening|urging|insisting|pointing\s+out|telling\s+(?:[\w’'.-]+\s+){1,3}?(?=that\b|[“\"]))\b"
)
# "The argument, Devine said, was weak": the verb is followed by a comma and the sentence
# goes on in lower case.
_PARENTHETICAL_TAIL = re.compile(r"(?:\s+(?:on|last|this|in|at)\s+[\w’'.-]+)?\s*,\s+(?=[a-z])")
# "City Hall: pumps cleared the water", "Ruiz: we need 40 more pumps": a short capitalised name, a colon.
_COLON_SOURCE = re.compile(
    r"((?:[A-Z][\w’'.&-]*|of|the|and)(?:\s+(?:[A-Z][\w’'.&-]*|of|the|and)){0,5}):\s+(?=\S)"
)
_FINITE = frozenset(
    "is was were are has have had will would could can did does do may might should must".split()
)
_INTRO = frozenset(
    """in on at after during before speaking asked while when earlier later last yesterday today
    meanwhile however still also then since with without under over for as""".split()
)
_VERB = re.compile(r"\b(" + _VERB_ALT + r")\b")
_VERB_NEXT = re.compile(r"\s+(?:" + _VERB_ALT + r")\b")
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.I)
_PASSIVE = re.compile(
    r"\b[Ii]t\s+(?:was|is|has\s+been|had\s+been)\s+(?:(?:widely|previously|also)\s+)?("
    + "|".join(PASSIVE_REPORT_VERBS) + r")\s+that\s+"
)
# "said (last week) that", "told Blinken that": up to 5 words, no punctuation, then "that".
_THAT = re.compile(r"((?:\s+[\w’'.-]+){0,5}?)\s+that\s+")
_QUOTE_NEXT = re.compile(r"\s*[:,]?\s*(?=[“\"‘«])")
_TO_INF = re.compile(r"(?:\s+[\w’'.-]+){0,6}?\s+to\s+[a-z]")
_COORD_BEFORE = re.compile(r"(?:,\s*)?\b(?:and|but)\s+(?:(?:also|then|later|further)\s+)?\Z")
_PREV_WORD = re.compile(r"([\w’']+)\W*\Z")
_WORDS = re.compile(r"[\w’'-]+")
_DETERMINERS = frozenset("the a an this these those his her its their our my your some any".split())


@dataclass(slots=True)
class Attribution:
    content_start: int
    content_end: int
    claimant: str | None
    claimant_span: tuple[int, int] | None
    cue: str | None
    cue_span: tuple[int, int] | None
    pronoun: bool = False
    quote_id: int | None = None
    """The quotation that is the content, if any (used to give speakerless parts of the same
    quotation their speaker)."""
    kind: str = "verb"
    """"verb", "according", "passive", "quote" (speakerless quotation)."""


@dataclass(slots=True)
class SentenceAnalysis:
    start: int
    end: int
    attributions: list[Attribution] = field(default_factory=list)
    quote_only: Attribution | None = None
    dispute: Dispute | None = None
    own_start: int = 0
    own_end: int = 0
    """The sentence minus a trailing disputing clause (the article-voice claim span)."""
    own_parts: list[tuple[int, int]] = field(default_factory=list)
    """Clauses of an attributed sentence that no attribution covers (the article's voice)."""


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


def analyse_sentence(text: str, s: int, e: int, quotes: QuoteIndex,
                     stems: StemIndex | None = None, caps: CapsIndex | None = None) -> SentenceAnalysis:
    an = SentenceAnalysis(s, e)
    dispute = find_dispute(text, s, e, quotes, stems)
    an.dispute = dispute
    limit = dispute.cut if dispute is not None else e
    an.own_start, an.own_end = trim(text, s, limit, quotes)

    att = _according_to(text, s, limit, quotes)
    if att is None:
        att = _passive(text, s, limit, quotes)
    if att is not None:
        an.attributions.append(att)
        return an
    _verbs(text, s, limit, quotes, an.attributions)
    _participles(text, s, limit, quotes, an.attributions)
    front = _front_end(text, s, limit, quotes)
    if an.attributions and front is not None and _all_before(an.attributions, front):
        # "While Lee has argued X, Ruiz said Y": the main clause's speaker, not the fronted one's
        alt: list[Attribution] = []
        _verbs(text, front, limit, quotes, alt)
        _participles(text, front, limit, quotes, alt)
        if not alt:
            att = _main_subject(text, s, limit, quotes, caps)
            if att is not None and att.claimant_span is not None and att.claimant_span[0] >= front:
                alt.append(att)
        if alt:
            an.attributions = alt
    if an.attributions and text.find(", ", max(s, limit - 80), limit) != -1:
        # "He agreed to sell it in 2010, records show.": a speaker at the end is the outer one
        outer = _trailing_speaker(text, s, limit, quotes, caps)
        if outer is not None and outer.cue_span is not None and outer.cue is not None and \
                outer.cue.split()[-1] in _VERB_FORMS and \
                all(a.cue_span is not None and a.cue_span[1] <= outer.content_end for a in an.attributions):
            an.attributions = [outer]
    if not an.attributions:
        att = _colon_source(text, s, limit, quotes)
        if att is None:
            att = _poll_source(text, s, limit, quotes)
        if att is None:
            att = _trailing_speaker(text, s, limit, quotes, caps)
        if att is None:
            an.quote_only = _speakerless_quote(text, s, e, quotes)
            if an.quote_only is None:
                att = _action(text, s, limit, quotes)
                main = _main_subject(text, s, limit, quotes, caps)
                # the main clause's verb wins over an act later in the sentence ("Lee isn't saying
                # whether she will vote") or inside a fronted clause ("While Lee backed X, Ruiz ...")
                if main is not None and (att is None or att.cue_span is None or main.cue_span is None
                                         or main.cue_span[1] <= att.cue_span[0]
                                         or (front is not None and _all_before([att], front))):
                    att = main
                if att is None:
                    att = _passive_agent(text, s, limit, quotes)
                if att is None:
                    att = _poll_inside(text, s, limit, quotes)
        if att is not None:
            an.attributions.append(att)
    if an.quote_only is None:
        _split_clauses(text, s, limit, quotes, caps, an)
    return an


_FRONT_WORD = re.compile(r"(?:(?:But|And|Yet|So|Still|Now|Meanwhile|However),?\s+)?([A-Z][a-z]+)\b")


def _front_end(text: str, s: int, limit: int, quotes: QuoteIndex) -> int | None:
    """Where the main clause begins after a fronted phrase or subordinate clause ("While Lee
    argued X, ...", "In a speech on Friday, ..."): just after its comma, or None."""
    m = _FRONT_WORD.match(text, s, limit)
    if m is None:
        return None
    low = m.group(1).lower()
    if low not in FRONTED_OPENERS or low in ("this", "that", "these", "those", "according"):
        return None
    c = text.find(",", m.end(), min(limit, s + 150))
    if c == -1 or quotes.containing(c) is not None:
        return None
    return c + 1


def _all_before(atts: list[Attribution], pos: int) -> bool:
    return all(a.cue_span is not None and a.cue_span[1] <= pos for a in atts)


def _parenthetical(text: str, ve: int, limit: int) -> bool:
    m = _PARENTHETICAL_TAIL.match(text, ve, limit)
    if m is None:
        return False
    comma = text.rfind(",", ve, m.end())
    return _PARTICIPLE.match(text, comma, limit) is None


_VERB_FORMS = frozenset(ALL_VERBS)
_NOT_SOURCE_LABELS = frozenset("update note warning editor correction clarification photo video watch read "
                               "see breaking exclusive analysis opinion live".split())


def sentence_subject(text: str, s: int, pos: int) -> tuple[int, int] | None:
    """The subject of the sentence's main clause, read before ``pos``: the noun phrase before its
    first finite verb ("On Monday, Mayor Ana Ruiz called ..." -> "Mayor Ana Ruiz")."""
    hi = min(pos, s + WINDOW)
    start = s
    first = _WORDS.match(text, s, hi)
    if first is not None and first.group().lower() in _INTRO:
        c = text.find(",", s, min(hi, s + 120))
        if c == -1:
            return None
        start = c + 1
    for w in _WORDS.finditer(text, start, hi):
        tok = w.group()
        if not tok[0].islower():
            continue
        low = tok.lower()
        if low in _FINITE or low in _VERB_FORMS or (len(low) > 4 and low.endswith("ed")):
            subj = subject_before(text, start, w.start())
            return (subj.start, subj.end) if subj is not None else None
    return None


def _participles(text: str, s: int, limit: int, quotes: QuoteIndex, out: list[Attribution]) -> None:
    """", saying (that) X", ", adding X", ", telling reporters that X": the claimant is the
    speaker of the attribution before it, else the subject of the sentence."""
    if text.find("ing", s, limit) == -1:
        return
    for m in _PARTICIPLE.finditer(text, s, limit):
        if quotes.containing(m.start()) is not None:
            continue
        at = m.end()
        while at > m.start() and text[at - 1].isspace():
            at -= 1  # "telling reporters that": let the content reader see " that"
        content = _content_after(text, at, limit, "said", quotes, s)
        if content is None:
            continue
        owner = None
        for att in out:
            if att.cue_span is not None and att.cue_span[1] <= m.start():
                owner = att
        if owner is not None:
            if owner.claimant is None:
                continue
            claimant, span, pronoun = owner.claimant, owner.claimant_span, owner.pronoun
            if owner.content_start < m.start() < owner.content_end:
                owner.content_start, owner.content_end = trim(text, owner.content_start, m.start(), quotes)
        else:
            subj = sentence_subject(text, s, m.start())
            if subj is None:
                continue
            claimant, span = text[subj[0]:subj[1]], subj
            pronoun = claimant.lower() in PERSON_PRONOUNS
        cue = m.group(1).split()[0]
        out.append(Attribution(content[0], content[1], claimant, span, cue, (m.start(1), m.start(1) + len(cue)),
                               pronoun=pronoun, quote_id=content[2], kind="participle"))
    out.sort(key=lambda a: a.content_start)


def _colon_source(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    """"City Hall: pumps cleared 90 percent of the water": a short capitalised name, a colon, a claim."""
    if text.find(":", s, min(limit, s + 80)) == -1:
        return None
    m = _COLON_SOURCE.match(text, s, limit)
    if m is None or m.group(1).split()[0].lower() in _NOT_SOURCE_LABELS:
        return None
    if m.group(1).lower() in _NOT_SOURCE_LABELS:
        return None
    cs, ce = trim(text, m.end(), limit, quotes)
    if not _enough(text, cs, ce) or not _enough(text, cs, min(ce, cs + 200)):
        return None
    return Attribution(cs, ce, m.group(1), m.span(1), ":", (m.end(1), m.end(1) + 1),
                       pronoun=False, kind="colon")


# --- clauses ----------------------------------------------------------------------------------

#: Where a sentence's clauses meet: "A said X; B said Y", "A said X, while B argued Y", "The council
#: voted, and the mayor said Y".
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:while|whereas|but|and|although|though|yet)\s+|,\s+(?=(which|whom)\s)")
MAX_CLAUSES = 4
_WHOLE = frozenset({"subject", "action"})


def _split_clauses(text: str, s: int, limit: int, quotes: QuoteIndex, caps: CapsIndex | None,
                   an: SentenceAnalysis) -> None:
    """One attribution per clause: a clause after a break (``_CLAUSE_BREAK``, outside quotations)
    with a speaker of its own (a reporting or stance verb with its subject in the clause, or, in
    a clause that no reporting verb covers, an agent subject of the clause and its finite verb)
    gets its own attribution, and the attribution whose content ran over it stops at the break.
    Clauses that no attribution covers then stay in the article's voice (``an.own_parts``)."""
    if text.find(";", s, limit) == -1 and text.find(", ", s, limit) == -1 and text.find(" wh", s, limit) == -1:
        return
    breaks: list[tuple[int, int]] = []
    relative: set[int] = set()
    for m in _CLAUSE_BREAK.finditer(text, s, limit):
        if quotes.containing(m.start()) is not None:
            continue
        if m.group(1) is not None:  # ", which the union opposed": only a relative clause with its own speaker
            if m.start() - s < 20 or _relative_speaker(text, m.end(), limit) is None:
                continue
            relative.add(m.end())
        breaks.append(m.span())
        if len(breaks) >= MAX_CLAUSES:
            break
    if not breaks:
        return
    atts = an.attributions
    changed = False
    for i, (bs, b) in enumerate(breaks):
        ce = breaks[i + 1][0] if i + 1 < len(breaks) else limit
        if any(a.cue_span is not None and b <= a.cue_span[0] < ce for a in atts):
            continue  # the clause's speaker is known already
        owner = None
        for a in atts:
            if a.content_start < bs < a.content_end:
                owner = a
        free = owner is None or owner.kind in _WHOLE
        if b in relative:
            new = _relative_attribution(text, b, ce, quotes)
        else:
            new = _clause_attribution(text, b, ce, quotes, caps, free)
        if new is None or (owner is not None and owner.claimant == new.claimant):
            continue
        if owner is not None:
            os_, oe = trim(text, owner.content_start, bs, quotes)
            if not _enough(text, os_, oe):
                continue
            owner.content_start, owner.content_end = os_, oe
        atts.append(new)
        changed = True
    if not changed and not (atts and breaks):
        return
    atts.sort(key=lambda a: a.content_start)
    if not atts:
        return
    # clauses that no attribution covers: the article's voice (or their own subject's)
    bounds = [s] + [b for _, b in breaks]
    ends = [bs for bs, _ in breaks] + [limit]
    first_cue = min((x.cue_span[0] for x in atts if x.cue_span is not None), default=limit)
    run: tuple[int, int] | None = None
    for a, z in zip(bounds, ends):
        if any(x.content_start < z and x.content_end > a for x in atts) or any(
                x.cue_span is not None and a <= x.cue_span[0] < z for x in atts):
            if run is not None:
                _own_part(text, run[0], run[1], quotes, caps, an, run[0] < first_cue)
                run = None
            continue
        run = (run[0], z) if run is not None else (a, z)
    if run is not None:
        _own_part(text, run[0], run[1], quotes, caps, an, run[0] < first_cue)
    atts.sort(key=lambda a: a.content_start)


_REL_VERB = re.compile(r"\b(" + trie_pattern(tuple(sorted(set(ALL_VERBS) | set(ACTION_VERBS)))) + r")\b")
_REL_NP_FIRST = frozenset("he she they the his her their its many some most several".split())
_REL_SKIP = frozenset("also has have had repeatedly once later previously publicly strongly now still long "
                      "reportedly initially first".split())


def _relative_speaker(text: str, b: int, limit: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """"which the union opposed", "which Ruiz has said was too costly": the speaker right after the
    relative word and its reporting, stance or act verb: ``(speaker span, verb span)``, or None."""
    w = _WORDS.match(text, b, limit)
    if w is None:
        return None
    m = _REL_VERB.search(text, w.end(), min(limit, w.end() + 80))
    if m is None or text[m.start() - 1] == "-":
        return None
    words = list(_WORDS.finditer(text, w.end(), m.start()))
    if text.find(",", w.end(), m.start()) != -1 or any(c in text[w.end():m.start()] for c in "“\"«"):
        return None
    while words and (words[-1].group().lower() in _REL_SKIP or
                     (words[-1].group().islower() and words[-1].group().endswith("ly"))):
        words.pop()
    if not words or len(words) > 6:
        return None
    first = words[0].group()
    if not (first[:1].isupper() or first.lower() in _REL_NP_FIRST or first.lower() in AGENT_NOUNS):
        return None
    lows = [x.group().lower() for x in words]
    if any(x in BE_FORMS or x in _FINITE or x in NEGATORS or x.endswith(("n't", "n’t")) for x in lows):
        return None
    if first.lower() in NOT_AGENT_NAMES or lows[-1] in _DETERMINERS:
        return None
    return (words[0].start(), words[-1].end()), m.span()


def _relative_attribution(text: str, b: int, ce: int, quotes: QuoteIndex) -> Attribution | None:
    """A relative clause that runs to the end of its clause with a speaker of its own ("The board
    approved the levy, which the union opposed"): the clause, from the relative word, is the
    speaker's claim."""
    found = _relative_speaker(text, b, ce)
    if found is None:
        return None
    (na, nb), (vs, ve) = found
    c = text.find(", ", ve, ce)
    if c != -1 and quotes.containing(c) is None:
        nxt = _WORDS.match(text, c + 2, ce)
        if nxt is not None and nxt.group().islower() and (nxt.group() in _FINITE or nxt.group().endswith("ed")
                                                           or nxt.group() in _VERB_FORMS):
            return None  # "The board, which the union opposed, approved ...": the main clause goes on
    cs, ce = trim(text, b, ce, quotes)
    if not _enough(text, cs, ce):
        return None
    claimant = text[na:nb]
    return Attribution(cs, ce, claimant, (na, nb), text[vs:ve], (vs, ve),
                       pronoun=claimant.lower() in PERSON_PRONOUNS, kind="relative")


def _clause_attribution(text: str, b: int, ce: int, quotes: QuoteIndex, caps: CapsIndex | None,
                        free: bool) -> Attribution | None:
    alt: list[Attribution] = []
    _verbs(text, b, ce, quotes, alt)
    for att in alt[:1]:
        # the clause's own speaker: its subject opens the clause ("..., while Ruiz argued") or
        # follows what it says ("...; the plan is dead, Ruiz said")
        if att.claimant_span is None or att.claimant is None or att.claimant_span[0] < b:
            return None
        if len(_WORDS.findall(text, b, att.claimant_span[0])) <= 3 or att.content_start <= b + 2:
            return att
        return None
    if not free:
        return None  # inside what a speaker says: only a speaker of its own splits it
    att = _main_subject(text, b, ce, quotes, caps)
    if att is not None and att.claimant_span is not None and att.claimant_span[0] >= b:
        return att
    return None


def _own_part(text: str, a: int, z: int, quotes: QuoteIndex, caps: CapsIndex | None,
              an: SentenceAnalysis, before: bool) -> None:
    """A clause no attribution covers: its own subject's, or (before the first speaker only:
    after one it may go on with what they say, "..., Ruiz said, and “..."") the article's, when it
    is a clause and not a fronted phrase ("Following the vote, but before ...")."""
    cs, ce = trim(text, a, z, quotes)
    if not _enough(text, cs, ce):
        return
    att = _main_subject(text, cs, ce, quotes, caps)
    if att is not None:
        an.attributions.append(att)
        return
    first = _WORDS.match(text, cs, ce)
    if not before or first is None or len(_WORDS.findall(text, cs, min(ce, cs + 200))) < 4:
        return
    low = first.group().lower()
    if low in FRONTED_OPENERS or (first.group().islower() and low.endswith(("ing", "ed"))):
        return
    an.own_parts.append((cs, ce))


#: What may follow a trailing speaker's verb: nothing, or a phrase of place, time or manner.
_TAIL_OPENERS = frozenset("in on at to during last this after before when while with from for as "
                          "about earlier later recently yesterday today tonight".split())
_DISCOURSE_OPENER = re.compile(r"(?:But|And|Yet|So|Still|Now|Then)\s+")
_CLAUSE_COMMA = re.compile(r",[”\"’']?\s+")


def _trailing_speaker(text: str, s: int, limit: int, quotes: QuoteIndex,
                      caps: CapsIndex | None) -> Attribution | None:
    """"The plan would cost $2 billion, the analysts surmised.": a comma, an agent subject and a
    finite verb of any kind at the end of the sentence (a short phrase of place or time may follow)
    make what precedes the comma the subject's claim."""
    while limit > s and text[limit - 1] in ".!…” \t":
        limit -= 1  # the verb's token must not carry the full stop
    lo = max(s, limit - 160)
    commas = [c for c in _CLAUSE_COMMA.finditer(text, lo, limit)][-3:]
    if not commas:
        return None
    last = commas[-1].start()
    if text.count(" ", last, limit) > 16:
        return None  # after the last comma, no short "X <verb> [time or place]" ends the sentence
    found = c = None
    for c in reversed(commas):  # "..., Dean, the former governor, proclaimed": the name before the aside
        if c.start() - s < 12 or quotes.containing(c.end()) is not None:
            return None
        found = main_clause(text, c.end(), limit, caps)
        if found is not None:
            break
    if found is None or c is None:
        return None
    (na, nb), (vs, ve), pronoun = found
    if na != c.end() or vs < last:
        return None
    head = _DISCOURSE_OPENER.match(text, s, c.start())
    if _fronted(text, head.end() if head else s, c.start()) and text.find(",", s, c.start()) == -1:
        return None  # "But in July 2012, the company failed as predicted": a fronted phrase, no claim
    tail = _WORDS.findall(text, ve, limit)
    if len(tail) > 8 or (tail and tail[0].lower() not in _TAIL_OPENERS):
        return None
    if tail and text[ve:limit].find(" that ") != -1:
        return None
    q = text[c.start() + 1] if text[c.start() + 1] in CLOSE_QUOTES else None
    if q is not None:
        qi = quotes.closing_at(c.start() + 1)
        content = _quote_content(text, qi, s, limit, quotes) if qi is not None else None
        if content is None:
            return None
        cs, ce = content[0], content[1]
    else:
        cs, ce = trim(text, s, c.start(), quotes)
    if not _enough(text, cs, ce) or len(_WORDS.findall(text, cs, min(ce, cs + 200))) < 4:
        return None
    return Attribution(cs, ce, text[na:nb], (na, nb), text[vs:ve].lower(), (vs, ve), pronoun=pronoun,
                       kind="verb")


# --- patterns ---------------------------------------------------------------------------------


_FROM_NAME = re.compile(r"\s+from\s+(?=(?:the\s+)?[A-Z])")


def _according_to(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    if text.find("ccording", s, limit) == -1:
        return None
    for m in _ACCORDING.finditer(text, s, limit):
        if quotes.containing(m.start()) is not None:
            continue
        head = text[s:m.start()]
        np = np_after(text, m.end(), limit)
        if np is None:
            continue
        cue_span = (m.start(), m.start() + len(m.group().rstrip()))
        fr = _FROM_NAME.match(text, np[1], limit)
        if fr is not None:  # "according to a recent report from the Gazette": the whole source
            np2 = np_after(text, fr.end(), limit)
            if np2 is not None:
                np = (np[0], np2[1])
        if not head.strip(" \t" + OPEN_QUOTES):
            # sentence-initial: the source runs to a comma ("According to documents from X,
            # a friend of Y, the first lady ...": the source is "documents from X")
            j = np[1]
            while j < limit and text[j] in " \t":
                j += 1
            if j >= limit or text[j] != ",":
                j = text.find(",", np[1], min(limit, m.end() + 150))
                if j == -1:
                    continue
                np = (np[0], j)
            cs, ce = trim(text, j + 1, limit, quotes)
        elif head.rstrip().endswith(","):
            k = np[1]
            while k < limit and text[k] in " \t":
                k += 1
            if k < limit and text[k] == "," and _enough(text, k + 1, limit):
                # "The economy, according to officials, grew 5 percent": the whole sentence
                cs, ce = trim(text, s, limit, quotes)
            else:
                cs, ce = trim(text, s, len(head.rstrip()) + s - 1, quotes)
        else:
            # mid-sentence without commas: "Prices rose according to the ministry by 5 percent"
            cs, ce = trim(text, s, limit, quotes)
        if ce - cs < 2:
            continue
        return Attribution(cs, ce, text[np[0]:np[1]], np, "according to", cue_span,
                           kind="according")
    return None


def _passive(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    if text.find(" that ", s, limit) == -1 or text.find("t ", s, limit) == -1:
        return None
    for m in _PASSIVE.finditer(text, s, limit):
        if quotes.containing(m.start()) is not None:
            continue
        cs, ce = trim(text, m.end(), limit, quotes)
        if ce - cs < 2:
            continue
        return Attribution(cs, ce, None, None, m.group(1).lower(), m.span(1), kind="passive")
    return None


#: "-s" forms that are more often plural nouns: a verb only after a name or a pronoun or an agent.
_NOUNISH = frozenset("states reports claims notes calls comments remarks estimates promises fears hopes "
                     "demands pledges charges attacks supports wants shows finds".split())
_SUBJECT_WORDS = frozenset(["he", "she", "it", "who", "which", "that", "also", "now", "still", "and", "but", "or",
                            "polling", "research", "evidence", "experience", "history"]) | AGENT_NOUNS | DOCUMENT_NOUNS
_CONTRACTED = frozenset("he's she's it's that's there's who's what's here's he’s she’s it’s that’s there’s "
                        "who’s what’s here’s".split())


#: Verb forms that are as often nouns ("support", "say", "claim"): a noun after an adjective.
_NOUN_FORMS = frozenset("support supports say says claim claims vote votes call calls promise promises "
                        "demand demands pledge pledges charge charges attack attacks report reports state "
                        "states note notes comment comments estimate estimates hope hopes fear fears want "
                        "wants show shows".split())
_ADJECTIVES = frozenset("final full strong broad big bigger biggest great greater greatest many more most "
                        "much little enough new own wide widespread public popular early late last first "
                        "larger largest only any no".split())
_ADJECTIVE_ENDINGS = ("al", "est", "ful", "ive", "ous", "ble", "ing", "ic", "ary")


def _adjective(prev: str) -> bool:
    """Does the lower-case word before a verb form look like an adjective ("overwhelming
    support", "the final say", "financial support", "many promises")?"""
    return prev.isalpha() and prev.islower() and (prev in _ADJECTIVES or (
        len(prev) > 4 and prev.endswith(_ADJECTIVE_ENDINGS)))


def _noun_before(prev: str) -> bool:
    """Is the word before a verb form a possessive or a determiner, making the form a noun
    ("Ruiz's comments", "the claims")?"""
    if prev in _DETERMINERS:
        return True
    return prev.endswith(("'s", "’s", "s'", "s’")) and prev not in _CONTRACTED


def _adjacent(text: str, s: int, pos: int) -> bool:
    """Is the word before ``pos`` separated from it by whitespace only (no comma, quote mark)?"""
    j = pos
    while j > s and text[j - 1] in " \t":
        j -= 1
    return j > s and (text[j - 1].isalnum() or text[j - 1] in "’'")


def _prev_word(text: str, s: int, pos: int) -> str:
    m = _PREV_WORD.search(text, max(s, pos - 30), pos)
    return m.group(1).lower() if m else ""


_REPORTING_SET = frozenset(REPORTING_VERBS)


def _verbs(text: str, s: int, limit: int, quotes: QuoteIndex, out: list[Attribution]) -> None:
    main: Attribution | None = None
    for m in _VERB.finditer(text, s, limit):
        vs, ve = m.span()
        if text[vs - 1] == "-" or quotes.containing(vs) is not None:  # "self-described"
            continue
        if _VERB_NEXT.match(text, ve):  # "media reports said": the first is a noun
            continue
        prev = _prev_word(text, s, vs)
        negated = prev in NEGATORS or prev.endswith("n't") or prev.endswith("n’t")
        verb = m.group(1)
        if main is None:
            if negated or ((_noun_before(prev) or (verb in _NOUN_FORMS and _adjective(prev)))
                           and _adjacent(text, s, vs)):
                # "did not say"; "Ruiz's comments", "the claims", "overwhelming support", "the
                # final say": nouns (not "for her,” said")
                continue
            if verb in _NOUNISH and not (prev[:1].isupper() or text[vs - 2:vs - 1].isupper()
                                         or prev in _SUBJECT_WORDS or text[vs - 2:vs] == ", "):
                # "conservative states", "media reports": after a lower-case word, a noun
                b = _PREV_WORD.search(text, max(s, vs - 30), vs)
                if b is None or not text[b.start()].isupper():
                    continue
            if prev in BE_FORMS or _BE_BEFORE_ADVERB.search(text, max(s, vs - 40), vs):
                att = _passive_by(text, s, limit, vs, ve, verb, quotes)  # "was first reported by the Gazette"
                if att is not None:
                    out.append(att)
                    main = att
                continue
            att = _attribute(text, s, limit, vs, ve, verb, quotes)
            if att is not None and verb not in _REPORTING_SET and not _stance_subject_ok(att):
                att = None
            if att is not None:
                out.append(att)
                main = att
            continue
        # a verb coordinated with the main one shares its speaker
        if negated or vs < main.content_start:
            continue
        c = _COORD_BEFORE.search(text, max(s, vs - 30), vs)
        if c is None or not (main.content_start < c.start() <= main.content_end):
            continue
        content = _content_after(text, ve, limit, verb, quotes, s)
        if content is None:
            continue
        main.content_start, main.content_end = trim(text, main.content_start, c.start(), quotes)
        att = Attribution(content[0], content[1], main.claimant, main.claimant_span, verb,
                          (vs, ve), pronoun=main.pronoun, quote_id=content[2])
        out.append(att)
        main = att


_BE_BEFORE_ADVERB = re.compile(
    r"\b(?:is|was|were|are|been|be)\s+(?:[a-z]+ly|first|later|also|since|never|often)\s+\Z")
_AND_BEFORE = re.compile(r"\s(?:and|but)\s+(?:[a-z]+ly\s+|also\s+|then\s+)?\Z")
_BY = re.compile(r"\s+by\s+")


def _passive_by(text: str, s: int, limit: int, vs: int, ve: int, verb: str,
                quotes: QuoteIndex) -> Attribution | None:
    """"The closure was first reported by the Gazette": the Gazette's claim, the whole sentence."""
    m = _BY.match(text, ve, limit)
    if m is None:
        return None
    np = np_after(text, m.end(), limit)
    if np is None or not text[np[0]].isupper() and text[np[0]:np[0] + 4].lower() != "the ":
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not _enough(text, cs, ce):
        return None
    return _make(text, (cs, ce, None), np, verb, vs, ve)


def _stance_subject_ok(att: Attribution) -> bool:
    """A stance verb's subject must be a noun phrase, not "Speaking on a radio show" or "widely"."""
    if not att.claimant:
        return False
    toks = att.claimant.split()
    first = toks[0].lower()
    if first in _INTRO:
        return False
    if not first.endswith(("ing", "ed", "ly")):
        return True
    # a name ("Kelly", "Ted Cruz"), not an adverb or a participle ("Only five ...", "Polling averages")
    return toks[0][:1].isupper() and (len(toks) == 1 or toks[1][:1].isupper())


def _attribute(text: str, s: int, limit: int, vs: int, ve: int, verb: str,
               quotes: QuoteIndex) -> Attribution | None:
    # speaker after the verb: `“...,” said Ned Price` / `..., said the minister`
    j = vs
    while j > s and text[j - 1] in " \t":
        j -= 1
    before = text[j - 1] if j > s else ""
    qclose = quotes.closing_at(j - 1) if before in CLOSE_QUOTES and j > s else None
    if (before == "," or qclose is not None) and verb not in _ADDRESSEE_VERBS:
        np = np_after(text, ve, limit, need_opener=qclose is None)
        if np is not None and qclose is None:
            # after a plain comma, a long phrase after the verb is more likely its object
            # (`Stevens, an aide, said the way ... was wrong`) than the speaker
            n_words = len(text[np[0]:np[1]].split())
            if n_words > 6 or (n_words > 3 and subject_before(text, s, vs) is not None):
                np = None
            elif text.startswith(("that ", "how ", "whether ", "if "), np[0]) or _relative_subject(text, s, vs):
                np = None  # "Ruiz, whose ..., said that ...": not an inverted speaker
        if np is not None:
            content = None
            qi = qclose
            if qi is None and before == ",":
                k = j - 1
                if k > s and text[k - 1] in CLOSE_QUOTES:  # `“...”, said X`
                    qi = quotes.closing_at(k - 1)
            if qi is not None:
                content = _quote_content(text, qi, s, limit, quotes)
            elif before == ",":
                cs, ce = trim(text, s, j - 1, quotes)
                content = (cs, ce, None) if ce > cs else None
            if content is not None:
                return _make(text, content, np, verb, vs, ve)
    subj = subject_before(text, s, vs) or _relative_subject(text, s, vs)
    if subj is None:
        if _AND_BEFORE.search(text, max(s, vs - 20), vs):
            # "The senator survived ... and says ...": the subject of the sentence
            np2 = sentence_subject(text, s, vs)
            content = _content_after(text, ve, limit, verb, quotes, s) if np2 is not None else None
            if np2 is not None and content is not None and np2[1] < vs:
                return _make(text, content, np2, verb, vs, ve)
        return None
    np = (subj.start, subj.end)
    content: tuple[int, int, int | None] | None = None
    if subj.quote_close is not None:  # `“QUOTE,” X said`
        qi = quotes.closing_at(subj.quote_close)
        if qi is not None:
            content = _quote_content(text, qi, s, limit, quotes)
    if content is None and subj.comma is not None and _parenthetical(text, ve, limit):
        # "The argument, Devine said, was weak": the claim is the sentence around it
        cs, ce = trim(text, s, limit, quotes)
        if _enough(text, cs, ce):
            content = (cs, ce, None)
    if content is None and subj.comma is not None and (not _fronted(text, s, subj.comma)
                                                       or _fronted_then_clause(text, s, subj.comma, ve, limit)):
        rest = text[ve:min(limit, ve + WINDOW)]
        if len(_WORDS.findall(rest)) <= 12 and " that " not in rest and not any(
            c in rest for c in OPEN_QUOTES
        ):
            cs, ce = trim(text, s, subj.comma, quotes)  # `CONTENT, X said`
            if ce > cs:
                content = (cs, ce, None)
    if content is None:
        content = _content_after(text, ve, limit, verb, quotes, s)
        if content is not None and subj.inner_relative and content[2] is None:
            close = text.find(", ", content[0], content[1])
            if close != -1:  # "The senator, who said the bill was dead, left early"
                cs, ce = trim(text, content[0], close, quotes)
                content = (cs, ce, None) if _enough(text, cs, ce) else None
    if content is None:
        return _directive(text, s, limit, np, verb, vs, ve, quotes)
    if verb in _CALL_ON and _CALL_ON_TO.match(text, ve, min(limit, ve + 120)):
        return _directive(text, s, limit, np, verb, vs, ve, quotes)
    return _make(text, content, np, verb, vs, ve)


_CALL_ON = frozenset({"called", "calls"})
_CALL_ON_TO = re.compile(r"\s+(on|upon)\s+(?:[\w’'.-]+\s+){1,6}?to\s+[a-z]")


def _directive(text: str, s: int, limit: int, np: tuple[int, int], verb: str, vs: int, ve: int,
               quotes: QuoteIndex) -> Attribution | None:
    """"The senator urged the governor to veto the bill", "The union called on the council to
    reject the plan", "Ruiz promised to cut the levy": a call, warning or pledge is the position of
    its subject; the claim is the whole sentence (cue: the verb)."""
    hi = min(limit, ve + 120)
    if verb in _CALL_ON:
        m = _CALL_ON_TO.match(text, ve, hi)
        if m is None:
            return None
        ve = m.end(1)  # the cue is "called on"
    elif verb not in DIRECTIVE_VERBS or not _TO_INF.match(text, ve, hi):
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not _enough(text, cs, ce):
        return None
    att = _make(text, (cs, ce, None), np, text[vs:ve].lower(), vs, ve)
    att.kind = "action"
    return att


def _fronted_then_clause(text: str, s: int, comma: int, ve: int, limit: int) -> bool:
    """"In fact, the plans would change little, analysts say": a fronted phrase, then a clause of
    its own before the comma, and the verb ends the sentence (a short tail at most)."""
    c1 = text.find(",", s, comma)
    if c1 == -1 or len(_WORDS.findall(text, c1 + 1, comma)) < 4:
        return False
    tail = _WORDS.findall(text, ve, min(limit, ve + 80))
    return len(tail) <= 6 and (not tail or tail[0].lower() in _TAIL_OPENERS)


def _fronted(text: str, s: int, comma: int) -> bool:
    """Is ``text[s:comma]`` a fronted phrase ("Separately", "On Monday", "In a speech in Ohio")
    rather than the content of a `CONTENT, X said`?"""
    first = _WORDS.search(text, s, comma)
    if first is None:
        return True
    low = first.group().lower()
    if low in FRONTED_OPENERS and low not in ("this", "that", "these", "those"):
        return True
    return len(text[s:comma].split()) < 3


def _make(text: str, content: tuple[int, int, int | None], np: tuple[int, int], verb: str,
          vs: int, ve: int) -> Attribution:
    claimant = text[np[0]:np[1]]
    return Attribution(content[0], content[1], claimant, np, verb, (vs, ve),
                       pronoun=claimant.lower() in PERSON_PRONOUNS, quote_id=content[2])


def _content_after(text: str, ve: int, limit: int, verb: str, quotes: QuoteIndex,
                   s: int) -> tuple[int, int, int | None] | None:
    hi = min(limit, ve + 120)
    m = _THAT.match(text, ve, hi)
    if m is not None:
        between = m.group(1).split()
        if not between or verb in DIRECTIVE_VERBS or between[0].lower() not in _DETERMINERS:
            cs, ce = trim(text, m.end(), limit, quotes)
            return (cs, ce, None) if _enough(text, cs, ce) else None
    q = _QUOTE_NEXT.match(text, ve, limit)
    if q is not None:
        qi = quotes.opening_at(q.end())
        if qi is not None:
            return _quote_content(text, qi, s, limit, quotes)
    if verb in DIRECTIVE_VERBS and _TO_INF.match(text, ve, hi):
        return None
    cs, ce = trim(text, ve, limit, quotes)
    return (cs, ce, None) if _enough(text, cs, ce) else None


def _enough(text: str, cs: int, ce: int) -> bool:
    n = 0
    for _ in _WORDS.finditer(text, cs, ce):
        n += 1
        if n >= 2:
            return True
    return False


def _quote_content(text: str, qi: int, s: int, limit: int,
                   quotes: QuoteIndex) -> tuple[int, int, int | None] | None:
    q = quotes.quotes[qi]
    cs, ce = trim(text, max(q.inner_start, s), min(q.close, limit), quotes, unquote=False)
    if ce <= cs:
        return None
    return cs, ce, qi


def _speakerless_quote(text: str, s: int, e: int, quotes: QuoteIndex) -> Attribution | None:
    qi = quotes.opening_at(s)
    if qi is None:
        qi = quotes.containing(s)
    if qi is None:
        return None
    q = quotes.quotes[qi]
    tail = text[min(q.close + q.width, e):e] if q.close < e else ""
    if tail.strip(" .,;:!?…" + CLOSE_QUOTES):
        return None
    cs, ce = trim(text, max(q.inner_start, s), min(q.close, e), quotes, unquote=False)
    if not _enough(text, cs, ce):
        return None
    return Attribution(cs, ce, None, None, None, None, quote_id=qi, kind="quote")


_DASH_CHARS = "-—–"


def trim(text: str, a: int, b: int, quotes: QuoteIndex, *, unquote: bool = True) -> tuple[int, int]:
    """Strip whitespace, leading ",;:" and trailing ".,;:", a dash set off by a space at either
    end ("- after the ruling - ..."), and unbalanced edge quote marks."""
    for _ in range(3):
        while a < b and (text[a].isspace() or text[a] in ",;:"
                         or (text[a] in _DASH_CHARS and a + 1 < b and text[a + 1].isspace())):
            a += 1
        while b > a and (text[b - 1].isspace() or text[b - 1] in ".,;:…"
                         or (text[b - 1] in _DASH_CHARS and b - 1 > a and text[b - 2].isspace())):
            b -= 1
        if not unquote or b <= a:
            break
        changed = False
        if text[b - 1] in CLOSE_QUOTES:
            qi = quotes.closing_at(b - 1)
            if qi is not None and quotes.quotes[qi].open < a:
                b = quotes.quotes[qi].close
                changed = True
            elif qi is None and text[b - 1] != "'":
                b -= 1
                changed = True
        if b > a and text[a] in OPEN_QUOTES:
            qi = quotes.opening_at(a)
            if qi is not None and quotes.quotes[qi].close >= b:
                a = quotes.quotes[qi].inner_start
                changed = True
            elif qi is None and text[a] != "'":
                a += 1
                changed = True
        if not changed:
            break
    return a, b


# --- passives with an agent --------------------------------------------------------------------

#: Participles of statement, stance and decision whose agent is the claimant ("was criticized by",
#: "was appointed by", "is seen by"); acts and results ("was written by", "was won by") are not.
_AGENT_PASSIVES = frozenset(v for v in ALL_VERBS + ACTION_VERBS if v.endswith("ed")) | frozenset(
    """appointed nominated named introduced viewed seen considered regarded interpreted perceived
    echoed signed vetoed ordered requested commissioned sponsored backed funded financed drafted
    authored challenged overturned blocked rejected ridiculed mocked condemned denounced attacked
    targeted blamed dismissed disputed contradicted rebuffed embraced championed pushed pressed
    lobbied sued accused charged investigated questioned ranked rated picked chosen selected
    elected recommended dubbed labeled labelled branded described characterized characterised
    portrayed cited quoted asked told urged invited encouraged pressured forced hailed praised
    applauded welcomed thanked endorsed supported opposed favored favoured approved disapproved
    targeted denied refuted debunked called slammed blasted criticized criticised
    """.split())
_PASSIVE_AGENT = re.compile(
    r"\b(?:is|was|were|are|been|be|being)\s+(?:(?:[a-z]+ly|also|first|later|not|never|widely|long)\s+)?"
    r"([a-z]{3,}ed|" + "|".join(sorted(IRREGULAR_PARTICIPLES | IRREGULAR_VERBS)) + r")"
    r"(?:\s+[\w’'.-]+){0,5}?\s+by\s+(?=[\w“\"])"
)


def _passive_agent(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    """"Trump has been criticized by some of his rivals for ...", "Ginsburg was appointed to the
    court by President Bill Clinton": the agent of a passive is the actor whose stance or decision
    the sentence reports (the claim is the whole sentence, cue the verb group). Verbs of plain
    action ("was defeated by", "was won by") and agents that are not a name, a person or a body
    ("by a wide margin", "by Friday", "by saying") keep the sentence in the article's voice."""
    if text.find(" by ", s, limit) == -1:
        return None
    hi = min(limit, s + WINDOW)
    m = _PASSIVE_AGENT.search(text, s, hi)
    if m is None or quotes.containing(m.start()) is not None:
        return None
    verb = m.group(1)
    if verb not in _AGENT_PASSIVES:
        return None
    np = np_after(text, m.end(), limit)
    if np is None:
        return None
    words = text[np[0]:np[1]].split()
    first = words[0].lower().strip("“\"")
    if first in NOT_AGENT_NAMES or first.endswith("ing") or not _agent(text[np[0]:np[1]]):
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not _enough(text, cs, ce):
        return None
    return Attribution(cs, ce, text[np[0]:np[1]], np, text[m.start():m.end(1)].lower(), (m.start(), m.end(1)),
                       kind="action")


# --- stances and political acts ---------------------------------------------------------------

_ACTION_ONLY = tuple(sorted(set(ACTION_VERBS)))  # also tried when a stance verb gave no speaker
_ACTION = re.compile(r"\b(" + trie_pattern(_ACTION_ONLY) + r")\b")
_BASE_FORMS = frozenset(v for v in ACTION_VERBS if not v.endswith(("s", "ed", "ing")) and v not in
                        ("saw", "spoke", "gave", "spent", "led", "cast"))
#: Words before a bare form that make it a noun: "drew support", "roll call vote", "shot back".
_NOT_BEFORE_A_VERB = frozenset(
    "call roll drew draw shot their his her its our my your the a an of for from in on broad strong "
    "public popular voter voters' party".split())
_MODALS = frozenset("will would could might may can should shall must".split())
_NEGATIONS = frozenset({"not", "never", "no", "cannot", "nor"})
_CHAT = frozenset({"i", "we", "you", "it", "there", "this", "that", "what", "which"})


def _action(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    """"The senator endorsed Cruz", "A group backing the governor raised $3 million": a verb of
    stance or political act (``lexicon.ACTION_VERBS``) with a noun-phrase subject makes the
    sentence its subject's claim (the claim is the whole sentence, as in the article's voice).
    "VERBed by X" ("a bill opposed by House Republicans") makes it X's."""
    m = _ACTION.search(text, s, min(limit, s + WINDOW))
    while m is not None and (text[m.start() - 1] == "-" or quotes.containing(m.start()) is not None):
        m = _ACTION.search(text, m.end(), min(limit, s + WINDOW))
    if m is None:
        return _title_case(text, s, limit, quotes) or _possessive(text, s, limit, quotes)
    vs, ve = m.span()
    verb = m.group(1)
    prev = _prev_word(text, s, vs)
    if prev in _NEGATIONS or prev.endswith("n't") or prev.endswith("n’t"):
        return None  # a modal is fine: "56 percent would vote for her" is a stance
    if verb in _NOUN_FORMS and (_adjective(prev) or _noun_before(prev)):
        return None  # "has won overwhelming support", "their financial support": a noun
    cs, ce = trim(text, s, limit, quotes)
    if not _enough(text, cs, ce):
        return None
    by = _BY.match(text, ve, limit)
    if by is not None and verb.endswith("ed"):
        np = np_after(text, by.end(), limit)
        if np is None or not (text[np[0]].isupper() or text[np[0]:np[0] + 4].lower() == "the "):
            return None
        return _make(text, (cs, ce, None), np, verb, vs, ve)
    at = vs
    if prev in BE_FORMS or prev in _MODALS:
        if prev in BE_FORMS and not verb.endswith("ing"):  # "was named", not "is thanking"
            return None
        # "Sanders, celebrating a win, is pledging", "56 percent would vote": the subject is
        # before "is" / "would"
        b = _PREV_WORD.search(text, max(s, vs - 30), vs)
        if b is not None:
            at = b.start()
    subj = subject_before(text, s, at) or _relative_subject(text, s, at)
    if subj is None:
        return None
    att = _make(text, (cs, ce, None), (subj.start, subj.end), verb, vs, ve)
    if not _stance_subject_ok(att) or not _agent(att.claimant):  # type: ignore[arg-type]
        return None
    if verb in _BASE_FORMS and prev not in _MODALS and prev != "to":
        # "Democrats support ..." is a verb; "drew support", "the roll call vote", "shot back"
        # are not
        last = att.claimant.split()[-1].lower()  # type: ignore[union-attr]
        if last in _NOT_BEFORE_A_VERB:
            return None
    att.kind = "action"
    return att


def _agent(np: str) -> bool:
    """Can this subject hold a stance: a name ("Sen. Lee", "the Sanders campaign") or a person or
    body ("black voters", "the donor", "she")?"""
    toks = np.split()
    if toks[0].lower() in _CHAT:
        return False
    if toks[-1].lower().strip(".,’'") in AGENT_NOUNS:
        return True
    return any(t[:1].isupper() and t.lower() not in _DETERMINERS and t.lower() not in _INTRO for t in toks)


_POLL = re.compile(
    r"(?:In|According\s+to)\s+((?:an?|the|this|that|its|their|his|her)\s+(?:[\w’'./&-]+\s+){0,8}?"
    r"(?:polls?|survey|surveys|study|report|analysis|data|census|count|tally|estimate|audit)"
    r"(?:\s+(?:released|published|conducted|taken|out|issued|by|of|from|in|on|last|this)\b[^,]{0,60})?),\s+"
)


def _poll_source(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    """"In a CBS News poll released Monday, 56 percent ...": the poll's claim."""
    if not text.startswith("In ", s):
        return None
    m = _POLL.match(text, s, limit)
    if m is None:
        return None
    cs, ce = trim(text, m.end(), limit, quotes)
    if not _enough(text, cs, ce):
        return None
    return Attribution(cs, ce, m.group(1), m.span(1), "in", (s, s + 2), kind="according")


_POLL_INSIDE = re.compile(
    r"\b(?:in|by)\s+((?:[\w’'./&-]+\s+){0,6}?(?:polls?|polling|surveys?|study|studies)"
    r"(?:\s+(?:released|published|conducted|taken|issued|out|of|from|by|last|this|in)"
    r"(?:\s+(?!(?:has|have|had|is|was|were|are|will|would|could|did|but)\b)[\w’'./&-]+){1,5}?)?)"
    r"(?=\s*(?:[,;.!?)]|\s—|\s–|\Z))"
)


def _poll_inside(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    """"Ruiz held a 12-point lead among older voters in a Gazette poll.", "Lee is ahead in the polls
    in Ohio, with ...": a poll or survey in the middle or at the end of a sentence is its source
    (the claim is the whole sentence, cue "in")."""
    hi = min(limit, s + 400)
    if text.find("oll", s, hi) == -1 and text.find("urvey", s, hi) == -1 and text.find("tud", s, hi) == -1:
        return None
    m = _POLL_INSIDE.search(text, s, hi)
    if m is None or quotes.containing(m.start()) is not None:
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not _enough(text, cs, ce):
        return None
    a, b = m.span(1)
    if text[b - 1] == "." and text.rfind(".", a, b - 1) < text.rfind(" ", a, b - 1):
        b -= 1  # "... in Utah.": the full stop, not an abbreviation ("U.S.")
    cue = text[m.start():m.start() + 2].lower()
    return Attribution(cs, ce, text[a:b], (a, b), cue, (m.start(), m.start() + 2), kind="action")


_TITLE_VERB = re.compile(
    r" (Says|Said|Tells|Told|Warns|Warned|Claims|Claimed|Wants|Thinks|Believes|Urges|Calls|Slams|"
    r"Blasts|Defends|Accuses|Vows|Admits|Backs|Endorses|Finds|Found|Explains|Insists|Argues|Predicts|"
    r"Suggests|Denies|Reveals|Confirms|Announces|Rejects|Praises|Criticizes|Questions|Pledges)"
    r"(?= [A-Z‘“\"'0-9]|[.!?,:]?$)"
)


def _title_case(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    """A title-case line or sentence: "Senator Lee Says The Tax Is Dead", "..., Lee Says."."""
    if not text[s:s + 1].isupper():
        return None
    m = _TITLE_VERB.search(text, s, min(limit, s + WINDOW))
    if m is None or not text[m.start() - 1:m.start()].isalnum():
        return None
    vs, ve = m.span(1)
    if quotes.containing(vs) is not None:
        return None
    return _attribute(text, s, limit, vs, ve, m.group(1).lower(), quotes)


#: Nouns of a statement or stance that make their possessor the source ("Rubio’s response was
#: that ...", "The senator’s plan would cut ...").
_STANCE_NOUNS = (
    "response", "answer", "argument", "arguments", "comment", "comments", "remark", "remarks",
    "statement", "statements", "view", "views", "position", "message", "proposal", "proposals",
    "plan", "plans", "claim", "claims", "pitch", "promise", "pledge", "case", "speech", "ad", "ads",
    "campaign", "website", "book", "report", "letter", "tweet", "tweets", "platform", "policy",
    "stance", "criticism", "attack", "attacks", "endorsement", "complaint", "point", "suggestion",
    "question", "warning", "memo", "study", "analysis", "data", "poll", "survey", "testimony",
)
_POSSESSIVE = re.compile(
    r"((?:[A-Z][\w.&-]*\s+){0,4}?[A-Z][\w.&-]*)[’']s\s+(?:[a-z-]+\s+){0,2}?(" + "|".join(_STANCE_NOUNS) + r")\b"
)


def _possessive(text: str, s: int, limit: int, quotes: QuoteIndex) -> Attribution | None:
    """"Rubio’s response was that ...": the sentence opens with a named possessor of a statement."""
    m = _POSSESSIVE.match(text, s, limit)
    if m is None or m.group(1).split()[0].lower() in _INTRO:
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not _enough(text, cs, ce):
        return None
    return Attribution(cs, ce, text[m.start(1):m.end(2)], (m.start(1), m.end(2)), m.group(2),
                       m.span(2), kind="action")


# "Mr. Cruz, whose third-place finish was seen as a disappointment, said ...": the name before a
# relative clause that runs to the comma before the verb.
_RELATIVE = re.compile(
    r"((?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'.-]*|(?:[Tt]he|[Aa]n?)\s+[\w’'.-]+(?:\s+[\w’'.-]+){0,5}?"
    r"|(?:[\w’'.-]+\s+){1,5}?[A-Z][\w’'.-]*),\s+"
    r"(?:who|whose|which|clad|flanked|dressed|[a-z]{3,}ing|[a-z]{3,}ed)\b[^;“”\"]{0,250}?,\s*"
    r"(?:(?:also|has|have|had|then|later|now)\s+)?\Z"
)


def _relative_subject(text: str, s: int, vs: int) -> Subject | None:
    if vs - s > WINDOW or text.find(", ", s, vs) == -1:
        return None
    m = _RELATIVE.match(text, s, vs)
    if m is None:
        return None
    a, b = m.span(1)
    return Subject(start=a, end=b, lead=s, clause_start=s, quote_close=None, comma=None, appositive=True)


def _main_subject(text: str, s: int, limit: int, quotes: QuoteIndex,
                  caps: CapsIndex | None) -> Attribution | None:
    """The last resort: an agent subject of the main clause and its finite verb ("The agency
    decided ...", "During the hearing, the senator defended ...", "Ruiz did not respond ...")
    make the whole sentence the subject's claim (``subjects.main_clause``)."""
    found = main_clause(text, s, limit, caps)
    if found is None:
        return None
    (na, nb), (vs, ve), pronoun = found
    if quotes.containing(na) is not None or quotes.containing(vs) is not None:
        return None
    cs, ce = trim(text, s, limit, quotes)
    if not _enough(text, cs, ce):
        return None
    return Attribution(cs, ce, text[na:nb], (na, nb), text[vs:ve].lower(), (vs, ve),
                       pronoun=pronoun, kind="subject")
