"""Check-worthiness score: a linear model trained on ClaimBuster, scored in pure Python.

The model (``checkworthy.json.gz`` next to this file, written by ``scripts/train_scorer.py``)
is a logistic regression over three blocks of features of a sentence:

* **words**: lower-cased word unigrams and bigrams (numbers become ``0``, years ``1900``, the
  first word is paired with ``<s>``), count times idf, divided by the square root of the summed
  squared idf of every occurrence (close to L2 normalisation, and a plain sum of look-ups);
* **characters**: character 2-5-grams inside each word padded with spaces (like scikit-learn's
  ``char_wb``), count times idf, divided by the square root of the summed squared idf of every
  n-gram occurrence (which keeps it a sum over words: each word's contribution is cached);
* **shape**: a few hand-made features that generalise beyond the vocabulary: numbers,
  percentages, money, years, capitalised words after the first (named entities), past tense,
  first and second person, modal verbs, opinion verbs, a final question mark, length.

``score_sentence`` returns ``sigmoid(z - z_threshold)``, where ``z`` is the model's logit and
``z_threshold`` the decision threshold chosen by grouped cross-validation: ``score >= 0.5``
(``CHECK_WORTHY_THRESHOLD``) is the model's check-worthy decision, and the order of the scores
(hence average precision) is the model's. The weights are read once, on first use.

To swap in another model, keep ``score_sentence(sentence) -> float`` and
``CHECK_WORTHY_THRESHOLD``.
"""

from __future__ import annotations

import gzip
import json
import math
import operator
import re
import threading
from itertools import repeat
from pathlib import Path
from typing import Any, NotRequired, TypedDict

CHECK_WORTHY_THRESHOLD = 0.5

MODEL_PATH = Path(__file__).with_name("checkworthy.json.gz")

#: Only the first characters of a (pathologically) long sentence are scored: this keeps scoring
#: O(1) per sentence. Debate sentences are rarely longer.
MAX_SCORED_CHARS = 1000
#: Longer words are cut for the character n-grams.
MAX_WORD_CHARS = 24
CHAR_NGRAMS = (2, 5)

# a year (1900-2099) or any other number; numbers become the tokens "1900" and "0"
_NUMBER = re.compile(r"(?<!\d)((?:19|20)\d\d)(?![\d.,:]\d)|\d+(?:[.,:]\d+)*")
#: Punctuation becomes spaces (the apostrophe of "we've" stays); these symbols become tokens.
_PUNCT = {ord(c): " " for c in '"#&()*+,-./:;<=>@[\\]^_`{|}~“”‘«»—–…•·¡¿\u00a0\u2009\u200b'}
_PUNCT.update({ord(c): f" {c} " for c in "%$€£¥?!"})
# The same mapping as a list indexed by code point: ``str.translate`` looks a list up much faster
# than a dict (characters past its end are left as they are, like characters missing from a dict).
_PUNCT_TABLE: list[str] = [chr(i) for i in range(max(_PUNCT) + 1)]
for _k, _v in _PUNCT.items():
    _PUNCT_TABLE[_k] = _v
_HAS_DIGIT = re.compile(r"\d")
NUM, YEAR = "0", "1900"


def _number(m: re.Match[str]) -> str:
    return " 1900 " if m.group(1) else " 0 "


_FIRST_SINGULAR = frozenset("i me my mine myself i'm i've i'd i'll".split())
_FIRST_PLURAL = frozenset("we us our ours ourselves we're we've we'd we'll".split())
_SECOND = frozenset("you your yours yourself you're you've you'd you'll".split())
_MODAL = frozenset("will would could should might may can must shall gonna".split())
_OPINION = frozenset(
    """think believe feel hope guess suppose wish want opinion seem seems maybe perhaps probably
    should ought love hate like agree disagree""".split()
)
_MONEY = frozenset("$ € £ ¥ dollars dollar billion million trillion budget tax taxes deficit".split())
_PERCENT = frozenset("% percent".split())
_PAST_IRREGULAR = frozenset(
    """was were had did met told said won lost rose fell grew began came went took gave made
    found led left paid sold spent held hit cut shot fled sent built bought became fought knew
    saw struck stood wrote ran drove flew broke chose""".split()
)
# a capital opening a word after the first (named entities); "I" is subtracted
_CAPS = re.compile(r"\s[\"“‘'(]?[A-Z]")
_CAPS_I = re.compile(r"\s[\"“‘'(]?I\b")
# a word of four letters or more ending in "ed" (tokens are separated by single spaces)
_ED = re.compile(r"(?<![^ ])[^ ]{2,}ed(?![^ ])")

