"""Re-ranking speed: one new claim against 50 candidates, the step matching adds per claim.

    python benchmarks/matching_rerank.py              # 200 rounds
    python benchmarks/matching_rerank.py --rounds 1000

Printed: the wall-clock p50 and p95 of ``claimtrack.matching.rank`` for 50 candidates, and, as
the baseline measured in the same run, the same percentiles of embedding the same 51 texts alone
(``claimtrack.matching.embedding.embed``: the least any meaning-based re-ranker pays), with the
ratio of the two. The target (issue 15) is at most 50 ms at p95 for matching one claim. The
texts are synthetic (no data from ../shared). The model is loaded before timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.matching import Candidate, Query, rank
from claimtrack.matching.embedding import embed

WORDS = (
    "the unemployment rate fell rose to four percent in Ohio last year governor taxes by 4,300 dollars "
    "senator said crime doubled since 2019 city budget schools hospitals vaccine border wall jobs"
).split()


def percentiles(run: Callable[[], object], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    candidates = [
        Candidate(i, " ".join(rng.choice(WORDS, 20)), " ".join(rng.choice(WORDS, 8)), "Jane Smith", 10.0 - i / 10)
        for i in range(50)
    ]
    query = Query(" ".join(rng.choice(WORDS, 25)), (" ".join(rng.choice(WORDS, 12)),), "Governor Smith")
    texts = [query.text, *(c.text for c in candidates)]
    rank(query, candidates)  # loads the model and the weights
    embed(texts)
    base50, base95 = percentiles(lambda: embed(texts), args.rounds)
    ours50, ours95 = percentiles(lambda: rank(query, candidates), args.rounds)
    print(f"embedding 51 texts (baseline): p50 {base50 * 1000:6.1f} ms   p95 {base95 * 1000:6.1f} ms")
    print(f"rank 50 candidates:            p50 {ours50 * 1000:6.1f} ms   p95 {ours95 * 1000:6.1f} ms")
    print(f"ratio rank / baseline:         p50 {ours50 / base50:6.1f}x    p95 {ours95 / base95:6.1f}x")
    print(f"target p95 <= 50 ms: {'met' if ours95 <= 0.05 else 'NOT met'}")


if __name__ == "__main__":
    main()
