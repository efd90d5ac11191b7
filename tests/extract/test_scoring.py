from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from claimtrack.extract import CHECK_WORTHY_THRESHOLD, score_sentence, scoring, split_sentences

from .helpers import claims

FACTUAL = [
    "The unemployment rate fell to 3.5 percent in March.",
    "Four Chinese nationals were killed in an attack in Kyiv on Saturday.",
    "Xi and Putin met in Beijing one month ago.",
    "The company reported a loss of $5 million in 2021.",
]
CHITCHAT = [
    "I think this is great.",
    "What do you think?",
    "Thanks for reading!",
    "We will see what happens.",
    "Maybe it could be nice.",
]


@pytest.mark.parametrize("s", FACTUAL)
def test_factual_sentences_are_check_worthy(s: str) -> None:
    assert score_sentence(s) >= CHECK_WORTHY_THRESHOLD


@pytest.mark.parametrize("s", CHITCHAT)
def test_chitchat_is_not(s: str) -> None:
    assert score_sentence(s) < CHECK_WORTHY_THRESHOLD


def test_factual_ranks_above_chitchat() -> None:
    assert min(map(score_sentence, FACTUAL)) > max(map(score_sentence, CHITCHAT))


def test_score_range() -> None:
    for s in FACTUAL + CHITCHAT + ["", "x", "1 2 3 4 5 6 7 8 9 10 " * 50]:
        assert 0.0 <= score_sentence(s) <= 1.0


def test_check_worthy_flag_follows_the_threshold() -> None:
    for c in claims("Officials said 12 people died on Monday. “Yes,” he said. The army lost 40 tanks in 2022."):
        assert c.check_worthy == (c.score >= CHECK_WORTHY_THRESHOLD)


def test_questions_and_chitchat_are_not_proposed() -> None:
    assert claims("What happened to the 40 missing sailors in 2020?") == []
    assert claims("I think it will be a lovely day.") == []


# --- the trained model -------------------------------------------------------------------------


ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "claimtrack" / "extract"


def test_weights_ship_in_the_package_and_are_small() -> None:
    assert scoring.MODEL_PATH.parent == PACKAGE
    assert scoring.MODEL_PATH.is_file()
    assert scoring.MODEL_PATH.stat().st_size < 3_000_000
    m = scoring.model()
    assert m is scoring.model()  # loaded once
    assert m.meta.get("cv", {}).get("f1", 0) > 0.668 and m.meta["cv"]["ap"] > 0.737


def test_scoring_is_pure_standard_library() -> None:
    for path in PACKAGE.glob("*.py"):
        if path.name == "llm.py":  # the optional extractor, imported only on demand
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            )
            for name in names:
                assert name.split(".")[0] not in {"numpy", "sklearn", "scipy", "httpx", "pydantic"}, (path, name)


def test_scores_are_deterministic_and_bounded() -> None:
    s = "The unemployment rate fell to 3.5 percent in March."
    assert score_sentence(s) == score_sentence(s)
    for x in ["\x00", "??", "1" * 5000, "word " * 3000, "Ça va — 死者は40人"]:
        assert 0.0 <= score_sentence(x) <= 1.0


_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def test_the_example_articles_gold_claims_score_above_its_other_sentences() -> None:
    """News is not debate: the gold claims' sentences must still rank high."""
    text = (ROOT / "fixtures" / "articles" / "scmp-blinken-wang-yi.txt").read_text("utf-8")
    gold = json.loads((ROOT / "fixtures" / "gold" / "scmp-blinken-wang-yi.json").read_text("utf-8"))
    lines = text.split("\n")
    body = "\n".join(ln for ln in lines[1:] if not ln.startswith(("- ", "Authors:")))
    quotes = [g["quote"].translate(_FOLD) for g in gold["claims"]]
    pos, neg = [], []
    for a, b in split_sentences(body):
        s = body[a:b]
        (pos if any(q in s.translate(_FOLD) for q in quotes) else neg).append(score_sentence(s))
    assert len(pos) >= 10 and neg
    assert sum(pos) / len(pos) > sum(neg) / len(neg) + 0.1
    assert sum(p >= CHECK_WORTHY_THRESHOLD for p in pos) >= len(pos) - 1
    auc = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
    assert auc >= 0.65
    # what is not a claim scores below every gold claim's median
    for not_claim in gold["not_claims"]:
        assert score_sentence(not_claim) < CHECK_WORTHY_THRESHOLD