SHAPE_FEATURES = (
    "number",
    "numbers",
    "percent",
    "money",
    "year",
    "caps",
    "caps_many",
    "past",
    "first_singular",
    "first_plural",
    "second",
    "modal",
    "opinion",
    "question",
    "exclamation",
    "short",
    "length",
)


def _lower(sentence: str) -> str:
    low = sentence[:MAX_SCORED_CHARS].lower()
    if "’" in low:
        low = low.replace("’", "'")
    if _HAS_DIGIT.search(low):
        low = _NUMBER.sub(_number, low)
    return low


def tokens(sentence: str) -> list[str]:
    """The normalised word tokens of a sentence: lower case, numbers as "0", years as "1900",
    punctuation dropped but for ``% $ € £ ¥ ? !`` (tokens of their own)."""
    return _lower(sentence).translate(_PUNCT_TABLE).split()


def word_grams(toks: list[str]) -> list[str]:
    """Unigrams, then bigrams ("<s> first" marks the first word), with repeats."""
    return toks + list(map(" ".join, zip(["<s>", *toks], toks)))


def char_grams(word: str) -> list[str]:
    """The character n-grams of one word, padded with spaces, with repeats."""
    w = " " + word[:MAX_WORD_CHARS] + " "
    n = len(w)
    lo, hi = CHAR_NGRAMS
    return [w[i : i + k] for k in range(lo, hi + 1) for i in range(n - k + 1)]


_PAST_CACHE: dict[str, int] = {}


def _past(tok: str) -> int:
    """Past-tense evidence of one token: an irregular past form, and/or a word of four letters
    or more ending in "ed" (cached per token)."""
    v = _PAST_CACHE.get(tok)
    if v is None:
        v = (tok in _PAST_IRREGULAR) + (len(tok) >= 4 and tok.endswith("ed"))
        if len(_PAST_CACHE) >= 200_000:
            _PAST_CACHE.clear()
        _PAST_CACHE[tok] = v
    return v


def shape(sentence: str, toks: list[str]) -> list[float]:
    """The hand-made features, in the order of ``SHAPE_FEATURES``."""
    head = sentence[:MAX_SCORED_CHARS]
    years = toks.count(YEAR)
    nums = toks.count(NUM) + years
    caps = len(_CAPS.findall(head))
    if caps and "I" in head:
        caps -= len(_CAPS_I.findall(head))
    try:
        past = sum(map(_PAST_CACHE.__getitem__, toks))
    except KeyError:
        past = sum(map(_past, toks))
    n = len(toks)
    tail = head.rstrip(" \"”’'»)]")
    bag = set(toks)
    return [
        1.0 if nums else 0.0,
        min(nums, 3) / 3,
        0.0 if _PERCENT.isdisjoint(bag) else 1.0,
        0.0 if _MONEY.isdisjoint(bag) else 1.0,
        1.0 if years else 0.0,
        min(caps, 4) / 4,
        1.0 if caps >= 3 else 0.0,
        min(past, 3) / 3,
        0.0 if _FIRST_SINGULAR.isdisjoint(bag) else 1.0,
        0.0 if _FIRST_PLURAL.isdisjoint(bag) else 1.0,
        0.0 if _SECOND.isdisjoint(bag) else 1.0,
        0.0 if _MODAL.isdisjoint(bag) else 1.0,
        0.0 if _OPINION.isdisjoint(bag) else 1.0,
        1.0 if tail.endswith("?") else 0.0,
        1.0 if "!" in tail[-3:] else 0.0,
        1.0 if n < 6 else 0.0,
        min(n, 40) / 40,
    ]


