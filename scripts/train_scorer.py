"""Train the check-worthiness scorer on ClaimBuster and write its weights into the package.

    pip install -e '.[train]'        # scikit-learn, numpy (training only)
    python scripts/train_scorer.py               # cross-validate, then train on all and write
    python scripts/train_scorer.py --cv-only     # only the cross-validated figures
    python scripts/train_scorer.py --grid        # small hyper-parameter search (grouped CV)

Data: ``../shared/data/claimbuster/crowdsourced.csv`` (Arslan, Hassan, Li, Tremayne: "A
Benchmark Dataset of Check-worthy Factual Claims", ICWSM 2020; Zenodo
10.5281/zenodo.3609356). The task: Verdict 1 (check-worthy factual sentence, CFS) against the
rest. Only the sentence text is used (no speaker, party, file or sentiment column).

News: the **dev part** of ``fixtures/triage/wikinews.jsonl`` (Wikinews, CC BY 2.5, labelled by
the desk's definition) is added to the training data, each sentence weighing ``NEWS_WEIGHT``
debate sentences: ``check`` against ``fact`` and ``opinion`` (``noise`` never reaches the
scorer). Debates teach what a factual claim looks like; the news sentences, what a news desk
wants checked. The test part is never read here. ``news_fold_models`` gives the scorers
``scripts/train_triage.py`` trains the triage model with: each dev article scored by one that
did not see it.

Measurement: 5-fold cross-validation grouped by debate (``File_id``, GroupKFold), so no debate
is in both training and test (the news sentences are in every fold's training part, and in no
test part: the figures are ClaimBuster's). In each fold the model is fitted on the training debates, its
decision threshold is chosen by an inner 3-fold grouped cross-validation on those debates only,
and the fold's model is **exported to the runtime format and scored by the package's pure-Python
scorer** (``claimtrack.extract.scoring.Model``): the printed figures are the shipped scorer's.
F1 is the F1 of the CFS class over all out-of-fold predictions (and the mean over folds);
AP is average precision of the score. The same protocol is run for the reference TF-IDF
logistic regression, for comparison.

Everything is deterministic (fixed seeds, deterministic solver).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, f1_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.extract import scoring

DATA = ROOT.parent / "shared" / "data" / "claimbuster" / "crowdsourced.csv"
NEWS = ROOT / "fixtures" / "triage" / "wikinews.jsonl"
#: How many debate sentences one labelled news sentence weighs (sentence-level grouped CV on the
#: news dev part: average precision 0.669 without news, 0.699 at 3, 0.704 at 10, 0.699 at 30).
NEWS_WEIGHT = 3.0
OUT = scoring.MODEL_PATH
SEED = 20240607

#: Chosen with ``--grid`` (grouped CV on the whole set; a small grid, to avoid over-fitting the
#: crowd labels).
PARAMS = {"C": 1.0, "min_df_word": 2, "min_df_char": 3, "alpha_char": 1.0, "alpha_shape": 0.5}


# --- data and raw features ------------------------------------------------------------------


def load() -> tuple[list[str], np.ndarray, np.ndarray]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    texts = [r["Text"] for r in rows]
    y = np.array([1 if r["Verdict"].strip() == "1" else 0 for r in rows])
    groups = np.array([r["File_id"] for r in rows])
    return texts, y, groups


def load_news() -> tuple[list[str], np.ndarray, list[str]]:
    """The dev part's sentences that reach the scorer: text, 1 for ``check``, article id."""
    texts: list[str] = []
    labels: list[int] = []
    docs: list[str] = []
    for line in NEWS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        article = json.loads(line)
        if article["split"] != "dev":
            continue
        for sentence in article["sentences"]:
            if sentence["label"] == "noise":
                continue
            texts.append(article["text"][sentence["start"] : sentence["end"]])
            labels.append(1 if sentence["label"] == "check" else 0)
            docs.append(article["doc_id"])
    return texts, np.array(labels), docs


class Raw:
    """Raw count matrices of every sentence (global vocabulary), built once."""

    def __init__(self, texts: list[str]) -> None:
        wv: dict[str, int] = {}
        cv: dict[str, int] = {}
        wr, wc, wd, cr, cc, cd, shp = [], [], [], [], [], [], []
        for i, s in enumerate(texts):
            toks = scoring.tokens(s)
            counts: dict[str, int] = {}
            for g in scoring.word_grams(toks):
                counts[g] = counts.get(g, 0) + 1
            for g, n in counts.items():
                wr.append(i)
                wc.append(wv.setdefault(g, len(wv)))
                wd.append(n)
            counts = {}
            for t in toks:
                if t not in (scoring.NUM, scoring.YEAR):
                    for g in scoring.char_grams(t):
                        counts[g] = counts.get(g, 0) + 1
            for g, n in counts.items():
                cr.append(i)
                cc.append(cv.setdefault(g, len(cv)))
                cd.append(n)
            shp.append(scoring.shape(s, toks))
        n = len(texts)
        self.W = sparse.csr_matrix((np.array(wd, float), (wr, wc)), shape=(n, len(wv)))
        self.C = sparse.csr_matrix((np.array(cd, float), (cr, cc)), shape=(n, len(cv)))
        self.S = np.array(shp, float)
        self.wvocab = sorted(wv, key=wv.__getitem__)
        self.cvocab = sorted(cv, key=cv.__getitem__)


