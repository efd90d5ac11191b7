"""Re-ranking: score (query, candidate) pairs with a small logistic model over generic features.

The candidates come from a full-text index (SQLite FTS5, PostgreSQL tsvector) in production, and
from BM25 in ``scripts/eval_matching.py``; the re-ranker adds what a bag of words misses: meaning
(static embeddings, cosine), and the facts a claim turns on (numbers, negation, direction of change,
names, the speaker). Its weights are ``weights.json``, written by ``scripts/train_matcher.py``:
numbers only, no text from any data set.
"""

from __future__ import annotations

import datetime
import json
import math
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimtrack.matching import embedding
from claimtrack.matching.text import Facts, content_words, normalise, signature_date, strip_signature

WEIGHTS = Path(__file__).with_name("weights.json")

Matrix = npt.NDArray[np.float64]

FEATURES = (
    "retrieval_rel",  # the retrieval score over the best retrieval score of the list
    "retrieval_rr",  # 1 / (1 + the candidate's rank in retrieval order)
    "cos_text",  # embedding cosine, query text and candidate text
    "cos_title",  # query text and candidate title
    "cos_context",  # query text with its context, candidate text with its title
    "cos_gap",  # cos_text minus the best cos_text of the list
    "cover_candidate",  # share of the candidate's words found in the query
    "cover_query",  # share of the query's words found in the candidate
    "numbers_shared",  # both state a quantity and share one
    "numbers_conflict",  # both state quantities and share none
    "negation_mismatch",  # one is negated, the other not
    "direction_conflict",  # one says up, the other down
    "entities_cover",  # share of the candidate's names found in the query
    "entities_missing",  # the candidate names someone the query does not
    "speaker_same",  # the query's speaker is the candidate's
    "length_ratio",  # |log(query length / candidate length)|
    "align_candidate",  # mean over the candidate's words of the closest query word (cosine)
    "align_query",  # mean over the query's words of the closest candidate word
    "align_gap",  # align_candidate minus the best of the list
    "date_known",  # both have a date
    "date_gap",  # log(1 + days between them), when both have one
    "date_near",  # within two weeks of each other
)


#: Fixed by hand, not learned: the data sets hold almost no pairs that differ only in these, so a
#: model learns nothing of them, yet "unemployment fell to 4%" is not "unemployment rose to 4%".
#: A pair whose feature is 1 scores at most the cap, under the suggestion threshold (Meedan's 0.75),
#: and ranks below the pairs without a conflict that score more. The training script leaves these
#: features out of the fit.
RULES = {
    "negation_mismatch": 0.5,  # one says "not", the other does not
    "direction_conflict": 0.5,  # "fell" against "rose"
    "numbers_conflict": 0.6,  # both state quantities, none in common
}
LEARNED = tuple(name for name in FEATURES if name not in RULES)


@dataclass(frozen=True, slots=True)
class Query:
    """A claim to match: its text, optionally the sentences before it and who said it."""

    text: str
    context: Sequence[str] = ()
    speaker: str = ""
    date: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class Candidate:
    """An earlier claim or fact check: its id, text, optional title and speaker, and its retrieval score."""

    id: Hashable
    text: str
    title: str = ""
    speaker: str = ""
    retrieval_score: float | None = None
    date: datetime.date | None = None


@dataclass(slots=True)
class Prepared:
    """A text's facts and embeddings, computed once; the eval script reuses them across queries."""

    facts: Facts
    words: frozenset[str]  # content words of text and title together
    speaker: frozenset[str]
    vectors: npt.NDArray[np.float32] = field(repr=False)  # rows: text, title, text with title or context
    word_vectors: npt.NDArray[np.float32] = field(repr=False)  # one row per content word
    date: datetime.date | None = None


def _speaker_words(speaker: str) -> frozenset[str]:
    words = normalise(speaker).replace(".", " ").split()
    return frozenset(
        w for w in words if len(w) > 2 and w not in {"mr", "mrs", "ms", "president", "governor", "senator"}
    )


def _word_vectors(words: frozenset[str]) -> npt.NDArray[np.float32]:
    return embedding.word_vectors(sorted(words))


