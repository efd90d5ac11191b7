"""``extract_claims``: sentences -> attributions -> disputes -> cues -> score -> proposals.

One pass over the sentences, paragraph by paragraph (two light passes per paragraph, so that a
speakerless first part of a quotation can take the speaker named where the quotation closes).
State carried between sentences: the last named person (for "he"/"she"), the last named
speaker (for speakerless quotations; kept across a paragraph break only when the new paragraph
opens with a quotation), and the previous sentence's proposals (a sentence that opens with a
denial, "Moscow denied the report.", disputes them).
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from .attribution import Attribution, SentenceAnalysis, analyse_sentence, is_person, trim
from .cues import StemIndex, find_cues, rebuttal_cue
from .interviews import interviewee
from .lexicon import (
    ACT_VERB_FORMS,
    AGENT_NOUNS,
    BYLINE_LABELS,
    COURTESY_CUES,
    FORMS_OF_ADDRESS,
    FRAGMENT_WORDS,
    LONE_ADJECTIVE_ENDINGS,
    REPORTING_VERBS,
    SENTENCE_OPENERS,
    STANCE_VERBS,
    TIME_WORDS,
    WEATHER_NOUNS,
)
from .noise import is_noise_line, is_noise_paragraph
from .quotes import OPEN_QUOTES, QuoteIndex
from .scoring import CHECK_WORTHY_THRESHOLD, score_sentence
from .sentences import split_sentences
from .subjects import CapsIndex, speaker_label
from .triage import Context, proposal_score
from .types import ProposedClaim

DEFAULT_CLAIMANT = "the article"
_STANCE = frozenset(STANCE_VERBS)
_CHAT_SPEAKERS = frozenset({"i", "we", "you"})
_PLAIN_PRONOUNS = frozenset("i we you he she they it who this that these those".split())
_TITLE_CUES = frozenset({":", "according to"})
_REPORTING = frozenset(REPORTING_VERBS)
HEADLINE_MAX_WORDS = 25
#: A sentence in the article's own voice is proposed when its sentence score reaches this; the
#: proposal's triage score (``triage``) then decides whether it is check-worthy. Lower than the
#: check-worthy threshold, so that triage can raise what the sentence model alone would miss.
OWN_VOICE_GATE = 0.3
RECENT_CLAIMANTS = 4
"""How many named claimants back "they" may look for a body or a group."""
REBUTTAL_MAX_CHARS = 90
"""A reply that only denies ("That is not true") is short: longer content is not read as one."""

#: Verbs of a plain act or event ("made", "took", "decided", "won", "voted", "seized"): a sentence
#: whose main clause is its subject doing one of these reports the act in the outlet's voice (the
#: desk's definition), so the subject is not its claimant. Speech, stance, plans and positions
#: ("echoed", "is pressing", "laid out", "ruled out", "was adamant") keep the subject.
_ACTS = re.compile(
    r"(?:^|\s)(?:(?:has|have|had|was|were|is|are|will|would|did|does|do)\s+(?:not\s+|also\s+|already\s+|just\s+)*)?"
    r"(?:" + "|".join(sorted(ACT_VERB_FORMS, key=len, reverse=True)) + r")\b"
)

_BYLINE = re.compile(r"(?:" + "|".join(BYLINE_LABELS) + r")\s*[:\-–—|]", re.I)
_BY_NAMES = re.compile(r"[Bb]y\s+(?:[A-Z][\w’'.-]*\s*(?:,|\band\b|&)?\s*){1,12}\Z")
_TERMINAL = re.compile(r"[.!?…][\"”’'»)\]]*\Z")
_QUESTION = re.compile(r"\?[\"”’'»)\]]*\Z")
_WORD = re.compile(r"[\w’'-]+")
_NAME_SUBJECT = re.compile(r"([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){1,4}?)\s+[a-z]")


@dataclass(slots=True)
class _Draft:
    start: int
    end: int
    sentence: str
    s_start: int
    s_end: int
    claimant: str | None
    cue: str | None
    cues: list[str]
    score: float
    disputed_by: list[str] = field(default_factory=list)
    dispute: str | None = None
    kind: str | None = None
    """The attribution rule that found the claimant (None: the article's own voice)."""

    def add_dispute(self, who: str | None, passage: str, cue: str, extra: list[str]) -> None:
        if who and who not in self.disputed_by:
            self.disputed_by.append(who)
        if self.dispute is None:
            self.dispute = passage
        for c in [cue, *extra]:
            if c not in self.cues:
                self.cues.append(c)

    def freeze(self, text: str, *, in_title: bool = False) -> ProposedClaim:
        """The proposal, ``text`` being what the offsets index into (the body, or the title)."""
        return ProposedClaim(
            text=text[self.start : self.end],
            start=self.start,
            end=self.end,
            sentence=self.sentence,
            sentence_start=self.s_start,
            sentence_end=self.s_end,
            claimant=self.claimant,
            cue=self.cue,
            cues=tuple(self.cues),
            disputed_by=tuple(self.disputed_by),
            dispute=self.dispute,
            score=self.score,
            check_worthy=self.score >= CHECK_WORTHY_THRESHOLD,
            in_title=in_title,
        )


def extract_claims(text: str, *, default_claimant: str | None = None, title: str | None = None) -> list[ProposedClaim]:
    """Propose the check-worthy claims of a plain-text article body, in text order.

    ``default_claimant`` is who asserts what the article says in its own voice (the outlet);
    "the article" when None. ``title``, when given, is scored like any sentence and proposed,
    in the outlet's voice, ahead of the body's claims, with ``in_title`` set (its offsets index
    into ``title``).
    """
    head = _title_claim(title, default_claimant or DEFAULT_CLAIMANT) if title else None
    if not text or text.isspace():
        return [head] if head else []
    # The cyclic garbage collector stays on: pausing it here paused it for the whole process,
    # the desk's worker threads included, and measured no faster (benchmarks/extract.py: the
    # same MB/s and the same 10 MB / 1 MB ratio with it running).
    claims = _extract(text, default_claimant, title)
    return [head, *claims] if head else claims


def _title_claim(title: str, own: str) -> ProposedClaim | None:
    """The title as a claim in the outlet's voice, when it reads as a check-worthy statement."""
    s, e = 0, len(title)
    while s < e and title[s].isspace():
        s += 1
    while e > s and title[e - 1].isspace():
        e -= 1
    if e - s < 2 or _QUESTION.search(title, max(s, e - 8), e) or is_noise_line(title, s, e):
        return None
    sentence = title[s:e]
    base = score_sentence(sentence)
    n = sum(1 for _ in _WORD.finditer(sentence))
    if base < OWN_VOICE_GATE or n < 4:
        return None
    cues = find_cues(title, s, e)
    # "Putin says ...", "Police: 40 arrested ...", "Reports: ...": the headline names its source
    claimant, cue = own, None
    inner = _extract(sentence, own)
    if len(inner) == 1 and inner[0].claimant not in (None, own) and inner[0].cue in _TITLE_CUES | _REPORTING:
        claimant, cue = inner[0].claimant, inner[0].cue
    ctx = Context(claimant != own, False, bool(cues), title=True, kind="verb" if cue else None)
    score = proposal_score(sentence, sentence, base, ctx)
    return _Draft(s, e, sentence, s, e, claimant, cue, cues, score).freeze(title, in_title=True)


def _extract(text: str, default_claimant: str | None, title: str | None = None) -> list[ProposedClaim]:
    own = default_claimant or DEFAULT_CLAIMANT
    quotes = QuoteIndex(text)
    drafts: list[_Draft] = []
    spans = split_sentences(text)
    state = _State(
        stems=StemIndex(text),
        caps=CapsIndex(text),
        repeats=_repeated(text, spans),
        interviewee=interviewee(text, title),
    )
    # "He said ..." before any name in the body: the person the headline or the interview names
    state.last_person = state.interviewee or (_person_in(title) if title else None)
    para: list[tuple[int, int]] = []
    prev_end = 0
    for s, e in spans:
        if para and text.find("\n", prev_end, s) != -1:
            _paragraph(text, para, quotes, own, state, drafts)
            para = []
        para.append((s, e))
        prev_end = e
    if para:
        _paragraph(text, para, quotes, own, state, drafts)
    drafts.sort(key=lambda d: (d.start, d.end))
    return [d.freeze(text) for d in drafts]


@dataclass(slots=True)
class _State:
    last_person: str | None = None
    last_speaker: str | None = None
    prev: list[_Draft] = field(default_factory=list)
    """Proposals of the previous sentence."""
    stems: StemIndex | None = None
    """Where hedge and dispute words occur in the text."""
    caps: CapsIndex | None = None
    """Which words the text writes in lower case (is a sentence-opening word a name?)."""
    paragraphs: int = 0
    """Paragraphs seen so far (a short unpunctuated line is a subhead only after the first)."""
    repeats: set[int] = field(default_factory=set)
    """Starts of sentences repeated word for word shortly after (a pull quote): not proposed."""
    recent: deque[str] = field(default_factory=lambda: deque(maxlen=RECENT_CLAIMANTS))
    """The last named claimants: "they" is the latest that is a body or a group."""
    interviewee: str | None = None
    """Who answers, when the text is an interview (``interviews``)."""
    seen_question: bool = False
    """A question paragraph came before: in an interview, what follows are answers."""
    after_question: bool = False
    """The previous paragraph ended with a question mark (an interview's answer follows)."""


def _paragraph(
    text: str, spans: list[tuple[int, int]], quotes: QuoteIndex, own: str, state: _State, drafts: list[_Draft]
) -> None:
    p_start, p_end = spans[0][0], spans[-1][1]
    state.paragraphs += 1
    answer = state.after_question
    question = _QUESTION.search(text, max(p_start, p_end - 8), p_end) is not None
    state.after_question = question
    answering = state.interviewee if state.seen_question and not question else None
    state.seen_question = state.seen_question or question
    if _is_byline(text, p_start, p_end) or is_noise_paragraph(text, p_start, p_end, len(spans), state.paragraphs - 1):
        state.prev = []
        return
    headline = len(spans) == 1 and _is_headline(text, p_start, p_end)
    if text[p_start] not in OPEN_QUOTES:
        state.last_speaker = None
    stems = state.stems
    analyses = [analyse_sentence(text, s, e, quotes, stems, state.caps) for s, e in spans]
    _speaker_labels(text, analyses, quotes)

    # pass 1: resolve pronouns in order; speakers of quotations named where they close
    quote_speaker: dict[int | None, str] = {}  # (looked up with a quotation's id, which may be None)
    person = state.last_person
    for an in analyses:
        named = False
        for att in an.attributions:
            if att.pronoun:
                if person is not None:
                    att.claimant = person
            elif att.claimant and is_person(att.claimant):
                person = att.claimant
                named = True
            if att.quote_id is not None and att.claimant:
                quote_speaker.setdefault(att.quote_id, att.claimant)
        if not named:
            # "Mayor Jane Doe spoke on Monday. She said ...": a multi-word name opening the
            # sentence is also an antecedent for "he"/"she".
            m = _NAME_SUBJECT.match(text, an.start, min(an.end, an.start + 120))
            if m and m.group(1).split()[0].lower() not in SENTENCE_OPENERS and is_person(m.group(1)):
                person = m.group(1)
    state.last_person = person

    # pass 2: proposals
    for an in analyses:
        sentence = text[an.start : an.end]
        if (
            len(analyses) > 1
            and an.end - an.start < 200
            and (":" in sentence or ";" in sentence or ")" in sentence)
            and is_noise_line(text, an.start, an.end)
        ):
            continue  # a caption's credit inside a paragraph ("... Image: Jane Roe.")
        if an.start in state.repeats:
            continue  # the same words again a little further on: proposed there, once
        score = score_sentence(sentence)
        new: list[_Draft] = []
        atts = list(an.attributions)
        if an.quote_only is not None:
            q = an.quote_only
            q.claimant = quote_speaker.get(q.quote_id, state.last_speaker)
            atts.append(q)
        for att in atts:
            if att.claimant and att.kind != "quote":
                state.last_speaker = att.claimant
            if _is_question(text, att.content_start, att.content_end):
                continue
            if headline and att.kind in ("action", "subject"):
                continue  # a title ("Blinken presses Wang Yi ..."), not a claim
            if (
                att.cue in _STANCE
                and att.claimant is not None
                and att.claimant.lower() in _CHAT_SPEAKERS
                and score < CHECK_WORTHY_THRESHOLD
            ):
                continue  # "I think it will be a lovely day": chit-chat, not a reported claim
            dr = _draft_for(text, an, att, sentence, score, stems)
            dr.kind = att.kind
            if att.claimant is not None and is_fragment(att.claimant):
                dr.claimant, dr.cue = own, None  # "far" (from "so far"), "Looking" (a label), "Storms"
            elif att.kind == "subject" and _ACTS.match(att.cue or ""):
                # "Greek court has ruled that ...": the outlet reports an act; the actor is not
                # the claimant (the desk's definition), unless the verb gives them a voice
                dr.claimant = own
            new.append(dr)
        if not atts and not headline and _own_voice_ok(text, an, score):
            cs, ce = an.own_start, an.own_end
            new.append(_Draft(cs, ce, sentence, an.start, an.end, own, None, find_cues(text, cs, ce, stems), score))
        elif new and not headline and score >= CHECK_WORTHY_THRESHOLD:
            # the clauses of an attributed sentence that are in the article's own voice
            for cs, ce in an.own_parts:
                new.append(_Draft(cs, ce, sentence, an.start, an.end, own, None, find_cues(text, cs, ce, stems), score))
        for dr in new:
            if dr.claimant is None or dr.claimant == own:
                continue
            who = dr.claimant.lower()
            if who == "they":
                # "They said ...": the body or group named last (is_person only when needed)
                group = next((c for c in reversed(state.recent) if not is_person(c)), None)
                if group is not None:
                    dr.claimant = group
            elif who not in _PLAIN_PRONOUNS:
                state.recent.append(dr.claimant)
        if answering is not None:
            for dr in new:  # an interview's answer: the interviewee says it, and relays the rest
                dr.claimant = answering
        kept: list[_Draft] = []
        for dr in new:
            short = dr.end - dr.start < REBUTTAL_MAX_CHARS
            cue = rebuttal_cue(text, dr.start, dr.end) if short and dr.claimant and dr.claimant != own else None
            if cue is not None and state.prev:
                # '"That is not true," the chief said.': not a claim, a denial of the one before
                for before in state.prev:
                    before.add_dispute(dr.claimant, sentence, cue, [])
            else:
                kept.append(dr)
        new = kept
        for dr in new:
            ctx = Context(dr.claimant != own, answer or answering is not None, bool(dr.cues), kind=dr.kind)
            dr.score = proposal_score(sentence, text[dr.start : dr.end], score, ctx)
            if _promise_or_courtesy(dr.cue, text, dr.start, dr.end):
                dr.score *= NOT_CHECK_WORTHY_FACTOR
        d = an.dispute
        if d is not None:
            passage = text[d.start : d.end]
            extra = find_cues(text, d.start, d.end, stems)
            if d.cut > an.start or new:
                for dr in new:
                    dr.add_dispute(d.disputer, passage, d.cue, extra)
            else:  # the sentence opens with the denial: it answers the previous sentence
                for dr in state.prev:
                    dr.add_dispute(d.disputer, passage, d.cue, extra)
        drafts.extend(new)
        state.prev = new


NOT_CHECK_WORTHY_FACTOR = 0.5
"""A promise, a demand or a courtesy keeps its place in the ranking but drops below the
check-worthy threshold (the desk's definition: opinion, whoever says it)."""
_PROMISE = re.compile(
    r"\s*(?:that\s+)?(?:he|she|they|we|i)\s+(?:will|would|’ll|'ll|shall|is\s+going\s+to|are\s+going\s+to|"
    r"plans?\s+to|intends?\s+to|aims?\s+to|hopes?\s+to|wants?\s+to|is\s+determined\s+to|vows?\s+to|"
    r"pledges?\s+to|promises?\s+to)\s+(?!not\b|be\s+(?:able|forced|unable)\b)",
    re.I,
)


def _promise_or_courtesy(cue: str | None, text: str, start: int, end: int) -> bool:
    """A promise or plan ("he will cut taxes by 10%"), a demand, thanks or praise: not check-worthy."""
    if cue is not None and cue.lower() in COURTESY_CUES:
        return True
    return cue is not None and _PROMISE.match(text, start, min(end, start + 80)) is not None


_KEY_STRIP = " \"“”‘’'«».,!?;:-—–…"
REPEAT_MIN_CHARS = 40
"""Sentences shorter than this may repeat by chance ("He said no."); they are not deduplicated."""
REPEAT_WINDOW = 20_000
"""A repeat further away than this (characters) is another article's sentence, not a pull quote."""


def _sentence_key(sentence: str) -> int:
    return hash(sentence[:240].lower().strip(_KEY_STRIP))


def _repeated(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Starts of the sentences whose words occur again within ``REPEAT_WINDOW`` characters
    further on: a pull quote set before its paragraph is proposed once, where it last occurs."""
    last: dict[int, int] = {}
    earlier: set[int] = set()
    for s, e in reversed(spans):
        if e - s < REPEAT_MIN_CHARS:
            continue
        key = _sentence_key(text[s:e])
        nxt = last.get(key)
        if nxt is not None and nxt - s <= REPEAT_WINDOW:
            earlier.add(s)
        last[key] = s
    return earlier


_CLAIMANT_WORD = re.compile(r"[\w’'-]+")


_TITLE_NAME = re.compile(r"(?<![\w’'-])((?:[A-Z][\w’'.-]+)(?:\s+[A-Z][\w’'.-]+){1,3})")


def _person_in(title: str) -> str | None:
    """The first name of a person in a headline ("Biologist Nick Bos tells ..." gives "Nick Bos",
    "Mayor Jane Roe defends ..." gives "Mayor Jane Roe"), if any."""
    for m in _TITLE_NAME.finditer(title):
        words = m.group(1).split()
        if words[-1].lower().rstrip(".") in AGENT_NOUNS or words[0].lower() in SENTENCE_OPENERS:
            continue  # "US Secretary", "The Council"
        if len(words) > 2:
            keep = 3 if words[-3].lower().rstrip(".") in FORMS_OF_ADDRESS else 2
            words = words[-keep:]
        name = " ".join(words)
        if is_person(name):
            return name
    return None


def is_fragment(claimant: str) -> bool:
    """Is ``claimant`` a fragment the desk never names as a claimant: a word cut out of an
    adverbial or a label ("far", "Looking"), a force of nature ("Storms", "Heavy rain"), a time
    phrase ("last week", "On Monday"), or a lone adjective ("Critical")?"""
    words = _CLAIMANT_WORD.findall(claimant)
    if not words:
        return True
    low = [w.lower() for w in words]
    if len(words) == 1:
        w = low[0]
        if w in FRAGMENT_WORDS or w in WEATHER_NOUNS or w in TIME_WORDS:
            return True
        return words[0].islower() and w.endswith(LONE_ADJECTIVE_ENDINGS) and w not in _PLAIN_PRONOUNS
    if all(w in TIME_WORDS or w.isdigit() for w in low):
        return True  # "last week", "in 2019", "on Monday"
    head = low[-1]
    if head in WEATHER_NOUNS and not any(w[:1].isupper() for w in words[1:]):
        return True  # "Heavy rain", "the storms"
    return False


def _speaker_labels(text: str, analyses: list[SentenceAnalysis], quotes: QuoteIndex) -> None:
    """A transcript paragraph (``RUIZ: Well, ...``): every sentence up to the next label is the
    labelled speaker's (the outer speaker wins over attributions inside what they say)."""
    current: tuple[int, int] | None = None
    for i, an in enumerate(analyses):
        label = speaker_label(text, an.start, an.end)
        if label is not None:
            current = (label[0], label[1])
            cs, ce = trim(text, label[2], an.own_end, quotes)
        elif current is None:
            if i == 0:
                return
            continue
        else:
            cs, ce = an.own_start, an.own_end
        if ce <= cs:
            continue
        an.attributions = [
            Attribution(cs, ce, text[current[0] : current[1]], current, ":", (current[1], current[1] + 1), kind="colon")
        ]
        an.quote_only = None
        an.own_parts = []


def _draft_for(
    text: str, an: SentenceAnalysis, att: Attribution, sentence: str, score: float, stems: StemIndex | None = None
) -> _Draft:
    lo, hi = att.content_start, att.content_end
    for span in (att.claimant_span, att.cue_span):
        if span is not None:
            lo, hi = min(lo, span[0]), max(hi, span[1])
    # the source phrase, the cue and the content -- not a neighbouring attribution
    cues = find_cues(text, lo, hi, stems)
    return _Draft(att.content_start, att.content_end, sentence, an.start, an.end, att.claimant, att.cue, cues, score)


def _own_voice_ok(text: str, an: SentenceAnalysis, score: float) -> bool:
    if score < OWN_VOICE_GATE or an.own_end <= an.own_start:
        return False
    if _QUESTION.search(text, max(an.start, an.end - 8), an.end):
        return False
    n = 0
    for _ in _WORD.finditer(text, an.own_start, min(an.own_end, an.own_start + 200)):
        n += 1
        if n >= 4:
            return True
    return False


def _is_question(text: str, a: int, b: int) -> bool:
    j = b
    while j < len(text) and j < b + 3 and text[j] in "?!\"”’'»":
        if text[j] == "?":
            return True
        j += 1
    return b > a and text[b - 1] == "?"


def _is_byline(text: str, s: int, e: int) -> bool:
    if _BYLINE.match(text, s, e):
        return True
    return e - s < 200 and _BY_NAMES.match(text, s, e) is not None


def _is_headline(text: str, s: int, e: int) -> bool:
    """A lone line without final punctuation and short enough to be a title."""
    if _TERMINAL.search(text, max(s, e - 8), e):
        return False
    n = 0
    for _ in _WORD.finditer(text, s, e):
        n += 1
        if n > HEADLINE_MAX_WORDS:
            return False
    return True
