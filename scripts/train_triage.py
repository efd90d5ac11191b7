"""Train the triage model (``claimtrack/extract/triage.json``) on the labelled news set's dev part.

    pip install -e '.[train]'
    python scripts/train_triage.py            # grouped cross-validation, then fit and write
    python scripts/train_triage.py --cv-only  # only the cross-validated figures

Data: ``fixtures/triage/wikinews.jsonl`` (Wikinews, CC BY 2.5; labels by the desk's definition),
**dev part only**: the test part is held out for ``scripts/eval_triage.py``. Each article goes
through the extractor exactly as ``claimtrack ingest`` runs it; every proposal's feature vector
(``claimtrack.extract.triage.features``) is recorded through ``triage.RECORDER``, and its label
is 1 when the labelled sentence it falls on (the one it overlaps most) is ``check``.

Measurement: 5-fold cross-validation grouped by article (no article in both training and
test). The decision threshold is the one that maximises F1 of the out-of-fold scores, where
precision counts proposals and recall counts check sentences (as ``eval_triage.py`` does). The
figures printed are out-of-fold, and the written model is fitted on the whole dev part with
that threshold. Deterministic.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import eval_triage

from claimtrack.extract import scoring, triage

C = 1.0


def collect(
    articles: list[dict], scorers: dict[str, scoring.Model] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[tuple[int, int]], dict[int, int]]:
    """Features, labels, article groups, each proposal's (article, sentence), and check counts.
    With ``scorers``, each article's sentences are scored by its own (one trained without it)."""
    xs: list[list[float]] = []
    ys: list[int] = []
    groups: list[int] = []
    where: list[tuple[int, int]] = []
    checks: dict[int, int] = {}
    for gi, article in enumerate(articles):
        recorded: list[list[float]] = []
        triage.RECORDER = recorded
        if scorers is not None:  # the sentence scorer that never saw this article
            scoring._model = scorers[article["doc_id"]]
        try:
            placed = eval_triage.propose(article)
        finally:
            triage.RECORDER = None
            scoring._model = None
        # one recorded vector per proposal scored, in scoring order; proposals come sorted by
        # place, so pair them by the claim text the vector was made from
        by_text: dict[str, list[list[float]]] = defaultdict(list)
        for vec, text in zip(recorded, _texts):
            by_text[text].append(vec)
        _texts.clear()
        labels = article["sentences"]
        checks[gi] = sum(1 for s in labels if s["label"] == "check")
        for p in placed:
            vecs = by_text.get(p.text)
            if not vecs:
                continue
            xs.append(vecs.pop(0))
            ys.append(1 if labels[p.sentence]["label"] == "check" else 0)
            groups.append(gi)
            where.append((gi, p.sentence))
    return np.array(xs), np.array(ys), np.array(groups), where, checks


_texts: list[str] = []
_original = triage.proposal_score


def _recording_score(sentence: str, claim: str, sentence_score: float, ctx: triage.Context) -> float:
    _texts.append(claim)
    return _original(sentence, claim, sentence_score, ctx)


def figures(
    scores: np.ndarray, ys: np.ndarray, where: list[tuple[int, int]], checks: dict[int, int], threshold: float
) -> tuple[float, float, float]:
    chosen = scores >= threshold
    proposals = int(chosen.sum())
    good = int((chosen & (ys == 1)).sum())
    found = {where[i] for i in range(len(ys)) if chosen[i] and ys[i] == 1}
    total = sum(checks.values())
    p = good / proposals if proposals else 0.0
    r = len(found) / total if total else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def best_threshold(scores: np.ndarray, ys: np.ndarray, where: list[tuple[int, int]], checks: dict[int, int]) -> float:
    best, best_f = 0.5, -1.0
    for t in np.linspace(0.05, 0.95, 91):
        f = figures(scores, ys, where, checks, float(t))[2]
        if f > best_f:
            best, best_f = float(t), f
    return best


def fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=2000, class_weight="balanced").fit(x, y)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv-only", action="store_true")
    args = ap.parse_args(argv)
    if not eval_triage.DATA.is_file():
        print(f"no labelled set at {eval_triage.DATA}", file=sys.stderr)
        return 2
    articles = [a for a in eval_triage.load() if a["split"] == "dev"]
    # score every proposal with the sentence score alone while collecting
    triage._loaded, triage._model = True, None
    # The shipped sentence scorer learnt from these very articles' sentences (scripts/train_scorer.py):
    # each is scored here by the scorer trained without its fold, as unseen news would be
    import train_scorer

    from claimtrack.extract import extractor  # it imports proposal_score by name: patch it there

    scorers = train_scorer.news_fold_models() if train_scorer.DATA.is_file() else None
    if scorers is None:
        print("no ClaimBuster data: the shipped scorer scores the dev articles (in-sample)", file=sys.stderr)
    extractor.proposal_score = _recording_score
    try:
        x, y, groups, where, checks = collect(articles, scorers)
    finally:
        extractor.proposal_score = _original
    print(
        f"{len(y)} proposals from {len(articles)} dev articles, {int(y.sum())} on check sentences; "
        f"{sum(checks.values())} check sentences"
    )

    base = 1 / (1 + np.exp(-x[:, 0]))
    t0 = best_threshold(base, y, where, checks)
    p, r, f = figures(base, y, where, checks, 0.5)
    print(f"sentence score alone, threshold 0.5:   precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    p, r, f = figures(base, y, where, checks, t0)
    print(f"sentence score alone, best {t0:.2f}:     precision {p:.3f} recall {r:.3f} F1 {f:.3f}")

    oof = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        oof[test] = fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    t = best_threshold(oof, y, where, checks)
    p, r, f = figures(oof, y, where, checks, t)
    print(f"triage model, out-of-fold, best {t:.2f}: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    if args.cv_only:
        return 0
    m = fit(x, y)
    for name, w in zip(triage.FEATURES, m.coef_[0]):
        print(f"  {name:16s} {w:+.3f}")
    data = {
        "about": "claimtrack triage model: logistic regression over claimtrack.extract.triage.FEATURES, "
        "trained by scripts/train_triage.py on fixtures/triage (dev part; Wikinews CC BY 2.5).",
        "features": list(triage.FEATURES),
        "weights": [round(float(w), 6) for w in m.coef_[0]],
        "bias": round(float(m.intercept_[0]), 6),
        "threshold_logit": round(float(np.log(t / (1 - t))), 6),
        "cv": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "threshold": t},
    }
    triage.MODEL_PATH.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {triage.MODEL_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
