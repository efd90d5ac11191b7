"""Measure claim matching on the CheckThat! claim-matching sets: BM25 alone against BM25 + the re-ranker.

    pip install -e '.[eval]'                     # bm25s (the candidate retrieval of this script)
    python scripts/eval_matching.py              # dev and train, both sets
    python scripts/eval_matching.py --split dev --set tweets_snopes
    python scripts/eval_matching.py --timing     # p50 and p95 of re-ranking 50 candidates with rank()
    python scripts/eval_matching.py --through-cli --split dev   # through `claimtrack match`, from SQLite's FTS5

Data: ``../shared/data/claim_matching/{tweets_snopes,debates_politifact}`` (queries.jsonl,
collection.jsonl, qrels.tsv; research use only: read in place, nothing copied into the project).
Candidates: the top 50 of BM25 (bm25s, k1 1.5, b 0.75, English stopwords, over claim and title),
as a full-text index gives them in production; the re-ranker (``claimtrack.matching``, weights
trained on ``train`` by ``scripts/train_matcher.py``) re-orders them. Figures: MAP@1, MAP@5 (the
tasks' official measure) and Recall@10 over the queries that have a relevant fact check. The
``train`` figures of the shipped re-ranker are in-sample: ``train_matcher.py`` prints the
cross-validated ones.

``--through-cli`` measures the product instead, through the ``claimtrack match`` contract: each
collection is imported into a temporary SQLite database with ``claimtrack factchecks import``, the
queries are piped to ``claimtrack match - --json --limit 10``, and the figures are computed from
its output. The candidates come from FTS5 there, not from bm25s, so the figures differ a little.
It needs no eval extra.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.matching import rerank
from claimtrack.matching.rerank import Candidate, Prepared, Query, Reranker

DATA = ROOT.parent / "shared" / "data" / "claim_matching"
SETS = ("tweets_snopes", "debates_politifact")
DEPTH = 50  # candidates re-ranked per query


@dataclass
class Dataset:
    name: str
    queries: list[dict[str, object]]
    collection: list[dict[str, object]]
    qrels: dict[str, set[str]]  # query id -> relevant collection ids


def load(name: str) -> Dataset:
    folder = DATA / name
    with (folder / "queries.jsonl").open(encoding="utf-8") as fh:
        queries = [json.loads(line) for line in fh if line.strip()]
    with (folder / "collection.jsonl").open(encoding="utf-8") as fh:
        collection = [json.loads(line) for line in fh if line.strip()]
    qrels: dict[str, set[str]] = defaultdict(set)
    with (folder / "qrels.tsv").open(encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            qid, cid, rel, _split = line.rstrip("\n").split("\t")
            if int(rel) > 0:
                qrels[qid].add(cid)
    return Dataset(name, queries, collection, dict(qrels))


def parse_date(value: object) -> datetime.date | None:
    """A fact check's date ("2019-10-22", "26 May 2015") or a transcript's ("20121023_..." prefix)."""
    text = str(value or "").strip()
    for pattern, width in (("%Y-%m-%d", 10), ("%Y%m%d", 8), ("%d %B %Y", None), ("%d %b %Y", None)):
        try:
            return datetime.datetime.strptime(text[:width] if width else text, pattern).date()
        except ValueError:
            continue
    return None


def as_query(q: dict[str, object]) -> Query:
    """A query as the matcher gets it: text, context and speaker; a transcript's date from its name.
    A post's date is read from its sign-off by the matcher itself."""
    context = q.get("context") or []
    assert isinstance(context, list)
    date = parse_date(q["source_doc"]) if q.get("source_doc") else None
    return Query(str(q["text"]), tuple(str(c) for c in context), str(q.get("speaker") or ""), date)


def as_candidate(c: dict[str, object]) -> Candidate:
    return Candidate(
        str(c["id"]),
        str(c["text"]),
        str(c.get("title") or ""),
        str(c.get("speaker") or ""),
        None,
        parse_date(c.get("date")),
    )


