"""Clause-level claims: one claim per attribution when a sentence holds several, and a speaker
named at the end of a sentence with a verb no lexicon lists.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

from .helpers import claims, one


def _by_claimant(text: str) -> dict[str | None, object]:
    out = claims(text, default_claimant="Gazette")
    assert len({(c.start, c.end) for c in out}) == len(out)  # no two claims with the same span
    return {c.claimant: c for c in out}


def test_two_speakers_in_one_sentence_give_two_claims() -> None:
    text = (
        "Mayor Ana Ruiz said the new levee would hold through the winter, while the engineer Tom Baker "
        "argued that it needed six more pumps."
    )
    out = claims(text, default_claimant="Gazette")
    assert [(c.claimant, c.cue) for c in out] == [("Mayor Ana Ruiz", "said"), ("the engineer Tom Baker", "argued")]
    ruiz, baker = out
    assert ruiz.text == "the new levee would hold through the winter"
    assert baker.text == "it needed six more pumps"
    for c in out:
        assert text[c.start : c.end] == c.text
        assert c.sentence == text  # both keep the enclosing sentence
    assert ruiz.end <= baker.start  # the first speaker's claim stops where the second clause begins


def test_two_speakers_after_a_semicolon() -> None:
    text = (
        "Most harbour workers say the new shifts are fair; the union says they will cost each worker "
        "two days of pay a month."
    )
    by = _by_claimant(text)
    assert set(by) == {"Most harbour workers", "the union"}
    assert by["Most harbour workers"].text == "the new shifts are fair"  # type: ignore[attr-defined]
    assert by["the union"].text == "they will cost each worker two days of pay a month"  # type: ignore[attr-defined]


def test_a_reported_clause_inside_an_article_voice_sentence() -> None:
    text = (
        "Water levels in the river rose by two metres overnight and flooded 40 homes, but the mayor said "
        "the levee would hold."
    )
    out = claims(text, default_claimant="Gazette")
    assert [(c.claimant, c.cue) for c in out] == [("Gazette", None), ("the mayor", "said")]
    own, mayor = out
    assert own.text == "Water levels in the river rose by two metres overnight and flooded 40 homes"
    assert mayor.text == "the levee would hold"
    assert text[own.start : own.end] == own.text and text[mayor.start : mayor.end] == mayor.text


def test_a_clause_inside_what_a_speaker_says_is_not_split() -> None:
    # no speaker of its own in the second clause: all of it is Ruiz's
    c = one(
        "Ruiz said the tunnel plan was dead, but the council would revive it next year.", default_claimant="Gazette"
    )
    assert c.claimant == "Ruiz"
    assert c.text == "the tunnel plan was dead, but the council would revive it next year"


def test_same_speaker_keeps_one_claim_per_verb() -> None:
    text = "Ruiz claimed that the pumps were working, although she refused to release the test results."
    out = claims(text, default_claimant="Gazette")
    assert out[0].cue == "claimed"
    assert out[0].text == "the pumps were working"


def test_trailing_speaker_with_a_verb_outside_the_lexicons() -> None:
    text = "The repairs would cost the city about $4 million over two years, the experts surmised."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("the experts", "surmised")
    assert c.text == "The repairs would cost the city about $4 million over two years"
    assert text[c.start : c.end] == c.text


def test_trailing_speaker_with_a_phrase_of_time_after_the_verb() -> None:
    text = "The ferry will stop running in March, Captain Ida Marsh grumbled on Tuesday."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("Captain Ida Marsh", "grumbled")
    assert c.text == "The ferry will stop running in March"


def test_trailing_speaker_after_a_fronted_phrase_and_a_clause() -> None:
    text = "In fact, neither tax plan would change what most families pay, analysts say."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("analysts", "say")
    assert c.text.startswith("In fact, neither tax plan")


def test_a_fronted_phrase_is_not_a_trailing_speakers_claim() -> None:
    # "In July 2012" is not what the company says
    for c in claims(
        "But in July 2012, the ferry company failed as its critics had predicted.", default_claimant="Gazette"
    ):
        assert c.text != "But in July 2012"


def test_a_capitalised_name_ending_like_an_adverb_can_hold_a_stance() -> None:
    text = "“The ferry is a lifeline for the islands,” Kelly charged in her speech."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("Kelly", "charged")
    assert c.text == "The ferry is a lifeline for the islands"
