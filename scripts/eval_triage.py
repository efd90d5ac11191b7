"""Measure triage: what the extractor proposes on real news, against sentences labelled by hand.

The data is ``fixtures/triage/wikinews.jsonl``: Wikinews articles (news and interviews, CC BY
2.5) with every sentence labelled by the desk's definition (``CHECKWORTHY.md``, summarised in
``fixtures/triage/README.md``): ``check``, ``fact``, ``opinion`` or ``noise``, and for a check
sentence its claimant. Each article is in the ``dev`` part (for development) or the ``test``
part (held out: look at its figures only to report them, never to tune).

Each article goes through the same path as ``claimtrack ingest`` of a text file
(``parse_article``: the first line is the title unless it reads like a paragraph; then
``extract_claims`` on the body with the title, the outlet "Wikinews" as default claimant).
Every proposal is placed on the labelled sentence it overlaps most, and the script prints:

* **all proposals**: precision (share on check sentences) and recall (share of check sentences
  with at least one proposal);
* **check-worthy proposals** (``check_worthy``, what the desk's queue shows by default): the
  same two figures;
* **R-precision by score**: the labelled sentences ranked by the highest score of a proposal on
  them (sentences with no proposal rank last), the share of check sentences among the top N,
  where N is the number of check sentences;
* **noise**: proposals (and check-worthy proposals) on noise sentences;
* **claimant accuracy**: of the proposals on check sentences, the share whose claimant names
  the labelled claimant (``names``: same person or body: equal after normalising, or one's
  name words are contained in the other's, "Evans" names "William Evans"), and the share equal
  after normalising (``exact``).

Usage::

    python scripts/eval_triage.py                 # dev and test, both parts
    python scripts/eval_triage.py --part dev --show 30     # with misses and false proposals
    python scripts/eval_triage.py --threshold 0.6          # what another queue threshold gives
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.extract import extract_claims
from claimtrack.services.articles import parse_article

DATA = ROOT / "fixtures" / "triage" / "wikinews.jsonl"
OUTLET = "Wikinews"

_TITLE_WORDS = frozenset("""mr mrs ms dr prof sen rep gov gen president minister the a an of and de""".split())
_NON_WORD = re.compile(r"[^\w\s]")


def load(path: Path = DATA) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Placed:
    """A proposal placed on the sentence it overlaps most (index into the article's sentences)."""

    sentence: int
    score: float
    check_worthy: bool
    claimant: str | None
    text: str
    in_title: bool


def propose(article: dict, *, threshold: float | None = None) -> list[Placed]:
    """Run the ingest path on one labelled article; place each proposal on a labelled sentence."""
    text: str = article["text"]
    parsed = parse_article(text, article["doc_id"])
    body_at = text.find(parsed.body)
    if body_at < 0:
        raise SystemExit(f"{article['doc_id']}: the parsed body is not a substring of the text")
    title_at = text.find(parsed.title) if parsed.title else -1
    try:
        claims = extract_claims(parsed.body, title=parsed.title, default_claimant=OUTLET)
    except TypeError:  # an extractor from before titles were proposed (for "before" figures)
        claims = extract_claims(parsed.body, default_claimant=OUTLET)
    spans = [(s["start"], s["end"]) for s in article["sentences"]]
    placed: list[Placed] = []
    for c in claims:
        in_title = getattr(c, "in_title", False)
        base = title_at if in_title else body_at
        a, b = base + c.start, base + c.end
        best, best_overlap = -1, 0
        for i, (s, e) in enumerate(spans):
            if e <= a:
                continue
            if s >= b:
                break
            overlap = min(b, e) - max(a, s)
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best < 0:
            continue
        worthy = c.check_worthy if threshold is None else c.score >= threshold
        placed.append(Placed(best, c.score, worthy, c.claimant, c.text, in_title))
    return placed


def _norm(name: str | None) -> str:
    if not name:
        return ""
    words = _NON_WORD.sub(" ", name.lower()).split()
    return " ".join(w for w in words if w not in _TITLE_WORDS)


def claimant_names(proposed: str | None, gold: str | None) -> bool:
    """Does ``proposed`` name the same source as ``gold``? (Equal, or one's words inside the other's.)"""
    p, g = _norm(proposed), _norm(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    pw, gw = set(p.split()), set(g.split())
    return pw <= gw or gw <= pw


@dataclass
class Figures:
    articles: int = 0
    sentences: int = 0
    checks: int = 0
    labels: Counter = field(default_factory=Counter)
    proposals: int = 0
    proposals_on_check: int = 0
    checks_found: int = 0
    worthy: int = 0
    worthy_on_check: int = 0
    checks_found_worthy: int = 0
    noise_proposals: int = 0
    noise_worthy: int = 0
    ranked: list[tuple[float, bool]] = field(default_factory=list)
    claimant_total: int = 0
    claimant_names: int = 0
    claimant_exact: int = 0
    misses: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)
    wrong_claimant: list[str] = field(default_factory=list)
    noise: list[str] = field(default_factory=list)

    def add(self, article: dict, placed: list[Placed]) -> None:
        sentences = article["sentences"]
        text = article["text"]
        self.articles += 1
        self.sentences += len(sentences)
        best: dict[int, float] = {}
        worthy_on: set[int] = set()
        any_on: set[int] = set()
        for s in sentences:
            self.labels[s["label"]] += 1
        for p in placed:
            gold = sentences[p.sentence]
            label = gold["label"]
            self.proposals += 1
            any_on.add(p.sentence)
            best[p.sentence] = max(best.get(p.sentence, 0.0), p.score)
            if label == "check":
                self.proposals_on_check += 1
            if label == "noise":
                self.noise_proposals += 1
                self.noise.append(f"{article['doc_id']}[{p.sentence}] {p.text[:100]!r}")
            if p.check_worthy:
                self.worthy += 1
                worthy_on.add(p.sentence)
                if label == "check":
                    self.worthy_on_check += 1
                elif label == "noise":
                    self.noise_worthy += 1
                if label != "check":
                    self.false.append(f"{article['doc_id']}[{p.sentence}] {label} {p.score:.2f} {p.text[:110]!r}")
            if label == "check" and p.check_worthy:
                self.claimant_total += 1
                if claimant_names(p.claimant, gold.get("claimant")):
                    self.claimant_names += 1
                else:
                    self.wrong_claimant.append(
                        f"{article['doc_id']}[{p.sentence}] {p.claimant!r} for {gold.get('claimant')!r}: {p.text[:80]!r}"
                    )
                if _norm(p.claimant) == _norm(gold.get("claimant")):
                    self.claimant_exact += 1
        for i, s in enumerate(sentences):
            is_check = s["label"] == "check"
            if is_check:
                self.checks += 1
                if i in any_on:
                    self.checks_found += 1
                if i in worthy_on:
                    self.checks_found_worthy += 1
                else:
                    self.misses.append(f"{article['doc_id']}[{i}] {text[s['start'] : s['end']][:120]!r}")
            self.ranked.append((best.get(i, -1.0), is_check))

    def r_precision(self) -> float:
        ranked = sorted(self.ranked, key=lambda t: -t[0])
        top = ranked[: self.checks]
        return sum(1 for _, c in top if c) / self.checks if self.checks else 0.0

    def report(self, name: str) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f} ({a}/{b})" if b else "n/a"

        lines = [
            f"== {name}: {self.articles} articles, {self.sentences} sentences "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.labels.items())),
            f"all proposals         precision {ratio(self.proposals_on_check, self.proposals)}"
            f"   recall {ratio(self.checks_found, self.checks)}",
            f"check-worthy          precision {ratio(self.worthy_on_check, self.worthy)}"
            f"   recall {ratio(self.checks_found_worthy, self.checks)}",
            f"R-precision by score  {self.r_precision():.3f} (N = {self.checks})",
            f"on noise              {self.noise_proposals} proposals, {self.noise_worthy} check-worthy",
            f"claimant (worthy, on check) names {ratio(self.claimant_names, self.claimant_total)}"
            f"   exact {ratio(self.claimant_exact, self.claimant_total)}",
        ]
        return "\n".join(lines)


def evaluate(articles: list[dict], *, threshold: float | None = None) -> Figures:
    fig = Figures()
    for article in articles:
        fig.add(article, propose(article, threshold=threshold))
    return fig


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--part", choices=["dev", "test", "both"], default="both")
    ap.add_argument("--genre", choices=["news", "interview"], default=None)
    ap.add_argument("--threshold", type=float, default=None, help="count score >= this as check-worthy")
    ap.add_argument("--show", type=int, default=0, help="print this many misses, false proposals, wrong claimants")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"no labelled set at {args.data}", file=sys.stderr)
        return 2
    articles = load(args.data)
    if args.genre:
        articles = [a for a in articles if a["genre"] == args.genre]
    parts = ["dev", "test"] if args.part == "both" else [args.part]
    for part in parts:
        fig = evaluate([a for a in articles if a["split"] == part], threshold=args.threshold)
        print(fig.report(part))
        if args.show:
            for title, rows in (
                ("missed check sentences", fig.misses),
                ("check-worthy proposals not on check", fig.false),
                ("wrong claimants", fig.wrong_claimant),
                ("proposals on noise", fig.noise),
            ):
                print(f"-- {title} ({len(rows)})")
                for row in rows[: args.show]:
                    print("   " + row)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
