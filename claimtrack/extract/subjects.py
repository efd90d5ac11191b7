"""Last-resort attribution: the subject of the main clause, and transcript speaker labels.

``main_clause`` is tried only when nothing else attributed a sentence (no reporting, stance or
action verb with a speaker, no "according to", no quotation): it reads the sentence's main
clause and, when its subject is an *agent* and is followed by a finite verb, makes that subject
the claimant ("The agency decided not to renew the contract", "During the hearing, the senator
defended the bill", "The mayor did not respond to a request for comment"). The claim stays the
whole sentence, as in the article's voice; the cue is the verb group ("decided", "did not
respond", "is pushing").

Reading the clause, in a bounded window (``phrases.WINDOW``) of the sentence:

1. discourse openers ("But", "And", "Meanwhile,") are skipped; a sentence that opens with a
   quotation is left alone;
2. a fronted phrase up to its comma is skipped: one that opens with a preposition, a
   subordinating word or a time word ("In a speech on Friday,", "While the House debated,",
   "Last week,"), a participle ("Asked about the vote,") or a number ("Two days later,");
3. the subject runs to the first finite verb, found by its form: an auxiliary or modal with
   what follows it ("has found", "will argue", "did not respond", "is pushing", "was adamant"),
   a past tense ("-ed" or an English irregular form: "took", "drew"), an "-s" form after a name
   or a singular agent ("the campaign plans"), or a common verb of saying, thinking or stance
   after a plural agent ("voters want"). Verbs inside an appositive or a relative clause
   ("Ruiz, who chairs the committee, ...") are not the main verb; the subject is then the name
   before it;
4. the subject must be an agent: its head (the word before "of", "to", "for"...) is a
   capitalised name (not a weekday or month), or a person, body or document noun
   (``lexicon.AGENT_NOUNS``, ``lexicon.DOCUMENT_NOUNS``: "the agency", "aides to the mayor",
   "the report"), or "he"/"she" (resolved like any pronoun speaker). "It", "there", "this",
   numbers and other nouns ("Prospects are dimmer", "The amendment would have ...") keep the
   sentence in the article's voice, and so does a one-word sentence-opening subject that is
   written in lower case elsewhere in the text ("Turnout rose" when "turnout" occurs).

"be" followed by a noun phrase or a passive participle ("The senator is a lawyer", "The mayor
was elected in 2019") is not a finite verb of the subject's own: only "be" with an "-ing" form
or a stance adjective ("is pushing", "was adamant", ``lexicon.STANCE_ADJECTIVES``) is.

``speaker_label`` finds a transcript speaker label opening a paragraph (``RUIZ: Well, ...``,
possibly after an opening quote mark): an all-capitals name and a colon. The extractor makes
that name the claimant of every sentence of the paragraph.
"""

from __future__ import annotations

import re
from itertools import islice

from .lexicon import (
    AGENT_NOUNS,
    BASE_VERBS,
    DOCUMENT_NOUNS,
    FRONTED_OPENERS,
    IRREGULAR_PARTICIPLES,
    IRREGULAR_VERBS,
    LY_NOUNS,
    MODALS,
    NOT_AGENT_NAMES,
    NOT_PAST_ED,
    NOT_SPEAKER_LABELS,
    PLAIN_VERBS,
    STANCE_ADJECTIVES,
    SUBJECT_TRAILERS,
)
from .phrases import WINDOW

#: Tokens read from the start of a sentence: the subject and its verb come early.
MAX_TOKENS = 48
_TOK = re.compile(r"\d[\d,.]*\d|\w[\w’'.&/-]*|[,;:()\[\]—–“”\"«»]|(?<=\s)--?(?=\s)")
_OPENING = frozenset("“\"«‘'")
_STOPPERS = frozenset(';:“”"«»[]')
_DASHES = frozenset(("—", "–", "-", "--"))