def _idf(X: sparse.csr_matrix, min_df: int) -> tuple[np.ndarray, np.ndarray]:
    n = X.shape[0]
    df = np.asarray((X > 0).sum(axis=0)).ravel()
    keep = np.flatnonzero(df >= min_df)
    idf = np.log((1 + n) / (1 + df[keep])) + 1.0
    return keep, idf


class Featurizer:
    """The feature transform of ``scoring.Model``, fitted (vocabulary, idf) on some rows."""

    def __init__(self, raw: Raw, rows: np.ndarray, p: dict) -> None:
        self.raw, self.p = raw, p
        self.wkeep, self.widf = _idf(raw.W[rows], p["min_df_word"])
        self.ckeep, self.cidf = _idf(raw.C[rows], p["min_df_char"])

    def transform(self, rows: np.ndarray) -> sparse.csr_matrix:
        W = self.raw.W[rows][:, self.wkeep].tocsr()
        norm = np.sqrt(W @ (self.widf**2))
        norm[norm == 0] = 1.0
        W = sparse.diags(1.0 / norm) @ W.multiply(self.widf).tocsr()
        C = self.raw.C[rows][:, self.ckeep].tocsr()
        z = np.sqrt(C @ (self.cidf**2))
        z[z == 0] = 1.0
        C = sparse.diags(self.p["alpha_char"] / z) @ C.multiply(self.cidf).tocsr()
        S = sparse.csr_matrix(self.raw.S[rows] * self.p["alpha_shape"])
        return sparse.hstack([W, C, S]).tocsr()

    def export(self, clf: LogisticRegression, threshold_logit: float, meta: dict) -> dict:
        coef = clf.coef_.ravel()
        nw, nc = len(self.wkeep), len(self.ckeep)
        cw, cc, cs = coef[:nw], coef[nw : nw + nc], coef[nw + nc :]
        a = self.p["alpha_char"]
        word = {self.raw.wvocab[j]: [_r(w * i), _r(i * i)] for j, w, i in zip(self.wkeep, cw, self.widf)}
        char = {self.raw.cvocab[j]: [_r(a * w * i), _r(i * i)] for j, w, i in zip(self.ckeep, cc, self.cidf)}
        return {
            "format": 1,
            "bias": float(clf.intercept_[0]),
            "threshold_logit": float(threshold_logit),
            "word": word,
            "char": char,
            "shape": [float(w * self.p["alpha_shape"]) for w in cs],
            "shape_features": list(scoring.SHAPE_FEATURES),
            "meta": meta,
        }


def _r(x: float) -> float:
    return float(f"{x:.5g}")


def fit(X: sparse.csr_matrix, y: np.ndarray, p: dict, weight: np.ndarray | None = None) -> LogisticRegression:
    clf = LogisticRegression(C=p["C"], class_weight="balanced", solver="liblinear", max_iter=2000, random_state=SEED)
    return clf.fit(X, y, sample_weight=weight)


