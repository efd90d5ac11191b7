"""The attribution rules' case corpus: ``cases/attribution.jsonl``, one line per expected claim.

Each line is ``{"sentence", "claim", "claimant", "cue", "rule"}``: an invented sentence (or two,
for a quotation that goes on), the claim the extractor proposes for it (exact text), its claimant
and cue, and the rule of the table (``claimtrack.extract.attribution.table.names()``) that
makes it. A regression corpus: every line was checked by eye when it was added.

To add lines for a new rule: ``python tests/extract/test_attribution_cases.py RULE "Sentence."``
prints the lines of what the extractor proposes now; check each by eye, then paste them in.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from claimtrack.extract import DEFAULT_CLAIMANT, extract_claims
from claimtrack.extract.attribution import table

CASES_FILE = Path(__file__).parent / "cases" / "attribution.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
LISTED: dict[str, set[tuple[str, str | None, str | None]]] = {}
for _case in CASES:
    LISTED.setdefault(_case["sentence"], set()).add((_case["claim"], _case["claimant"], _case["cue"]))


@pytest.mark.parametrize("case", CASES, ids=[f"{i + 1}-{c['rule']}" for i, c in enumerate(CASES)])
def test_attribution_case(case: dict) -> None:
    proposals = [(c.text, c.claimant, c.cue) for c in extract_claims(case["sentence"])]
    assert (case["claim"], case["claimant"], case["cue"]) in proposals
    # the sentence's other attributed claims are listed too (whether a clause in the article's own
    # voice is proposed depends on its score, not on the rules)
    unlisted = [p for p in proposals if p not in LISTED[case["sentence"]] and p[1] != DEFAULT_CLAIMANT]
    assert not unlisted


def test_every_rule_of_the_table_has_cases_and_is_documented() -> None:
    names = table.names()
    assert {c["rule"] for c in CASES} <= set(names)
    assert set(names) <= {c["rule"] for c in CASES}, "a rule without case lines"
    docs = (Path(__file__).resolve().parents[2] / "docs" / "extraction.md").read_text(encoding="utf-8")
    section = docs.split("### Adding a rule", 1)[1]
    for name in names:
        assert f"`{name}`" in section, f"docs/extraction.md, 'Adding a rule', does not list {name}"


if __name__ == "__main__":
    rule, *sentences = sys.argv[1:]
    for sentence in sentences:
        for c in extract_claims(sentence):
            print(
                json.dumps(
                    {"sentence": sentence, "claim": c.text, "claimant": c.claimant, "cue": c.cue, "rule": rule},
                    ensure_ascii=False,
                )
            )
