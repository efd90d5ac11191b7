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
import operator
import threading
from pathlib import Path
from typing import NamedTuple, NotRequired, TypedDict

MODEL_PATH = Path(__file__).with_name("triage.json")

_EDGE = ".,;:!?\"“”'’‘()[]«»…—–"
"""Punctuation stripped from the ends of a word."""
_FIRST_SINGULAR = frozenset("i me my mine myself i'm i’m i've i’ve i'd i’d i'll i’ll".split())
_SECOND = frozenset("you your yours yourself you're you’re you've you’ve".split())
_EVALUATIVE = frozenset(
    """think believe feel hope wish love like hate enjoy great good bad best better worse worst
    amazing wonderful terrible awful beautiful important interesting fun fascinating exciting
    really very pretty quite lot lots sure maybe perhaps probably definitely absolutely
    happy glad proud sad thrilled excited grateful thank thanks""".split()
)
_MONEY_CHARS = frozenset("$€£¥%")
_HEDGE_OR_DISPUTE = frozenset(
    "allegedly alleged reportedly unverified unconfirmed claimed denied disputed rejected false".split()
)

#: The features, in the order of the weights. (Numbers, names, length, the lead, past tense,
#: modal verbs and quotation marks were tried too: without them grouped cross-validation did
#: better, F1 0.643 against 0.607, and the score costs less.)
FEATURES = (
    "sentence_logit",
    "attributed",
    "first_singular",
    "second_person",
    "question",
    "evaluative",
    "money_percent",
    "answer",
    "cue",
    "title",
    "kind_verb",
    "kind_according",
    "kind_act",
    "kind_other",
)
_ACT_KINDS = frozenset({"subject", "action", "participle"})
_SPEECH_KINDS = frozenset({"verb", "colon"})
_KNOWN_KINDS = _ACT_KINDS | _SPEECH_KINDS | {"according", "quote"}


class Context(NamedTuple):
    """What the extractor knows of a proposal beyond its words. (A named tuple: one is made for
    every proposal, and a tuple is made four times faster than a frozen dataclass.)"""

    attributed: bool
    """Someone other than the outlet makes the claim."""
    answer: bool
    """The paragraph answers a question: an interview."""
    cued: bool
    """A hedge or dispute cue stands around the claim."""
    title: bool = False
    kind: str | None = None
    """The attribution rule that found the claimant (``Attribution.kind``); None: own voice."""


def features(sentence: str, claim: str, sentence_logit: float, ctx: Context) -> list[float]:
    """The feature vector of one proposal (see :data:`FEATURES`)."""
    lowered = claim.lower()
    low = {w.strip(_EDGE) for w in lowered.split()}
    sentence_end = sentence.rstrip("\"”’'») ")
    kind = ctx.kind
    return [
        max(-8.0, min(8.0, sentence_logit)),
        1.0 if ctx.attributed else 0.0,
        1.0 if not low.isdisjoint(_FIRST_SINGULAR) else 0.0,
        1.0 if not low.isdisjoint(_SECOND) else 0.0,
        1.0 if sentence_end.endswith("?") else 0.0,
        min(3.0, float(len(low & _EVALUATIVE))),
        1.0 if not _MONEY_CHARS.isdisjoint(claim) or "percent" in lowered or "per cent" in lowered else 0.0,
        1.0 if ctx.answer else 0.0,
        1.0 if ctx.cued or not low.isdisjoint(_HEDGE_OR_DISPUTE) else 0.0,
        1.0 if ctx.title else 0.0,
        1.0 if kind in _SPEECH_KINDS else 0.0,
        1.0 if kind == "according" else 0.0,
        1.0 if kind in _ACT_KINDS else 0.0,
        1.0 if kind is not None and kind not in _KNOWN_KINDS else 0.0,
    ]


class TriageFile(TypedDict):
    """The JSON of ``triage.json`` (written by ``scripts/train_triage.py``)."""

    features: list[str]
    """The names of the features, in order: ``FEATURES`` when the weights fit this module."""
    weights: list[float]
    bias: float
    threshold_logit: NotRequired[float]
    about: NotRequired[str]
    cv: NotRequired[dict[str, float]]
    """Cross-validation figures (for the record: not read)."""


class TriageModel:
    def __init__(self, data: TriageFile) -> None:
        if tuple(data["features"]) != FEATURES:
            raise ValueError("triage.json was trained on other features: retrain it (scripts/train_triage.py)")
        self.weights: list[float] = [float(w) for w in data["weights"]]
        self.bias = float(data["bias"])
        self.threshold_logit = float(data.get("threshold_logit", 0.0))

    def score(self, x: list[float]) -> float:
        z = self.bias - self.threshold_logit + sum(map(operator.mul, self.weights, x))
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