def prepare_queries(queries: Sequence[Query]) -> list[Prepared]:
    texts = [strip_signature(q.text) for q in queries]
    sums = embedding.token_sums([*texts, *(" ".join(q.context) for q in queries)])
    n = len(queries)
    text_vectors, context_vectors = embedding.unit(sums[:n]), embedding.unit(sums[:n] + sums[n:])
    out = []
    for i, q in enumerate(queries):
        facts = Facts.of(texts[i])
        words = content_words(q.text)  # with the post's author and handle
        rows = np.stack([text_vectors[i], text_vectors[i], context_vectors[i]])
        date = q.date or signature_date(q.text)
        out.append(Prepared(facts, frozenset(words), _speaker_words(q.speaker), rows, _word_vectors(facts.words), date))
    return out


def prepare_candidates(candidates: Sequence[Candidate]) -> list[Prepared]:
    sums = embedding.token_sums([*(c.text for c in candidates), *(c.title for c in candidates)])
    n = len(candidates)
    vectors = [embedding.unit(sums[:n]), embedding.unit(sums[n:]), embedding.unit(sums[:n] + sums[n:])]
    facts = [Facts.of(c.text) for c in candidates]
    words = [f.words | frozenset(content_words(c.title)) if c.title else f.words for c, f in zip(candidates, facts)]
    embedding.word_vectors(sorted(frozenset().union(*words)))  # the words not seen before, embedded at once
    out = []
    for i, c in enumerate(candidates):
        rows = np.stack([vectors[0][i], vectors[1][i], vectors[2][i]])
        out.append(Prepared(facts[i], words[i], _speaker_words(c.speaker), rows, _word_vectors(words[i]), c.date))
    return out


#: Candidates prepared lately, kept for the texts to come (the same claims and fact checks come back
#: as candidates, the more so for the claims of one article): at most this many, about 15 kB each.
PREPARED_CACHE = 2048
_CacheKey = tuple[str, str, str, "datetime.date | None"]
_prepared: OrderedDict[_CacheKey, Prepared] = OrderedDict()
_prepared_lock = threading.Lock()


def prepare_candidates_cached(candidates: Sequence[Candidate]) -> list[Prepared]:
    """:func:`prepare_candidates`, with the last :data:`PREPARED_CACHE` candidates' kept (by their
    text, title, speaker and date: what the preparation reads)."""
    keys: list[_CacheKey] = [(c.text, c.title, c.speaker, c.date) for c in candidates]
    with _prepared_lock:
        found = {k: _prepared[k] for k in keys if k in _prepared}
        for key in found:
            _prepared.move_to_end(key)
    todo: dict[_CacheKey, Candidate] = {}
    for key, candidate in zip(keys, candidates):
        if key not in found:
            todo.setdefault(key, candidate)
    if todo:
        fresh = prepare_candidates(list(todo.values()))
        with _prepared_lock:
            for key, prepared in zip(todo, fresh):
                found[key] = _prepared[key] = prepared
            while len(_prepared) > PREPARED_CACHE:
                _prepared.popitem(last=False)
    return [found[k] for k in keys]


def features(query: Prepared, candidates: Sequence[Prepared], retrieval: Sequence[float | None]) -> Matrix:
    """One row of FEATURES per candidate, in the candidates' (retrieval) order."""
    n = len(candidates)
    x = np.zeros((n, len(FEATURES)), dtype=np.float64)
    if n == 0:
        return x
    cv = np.stack([c.vectors for c in candidates])  # (n, 3, d)
    qv = query.vectors
    x[:, 2] = cv[:, 0] @ qv[0]
    x[:, 3] = cv[:, 1] @ qv[0]
    x[:, 4] = cv[:, 2] @ qv[2]
    x[:, 5] = x[:, 2] - x[:, 2].max()
    scores = [s for s in retrieval if s is not None]
    best = max(scores) if scores else 0.0
    q = query.facts
    for i, (cand, score) in enumerate(zip(candidates, retrieval)):
        c = cand.facts
        x[i, 0] = score / best if score is not None and best > 0 else 0.0
        x[i, 1] = 1.0 / (1.0 + i)
        shared = len(query.words & cand.words)
        x[i, 6] = shared / len(cand.words) if cand.words else 0.0
        x[i, 7] = shared / len(q.words) if q.words else 0.0
        if q.numbers and c.numbers:
            common = bool(q.numbers & c.numbers)
            x[i, 8] = float(common)
            x[i, 9] = float(not common)
        x[i, 10] = float(q.negated != c.negated)
        x[i, 11] = float(q.direction * c.direction < 0)
        if c.entities:
            x[i, 12] = len(q.entities & c.entities) / len(c.entities)
            x[i, 13] = float(not (q.entities & c.entities))
        x[i, 14] = float(bool(query.speaker & cand.speaker))
        x[i, 15] = abs(math.log((q.length + 1) / (c.length + 1)))
        if not scores:  # no retrieval scores: the words shared stand in for them
            x[i, 0] = (x[i, 6] + x[i, 7]) / 2
        if query.date is not None and cand.date is not None:
            days = abs((query.date - cand.date).days)
            x[i, 19] = 1.0
            x[i, 20] = math.log1p(days)
            x[i, 21] = float(days <= 14)
    _alignment(query, candidates, x)
    x[:, 18] = x[:, 16] - x[:, 16].max()
    if not scores and x[:, 0].max() > 0:
        x[:, 0] /= x[:, 0].max()
    return x