class Extra:
    """Rows added to every model's training part (the news sentences), with their weight."""

    def __init__(self, rows: np.ndarray, weight: float) -> None:
        self.rows, self.weight = rows, weight

    def train(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``rows`` and the extra rows, and the weight of each."""
        both = np.concatenate([rows, self.rows])
        return both, np.concatenate([np.ones(len(rows)), np.full(len(self.rows), self.weight)])


NO_EXTRA = Extra(np.zeros(0, int), 1.0)


def fit_rows(raw: Raw, rows: np.ndarray, y: np.ndarray, p: dict, extra: Extra) -> tuple[Featurizer, LogisticRegression]:
    """A featurizer and a model fitted on ``rows`` and the extra rows (``y`` covers both)."""
    both, weight = extra.train(rows)
    f = Featurizer(raw, both, p)
    return f, fit(f.transform(both), y[both], p, weight)


def best_threshold(z: np.ndarray, y: np.ndarray) -> float:
    """The logit threshold maximising F1 (midpoint between neighbouring scores)."""
    order = np.argsort(-z)
    zs, ys = z[order], y[order]
    tp = np.cumsum(ys)
    k = np.arange(1, len(ys) + 1)
    f1 = 2 * tp / (k + ys.sum())
    i = int(np.argmax(f1))
    return float((zs[i] + zs[i + 1]) / 2) if i + 1 < len(zs) else float(zs[i] - 1e-6)


def inner_threshold(
    raw: Raw, rows: np.ndarray, y: np.ndarray, groups: np.ndarray, p: dict, extra: Extra = NO_EXTRA
) -> float:
    z = np.zeros(len(rows))
    for tr, te in GroupKFold(n_splits=3).split(rows, y[rows], groups[rows]):
        f, clf = fit_rows(raw, rows[tr], y, p, extra)
        z[te] = clf.decision_function(f.transform(rows[te]))
    return best_threshold(z, y[rows])


# --- cross-validation -------------------------------------------------------------------------


def cross_validate(
    texts,
    y,
    groups,
    raw: Raw,
    p: dict,
    *,
    runtime: bool = True,
    tune_threshold: bool = True,
    verbose: bool = True,
    extra: Extra = NO_EXTRA,
) -> dict:
    """Grouped 5-fold CV over ``texts`` (the debate sentences); ``y`` and ``raw`` may hold the
    extra rows after them, which are added to every fold's training part."""
    n = len(texts)
    y_all, y = y, y[:n]
    oof_score = np.zeros(n)
    oof_pred = np.zeros(n, int)
    fold_f1, fold_ap, gaps = [], [], []
    for k, (tr, te) in enumerate(GroupKFold(n_splits=5).split(texts, y, groups)):
        f, clf = fit_rows(raw, tr, y_all, p, extra)
        thr = inner_threshold(raw, tr, y_all, groups, p, extra) if tune_threshold else 0.0
        z_sk = clf.decision_function(f.transform(te))
        if runtime:
            model = scoring.Model(f.export(clf, thr, {}))
            s = np.array([model.score(texts[i]) if texts[i].strip() else 0.0 for i in te])
            gaps.append(float(np.max(np.abs(np.array([model.logit(texts[i]) for i in te]) - z_sk))))
        else:
            s = 1 / (1 + np.exp(-(z_sk - thr)))
        oof_score[te] = s
        oof_pred[te] = (s >= 0.5).astype(int)
        fold_f1.append(f1_score(y[te], oof_pred[te]))
        fold_ap.append(average_precision_score(y[te], s))
        if verbose:
            print(
                f"  fold {k}: F1 {fold_f1[-1]:.3f}  AP {fold_ap[-1]:.3f}  threshold logit {thr:+.3f}"
                + (f"  |runtime - sklearn| <= {gaps[-1]:.1e}" if gaps else ""),
                flush=True,
            )
    return {
        "f1": float(f1_score(y, oof_pred)),
        "ap": float(average_precision_score(y, oof_score)),
        "f1_mean": float(np.mean(fold_f1)),
        "ap_mean": float(np.mean(fold_ap)),
        "max_runtime_gap": max(gaps) if gaps else None,
    }


def reference(texts, y, groups) -> dict:
    """The reference: TF-IDF (word 1-2-grams) logistic regression, threshold 0.5."""
    pred = np.zeros(len(texts), int)
    score = np.zeros(len(texts))
    for tr, te in GroupKFold(n_splits=5).split(texts, y, groups):
        vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        clf = LogisticRegression(max_iter=2000, class_weight="balanced", random_state=SEED)
        clf.fit(vec.fit_transform([texts[i] for i in tr]), y[tr])
        p = clf.predict_proba(vec.transform([texts[i] for i in te]))[:, 1]
        score[te], pred[te] = p, (p >= 0.5).astype(int)
    return {"f1": float(f1_score(y, pred)), "ap": float(average_precision_score(y, score))}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cv-only", action="store_true", help="measure, do not write the weights")
    ap.add_argument("--no-cv", action="store_true", help="only train on everything and write")
    ap.add_argument("--grid", action="store_true", help="small grid search (grouped CV, sklearn scores)")
    ap.add_argument("--reference", action="store_true", help="also measure the reference TF-IDF model")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not DATA.is_file():
        print(f"no ClaimBuster data at {DATA}", file=sys.stderr)
        return 2
    t0 = time.time()
    texts, y, groups, raw, extra, _docs, n = training_data()
    print(
        f"{n} debate sentences, {y[:n].sum()} CFS, {len(set(groups))} debates; {len(extra.rows)} news sentences "
        f"(dev part), {y[n:].sum()} check, weight {NEWS_WEIGHT:g} each; "
        f"{raw.W.shape[1]} word grams, {raw.C.shape[1]} char grams ({time.time() - t0:.0f}s)",
        flush=True,
    )
    if args.reference:
        r = reference(texts, y[:n], groups)
        print(f"reference TF-IDF LR: F1 {r['f1']:.3f}  AP {r['ap']:.3f}")
    if args.grid:
        for C in (0.5, 1.0, 2.0):
            for ac in (0.5, 1.0, 1.5, 2.0):
                for as_ in (0.5, 1.0):
                    p = dict(PARAMS, C=C, alpha_char=ac, alpha_shape=as_)
                    r = cross_validate(
                        texts, y, groups, raw, p, runtime=False, tune_threshold=False, verbose=False, extra=extra
                    )
                    print(f"C={C} alpha_char={ac} alpha_shape={as_}: AP {r['ap']:.4f}  F1@0 {r['f1']:.4f}", flush=True)
        return 0
    meta = {
        "params": PARAMS,
        "seed": SEED,
        "data": "ClaimBuster crowdsourced.csv (Zenodo 10.5281/zenodo.3609356); the dev part of "
        f"fixtures/triage/wikinews.jsonl (Wikinews, CC BY 2.5), each sentence weighing {NEWS_WEIGHT:g}",
    }
    if not args.no_cv:
        print("5-fold grouped CV of the exported pure-Python scorer:")
        r = cross_validate(texts, y, groups, raw, PARAMS, extra=extra)
        print(
            f"CV (pure-Python scorer): F1 {r['f1']:.3f} (fold mean {r['f1_mean']:.3f})  "
            f"AP {r['ap']:.3f} (fold mean {r['ap_mean']:.3f})  max |runtime - sklearn| {r['max_runtime_gap']:.1e}"
        )
        meta["cv"] = {k: round(v, 4) for k, v in r.items() if v is not None}
    if args.cv_only:
        return 0
    rows = np.arange(n)
    thr = inner_threshold_full(raw, rows, y, groups, PARAMS, extra)
    f, clf = fit_rows(raw, rows, y, PARAMS, extra)
    data = f.export(clf, thr, meta)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(args.out, "wb", mtime=0) as fh:  # mtime 0: byte-identical reruns
        fh.write(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    size = args.out.stat().st_size
    model = scoring.load_model(args.out)
    z_rt = np.array([model.logit(t) for t in texts[:2000]])
    z_sk = clf.decision_function(f.transform(rows[:2000]))
    print(
        f"wrote {args.out} ({size / 1e6:.2f} MB; {len(data['word'])} word and {len(data['char'])} char "
        f"features; threshold logit {thr:+.3f}; max |runtime - sklearn| {np.max(np.abs(z_rt - z_sk)):.1e})"
    )
    print(f"done in {time.time() - t0:.0f}s")
    return 0


def inner_threshold_full(
    raw: Raw, rows: np.ndarray, y: np.ndarray, groups: np.ndarray, p: dict, extra: Extra = NO_EXTRA
) -> float:
    """The shipped threshold: F1-optimal on the 5-fold grouped out-of-fold logits of the debate
    sentences ``rows`` (the extra rows in every fold's training part)."""
    z = np.zeros(len(rows))
    for tr, te in GroupKFold(n_splits=5).split(rows, y[rows], groups):
        f, clf = fit_rows(raw, rows[tr], y, p, extra)
        z[te] = clf.decision_function(f.transform(rows[te]))
    return best_threshold(z, y[rows])


def training_data() -> tuple[list[str], np.ndarray, np.ndarray, Raw, Extra, list[str], int]:
    """The debate sentences and the news ones after them: texts, labels (both), debate groups,
    raw features (both), the news rows as extra rows, each news row's article, and how many
    debate sentences there are."""
    texts, y, groups = load()
    news, news_y, docs = load_news()
    raw = Raw(texts + news)
    extra = Extra(np.arange(len(texts), len(texts) + len(news)), NEWS_WEIGHT)
    return texts, np.concatenate([y, news_y]), groups, raw, extra, docs, len(texts)


def news_fold_models(folds: int = 5) -> dict[str, scoring.Model]:
    """For each dev article, the scorer trained as the shipped one but without the news
    articles of its fold (grouped by article): its sentences scored as unseen news."""
    _texts, y, groups, raw, extra, docs, n = training_data()
    debate = np.arange(n)
    thr = inner_threshold_full(raw, debate, y, groups, PARAMS, extra)
    out: dict[str, scoring.Model] = {}
    doc_array = np.array(docs)
    for tr, te in GroupKFold(n_splits=folds).split(extra.rows, groups=doc_array):
        f, clf = fit_rows(raw, debate, y, PARAMS, Extra(extra.rows[tr], extra.weight))
        model = scoring.Model(f.export(clf, thr, {}))
        for doc in set(doc_array[te]):
            out[str(doc)] = model
    return out


if __name__ == "__main__":
    raise SystemExit(main())
