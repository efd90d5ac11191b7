"""The claimant is a noun phrase a checker can read: not a dateline, a relative pronoun, an
auxiliary left over from the verb group or a whole clause.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

import pytest

from .helpers import claims, one


@pytest.mark.parametrize(
    "dateline",
    ["PORTSMOUTH, N.H. - ", "HARBOURTON (AP) — ", "HARBOURTON, Dec. 4 (UPI) — ", "Aug 27 (Reuters) - "],
)
def test_a_dateline_is_neither_claimant_nor_claim(dateline: str) -> None:
    text = "Ferry fares to rise\n" + dateline + "Mayor Ana Ruiz said the ferry fares would double."
    c = [c for c in claims(text, default_claimant="Gazette") if c.cue == "said"][0]
    assert c.claimant == "Mayor Ana Ruiz"
    assert c.sentence == "Mayor Ana Ruiz said the ferry fares would double."
    assert c.text == "the ferry fares would double"


def test_a_dateline_before_a_fronted_phrase_is_not_the_subject() -> None:
    text = "PORTSMOUTH, N.H. - Four days after the vote, the harbour board is pressing to cut the levy."
    c = one(text, default_claimant="Gazette")
    assert c.claimant == "the harbour board" and c.cue == "is pressing"
    assert c.text.startswith("Four days after the vote")


@pytest.mark.parametrize(
    ("text", "cue", "claimant", "claim"),
    [
        # "who" after a name: that name
        (
            "The levy was negotiated with help from Port Director Tom Baker, who said he expects the deal to pass.",
            "said",
            "Port Director Tom Baker",
            "he expects the deal to pass",
        ),
        # ... also with an auxiliary and an adverb between "who" and the verb
        (
            "The vote was a symbolic win for Ruiz, who has often complained about the cost of the ferry.",
            "complained",
            "Ruiz",
            "about the cost of the ferry",
        ),
        # "whom X called": X's words
        (
            "Much of the anger was directed at Baker, whom Ruiz on Wednesday called “a reckless gambler.”",
            "called",
            "Ruiz",
            "a reckless gambler",
        ),
        # a relative clause inside the main clause ends at its comma
        (
            "The senator, who said the levy was unfair, left the hearing early.",
            "said",
            "The senator",
            "the levy was unfair",
        ),
    ],
)
def test_a_speaker_in_a_relative_clause(text: str, cue: str, claimant: str, claim: str) -> None:
    c = [c for c in claims(text, default_claimant="Gazette") if c.cue == cue][0]
    assert (c.claimant, c.text) == (claimant, claim)


def test_a_dash_typed_as_a_spaced_hyphen_sets_off_an_aside() -> None:
    text = "In May - four months after Ruiz left office - the harbour board told the court that no records exist."
    c = one(text, default_claimant="Gazette")
    assert c.claimant == "the harbour board" and c.cue == "told"
    assert c.text == "no records exist"


def test_a_claim_does_not_open_with_a_dash() -> None:
    text = "Ruiz opposes the levy, but - after the court ruled - she urged the council to obey the ruling."
    texts = [c.text for c in claims(text, default_claimant="Gazette")]
    assert texts and not any(t.startswith(("-", "—")) for t in texts)


@pytest.mark.parametrize(
    ("text", "claimant", "cue"),
    [
        ("The senator has often cited the island's ferry in defending the levy.", "The senator", "cited"),
        ("Some islanders may have thought that the ferry would stay free.", "Some islanders", "thought"),
        ("Police had last month charged the captain with negligence.", "Police", "charged"),
        ("The ferry lost money and Ruiz strongly suggested that the levy should rise.", "Ruiz", "suggested"),
    ],
)
def test_the_verb_group_is_not_part_of_the_claimant(text: str, claimant: str, cue: str) -> None:
    c = [c for c in claims(text, default_claimant="Gazette") if c.cue == cue][0]
    assert c.claimant == claimant


def test_a_headline_opening_with_says_has_no_claimant_named_says() -> None:
    for c in claims("Says Ruiz would double the ferry fares.", default_claimant="Gazette"):
        assert not (c.claimant or "").startswith("Says")


def test_a_name_with_party_and_state_then_an_aside_before_the_verb() -> None:
    text = "“The ferry has a lot of friends,” Sen. Ana Ruiz (D-Ore.), after a long pause, said of the levy."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("Sen. Ana Ruiz", "said")
    assert c.text == "The ferry has a lot of friends"


def test_the_name_before_a_relative_clause_that_holds_a_place() -> None:
    text = (
        "Dana Whitfield, who lost her shop in the flood in Harbourton, Oregon, in May 2019, said that "
        "the council had ignored the warnings."
    )
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("Dana Whitfield", "said")
    assert c.text == "the council had ignored the warnings"


def test_a_name_opening_a_sentence_with_an_s_verb() -> None:
    text = "Baker refers to the levy as a tax on islanders. The remark angered Mayor Tom Baker's critics."
    first = claims(text, default_claimant="Gazette")[0]
    assert (first.claimant, first.cue) == ("Baker", "refers")


def test_a_common_noun_capitalised_by_the_sentence_start_is_not_a_name() -> None:
    text = "Murder rates rose by 40 percent in the harbour district in 2023, police figures show."
    assert [c.claimant for c in claims(text, default_claimant="Gazette")] == ["police figures"]
    text = "Murder rates rose by 40 percent in the harbour district in 2023."
    assert [c.claimant for c in claims(text, default_claimant="Gazette")] == ["Gazette"]


def test_a_verb_after_an_appositive_without_an_article() -> None:
    text = "Tom Baker, the port's former harbour master, ripped the council for raising the levy."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("Tom Baker", "ripped")
    text = "Tom Baker, Ana Ruiz's campaign manager, ripped the council for raising the levy."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("Tom Baker", "ripped")


def test_a_fronted_time_phrase_is_not_a_person_for_he_and_she() -> None:
    text = (
        "Mayor Tom Baker spoke on Friday. By Sunday afternoon the council had canceled the rally, "
        "citing the storm. He did not mention the levy."
    )
    last = claims(text, default_claimant="Gazette")[-1]
    assert (last.claimant, last.cue) == ("Mayor Tom Baker", "did not mention")


@pytest.mark.parametrize(
    ("text", "cue", "claimant"),
    [
        # after "why": the pronoun alone, resolved to the person named before
        (
            "Mayor Tom Baker visited the docks. That’s why he wanted to go an extra step to fund the ferry.",
            "wanted",
            "Mayor Tom Baker",
        ),
        # a pronoun opening a longer phrase is a clause, not a subject ("hints" is a noun here)
        (
            "Mayor Tom Baker spoke for an hour. He even shared a few hints of his family life.",
            "shared",
            "Mayor Tom Baker",
        ),
        # coordinated pronouns stay whole
        ("She and her husband supported the 1994 harbour bill.", "supported", "She and her husband"),
    ],
)
def test_pronouns_in_a_subject(text: str, cue: str, claimant: str) -> None:
    c = [c for c in claims(text, default_claimant="Gazette") if c.cue == cue][-1]
    assert c.claimant == claimant


@pytest.mark.parametrize(
    "text",
    [
        "Ruiz has won overwhelming support from the harbour towns.",
        "Two ferry firms have reduced their financial support for the festival.",
        "Baker still has the final say on whether the levy goes ahead.",
    ],
)
def test_a_verb_form_after_an_adjective_is_a_noun(text: str) -> None:
    for c in claims(text, default_claimant="Gazette"):
        assert c.claimant == "Gazette", (c.claimant, c.cue)


def test_a_plural_subject_before_the_same_forms_is_still_a_speaker() -> None:
    assert [(c.claimant, c.cue) for c in claims("Islanders say the levy is unfair.")] == [("Islanders", "say")]
    text = "Most islanders support the levy."
    assert [(c.claimant, c.cue) for c in claims(text)] == [("Most islanders", "support")]