class ModelFile(TypedDict):
    """The JSON of ``checkworthy.json.gz`` (written by ``scripts/train_scorer.py``)."""

    format: NotRequired[int]
    bias: float
    threshold_logit: float
    word: dict[str, list[float]]
    """A word feature's ``[weight * idf, idf ** 2]``."""
    char: dict[str, list[float]]
    """A character n-gram's ``[weight * idf, idf ** 2]`` (the weight scaled for the block)."""
    shape: list[float]
    """The weights of ``SHAPE_FEATURES``, in order."""
    shape_features: NotRequired[list[str]]
    meta: NotRequired[dict[str, Any]]
    """How the model was trained (free-form: data, parameters, cross-validation figures)."""


class Model:
    """The exported weights, with a per-word cache of character-n-gram sums.

    The file's ``word`` and ``char`` blocks map a feature to ``(weight * idf, idf ** 2)`` (the
    character weights also carry the block's scale); both are kept packed as complex numbers, so
    that a sentence's score is a few C-level sums of dictionary look-ups.
    """

    CACHE_LIMIT = 200_000

    def __init__(self, data: ModelFile) -> None:
        self.bias: float = data["bias"]
        self.shift: float = data["threshold_logit"]
        # (weight * idf, idf ** 2) packed as a complex number: one look-up, one C-level sum
        self._w = {k: complex(v[0], v[1]) for k, v in data["word"].items()}
        self._ch = {k: complex(v[0], v[1]) for k, v in data["char"].items()}
        self.shape: list[float] = data["shape"]
        self.meta: dict[str, Any] = data.get("meta", {})
        self._c: dict[str, complex] = {}
        self._seed()

    def _seed(self) -> None:
        self._c.clear()
        for t in (NUM, YEAR):
            self._c[t] = 0j

    def _add_word(self, word: str) -> None:
        # a C-level sum of packed (weight, idf ** 2) pairs: words not seen before are common in
        # real news (a tenth of the time went to this loop in Python)
        self._c[word] = sum(map(self._ch.get, char_grams(word), repeat(0j)), 0j)

    def logit(self, sentence: str) -> float:
        toks = tokens(sentence)
        z = self.bias
        # words: count * idf over sqrt(sum of idf ** 2 of every occurrence)
        w = sum(map(self._w.get, word_grams(toks), repeat(0j)))
        if w.imag > 0:
            z += w.real / math.sqrt(w.imag)
        # characters
        cache = self._c
        try:
            c = sum(map(cache.__getitem__, toks), 0j)
        except KeyError:  # words not seen yet: add them (rare once the cache is warm)
            missing = [t for t in toks if t not in cache]
            if len(cache) + len(missing) > self.CACHE_LIMIT:
                self._seed()
            for t in missing:
                if t not in cache:
                    self._add_word(t)
            c = sum(map(cache.__getitem__, toks), 0j)
        if c.imag > 0:
            z += c.real / math.sqrt(c.imag)
        # shape
        shape_z: float = sum(map(operator.mul, self.shape, shape(sentence, toks)))
        z += shape_z
        return z

    def score(self, sentence: str) -> float:
        z = self.logit(sentence) - self.shift
        if z < -40:
            return 0.0
        if z > 40:
            return 1.0
        return 1.0 / (1.0 + math.exp(-z))


def load_model(path: Path | str = MODEL_PATH) -> Model:
    """Read a weights file written by ``scripts/train_scorer.py``."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return Model(json.load(fh))


_model: Model | None = None
_lock = threading.Lock()


def model() -> Model:
    """The shipped model, loaded on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = load_model()
    return _model


def score_sentence(sentence: str) -> float:
    """Check-worthiness of one sentence, in [0, 1]; ``>= CHECK_WORTHY_THRESHOLD`` is check-worthy."""
    if not sentence or sentence.isspace():
        return 0.0
    return model().score(sentence)
