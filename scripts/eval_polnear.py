"""Measure the extractor's attribution against PolNeAR (who said what in real news).

Reads ``../shared/data/polnear/{dev,train}.jsonl`` (research use only: nothing of it is copied
into the project) and prints two figures for the built-in extractor:

* **content coverage**: of the gold attributions, the share for which ``extract_claims``
  proposes a claim covering at least half of the CONTENT span (characters of the content's
  spans, with leading "that" and surrounding quote marks/space not counted);
* **source match**: of the covered attributions whose SOURCE is a name or a noun phrase (not a
  pronoun), the share whose proposed claimant *names* the source: the claimant and the source
  share a content word (case-insensitive, ignoring determiners, titles such as "Mr." and other
  function words), e.g. "Donald Trump" names "Trump", "Mr. Trump" and "the Republican nominee
  Donald Trump".

The other way round, **attribution precision**: of the proposals the extractor attributes to
someone (a claimant that is not the outlet), the share that overlap a gold CONTENT span (at
least half of the shorter of the two: PolNeAR sees an attribution there), and the share whose
claimant also names that attribution's source (a pronoun source counts as named when the
claimant is a pronoun or names its rough antecedent). Source match cannot see a claimant put on
a sentence the article states in its own voice; this figure can.

Sources that are pronouns are counted separately. The gold data has no coreference, so a
"he"/"she"/"his"/"her" source is given the nearest preceding gold source that is not a
pronoun and contains a capitalised word (a rough antecedent: it is sometimes wrong), and it
counts as matched when the claimant names that antecedent. Other pronoun sources ("I", "we",
"you", "they", "it", "who", "which", ...) are only counted, not scored.

An article annotated more than once (several annotators) is scored against its first
annotation only.

Usage::

    python scripts/eval_polnear.py                # dev (the measured figures)
    python scripts/eval_polnear.py --split train  # for development
    python scripts/eval_polnear.py --limit 5 --show-misses 20
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimtrack.extract import extract_claims

DATA = ROOT.parent / "shared" / "data" / "polnear"

PRONOUNS = frozenset(
    "he she they it we i you who which that his her their its our my whom this these those him them me us one".split()
)
THIRD_PERSON = frozenset("he she his her him".split())
_STOP = frozenset(
    """the a an of and or in on at for to by with from his her their its our my this that these
    those mr mrs ms dr sen rep gov president s ’s 's former new according told said says
    campaign spokesman spokeswoman""".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z’'.-]*")


def load(split: str = "dev", limit: int | None = None) -> list[dict]:
    """The split's articles, one annotation each (the first), at most ``limit``."""
    path = DATA / f"{split}.jsonl"
    seen: set[str] = set()
    out: list[dict] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["filename"] in seen:
                continue
            seen.add(rec["filename"])
            out.append(rec)
            if limit is not None and len(out) >= limit:
                break
    return out


def content_words(s: str) -> set[str]:
    out = set()
    for t in _TOKEN.findall(s):
        w = t.lower().strip(".’'").removesuffix("’s").removesuffix("'s")
        if w and w not in _STOP and w not in PRONOUNS:
            out.add(w)
    return out


def names(claimant: str | None, source: str) -> bool:
    """Does the proposed claimant name the gold source?"""
    if not claimant:
        return False
    src = content_words(source)
    if src:
        return bool(content_words(claimant) & src)
    # the source is only function words and titles ("the president"): compare them whole
    core = " ".join(t.lower() for t in _TOKEN.findall(source) if t.lower() not in {"the", "a", "an"})
    return bool(core) and core in claimant.lower()


def _spans(parts: list[dict]) -> list[tuple[int, int]]:
    return [tuple(sp) for p in parts for sp in p["spans"]]  # type: ignore[misc]