class Retrieval:
    """BM25 over the collection (claim and title), and every fact check prepared once for re-ranking."""

    def __init__(self, data: Dataset) -> None:
        import bm25s

        self.data = data
        self.ids = [str(c["id"]) for c in data.collection]
        corpus = [f"{c['text']} {c.get('title') or ''}" for c in data.collection]
        self.bm25 = bm25s.BM25(k1=1.5, b=0.75)
        self.bm25.index(bm25s.tokenize(corpus, stopwords="en", show_progress=False), show_progress=False)
        self._tokenize = bm25s.tokenize
        self.candidates = [as_candidate(c) for c in data.collection]
        self.prepared = rerank.prepare_candidates(self.candidates)

    def search(self, texts: list[str], k: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        k = min(k or DEPTH, len(self.ids))
        tokens = self._tokenize(texts, stopwords="en", show_progress=False)
        docs, scores = self.bm25.retrieve(tokens, k=k, show_progress=False, n_threads=1)
        return np.asarray(docs), np.asarray(scores)


@dataclass
class Pool:
    """For each query of one split: its id, candidate indices (BM25 order), BM25 scores, features."""

    qids: list[str]
    docs: np.ndarray
    scores: np.ndarray
    x: list[np.ndarray]


def pool(retrieval: Retrieval, split: str) -> Pool:
    queries = [q for q in retrieval.data.queries if q["split"] == split and str(q["id"]) in retrieval.data.qrels]
    docs, scores = retrieval.search([str(q["text"]) for q in queries])
    prepared = rerank.prepare_queries([as_query(q) for q in queries])
    x = []
    for i, pq in enumerate(prepared):
        cands: list[Prepared] = [retrieval.prepared[j] for j in docs[i]]
        x.append(rerank.features(pq, cands, [float(s) for s in scores[i]]))
    return Pool([str(q["id"]) for q in queries], docs, scores, x)


def measure(rankings: list[list[str]], relevant: list[set[str]]) -> dict[str, float]:
    """MAP@1, MAP@5 (CheckThat!'s definition: the sum of precisions at relevant ranks over the
    number of relevant items) and Recall@10, averaged over queries."""

    def ap(ranked: list[str], rel: set[str], k: int) -> float:
        found, total = 0, 0.0
        for i, cid in enumerate(ranked[:k]):
            if cid in rel:
                found += 1
                total += found / (i + 1)
        return total / len(rel)

    n = len(rankings)
    return {
        "MAP@1": sum(ap(r, g, 1) for r, g in zip(rankings, relevant)) / n,
        "MAP@5": sum(ap(r, g, 5) for r, g in zip(rankings, relevant)) / n,
        "R@10": sum(len(set(r[:10]) & g) / len(g) for r, g in zip(rankings, relevant)) / n,
    }


def evaluate(retrieval: Retrieval, p: Pool, reranker: Reranker | None) -> dict[str, float]:
    rankings = []
    for i in range(len(p.qids)):
        ids = [retrieval.ids[j] for j in p.docs[i]]
        if reranker is not None:
            s = reranker.score(p.x[i])
            ids = [ids[j] for j in sorted(range(len(ids)), key=lambda j: (-s[j], j))]
        rankings.append(ids)
    return measure(rankings, [retrieval.data.qrels[q] for q in p.qids])


def timing(retrieval: Retrieval, p: Pool, runs: int = 200) -> dict[str, float]:
    """p50 and p95 (ms) of rerank.rank() on 50 candidates, every text embedded at each call: wall
    clock, and CPU time (the process's own, which other work on a shared machine does not inflate)."""
    reranker = rerank.default_reranker()
    queries = {str(q["id"]): as_query(q) for q in retrieval.data.queries}
    wall, cpu = [], []
    for n in range(runs):
        i = n % len(p.qids)
        cands = [
            Candidate(c.id, c.text, c.title, c.speaker, float(s), c.date)
            for c, s in zip((retrieval.candidates[j] for j in p.docs[i]), p.scores[i])
        ]
        t, c0 = time.perf_counter(), time.process_time()
        rerank.rank(queries[p.qids[i]], cands, reranker=reranker)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return {
        "wall p50": float(np.percentile(wall, 50)),
        "wall p95": float(np.percentile(wall, 95)),
        "cpu p50": float(np.percentile(cpu, 50)),
        "cpu p95": float(np.percentile(cpu, 95)),
    }


def claimtrack(db: Path, *args: str, stdin: str | None = None) -> str:
    """Run ``claimtrack --db DB ARGS``; its standard output, or SystemExit with its error line."""
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack", "--db", str(db), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"claimtrack {' '.join(args[:2])} failed: {done.stderr.strip()}")
    return done.stdout


def import_line(c: dict[str, object]) -> dict[str, object]:
    """A collection entry as ``factchecks import`` reads it (no url: two entries may share one)."""
    date = parse_date(c.get("date"))
    line: dict[str, object] = {"id": str(c["id"]), "text": str(c["text"])}
    for key in ("title", "speaker"):
        if c.get(key):
            line[key] = str(c[key])
    if c.get("verdict"):
        line["rating"] = str(c["verdict"])
    if date is not None:
        line["date"] = date.isoformat()
    return line


def match_line(q: dict[str, object]) -> dict[str, object]:
    """A query as ``claimtrack match -`` reads it."""
    query = as_query(q)
    line: dict[str, object] = {"id": str(q["id"]), "text": query.text, "context": list(query.context)}
    if query.speaker:
        line["speaker"] = query.speaker
    if query.date is not None:
        line["date"] = query.date.isoformat()
    return line


def through_cli(data: Dataset, split: str, folder: Path) -> tuple[dict[str, float], int, float]:
    """MAP@1, MAP@5, R@10 of ``claimtrack match`` on one split, the number of queries, and seconds a query."""
    db = folder / f"{data.name}.db"
    collection = folder / f"{data.name}.jsonl"
    if not db.exists():  # once per set, for all its splits
        collection.write_text("".join(json.dumps(import_line(c)) + "\n" for c in data.collection), encoding="utf-8")
        claimtrack(db, "factchecks", "import", str(collection), "--collection", data.name)
    queries = [q for q in data.queries if q["split"] == split and str(q["id"]) in data.qrels]
    stdin = "".join(json.dumps(match_line(q)) + "\n" for q in queries)
    start = time.perf_counter()
    out = claimtrack(db, "match", "-", "--json", "--limit", "10", stdin=stdin)
    seconds = (time.perf_counter() - start) / max(len(queries), 1)
    ranked: dict[str, list[str]] = {}
    for line in out.splitlines():
        result = json.loads(line)
        ranked[str(result["id"])] = [str(m["external_id"]) for m in result["matches"] if m["kind"] == "factcheck"]
    qids = [str(q["id"]) for q in queries]
    return measure([ranked.get(q, []) for q in qids], [data.qrels[q] for q in qids]), len(qids), seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=SETS, action="append", help="one set (default: both)")
    parser.add_argument("--split", choices=("dev", "train"), action="append", help="one split (default: both)")
    parser.add_argument("--timing", action="store_true", help="also time rank() on 50 candidates (p50, p95)")
    parser.add_argument(
        "--through-cli",
        action="store_true",
        help="measure `claimtrack match` on a temporary SQLite database instead (FTS5 candidates)",
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent (the claim-matching data sets live beside the clone)")
        return 0
    if args.through_cli:
        print(f"{'set':<20} {'split':<6} {'method':<18} {'MAP@1':>6} {'MAP@5':>6} {'R@10':>6}  queries  s/query")
        with tempfile.TemporaryDirectory(prefix="claimtrack-eval-") as tmp:
            for name in args.set or SETS:
                data = load(name)
                for split in args.split or ("dev", "train"):
                    m, n, seconds = through_cli(data, split, Path(tmp))
                    print(
                        f"{name:<20} {split:<6} {'claimtrack match':<18} "
                        f"{m['MAP@1']:6.3f} {m['MAP@5']:6.3f} {m['R@10']:6.3f}  {n:<7}  {seconds:.3f}"
                    )
        return 0
    try:
        import bm25s  # noqa: F401
    except ImportError:
        print("bm25s is missing: pip install -e '.[eval]'", file=sys.stderr)
        return 1
    reranker = rerank.default_reranker()
    print(f"{'set':<20} {'split':<6} {'method':<18} {'MAP@1':>6} {'MAP@5':>6} {'R@10':>6}  queries")
    for name in args.set or SETS:
        retrieval = Retrieval(load(name))
        for split in args.split or ("dev", "train"):
            p = pool(retrieval, split)
            for method, model in (("BM25", None), ("BM25 + re-ranker", reranker)):
                m = evaluate(retrieval, p, model)
                print(
                    f"{name:<20} {split:<6} {method:<18} {m['MAP@1']:6.3f} {m['MAP@5']:6.3f} {m['R@10']:6.3f}  {len(p.qids)}"
                )
            if args.timing:
                t = timing(retrieval, p)
                print(
                    f"{name:<20} {split:<6} rank() on {DEPTH} candidates, ms: "
                    + ", ".join(f"{k} {v:.1f}" for k, v in t.items())
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