_DISCOURSE = frozenset("but and yet so still now meanwhile however instead indeed also then thus plus or nor".split())
_DETS = frozenset("the a an his her its their our my your this that these those some any no every each".split())
_PREPS = frozenset(
    "of to for from at in on with by about over under into against among between behind "
    "around near across after before during like than via per inside outside".split()
)
_NOT_FIRST = (
    frozenset(
        "it there this that these those what which who whom whose here such i we you they "
        "one ones none nothing something everything anything why how where when "
        "if as says said".split()
    )
    | NOT_AGENT_NAMES
)
_CLAUSE_OPENERS = frozenset(
    "who whom whose which where when while though although because if as since "
    "after before during in on at for with without from by like unlike under "
    "including despite amid".split()
)
_BE = frozenset("is was are were".split())
_HAVE = frozenset("has have had".split())
_MODALS = MODALS
_DO = frozenset("did does do".split())
_NEG = {"won't": "will", "can't": "can", "shan't": "shall", "ain't": "is"}
_ADVERBS = (SUBJECT_TRAILERS - {"has", "have", "had"}) | frozenset(
    "not never also still now already even just long since yet ever often always again too "
    "soon really actually personally more less very most both each themselves".split()
)
_NOT_ING = frozenset(
    "thing nothing something anything everything king ring wing spring string "
    "during evening morning building meeting hearing ruling funding".split()
)
_PLURAL_PRONOUNS = frozenset("many most some others both all people".split())
_TIME_WORDS = frozenset("week month year night morning afternoon evening weekend".split())
_QUANTITIES = frozenset(
    "thousands hundreds millions dozens scores tens number numbers lots lot handful couple series".split()
)
_NEGATION = frozenset({"not", "never"})
_RELATIVES = frozenset("that who whom whose which".split())
_DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday today yesterday tonight".split())
_ANCHOR_LEFT = frozenset("on last this late early earlier later next".split())
_AUX = frozenset("is was are were has have had will would can could may might shall should must did does do".split())
#: "-s" forms of state and position verbs: "Ruiz leads the poll", "the mayor remains popular".
_STATE_S = frozenset(
    "remains seems appears looks sounds becomes stays sits stands lies leads trails "
    "faces needs gets goes comes falls rises holds owns lives heads runs".split()
)
_NO_S_VERB = ("ss", "us", "is", "ics", "ous", "'s", "’s")


