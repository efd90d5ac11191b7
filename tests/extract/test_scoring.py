from __future__ import annotations

import pytest

from claimtrack.extract import CHECK_WORTHY_THRESHOLD, score_sentence

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
