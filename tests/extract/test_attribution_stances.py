"""Stances and political acts, polls, possessive and title-case sources (example sentences
written for these tests)."""

from __future__ import annotations

from .helpers import claims, one


def test_endorsement_is_its_subjects() -> None:
    c = one("The retired senator endorsed Mayor Ana Ruiz on Tuesday.", default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("The retired senator", "endorsed")
    c = one("The donor pleaded guilty to two counts of fraud in 2019.")
    assert c.text == "The donor pleaded guilty to two counts of fraud in 2019"


def test_plea_and_progressive_forms() -> None:
    c = one("The donor pleaded guilty to two counts of fraud in 2019.")
    assert (c.claimant, c.cue) == ("The donor", "pleaded")
    c = one("Black voters were backing the governor by 20 points in March.")
    assert (c.claimant, c.cue) == ("Black voters", "backing")
    c = one("Mayor Ana Ruiz, celebrating a narrow win, is pledging 400 new homes by 2026.")
    assert c.claimant == "Mayor Ana Ruiz"


def test_passive_by_an_agent() -> None:
    c = one("The harbour bill, opposed by House Republicans, never became law in 2014.")
    assert (c.claimant, c.cue) == ("House Republicans", "opposed")


def test_poll_source() -> None:
    c = one("In a Gallup poll released Monday, 56 percent of voters backed the harbour plan.")
    assert (c.claimant, c.cue) == ("a Gallup poll released Monday", "in")
    assert c.text == "56 percent of voters backed the harbour plan"


def test_possessive_statement() -> None:
    c = one("Ruiz’s response was that the pumps had failed twice in 2021.")
    assert (c.claimant, c.cue) == ("Ruiz’s response", "response")


def test_title_case_says() -> None:
    c = one("Flood Damage Tops $50 Million, Mayor Ruiz Says.")
    assert (c.claimant, c.cue, c.text) == ("Mayor Ruiz", "says", "Flood Damage Tops $50 Million")


def test_actions_without_an_agent_stay_in_the_article_voice() -> None:
    c = one(
        "Chinese leader Xi Jinping has been facing growing suspicion from Washington since 2022.",
        default_claimant="Gazette",
    )
    assert c.claimant == "Gazette"
    out = claims("Murder rates in 40 cities rose 5 percent in 2020 and talks stalled.", default_claimant="Gazette")
    assert all(c.claimant == "Gazette" for c in out)


def test_hyphenated_compounds_are_not_verbs() -> None:
    c = one("The self-described socialist said he would win 60 percent of the vote.")
    assert (c.claimant, c.cue) == ("The self-described socialist", "said")


def test_a_title_line_with_an_action_is_not_proposed() -> None:
    out = claims("Ruiz backs harbour plan\nThe harbour plan costs $3 million.")
    assert [c.text for c in out] == ["The harbour plan costs $3 million"]


def test_subject_before_a_relative_clause() -> None:
    c = one("Mayor Ana Ruiz, whose third-place finish was seen as a setback, said that 40 pumps had failed.")
    assert (c.claimant, c.cue, c.text) == ("Mayor Ana Ruiz", "said", "40 pumps had failed")


def test_a_poll_share_with_a_modal() -> None:
    c = one("About 56 percent of likely voters would vote for the mayor in 2026.")
    assert (c.claimant, c.cue) == ("About 56 percent of likely voters", "vote")
    # a negated stance is still the council's (the main-clause fallback), with the whole sentence
    c = one("The council did not back the harbour plan in 2024.", default_claimant="Gazette")
    assert (c.claimant, c.cue, c.text) == (
        "The council",
        "did not back",
        "The council did not back the harbour plan in 2024",
    )


def test_a_chain_of_appositives_keeps_the_name_that_opens_it() -> None:
    c = one("Ana Ruiz, the editor of the harbour paper, The Gazette, said 40 pumps had failed.")
    assert (c.claimant, c.cue) == ("Ana Ruiz", "said")


def test_bare_forms_that_are_nouns_or_prepositions() -> None:
    out = claims("The mayor drew support from 40 percent of the harbour district in 2024.", default_claimant="Gazette")
    assert [c.claimant for c in out] == ["Gazette"]
    out = claims("Candidates like Mayor Ruiz raised $3 million in 2024.", default_claimant="Gazette")
    assert all(c.claimant != "Candidates" for c in out)
    c = one("Most Democrats support the harbour plan, which costs $3 million.")
    assert (c.claimant, c.cue) == ("Most Democrats", "support")
