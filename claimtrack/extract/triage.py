"""Triage: how worth checking a *proposal* is, in its article.

``scoring.score_sentence`` judges a sentence alone, by a model of US debate sentences
(ClaimBuster). News has more to say about a proposal than its words: who makes it (the outlet,
a named source, an interviewee answering a question), whether it is a quotation, where it
stands in the article, first-person talk, evaluations and plans, numbers and names. This module
puts the sentence model's logit together with those features in a small logistic regression
trained on news labelled by the desk's definition (``fixtures/triage/``, dev part only, by
``scripts/train_triage.py``). Its weights are ``triage.json`` beside this file: a few hundred
bytes, read once.

``proposal_score`` returns ``sigmoid(w·x + b - threshold_logit)``, so that ``0.5``
(``CHECK_WORTHY_THRESHOLD``) is the trained model's decision, as for the sentence score. When
the weights file is missing, the sentence score is used as it is.
"""

from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("triage.json")

_WORD = re.compile(r"[\w’'-]+")
_FIRST_SINGULAR = frozenset("i me my mine myself i'm i’m i've i’ve i'd i’d i'll i’ll".split())
_FIRST_PLURAL = frozenset("we us our ours ourselves we're we’re we've we’ve we'll we’ll".split())
_SECOND = frozenset("you your yours yourself you're you’re you've you’ve".split())
_MODAL = frozenset("will would could should might may can must shall going gonna won't won’t wouldn't wouldn’t".split())
_EVALUATIVE = frozenset(
    """think believe feel hope wish love like hate enjoy great good bad best better worse worst
    amazing wonderful terrible awful beautiful important interesting fun fascinating exciting
    really very pretty quite lot lots sure maybe perhaps probably definitely absolutely
    happy glad proud sad thrilled excited grateful thank thanks""".split()
)
_NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve hundred hundreds thousand
    thousands million millions billion billions trillion dozen dozens percent half third
    quarter""".split()
)
_DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"(?<![\w’'-])[A-Z]")
_MONEY_PERCENT = re.compile(r"[$€£¥%]|\bpercent\b|\bper cent\b", re.I)
_PAST = re.compile(r"\b(?:\w{3,}ed|was|were|had|did|said|told|won|lost|rose|fell|killed|died|made|took|found)\b")
_HEDGE_OR_DISPUTE = frozenset("allegedly alleged reportedly unverified unconfirmed claimed denied disputed rejected false".split())

#: The features, in the order of the weights.
FEATURES = (
    "sentence_logit", "attributed", "quotation", "first_singular", "first_plural", "second_person",
    "question", "modal", "evaluative", "number", "money_percent", "names", "log_words",
    "lead", "answer", "cue", "past", "title",
    "kind_verb", "kind_according", "kind_quote", "kind_act", "kind_other",
)
_ACT_KINDS = frozenset({"subject", "action", "participle"})
_SPEECH_KINDS = frozenset({"verb", "colon"})
_KNOWN_KINDS = _ACT_KINDS | _SPEECH_KINDS | {"according", "quote"}


@dataclass(frozen=True, slots=True)
class Context:
    """What the extractor knows of a proposal beyond its words."""

    attributed: bool
    """Someone other than the outlet makes the claim."""
    quotation: bool
    """The claim is (inside) a quotation."""
    paragraph: int
    """0 for the article's first paragraph."""
    answer: bool
    """The paragraph answers a question (the previous paragraph ended with "?"): an interview."""
    cued: bool
    """A hedge or dispute cue stands around the claim."""
    title: bool = False
    kind: str | None = None
    """The attribution rule that found the claimant (``Attribution.kind``); None: own voice."""


def features(sentence: str, claim: str, sentence_logit: float, ctx: Context) -> list[float]:
    """The feature vector of one proposal (see :data:`FEATURES`)."""
    toks = _WORD.findall(claim.lower())
    n = len(toks) or 1
    low = set(toks)
    names = len(_CAPITAL.findall(claim, 1)) - claim.count(" I ")
    evaluative = len(low & _EVALUATIVE)
    sentence_end = sentence.rstrip("\"”’'») ")
    kind = ctx.kind
    return [
        max(-8.0, min(8.0, sentence_logit)),
        1.0 if ctx.attributed else 0.0,
        1.0 if ctx.quotation else 0.0,
        1.0 if not low.isdisjoint(_FIRST_SINGULAR) else 0.0,
        1.0 if not low.isdisjoint(_FIRST_PLURAL) else 0.0,
        1.0 if not low.isdisjoint(_SECOND) else 0.0,
        1.0 if sentence_end.endswith("?") else 0.0,
        1.0 if not low.isdisjoint(_MODAL) else 0.0,
        min(3.0, float(evaluative)),
        1.0 if _DIGIT.search(claim) or not low.isdisjoint(_NUMBER_WORDS) else 0.0,
        1.0 if _MONEY_PERCENT.search(claim) else 0.0,
        min(1.0, names / n * 3),
        math.log(n),
        1.0 if ctx.paragraph < 3 else 0.0,
        1.0 if ctx.answer else 0.0,
        1.0 if ctx.cued or not low.isdisjoint(_HEDGE_OR_DISPUTE) else 0.0,
        1.0 if _PAST.search(claim) else 0.0,
        1.0 if ctx.title else 0.0,
        1.0 if kind in _SPEECH_KINDS else 0.0,
        1.0 if kind == "according" else 0.0,
        1.0 if kind == "quote" else 0.0,
        1.0 if kind in _ACT_KINDS else 0.0,
        1.0 if kind is not None and kind not in _KNOWN_KINDS else 0.0,
    ]


class TriageModel:
    def __init__(self, data: dict) -> None:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("triage.json was trained on other features: retrain it (scripts/train_triage.py)")
        self.weights: list[float] = [float(w) for w in data["weights"]]
        self.bias = float(data["bias"])
        self.threshold_logit = float(data.get("threshold_logit", 0.0))

    def score(self, x: list[float]) -> float:
        z = self.bias - self.threshold_logit
        for w, v in zip(self.weights, x):
            z += w * v
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


_lock = threading.Lock()
_model: TriageModel | None = None
_loaded = False

#: When set (a list), every feature vector scored is appended to it: ``scripts/train_triage.py``
#: collects the training data through the extractor itself this way.
RECORDER: list[list[float]] | None = None


def model() -> TriageModel | None:
    global _model, _loaded
    if not _loaded:
        with _lock:
            if not _loaded:
                if MODEL_PATH.is_file():
                    _model = TriageModel(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
                _loaded = True
    return _model


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def proposal_score(sentence: str, claim: str, sentence_score: float, ctx: Context) -> float:
    """Check-worthiness of a proposal in [0, 1]; 0.5 is the decision threshold."""
    x = features(sentence, claim, logit(sentence_score), ctx)
    if RECORDER is not None:
        RECORDER.append(x)
    m = model()
    if m is None:
        return sentence_score
    return m.score(x)
