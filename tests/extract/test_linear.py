"""Cost grows linearly with the input: counted in Python function calls, not wall time."""

from __future__ import annotations

import cProfile
import pstats

from claimtrack.extract import extract_claims, score_sentence

UNIT = (
    "Officials said 12 people were killed on Monday, but Moscow denied it, according to "
    "“a source close to the talks”, and the army, Ruiz said, lost 40 tanks in 2022 "
)


def calls(text: str) -> int:
    prof = cProfile.Profile()
    prof.enable()
    extract_claims(text)
    prof.disable()
    return pstats.Stats(prof).total_calls  # type: ignore[attr-defined]


def test_single_paragraph_cost_is_linear() -> None:
    score_sentence("warm up")  # load the weights outside the count
    small = UNIT * 200  # ~30 KB, one paragraph
    big = UNIT * 1600  # 8x
    extract_claims(small)
    ratio = calls(big) / calls(small)
    assert ratio < 8 * 1.25, ratio


def test_sentences_without_punctuation_or_newlines_stay_linear() -> None:
    score_sentence("warm up")
    words = "the minister said that forty people died and ".split()
    small = " ".join(words * 2000)
    big = " ".join(words * 16000)
    extract_claims(small)
    assert calls(big) / calls(small) < 8 * 1.25