def _alignment(query: Prepared, candidates: Sequence[Prepared], x: Matrix) -> None:
    """align_candidate and align_query (columns 16 and 17): for each word, the cosine of its closest
    word on the other side, averaged; one product for all the candidates' words together."""
    if not len(query.word_vectors):
        return
    having = [i for i, c in enumerate(candidates) if len(c.word_vectors)]
    if not having:
        return
    sizes = np.array([len(candidates[i].word_vectors) for i in having])
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    sim = np.concatenate([candidates[i].word_vectors for i in having]) @ query.word_vectors.T  # (words, query words)
    x[having, 16] = np.add.reduceat(sim.max(axis=1), starts) / sizes
    x[having, 17] = np.maximum.reduceat(sim, starts, axis=0).mean(axis=1)


@dataclass(frozen=True, slots=True)
class Reranker:
    """A logistic model over FEATURES (standardised; weight 0 for the RULES), then the RULES' caps."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def score(self, x: Matrix) -> npt.NDArray[np.float64]:
        """The probability that each row's candidate is the same claim as the query."""
        z = ((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.coef) + self.intercept
        result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
        for name, cap in RULES.items():
            result = np.where(x[:, FEATURES.index(name)] > 0, np.minimum(result, cap), result)
        return result

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Reranker:
        if data.get("features") != list(FEATURES):
            raise ValueError("the re-ranker's weights were trained on other features: run scripts/train_matcher.py")
        mean, scale, coef = (tuple(float(v) for v in _floats(data[k])) for k in ("mean", "scale", "coef"))
        intercept = data["intercept"]
        if not isinstance(intercept, int | float):
            raise ValueError("the re-ranker's intercept is not a number")
        return cls(mean, scale, coef, float(intercept))


def _floats(value: object) -> list[float]:
    if not isinstance(value, list) or len(value) != len(FEATURES):
        raise ValueError("the re-ranker's weights do not have one number per feature")
    return [float(v) for v in value]


@cache
def default_reranker() -> Reranker:
    """The shipped weights (claimtrack/matching/weights.json)."""
    return Reranker.from_json(json.loads(WEIGHTS.read_text(encoding="utf-8")))


def rank(
    query: Query | str, candidates: Sequence[Candidate], *, reranker: Reranker | None = None
) -> list[tuple[Hashable, float]]:
    """The candidates' ids with a score in [0, 1], best first.

    Pass the candidates in retrieval order (best first) with their retrieval scores (higher is
    better, as BM25's; FTS5's bm25() negated). Without any, the share of words in common stands in.
    """
    return rank_lists(query, [candidates], reranker=reranker)[0]


def rank_lists(
    query: Query | str, lists: Sequence[Sequence[Candidate]], *, reranker: Reranker | None = None
) -> list[list[tuple[Hashable, float]]]:
    """:func:`rank` for several candidate lists of one query (each from its own index, with its own
    retrieval scores), ranked each on its own as :func:`rank` does; the query is prepared once and
    the candidates of all the lists embedded together, which is cheaper than a call a list."""
    if isinstance(query, str):
        query = Query(query)
    if not any(lists):
        return [[] for _ in lists]
    model = reranker or default_reranker()
    prepared_query = prepare_queries([query])[0]
    prepared = prepare_candidates_cached([c for candidates in lists for c in candidates])
    out: list[list[tuple[Hashable, float]]] = []
    start = 0
    for candidates in lists:
        if not candidates:
            out.append([])
            continue
        mine = prepared[start : start + len(candidates)]
        start += len(candidates)
        scores = model.score(features(prepared_query, mine, [c.retrieval_score for c in candidates]))
        order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
        out.append([(candidates[i].id, float(scores[i])) for i in order])
    return out