class CapsIndex:
    """Lower-case words of a text, found lazily in one pass (is a sentence-opening "Turnout" a
    name, or a common word capitalised because it opens the sentence?)."""

    __slots__ = ("_inner", "_lower", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lower: set[str] | None = None
        self._inner: set[str] | None = None

    def occurs_lowercase(self, word: str) -> bool:
        if self._lower is None:
            self._lower = set(_LOWER_WORD.findall(self._text))
        return word in self._lower

    def is_name(self, word: str) -> bool:
        """Is ``word`` (lower case) never written in lower case, and capitalised somewhere after
        a lower-case word ("said Christie")? Then a capitalised "Christie" opening a sentence is a
        name, not a common noun capitalised because it opens it."""
        if self.occurs_lowercase(word):
            return False
        if self._inner is None:
            self._inner = {w.lower() for w in _INNER_CAPITAL.findall(self._text)}
        return word in self._inner


_LOWER_WORD = re.compile(r"\b[a-z][a-z’'-]*\b")
_INNER_CAPITAL = re.compile(r"(?<=[a-z,] )[A-Z][a-z]+(?:[’'-][A-Za-z][a-z]+)*")


def _low(tok: str) -> str:
    return tok.lower().replace("’", "'")


class _LowCache(dict[str, str]):
    """``_LOW[tok] == _low(tok)``, cached: the clause reader looks the same few hundred words up
    again and again, and a dictionary hit costs far less than a function call."""

    __slots__ = ()
    LIMIT = 100_000

    def __missing__(self, tok: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        v = self[tok] = _low(tok)
        return v


_LOW = _LowCache()


def _is_word(tok: str) -> bool:
    return tok[0].isalnum()


def _skip_adverbs(toks: list[str], j: int) -> int:
    n = len(toks)
    while j < n and _is_word(toks[j]) and (_LOW[toks[j]] in _ADVERBS or _ly(toks[j])):
        j += 1
    return j


_LY_NOUNS = LY_NOUNS


def _ly(tok: str) -> bool:
    return tok.islower() and len(tok) > 4 and tok.endswith("ly") and tok not in _LY_NOUNS


_ADVERB_ENDINGS = (
    "ally",
    "ively",
    "ously",
    "edly",
    "ingly",
    "ably",
    "ibly",
    "ntly",
    "ately",
    "etely",
    "fully",
    "ctly",
    "ssly",
    "arly",
)


def _opening_adverb(low: str, caps: CapsIndex | None) -> bool:
    """ "Separately," / "Notably," opening a sentence (not a name such as "Kelly")."""
    if len(low) < 5 or not low.endswith("ly"):
        return False
    return low.endswith(_ADVERB_ENDINGS) or (caps is not None and caps.occurs_lowercase(low))


def _ing(tok: str) -> bool:
    return tok.islower() and len(tok) > 4 and tok.endswith("ing") and tok not in _NOT_ING


def _participle(tok: str) -> bool:
    low = tok.lower()
    return tok.islower() and (
        (len(low) > 3 and low.endswith("ed") and low not in NOT_PAST_ED)
        or low in IRREGULAR_VERBS
        or low in IRREGULAR_PARTICIPLES
    )


def _lower_word(toks: list[str], j: int) -> bool:
    return j < len(toks) and toks[j].isalpha() and toks[j].islower()


def _after_be(toks: list[str], j: int) -> int | None:
    j = _skip_adverbs(toks, j)
    if j < len(toks):
        t = toks[j]
        if _ing(t) or (t.islower() and t in STANCE_ADJECTIVES):
            return j + 1
    return None


def _after_have(toks: list[str], j: int) -> int | None:
    j = _skip_adverbs(toks, j)
    if j < len(toks):
        t = toks[j]
        if t == "been":
            return _after_be(toks, j + 1)
        if _participle(t):
            return j + 1
    return None


def _after_modal(toks: list[str], j: int) -> int | None:
    j = _skip_adverbs(toks, j)
    if not _lower_word(toks, j):
        return None
    t = toks[j]
    if t == "be":
        return _after_be(toks, j + 1)
    if t == "have":
        return _after_have(toks, j + 1)
    if t in _DETS or t in _PREPS:
        return None
    return j + 1


def _after_do(toks: list[str], j: int) -> int | None:
    j = _skip_adverbs(toks, j)
    if not _lower_word(toks, j) or toks[j] in _DETS or toks[j] in _PREPS:
        return None
    return j + 1


def _verb_end(toks: list[str], j: int, prev: str | None) -> int | None:
    """If ``toks[j]`` opens a finite verb group after a subject ending in ``prev``, the index
    after the group."""
    t = toks[j]
    if not t[:1].islower():
        return None
    low = _LOW[t]
    neg = False
    if low.endswith("n't"):
        low = _NEG.get(low, low[:-3])
        neg = True
    if low in _BE:
        return _after_be(toks, j + 1)
    if low in _HAVE:
        return _after_have(toks, j + 1)
    if low in _MODALS:
        return _after_modal(toks, j + 1)
    if low in _DO:
        return _after_do(toks, j + 1)
    if neg or prev is None:
        return None
    plow = _LOW[prev]
    if plow.endswith(("'s", "s'")) or plow in _DETS or plow in _PREPS:
        return None  # "Ruiz's deaths", "the embattled", "of concerned"
    nxt = _LOW[toks[j + 1]] if j + 1 < len(toks) else ""
    if nxt in _AUX or (nxt == "by" and not (j + 2 < len(toks) and _ing(toks[j + 2]))):
        return None  # "The caucuses were ...", "a bill passed by the House"
    if low in IRREGULAR_VERBS or (len(low) > 3 and low.endswith("ed") and low not in NOT_PAST_ED):
        return j + 1
    if len(low) > 3 and low.endswith("s") and not low.endswith(_NO_S_VERB):
        if low in AGENT_NOUNS or low in DOCUMENT_NOUNS or low in _STATE_S:
            return None
        if prev[:1].isupper() or plow in {"he", "she"}:
            return j + 1
        if (plow in AGENT_NOUNS or plow in DOCUMENT_NOUNS) and not plow.endswith("s"):
            return j + 1
        return None
    if low in BASE_VERBS and (
        plow in _PLURAL_PRONOUNS
        or (
            plow.endswith("s")
            and not plow.endswith(("ss", "'s"))
            and (prev[:1].isupper() or plow in AGENT_NOUNS or plow in DOCUMENT_NOUNS)
        )
    ):
        return j + 1
    return None


def _stem(low: str) -> str:
    if low.endswith("ies"):
        return low[:-3] + "y"
    if low.endswith(("shes", "ches", "sses", "xes", "zes")):
        return low[:-2]
    return low[:-1]


def _strip_subject(toks: list[str], a: int, b: int) -> tuple[int, int]:
    """Drop adverbs and a time phrase ("on Monday", "Tuesday") at the end of a subject."""
    while b > a:
        t = toks[b - 1]
        low = _LOW[t]
        if low in _ADVERBS or _ly(t):
            b -= 1
        elif low in _DAYS and b - 1 > a:
            b -= 1  # "Ruiz Tuesday said"
            if b - 1 > a and _LOW[toks[b - 1]] in _ANCHOR_LEFT:
                b -= 1
        elif low in _TIME_WORDS and b - 2 > a and _LOW[toks[b - 2]] in _ANCHOR_LEFT:
            b -= 2  # "Ruiz last week"
        else:
            break
    return a, b


def _opens_aside(toks: list[str], a: int, b: int) -> bool:
    """Does the comma-segment ``toks[a:b]`` look like an appositive or an aside ("a lawyer",
    "who ...", "meanwhile", "60", "in an interview")?"""
    if a >= b:
        return True
    t = toks[a]
    low = _LOW[t]
    return (
        low in _CLAUSE_OPENERS
        or low in _DETS
        or low in _ADVERBS
        or _ly(t)
        or t[0].isdigit()
        or (t.islower() and low.endswith(("ing", "ed")))
        or low == "for"
    )


def _is_name_segment(toks: list[str], a: int, b: int) -> bool:
    """ "Michael J. Petrilli", "Sen. Ana Ruiz": two to six capitalised words."""
    return 2 <= b - a <= 6 and all(toks[i][:1].isupper() for i in range(a, b))


def _head_is_agent(toks: list[str], a: int, b: int, sentence_first: int, caps: CapsIndex | None) -> bool:
    first = _LOW[toks[a]]
    if first in _NOT_FIRST or first in _PREPS or toks[a][0].isdigit():
        return False
    if toks[a].islower() and first.endswith(("ing", "ed")):
        return False
    k = b
    for i in range(a + 1, b):
        if _LOW[toks[i]] in _PREPS:
            k = i
            break
    head = toks[k - 1]
    hlow = _LOW[head].removesuffix("'s").rstrip(".'")
    if hlow in _QUANTITIES and k < b and _LOW[toks[k]] == "of":
        # "Thousands of protesters": the head is what is counted
        k2 = next((x for x in range(k + 1, b) if _LOW[toks[x]] in _PREPS), b)
        head = toks[k2 - 1]
        hlow = _LOW[head].removesuffix("'s").rstrip(".'")
        if not head[:1].isupper() and hlow not in AGENT_NOUNS:
            return False
    if hlow in AGENT_NOUNS or hlow in DOCUMENT_NOUNS:
        return True
    if not head[:1].isupper() or hlow in NOT_AGENT_NAMES:
        return False
    if k - 1 == sentence_first and not head.isupper() and caps is not None:
        # a lone capitalised word opening the sentence: a name unless written in lower case
        # elsewhere ("Turnout rose")
        return not caps.occurs_lowercase(hlow)
    return True


def main_clause(
    text: str, s: int, limit: int, caps: CapsIndex | None = None
) -> tuple[tuple[int, int], tuple[int, int], bool] | None:
    """The main clause's agent subject and its finite verb group: ``(subject span, verb span,
    pronoun)``, or None (see the module docstring)."""
    if text[s] in _OPENING:
        return None  # a quotation
    hi = min(limit, s + WINDOW)
    toks = _TOK.findall(text, s, hi)[:MAX_TOKENS]  # strings: offsets are found for the result only
    n = len(toks)
    i = 0
    while i < n and _LOW[toks[i]] in _DISCOURSE:
        i += 1
        if i < n and toks[i] == ",":
            i += 1
    if i >= n or toks[i][0] in _OPENING:
        return None
    sentence_first = i
    fronted = False
    for _ in range(3):
        if i >= n:
            return None
        t = toks[i]
        low = _LOW[t]
        nxt_lower = i + 1 < n and toks[i + 1][:1].islower()
        if not (
            low in FRONTED_OPENERS
            or t[0].isdigit()
            or _opening_adverb(low, caps)
            or (nxt_lower and len(low) > 4 and low.endswith(("ing", "ed")))
        ):
            break
        k = i + 1
        while k < n and toks[k] != ",":
            if toks[k] in _STOPPERS:
                return None
            k += 1
        if k >= n:
            return None
        i = k + 1
        fronted = True
    a = i
    segs: list[tuple[int, int, bool]] = []  # comma- or dash-separated segments: start, end, aside
    seg = first = i
    aside = False
    j = i
    while j < n:
        t = toks[j]
        if t == "," or t in _DASHES:
            if t == ",":
                segs.append((seg, j, aside))
                seg = j + 1
            else:  # "Ruiz — a lawyer by training — said": the dashes enclose an aside
                close = next((k for k in range(j + 1, min(n, j + 40)) if toks[k] in _DASHES), None)
                if close is None:
                    return None
                segs.append((seg, j, aside))
                segs.append((j + 1, close, True))
                seg = close + 1
            first = _skip_adverbs(toks, seg)
            if first + 1 < n and _LOW[toks[first]] in {"and", "but", "or"} and _LOW[toks[first + 1]] in _CLAUSE_OPENERS:
                first += 1  # ", and who ...": another aside
            if first >= n or not _is_word(toks[first]):
                first = seg  # a segment of adverbs only ("however"): an aside
            aside = _opens_aside(toks, first, n)
            j = seg
            continue
        if t == "(":
            close = next((k for k in range(j + 1, min(n, j + 12)) if toks[k] == ")"), None)
            if close is None:
                return None
            j = close + 1
            continue
        if t in _STOPPERS or t == ")":
            return None
        # a word opening the segment after an appositive may be the main verb ("Ruiz, the chair,
        # released ...", "Ruiz, president of the board, tied ...", "Ruiz, Baker's campaign
        # manager, ripped ...")
        after_apposition = (
            j == first
            and len(segs) > 1
            and (segs[-1][2] or (len(segs) == 2 and not fronted and _is_name_segment(toks, segs[0][0], segs[0][1])))
        )
        if not t[:1].islower() or (aside and not after_apposition):
            j += 1
            continue
        # the subject so far: this segment, or (after an aside) the name before it
        sa, sb = _strip_subject(toks, seg, j)
        if sb <= sa:
            if not segs or not (after_apposition or any(x[2] for x in segs[1:])):
                j += 1  # a list ("Videos, podcasts ..."), not a verb after an aside
                continue
            sa, sb = _strip_subject(toks, segs[0][0], segs[0][1])  # "Ruiz, the chair, ...": the name
        prev = toks[sb - 1] if sb > sa else None
        end = _verb_end(toks, j, prev)
        if end is None:
            if sb - sa > 10 or _LOW[t] in _AUX or _LOW[t].endswith("n't"):
                return None  # the first finite verb is not a stance ("were killed", "is a lawyer")
            j += 1
            continue
        if (
            sb - sa == 1
            and sa == sentence_first
            and end == j + 1
            and _LOW[t].endswith("s")
            and _stem(_LOW[t]) not in BASE_VERBS
            and (caps is None or not caps.is_name(_LOW[toks[sa]]))
        ):
            # "Murder rates rose": a noun after a word capitalised as the sentence opens (not after
            # a name: "Christie refers to ..."); read on for the verb
            j += 1
            continue
        if (
            sa == seg
            and segs
            and not fronted
            and toks[sa][:1].isupper()
            and any(_LOW[toks[x]] in {"and", "or"} for x in range(sa, sb))
        ):
            sa = a  # "Ruiz, Lee and Park signed ...": the whole list
        if sb <= sa or sb - sa > 10:
            return None
        if any(_LOW[toks[x]] in _RELATIVES for x in range(sa, sb)):
            return None  # "The lead that Ruiz enjoyed was ...": a relative clause's verb
        if _LOW[toks[end - 1]] in PLAIN_VERBS:
            return None  # "Ruiz won the primary": an act, not a statement or a stance
        pron = _LOW[toks[sa]] in {"he", "she"} and sb - sa == 1
        if not pron and not _head_is_agent(toks, sa, sb, sentence_first, caps):
            return None
        spans = [m.span() for m in islice(_TOK.finditer(text, s, hi), end)]
        return (spans[sa][0], spans[sb - 1][1]), (spans[j][0], spans[end - 1][1]), pron
    return None


_LABEL = re.compile(r"[“\"«]?([A-Z][A-Z’'.-]+(?:\s+[A-Z][A-Z’'.-]+){0,3}):\s+(?=\S)")
_NOT_LABELS = frozenset(w.upper() for w in NOT_SPEAKER_LABELS)


def speaker_label(text: str, start: int, end: int) -> tuple[int, int, int] | None:
    """A transcript speaker label opening a paragraph (``RUIZ: Well, ...``, ``"RUIZ: ...``):
    ``(name start, name end, end of the label)``, or None."""
    m = _LABEL.match(text, start, min(end, start + 60))
    if m is None:
        return None
    name = m.group(1)
    if any(w in _NOT_LABELS for w in name.split()) or sum(c.isalpha() for c in name) < 2:
        return None
    return m.start(1), m.end(1), m.end()
