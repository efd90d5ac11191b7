"""Check-worthiness score (heuristic; a later issue replaces it with a trained model).

A logistic function of a few counted features, each capped so that one long sentence cannot
dominate: numbers and quantities, capitalised words after the first (a cheap stand-in for named
entities), past-tense verbs, dates and times and reporting verbs raise the score; first-person
opinion, modal/future hedging, questions and very short sentences lower it. The score is in
[0, 1]; ``CHECK_WORTHY_THRESHOLD`` separates check-worthy sentences from chit-chat.

To swap in a model, keep ``score_sentence(sentence) -> float`` and ``CHECK_WORTHY_THRESHOLD``.
"""

from __future__ import annotations

import math
import re

from .lexicon import REPORTING_VERBS

CHECK_WORTHY_THRESHOLD = 0.5

_NUM_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    hundred hundreds thousand thousands million millions billion billions trillion dozen dozens
    percent half double twice triple majority minority""".split()
)
_PAST_IRREGULAR = frozenset(
    """was were had did met told said won lost rose fell grew began came went took gave made
    found led left paid sold spent held hit cut shot fled sent built bought became fought knew
    saw struck stood wrote ran drove flew broke chose froze stole swore""".split()
)
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december jan feb sept oct nov dec yesterday
    today ago weekend""".split()
)
_REPORT_WORDS = frozenset(v for v in REPORTING_VERBS if " " not in v)
_FIRST_PERSON = frozenset("I I’m I'm I’ve I've I’d I'd me my mine myself".split())
_OPINION_WORDS = frozenset(
    """think believe feel hope guess suppose love hate like wish opinion seem seems maybe
    perhaps probably lol wow great awesome nice cool amazing beautiful thanks thank please
    hello hi sorry welcome enjoy favourite favorite fun""".split()
)
_MODAL_WORDS = frozenset("will would could might may should must shall can gonna".split())
_TOKEN = re.compile(r"[\w’'-]+|[%$€£¥]")
_QUESTION_END = re.compile(r"\?[\"”’'»)\]]*\s*\Z")

#: Only the first characters of a (pathologically) long sentence are scored: the features are
#: capped anyway, and this keeps scoring O(1) per sentence.
MAX_SCORED_CHARS = 1000

_BIAS = -1.6
_W = {
    "num": 0.9, "caps": 0.35, "past": 0.5, "time": 0.4, "report": 0.8,
    "first": -0.6, "opinion": -0.8, "modal": -0.4, "question": -3.5, "short": -1.5, "long": 0.3,
}
_CAP = {"num": 3, "caps": 4, "past": 3, "time": 2, "report": 1, "first": 2, "opinion": 2,
        "modal": 2}


def features(sentence: str) -> dict[str, float]:
    """The counted (capped) features of a sentence, as used by ``score_sentence``."""
    head = sentence[:MAX_SCORED_CHARS]
    f = dict.fromkeys(_CAP, 0)
    words = 0
    prev = ""
    for m in _TOKEN.finditer(head):
        tok = m.group()
        low = tok.lower()
        if tok[0].isdigit() or tok in "%$€£¥" or low in _NUM_WORDS:
            f["num"] += 1
        elif prev == "per" and low == "cent":
            f["num"] += 1
        if words and tok[0].isupper():
            f["caps"] += 1
        if low in _PAST_IRREGULAR or (len(low) > 3 and low.endswith("ed") and low.isalpha()):
            f["past"] += 1
        if low in _TIME_WORDS or (prev == "last" and low in ("week", "month", "year", "night")) or (
            len(tok) == 4 and tok.isdigit() and tok[:2] in ("19", "20", "18")
        ):
            f["time"] += 1
        if tok in _REPORT_WORDS or (prev == "according" and low == "to"):
            f["report"] += 1
        if tok in _FIRST_PERSON:
            f["first"] += 1
        if low in _OPINION_WORDS:
            f["opinion"] += 1
        if low in _MODAL_WORDS or (prev == "going" and low == "to"):
            f["modal"] += 1
        prev = low
        if not tok[0] in "%$€£¥":
            words += 1
    out: dict[str, float] = {k: min(v, _CAP[k]) for k, v in f.items()}
    out["question"] = 1 if _QUESTION_END.search(sentence[-8:]) else 0
    out["short"] = 1 if words < 5 else 0
    out["long"] = 1 if words >= 12 else 0
    return out


def score_sentence(sentence: str) -> float:
    """Check-worthiness of one sentence, in [0, 1]."""
    if not sentence or sentence.isspace():
        return 0.0
    f = features(sentence)
    z = _BIAS + sum(_W[k] * v for k, v in f.items())
    return 1.0 / (1.0 + math.exp(-z))
