"""rank() on a small hand-written collection: the same claim first, the contradicting ones capped."""

from __future__ import annotations

import datetime
import json

import pytest

from claimtrack.matching import FEATURES, Candidate, Query, Reranker, default_reranker, rank
from claimtrack.matching.rerank import RULES, WEIGHTS, features, prepare_candidates, prepare_queries

SUGGEST = 0.75  # Meedan Check's suggestion threshold, which the issue quotes

COLLECTION = [
    Candidate("stadium", "The new stadium cost the city 300 million dollars."),
    Candidate("rose", "Unemployment in the region rose to 4% last year."),
    Candidate("fell", "Unemployment in the region fell to 4% last year, the minister said."),
    Candidate("six", "Unemployment in the region fell to 6% last year."),
    Candidate("vaccine", "Childhood vaccinations lead to autism.", title="Do vaccines cause autism?"),
    Candidate("bakery", "A bakery sells bread shaped like cats."),
]


def ids(result: list[tuple[object, float]]) -> list[object]:
    return [i for i, _ in result]


def scores(result: list[tuple[object, float]]) -> dict[object, float]:
    return dict(result)


def test_the_same_claim_comes_first_and_the_contradictions_stay_under_the_suggestion_threshold() -> None:
    result = rank("Unemployment in the region fell to 4% last year.", COLLECTION)
    assert ids(result)[0] == "fell"
    s = scores(result)
    assert s["fell"] >= SUGGEST
    assert s["rose"] <= RULES["direction_conflict"] < SUGGEST  # fell against rose
    assert s["six"] <= RULES["numbers_conflict"] < SUGGEST  # 4% against 6%
    assert s["stadium"] < 0.1 and s["bakery"] < 0.1


def test_negation_keeps_a_pair_apart() -> None:
    candidates = [
        Candidate("not", "The senator did not vote for the farm bill in 2021."),
        Candidate("did", "The senator voted for the farm bill in 2021."),
    ]
    result = rank("The senator voted for the farm bill in 2021.", candidates)
    assert ids(result) == ["did", "not"]
    assert scores(result)["did"] >= SUGGEST > scores(result)["not"]


def test_a_paraphrase_is_found_by_meaning_beyond_shared_words() -> None:
    result = rank(Query("Vaccines given to children cause autism."), COLLECTION)
    assert ids(result)[0] == "vaccine"
    assert scores(result)["vaccine"] >= SUGGEST


def test_speaker_and_date_favour_the_check_of_that_statement() -> None:
    said = datetime.date(2024, 5, 2)
    candidates = [
        Candidate(
            "other", "Crime in the city doubled since 2019.", speaker="Pat Smith", date=datetime.date(2020, 1, 9)
        ),
        Candidate("this", "Crime in the city doubled since 2019.", speaker="Alex Rivera", date=said),
    ]
    query = Query("Crime in our city has doubled since 2019.", ("Thank you.", "Let me be clear."), "MR. RIVERA", said)
    assert ids(rank(query, candidates)) == ["this", "other"]


def test_retrieval_order_breaks_ties_and_nothing_in_nothing_out() -> None:
    assert rank("Anything at all.", []) == []
    twins = [Candidate(1, "Water boils at 100 degrees."), Candidate(2, "Water boils at 100 degrees.")]
    assert ids(rank("Water boils at 100 degrees.", twins)) == [1, 2]


def test_scores_are_probabilities_whatever_the_text() -> None:
    hostile = [
        Candidate("markup", "[bold red]Fake[/] claim <script>alert(1)</script>"),
        Candidate("empty", ""),
        Candidate("emoji", "🔥🔥🔥 ..."),
    ]
    for _, score in rank("[link=x]click[/link] 🔥", hostile):
        assert 0.0 <= score <= 1.0


def test_features_match_their_names_and_the_rule_features_carry_no_learned_weight() -> None:
    q = prepare_queries([Query("Unemployment fell to 4%.")])[0]
    c = prepare_candidates([Candidate("x", "Unemployment rose to 4%.")])
    x = features(q, c, [3.0])
    assert x.shape == (1, len(FEATURES))
    row = dict(zip(FEATURES, x[0]))
    assert row["direction_conflict"] == 1.0 and row["negation_mismatch"] == 0.0
    assert row["numbers_shared"] == 1.0 and row["numbers_conflict"] == 0.0
    assert row["retrieval_rel"] == 1.0
    weights = dict(zip(FEATURES, default_reranker().coef))
    assert all(weights[name] == 0.0 for name in RULES)


def test_the_shipped_weights_are_numbers_only_and_refused_when_stale() -> None:
    data = json.loads(WEIGHTS.read_text(encoding="utf-8"))
    assert set(data) == {"features", "mean", "scale", "coef", "intercept"}
    assert all(isinstance(v, float | int) for key in ("mean", "scale", "coef") for v in data[key])
    assert WEIGHTS.stat().st_size < 10_000
    stale = dict(data, features=[*data["features"][:-1], "something_else"])
    with pytest.raises(ValueError, match="other features"):
        Reranker.from_json(stale)
    short = dict(data, coef=data["coef"][:-1])
    with pytest.raises(ValueError, match="one number per feature"):
        Reranker.from_json(short)


def test_with_retrieval_scores_the_reranker_still_corrects_the_index() -> None:
    # The full-text index ranks the contradicting claim first (as it may: the words are the same).
    scored = [
        Candidate("rose", "Unemployment in the region rose to 4% last year.", retrieval_score=12.0),
        Candidate("fell", "Unemployment in the region fell to 4% last year.", retrieval_score=11.5),
        Candidate("stadium", "The new stadium cost the city 300 million dollars.", retrieval_score=2.0),
    ]
    result = rank("Unemployment in the region fell to 4% last year.", scored)
    assert ids(result) == ["fell", "rose", "stadium"]
    assert scores(result)["fell"] >= SUGGEST > scores(result)["rose"]
