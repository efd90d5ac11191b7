"""Noun-phrase and clause helpers shared by attribution and dispute detection.

All look-ups read a bounded window around a position (``WINDOW`` characters), never the whole
sentence, so that a pathological sentence (megabytes without punctuation) stays linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    BE_FORMS,
    IRREGULAR_VERBS,
    LY_NOUNS,
    NOT_SUBJECT_END,
    NP_OPENERS,
    NP_STOPWORDS,
    OTHER_PRONOUNS,
    PERSON_PRONOUNS,
    SUBJECT_TRAILERS,
)

WINDOW = 250
MAX_NP_WORDS = 12

# Clause separators looked for before a verb. Group "q" is the end of a quotation (`,”`).
_SEP = re.compile(
    # the lookahead only lists the characters an alternative can start with (the regex engine
    # then skips every other position without trying each alternative): same matches, faster
    r"(?=[;:—–(\[,.!?…bwatsiyuo-])(?:"
    r"[;:—–(\[]\s*"
    r"|(?<=\s)--?\s+"  # a dash typed as a spaced hyphen: "In May - after Ruiz left - the board"
    r"|(?P<q>[,.!?…](?:''|[”\"’»'])+)\s*"
    r"|,\s+and\s+"
    r"|(?:,\s*)?\b(?:but|while|whereas|although|though|because|since|as|when|after|before|if|"
    r"that|so|yet|where|until|unless|once|whether)\s+)",
    re.I,
)
_WORD = re.compile(r"\S+")
_ASIDE_SEP = re.compile(r",\s*(?:after|before|since|until)\s+", re.I)
_NP_WORD = re.compile(r"[^\s,;:!?()\[\]“”\"«»]+")
_LEADING_JUNK = re.compile(r"[\s,\"“”‘’'«»]+")


@dataclass(frozen=True, slots=True)
class Subject:
    start: int
    end: int
    lead: int
    """Where the subject's clause begins (the separator or comma before it, or the sentence
    start): a clause cut there leaves what precedes it intact."""
    clause_start: int
    """Just after the separator before the subject (or the window start)."""
    quote_close: int | None
    """Index of the closing quote mark directly before the subject (`“...,” Price said`)."""
    comma: int | None
    """Index of the comma directly before the subject (`..., officials said`), if any."""
    appositive: bool
    inner_relative: bool = False
    """The verb is in a relative clause set off inside the main clause ("The senator, who said
    the bill was dead, left early"): what it says ends at the clause's closing comma."""


def last_separator(text: str, lo: int, hi: int) -> re.Match[str] | None:
    last = None
    for match in _SEP.finditer(text, lo, hi):
        last = match
    return last


def clause_lead(text: str, s: int, pos: int) -> int:
    """Start of the separator that begins the clause containing ``pos`` (or ``s``)."""
    m = last_separator(text, max(s, pos - WINDOW), pos)
    return m.start() if m else s


def _words(text: str, a: int, b: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text, a, b)]


