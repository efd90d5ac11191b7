"""Train the claim-matching re-ranker on the ``train`` splits and write its weights into the package.

    pip install -e '.[eval,train]'           # bm25s, scikit-learn (training only)
    python scripts/train_matcher.py          # cross-validate on train, then fit on all of train and write
    python scripts/train_matcher.py --cv-only

Data and candidates as in ``scripts/eval_matching.py``: for each train query of both sets, the top 50
of BM25; a pair is positive when the fact check is a relevant one. One logistic regression over
``claimtrack.matching.rerank.FEATURES`` (standardised), for both sets together. Tuning is by 5-fold
cross-validation over train queries (grouped by query, so a query's pairs stay in one fold); the dev
splits are never read here. Writes ``claimtrack/matching/weights.json``: feature names and numbers.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_matching import DATA, SETS, Pool, Retrieval, evaluate, load

from claimtrack.matching import rerank
from claimtrack.matching.rerank import Reranker

SEED = 20261206
C = 1.0


def labels(retrieval: Retrieval, p: Pool) -> list[np.ndarray]:
    return [
        np.array([retrieval.ids[j] in retrieval.data.qrels[qid] for j in p.docs[i]], dtype=np.int64)
        for i, qid in enumerate(p.qids)
    ]


def fit(xs: list[np.ndarray], ys: list[np.ndarray], c: float = C) -> Reranker:
    """Logistic regression on the LEARNED features; the RULES keep weight 0 (their penalty is fixed)."""
    x, y = np.vstack(xs), np.concatenate(ys)
    learned = [rerank.FEATURES.index(name) for name in rerank.LEARNED]
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(((x - mean) / scale)[:, learned], y)
    coef = np.zeros(len(rerank.FEATURES))
    coef[learned] = model.coef_[0]
    return Reranker(tuple(mean.tolist()), tuple(scale.tolist()), tuple(coef.tolist()), float(model.intercept_[0]))


def subset(p: Pool, idx: np.ndarray) -> Pool:
    return Pool([p.qids[i] for i in idx], p.docs[idx], p.scores[idx], [p.x[i] for i in idx])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cv-only", action="store_true", help="print the cross-validated figures, write nothing")
    parser.add_argument("--c", type=float, default=C, help=f"inverse regularisation (default {C})")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return 0
    data = {}
    for name in SETS:
        retrieval = Retrieval(load(name))
        p = pool(retrieval)
        data[name] = (retrieval, p, labels(retrieval, p))
    folds = {
        name: list(KFold(5, shuffle=True, random_state=SEED).split(np.arange(len(p.qids))))
        for name, (_, p, _) in data.items()
    }
    print(f"5-fold cross-validation on train (C={args.c}), one model for both sets")
    for name, (retrieval, p, _y) in data.items():
        base = evaluate(retrieval, p, None)
        print(
            f"{name:<20} BM25              MAP@1 {base['MAP@1']:.3f} MAP@5 {base['MAP@5']:.3f} R@10 {base['R@10']:.3f}"
        )
    results: dict[str, list[dict[str, float]]] = {name: [] for name in data}
    for k in range(5):
        xs, ys = [], []
        for name, (_r, p, y) in data.items():
            train_idx = folds[name][k][0]
            xs += [p.x[i] for i in train_idx]
            ys += [y[i] for i in train_idx]
        model = fit(xs, ys, args.c)
        for name, (retrieval, p, _y) in data.items():
            results[name].append(evaluate(retrieval, subset(p, folds[name][k][1]), model))
    for name, rows in results.items():
        m = {key: float(np.mean([r[key] for r in rows])) for key in rows[0]}
        print(f"{name:<20} BM25 + re-ranker  MAP@1 {m['MAP@1']:.3f} MAP@5 {m['MAP@5']:.3f} R@10 {m['R@10']:.3f}")
    if args.cv_only:
        return 0
    xs, ys = [], []
    for _r, p, y in data.values():
        xs += p.x
        ys += y
    model = fit(xs, ys, args.c)
    rerank.WEIGHTS.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {rerank.WEIGHTS.relative_to(Path(__file__).resolve().parents[1])}")
    for feature, weight in zip(rerank.FEATURES, model.coef):
        print(f"  {feature:<20} {weight:+.3f}")
    return 0


def pool(retrieval: Retrieval) -> Pool:
    from eval_matching import pool as make_pool

    return make_pool(retrieval, "train")


if __name__ == "__main__":
    sys.exit(main())
