"""Acceptance test: the example article against its hand annotation."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from claimtrack.extract import ProposedClaim, extract_claims

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "fixtures" / "articles" / "scmp-blinken-wang-yi.txt"
GOLD = json.loads((ROOT / "fixtures" / "gold" / "scmp-blinken-wang-yi.json").read_text("utf-8"))

_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})
_WS = re.compile(r"\s+")


def fold(s: str) -> str:
    return _WS.sub(" ", s.translate(_FOLD)).strip()


def full_text() -> str:
    return ARTICLE.read_text("utf-8")


def article_body(text: str) -> str:
    """Lines after the headline and the "- " standfirst, without the "Authors:" byline."""
    lines = text.split("\n")[1:]
    keep = [ln for ln in lines if not ln.startswith("- ") and not ln.startswith("Authors:")]
    return "\n".join(keep)


def matches(gold: dict, claim: ProposedClaim) -> bool:
    if fold(gold["quote"]) not in fold(claim.text):
        return False
    claimant = (claim.claimant or "").lower()
    if not any(c.lower() in claimant for c in gold["claimant_any"]):
        return False
    if not all(c in claim.cues for c in gold["cues"]):
        return False
    if gold.get("disputed_by_any") and not any(
        d.lower() in who.lower() for d in gold["disputed_by_any"] for who in claim.disputed_by
    ):
        return False
    return True


def check_invariants(text: str, claims: list[ProposedClaim]) -> None:
    for c in claims:
        assert text[c.start : c.end] == c.text
        assert text[c.sentence_start : c.sentence_end] == c.sentence
        assert c.sentence_start <= c.start <= c.end <= c.sentence_end
        assert 0.0 <= c.score <= 1.0
        assert all(cue == cue.lower() for cue in c.cues)
    starts = [c.start for c in claims]
    assert starts == sorted(starts), "claims must come out in text order"


@pytest.fixture(scope="module")
def body() -> str:
    return article_body(full_text())


@pytest.fixture(scope="module")
def proposals(body: str) -> list[ProposedClaim]:
    return extract_claims(body, default_claimant="SCMP")


@pytest.mark.parametrize("gold", GOLD["claims"], ids=[g["quote"][:40] for g in GOLD["claims"]])
def test_gold_claim_is_proposed(gold: dict, proposals: list[ProposedClaim]) -> None:
    assert any(matches(gold, c) for c in proposals), f"no proposal matches {gold!r}; got:\n" + "\n".join(
        f"  {c.claimant!r} {c.cues} {c.disputed_by} :: {c.text!r}" for c in proposals
    )


def test_offsets_invariants(body: str, proposals: list[ProposedClaim]) -> None:
    assert proposals
    check_invariants(body, proposals)


def test_denial_is_recorded_and_not_a_claim(proposals: list[ProposedClaim]) -> None:
    (claim,) = [c for c in proposals if "four Chinese nationals" in c.text]
    assert "denied" in claim.cues
    assert claim.dispute is not None and "denied that it was true" in claim.dispute
    assert "denied" not in claim.text
    assert not any(c.text.startswith("the Chinese state media outlet") for c in proposals)
    assert not any("denied that it was true" in c.text for c in proposals)


def test_full_file_never_proposes_the_byline() -> None:
    text = full_text()
    claims = extract_claims(text, default_claimant="SCMP")
    check_invariants(text, claims)
    for not_claim in GOLD["not_claims"]:
        assert not any(fold(not_claim) in fold(c.text) or fold(c.text) in fold(not_claim) for c in claims)
    assert not any(c.text.startswith("Authors") for c in claims)
    # the bare headline is not proposed either
    headline = text.split("\n", 1)[0]
    assert not any(c.text == headline for c in claims)


def test_full_file_still_finds_the_gold_claims() -> None:
    claims = extract_claims(full_text(), default_claimant="SCMP")
    for gold in GOLD["claims"]:
        assert any(matches(gold, c) for c in claims), gold["quote"]


def test_default_claimant_is_the_article() -> None:
    claims = extract_claims(article_body(full_text()))
    own = [c for c in claims if "thousands already dead" in c.text]
    assert own and own[0].claimant == "the article"