def subject_before(text: str, s: int, vs: int) -> Subject | None:
    """The subject noun phrase of a verb starting at ``vs`` in the sentence starting at ``s``.

    Reads back to the last clause separator; of a comma-separated tail it takes the last
    segment ("A few hours earlier, Russian President Vladimir V. Putin"), or, when the verb
    follows an appositive ("Global Times, a nationalist tabloid, denied"), the phrase before it.
    Auxiliaries and adverbs before the verb ("also", "has") are dropped.
    """
    k = vs
    while k > s and text[k - 1] in " \t":
        k -= 1
    if k > s and text[k - 1] == ")":  # "Sen. Ana Ruiz (D-Ore.) said": the name before the brackets
        p = text.rfind("(", max(s, k - 40), k - 1)
        if p != -1:
            vs = p
    elif k > s + 1 and text[k - 1] in "-—–" and text[k - 2] == " ":
        # "Mr. Bush - in a line aimed at Mr. Trump - declared": the name before the dashed aside
        p = max(
            text.rfind(" - ", max(s, k - 200), k - 2),
            text.rfind(" — ", max(s, k - 200), k - 2),
            text.rfind(" – ", max(s, k - 200), k - 2),
        )
        if p > s:
            vs = p
    lo = max(s, vs - WINDOW)
    sep = last_separator(text, lo, vs)
    for _ in range(3):
        # "Sen. Roy Blunt (R-Mo.), after a long pause, said": a bracket closed before the verb,
        # and a prepositional aside between commas, are part of the subject's stretch, not
        # clause breaks
        if sep is None:
            break
        opener = text[sep.start()]
        if opener in "([":
            if text.find(")]"[opener == "["], sep.end(), vs) == -1:
                break
        elif not (opener == "," and _ASIDE_SEP.fullmatch(sep.group()) and text.find(",", sep.end(), vs) != -1):
            break
        sep = last_separator(text, lo, sep.start())
    cut = sep.end() if sep else lo
    lead0 = sep.start() if sep else lo
    quote_close = sep.end("q") - 1 if sep is not None and sep.group("q") else None
    # comma-separated segments of text[cut:vs]
    commas = []
    i = text.find(",", cut, vs)
    while i != -1:
        commas.append(i)
        i = text.find(",", i + 1, vs)
    bounds = [cut] + [c + 1 for c in commas]
    ends = commas + [vs]
    segs = list(zip(bounds, ends))
    words = _strip_trailers(text, _words(text, *segs[-1]))
    if words and len(segs) >= 3 and _time_phrase(text, words):
        words = []  # "Ruiz, the chair, this past week announced": a time phrase, not the speaker
    appositive = False
    if words:
        chosen = words
        idx = len(segs) - 1
    elif len(segs) >= 3:
        idx = len(segs) - 3
        # "Whitfield, 58, a teacher, said", "Ruiz, during a visit to Ohio, said", "Ruiz, meanwhile,
        # said": an age, a prepositional aside or an adverb is not the speaker
        while idx > 0 and _is_aside(text, *segs[idx]):
            idx -= 1
        # "Vian, the editor of the paper, L'Osservatore Romano, said": walk back over a chain of
        # appositives to the name that opens it
        while idx > 0 and _opens_appositive(text, *segs[idx]) and _is_name(text, *segs[idx - 1]):
            idx -= 1
        chosen = _strip_trailers(text, _words(text, *segs[idx]))
        appositive = True
    else:
        return None
    if (
        idx >= 1
        and _opens_relative(text, *segs[1])
        and _is_name(text, *segs[0])
        and _words(text, segs[0][0], segs[0][1])
    ):
        # "Sandy Phillips, who lost her daughter in Aurora, Colorado, in 2012, said": the name
        # before the relative clause, not a place inside it
        idx = 0
        chosen = _strip_trailers(text, _words(text, *segs[0]))
        appositive = True
    chosen = _after_clause(text, chosen)
    chosen = _pronoun_subject(text, chosen)
    while (
        chosen
        and text[chosen[-1][1] - 1] == ")"
        and "(" in text[chosen[0][0] : chosen[-1][1]]
        and text[chosen[0][0]] != "("
    ):
        k = len(chosen) - 1
        while k > 0 and text[chosen[k][0]] != "(":
            k -= 1
        chosen = chosen[:k]  # "Sen. Roy Blunt (R-Mo.)": the name without its party and state
    relative = False
    if chosen and text[chosen[0][0] : chosen[0][1]].lower() in _RELATIVE_WHO:
        # "Perez, who said ...", "Obama, who has often complained": the name the clause is about;
        # "Bannon, whom Beck called ...": the subject after the relative word
        chosen = _relative_clause_subject(text, chosen[1:], segs[idx - 1] if idx > 0 else None)
        relative = True
    if not chosen or len(chosen) > MAX_NP_WORDS:
        return None
    a, b = chosen[0][0], chosen[-1][1]
    # leading junk (quote marks) and trailing punctuation
    j = _LEADING_JUNK.match(text, a, b)
    if j:
        a = j.end()
    while b > a and text[b - 1] in ".,;:'\"’”":
        b -= 1
    if b <= a or not _valid_subject(text[a:b]):
        return None
    comma = commas[idx - 1] if idx > 0 else None
    lead = comma if comma is not None else lead0
    inner = False
    if relative:
        comma = None  # what the clause's speaker says follows the verb, never precedes the comma
        inner = idx == 1 and not _words(text, cut, segs[0][0])
    return Subject(
        start=a,
        end=b,
        lead=lead,
        clause_start=cut,
        quote_close=quote_close if idx == 0 else None,
        comma=comma,
        appositive=appositive,
        inner_relative=inner,
    )