def _core(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Content spans without a leading "that", quote marks, spaces and final punctuation."""
    out = []
    for a, b in spans:
        while a < b and (text[a].isspace() or text[a] in "\"“”‘’'«»,:"):
            a += 1
        if text[a : a + 5].lower() == "that ":
            a += 5
        while b > a and (text[b - 1].isspace() or text[b - 1] in "\"“”‘’'«».,;:"):
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def _overlap(spans: list[tuple[int, int]], s: int, e: int) -> int:
    return sum(max(0, min(b, e) - max(a, s)) for a, b in spans)


def _is_pronoun(src: str) -> bool:
    return src.strip().lower() in PRONOUNS


@dataclass
class Result:
    attributions: int = 0
    covered: int = 0
    named: int = 0
    """Covered attributions whose source is not a pronoun."""
    named_ok: int = 0
    pronoun: int = 0
    """Covered attributions whose source is a pronoun, with an antecedent found."""
    pronoun_ok: int = 0
    no_source: int = 0
    attributed: int = 0
    """Covered, named source, and the proposal is not in the article's own voice."""
    attributed_ok: int = 0
    other_pronoun: int = 0
    """Covered attributions whose source is another pronoun (I, we, you, they, it, who,
    which, ...): not scored (no coreference in the gold data)."""
    proposed: int = 0
    """Proposals attributed to someone other than the outlet."""
    proposed_in_gold: int = 0
    """... overlapping a gold CONTENT span."""
    proposed_named: int = 0
    """... whose claimant names that attribution's source."""
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.covered / self.attributions if self.attributions else 0.0

    @property
    def source_match(self) -> float:
        return self.named_ok / self.named if self.named else 0.0

    @property
    def pronoun_match(self) -> float:
        return self.pronoun_ok / self.pronoun if self.pronoun else 0.0

    def report(self) -> str:
        both = (self.named_ok + self.pronoun_ok) / max(1, self.named + self.pronoun)
        return (
            f"attributions            {self.attributions}\n"
            f"content coverage        {self.coverage:.3f}  ({self.covered}/{self.attributions})\n"
            f"source match (named)    {self.source_match:.3f}  ({self.named_ok}/{self.named})\n"
            f"source match (pronoun)  {self.pronoun_match:.3f}  ({self.pronoun_ok}/{self.pronoun},"
            " antecedent = nearest earlier named gold source)\n"
            f"source match (all)      {both:.3f}\n"
            f"  when attributed       {self.attributed_ok / max(1, self.attributed):.3f}  "
            f"({self.attributed_ok}/{self.attributed}: the claimant is not the outlet)\n"
            f"attribution precision   {self.proposed_in_gold / max(1, self.proposed):.3f}  "
            f"({self.proposed_in_gold}/{self.proposed} attributed proposals overlap a gold CONTENT), "
            f"{self.proposed_named / max(1, self.proposed):.3f} name its source\n"
            f"covered without source  {self.no_source}\n"
            f"covered, other pronoun  {self.other_pronoun} (I, we, you, they, who, ...: not scored)"
        )


def evaluate(records: list[dict], *, keep: int = 0) -> Result:
    res = Result()
    for rec in records:
        text = rec["text"]
        claims = extract_claims(text, default_claimant=rec.get("publisher"))
        starts = [c.start for c in claims]
        atts = sorted(rec["attributions"], key=lambda a: min((s[0] for s in _spans(a["content"])), default=0))
        # gold sources in text order, for pronoun antecedents
        gold_sources = sorted(
            (sp[0], p["text"]) for a in rec["attributions"] for p in a["source"] for sp in p["spans"][:1]
        )
        _precision(res, text, claims, atts, gold_sources, rec.get("publisher"))
        for att in atts:
            core = _core(text, _spans(att["content"]))
            need = sum(b - a for a, b in core)
            if need <= 0:
                continue
            res.attributions += 1
            lo, hi = min(a for a, _ in core), max(b for _, b in core)
            best = None
            best_ov = 0
            # claims are sorted by start; only those starting before the content's end matter
            import bisect

            j = bisect.bisect_left(starts, hi)
            for c in claims[max(0, j - 40) : j]:
                if c.end <= lo:
                    continue
                ov = _overlap(core, c.start, c.end)
                if ov > best_ov:
                    best, best_ov = c, ov
            if best is None or best_ov * 2 < need:
                if len(res.misses) < keep:
                    res.misses.append(
                        f"{text[lo:hi][:160]!r}  <- {att['source'][0]['text'] if att['source'] else None!r}"
                    )
                continue
            res.covered += 1
            if not att["source"]:
                res.no_source += 1
                continue
            src = att["source"][0]["text"]
            src_pos = att["source"][0]["spans"][0][0]
            if _is_pronoun(src):
                if src.strip().lower() not in THIRD_PERSON:
                    res.other_pronoun += 1
                    continue
                ante = _antecedent(gold_sources, src_pos)
                if ante is None:
                    continue
                res.pronoun += 1
                if names(best.claimant, ante):
                    res.pronoun_ok += 1
                continue
            res.named += 1
            ok = names(best.claimant, src)
            if best.claimant != rec.get("publisher"):
                res.attributed += 1
                res.attributed_ok += ok
            if ok:
                res.named_ok += 1
            elif len(res.wrong) < keep:
                res.wrong.append(f"gold {src!r} got {best.claimant!r} :: {best.sentence[:140]!r}")
    return res


def _antecedent(gold_sources: list[tuple[int, str]], pos: int) -> str | None:
    """The rough antecedent of a pronoun source at ``pos``: the nearest earlier gold source
    that is not a pronoun and holds a capitalised word."""
    ante = None
    for p, t in gold_sources:
        if p >= pos:
            break
        if not _is_pronoun(t) and any(w[:1].isupper() for w in t.split()):
            ante = t
    return ante


def _precision(
    res: Result, text: str, claims: list, atts: list[dict], gold_sources: list[tuple[int, str]], outlet: str | None
) -> None:
    """Count the attributed proposals that PolNeAR sees as attributions, and with whose source."""
    golds = []
    for att in atts:
        core = _core(text, _spans(att["content"]))
        if core:
            golds.append((min(a for a, _ in core), max(b for _, b in core), core, att))
    for c in claims:
        if not c.claimant or c.claimant == outlet:
            continue
        res.proposed += 1
        in_gold = named = False
        for lo, hi, core, att in golds:
            if hi <= c.start or lo >= c.end:
                continue
            ov = _overlap(core, c.start, c.end)
            if ov <= 0 or ov * 2 < min(c.end - c.start, sum(b - a for a, b in core)):
                continue
            in_gold = True
            for part in att["source"][:1]:
                src = part["text"]
                if _is_pronoun(src):
                    ante = _antecedent(gold_sources, part["spans"][0][0])
                    named = named or c.claimant.lower() in PRONOUNS or (ante is not None and names(c.claimant, ante))
                else:
                    named = named or names(c.claimant, src)
            if named:
                break
        res.proposed_in_gold += in_gold
        res.proposed_named += named


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N", help="print N misses and N wrong sources")
    args = ap.parse_args(argv)
    if not DATA.is_dir():
        print(f"no PolNeAR data at {DATA}", file=sys.stderr)
        return 2
    records = load(args.split, args.limit)
    res = evaluate(records, keep=args.show_misses)
    print(f"PolNeAR {args.split}: {len(records)} articles")
    print(res.report())
    for m in res.misses:
        print("MISS ", m)
    for w in res.wrong:
        print("WRONG", w)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
