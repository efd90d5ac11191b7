"""Extraction throughput, against a bare regular-expression sentence split of the same text.

    python benchmarks/extract.py            # 4 MB of news text, and the linearity check
    python benchmarks/extract.py --mb 8 --repeat 5 --profile

The text is the project's fixture articles (``fixtures/articles/*.txt`` and the 39 Wikinews
articles of ``fixtures/triage/``) repeated, one paragraph a line, to the requested size (a
copy repeats about 350 kB further on: further than a pull quote's repeat, which the extractor
proposes once). Start-up (imports, loading the scorer's weights) is
excluded: the scorer is warmed up first. One core, best of ``--repeat`` runs.

Printed:

* ``extract``: MB of article text (UTF-8 bytes) per second through ``extract_claims``;
* ``bare split``: the same for ``re.finditer(r"[^.!?\\n]+[.!?]*", text)`` — the floor any
  sentence-based extractor pays — and the ratio of the two;
* ``linearity``: the time for 10 MB in a single paragraph (no newline at all) over the time for
  1 MB in a single paragraph. Linear cost gives about 10; the bound is 12.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.extract import extract_claims, score_sentence

BARE = re.compile(r"[^.!?\n]+[.!?]*")


def corpus(mb: float, *, single_paragraph: bool = False) -> str:
    parts = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt"))]
    triage = ROOT / "fixtures" / "triage" / "wikinews.jsonl"
    if triage.is_file():
        parts += [json.loads(line)["text"] for line in triage.read_text("utf-8").splitlines() if line.strip()]
    base = "\n".join(parts)
    if single_paragraph:
        base = " ".join(base.split("\n"))
    sep = " " if single_paragraph else "\n"
    n = max(1, int(mb * 1e6 / len(base.encode("utf-8"))) + 1)
    text = sep.join([base] * n)
    # cut to size at a space, so that the size is what was asked for
    cut = text.rfind(" ", 0, int(mb * 1e6))
    return text[:cut] if cut > 0 else text


def best_time(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best


def bare_split(text: str) -> int:
    return sum(1 for _ in BARE.finditer(text))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=4.0, help="size of the news text (default 4 MB)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print the cProfile hot spots of one run")
    ap.add_argument("--no-linearity", action="store_true")
    args = ap.parse_args(argv)

    score_sentence("Warm up: the weights are loaded once, before timing.")
    text = corpus(args.mb)
    size = len(text.encode("utf-8")) / 1e6
    extract_claims(text[:100_000])  # warm caches the same way every run
    t_ex = best_time(extract_claims, text, args.repeat)
    t_re = best_time(bare_split, text, args.repeat)
    n_claims = len(extract_claims(text))
    print(f"text        {size:.2f} MB, {text.count(chr(10)) + 1} paragraphs, {n_claims} claims")
    print(f"extract     {size / t_ex:6.2f} MB/s  ({t_ex:.2f} s)")
    print(f"bare split  {size / t_re:6.2f} MB/s  ({t_re:.3f} s)")
    print(f"ratio       extract takes {t_ex / t_re:.1f}x the time of the bare split")
    if not args.no_linearity:
        small = corpus(1.0, single_paragraph=True)
        big = corpus(10.0, single_paragraph=True)
        t1 = best_time(extract_claims, small, args.repeat)
        t10 = best_time(extract_claims, big, max(1, args.repeat - 1))
        print(f"linearity   single paragraph: 1 MB {t1:.2f} s, 10 MB {t10:.2f} s, ratio {t10 / t1:.1f} (bound 12)")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        extract_claims(text)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