_APPOSITIVE_OPENERS = frozenset("the a an who whose which".split())
_CLAUSE_VERBS = frozenset("has have had is was are were will would did does can could".split())
_RELATIVE_WHO = frozenset({"who", "whom"})
_NAME_TITLES = frozenset(
    "mr. mrs. ms. dr. sen. rep. gov. gen. lt. col. sgt. president senator secretary "
    "governor mayor judge justice minister chairman chairwoman director".split()
)
_DETS_OF_SUBJECT = frozenset("the a an his her their its this that these those some many most".split())


def _after_clause(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "Kasich has won a state and Cruz suggested": a clause of its own, then "and", then the
    subject: only the words after the conjunction."""
    lows = [text[a:b].lower() for a, b in words]
    for k in range(len(lows) - 1, 0, -1):
        if lows[k] in ("and", "but"):
            # an auxiliary, or a past tense with its object ("The ferry lost money and Ruiz")
            if any(w in _CLAUSE_VERBS for w in lows[:k]) or any(
                w in IRREGULAR_VERBS and text[words[i][0]].islower() for i, w in enumerate(lows[1 : k - 1], 1)
            ):
                return words[k + 1 :]
            break
    return words


def _pronoun_subject(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A personal pronoun opening a longer phrase makes it a clause, not a subject ("He even gave
    a few hints": its "hints" is a noun), unless it is coordinated ("She and her husband"); after
    "why", "that" and the like it is the subject on its own ("That's why he wanted" -> "he")."""
    for i, (a, b) in enumerate(words):
        if text[a:b].lower() in PERSON_PRONOUNS or text[a:b] in _PLAIN_PRONOUNS:
            if i == 0:
                if len(words) > 1 and text[words[1][0] : words[1][1]].lower() not in _COORDINATORS:
                    return []
            elif i == len(words) - 1 and text[words[i - 1][0] : words[i - 1][1]].lower() in _CLAUSE_LINKS:
                return words[i:]
            break
    return words


_PLAIN_PRONOUNS = frozenset({"I", "we", "We", "they", "They"})
_COORDINATORS = frozenset("and or both all".split())
_CLAUSE_LINKS = frozenset("why how when where that because so".split())


def _opens_relative(text: str, a: int, b: int) -> bool:
    m = _WORD.search(text, a, b)
    return m is not None and m.group().lower() in ("who", "whose")


def _relative_clause_subject(
    text: str, rest: list[tuple[int, int]], before: tuple[int, int] | None
) -> list[tuple[int, int]]:
    """The speaker of a verb in a relative clause opened by "who"/"whom", given the clause's words
    after the relative word (up to the verb) and the comma segment before it: an object
    relative's own subject ("whom Beck on Wednesday called" -> "Beck"), else the name the clause
    is about ("Labor Secretary Thomas Perez, who said" -> "Labor Secretary Thomas Perez"); [] when
    neither is a name."""
    if rest and (text[rest[0][0]].isupper() or text[rest[0][0] : rest[0][1]].lower() in _DETS_OF_SUBJECT):
        while rest and _time_phrase(text, rest[-2:]) and len(rest) > 2:
            rest = rest[:-2]
        while rest and _time_phrase(text, rest[-1:]) and len(rest) > 1:
            rest = rest[:-1]
        return rest if len(rest) <= 6 else []
    if before is None:
        return []
    words = _words(text, *before)
    name: list[tuple[int, int]] = []
    for w in reversed(words):
        tok = text[w[0] : w[1]].strip(",.;:")
        if not tok or not (tok[0].isupper() or tok.lower() in _NAME_TITLES):
            break
        name.insert(0, w)
    if not name or len(name) > 6 or (len(name) == len(words) and len(words) > 6):
        return []
    return name


_ASIDE_OPENERS = frozenset(
    "during in at on after before with without for from under over since like unlike despite "
    "meanwhile however too though instead also".split()
)


_TIME_LEFT = frozenset("this last next past early late earlier later on".split())
_TIME_HEADS = frozenset(
    "week weekend month year morning afternoon evening night monday tuesday wednesday "
    "thursday friday saturday sunday today yesterday".split()
)


def _time_phrase(text: str, words: list[tuple[int, int]]) -> bool:
    """ "this past week", "on Tuesday", "Monday", "late last month": only a time."""
    lows = [text[a:b].lower().strip(".,") for a, b in words]
    return 0 < len(lows) <= 4 and lows[-1] in _TIME_HEADS and all(w in _TIME_LEFT for w in lows[:-1])


_PARTICIPLE_ASIDES = frozenset("clad flanked dressed armed".split())


def _is_aside(text: str, a: int, b: int) -> bool:
    m = _WORD.search(text, a, b)
    if m is None:
        return False
    w = m.group()
    low = w.lower().strip(",")
    return (
        w[:1].isdigit()
        or low in _ASIDE_OPENERS
        or low in _PARTICIPLE_ASIDES
        or (w.islower() and len(w) > 4 and w.endswith(("ing", "ed")))
    )


def _opens_appositive(text: str, a: int, b: int) -> bool:
    m = _WORD.search(text, a, b)
    return m is not None and m.group().lower() in _APPOSITIVE_OPENERS


def _is_name(text: str, a: int, b: int) -> bool:
    words = text[a:b].split()
    return 0 < len(words) <= 5 and all(w[:1].isupper() for w in words)


_LY_NOUNS = LY_NOUNS | {"july", "italy"}


#: Auxiliaries and adverbs of frequency left between a subject and its verb ("The senator has
#: often cited", "Some students may have thought", "I can now say").
_VERB_GROUP_TRAILERS = frozenset(
    "will would can could may might must shall should do does did often long never always usually sometimes".split()
)


def _is_trailer(w: str) -> bool:
    low = w.lower()
    if low in SUBJECT_TRAILERS or low in _VERB_GROUP_TRAILERS:
        return True
    # an adverb before the verb: "Ruiz strongly suggested"
    return w.islower() and len(w) > 4 and w.endswith("ly") and low not in _LY_NOUNS


def _strip_trailers(text: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    while words:
        if _is_trailer(text[words[-1][0] : words[-1][1]]):
            words = words[:-1]
        elif len(words) > 2 and _time_phrase(text, words[-2:]) and _is_trailer(text[words[-3][0] : words[-3][1]]):
            words = words[:-2]  # "Police had last month charged"
        else:
            break
    while words and text[words[0][0] : words[0][1]].lower() in {"and", "but", "or", "so", "then"}:
        words = words[1:]
    return words


#: Prepositions that never open a subject ("In swing states" is not the subject of "states").
NOT_SUBJECT_START = _NOT_SUBJECT_START = frozenset(
    "to of for with by from in on at during after before despite contrary unlike like amid among "
    "under over since until says said".split()
)


def _valid_subject(np: str) -> bool:
    if not np[:1].isalnum():
        return False
    toks = np.split()
    lows = [t.lower().strip(".,'’") for t in toks]
    if any(t in BE_FORMS for t in lows):
        return False
    if lows[-1] in NOT_SUBJECT_END or lows[0] in _NOT_SUBJECT_START:
        return False
    if any(c in np for c in '“”«»"') or "''" in np:
        return False
    if len(toks) == 1 and lows[0].isdigit():
        return False
    if len(toks) > 1 and lows[0] in ("which", "whom"):
        return False  # "..., which the union opposed": a relative clause, not a subject
    return True


def _titled_name(text: str, words: list[tuple[int, int]], b: int) -> bool:
    """ "former Obama adviser David Axelrod", "political scientist Ana Ruiz": lower-case titles or
    descriptions before a capitalised name that ends the phrase (at most six words)."""
    if len(words) > 6 or not text[words[-1][0]].isupper():
        return False
    return all(text[x:y].isalpha() or text[x].isupper() for x, y in words)


def np_after(text: str, pos: int, end: int, *, need_opener: bool = False) -> tuple[int, int] | None:
    """A noun phrase starting at ``pos`` (after whitespace) and ending before a comma, a stop
    word ("in", "on", "who", ...) or ``end``: "said Ned Price, the ..." -> "Ned Price"."""
    hi = min(end, pos + WINDOW)
    words: list[tuple[int, int]] = []
    last = pos
    for m in _NP_WORD.finditer(text, pos, hi):
        gap = text[last : m.start()]
        if gap and not gap.isspace():
            break
        w = m.group().lower().rstrip(".")
        if words and w in NP_STOPWORDS:
            break
        words.append((m.start(), m.end()))
        last = m.end()
        if len(words) > MAX_NP_WORDS:
            return None
    if not words:
        return None
    a, b = words[0][0], words[-1][1]
    while b > a and text[b - 1] in ".’'":
        b -= 1
    if b <= a:
        return None
    first = text[a : words[0][1]]
    low = first.lower()
    if need_opener and not (
        first[:1].isupper()
        or low in NP_OPENERS
        or low in PERSON_PRONOUNS
        or low in OTHER_PRONOUNS
        or _titled_name(text, words, b)
    ):
        return None
    np = text[a:b]
    if not _valid_subject(np):
        return None
    return a, b
