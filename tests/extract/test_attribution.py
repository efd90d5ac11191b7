from __future__ import annotations

from .helpers import claims, one


def test_said_that() -> None:
    c = one("The ministry said last week that 12 people were injured in the blast.")
    assert (c.claimant, c.cue, c.text) == ("The ministry", "said", "12 people were injured in the blast")


def test_content_then_speaker() -> None:
    c = one("The economy grew 5 percent last year, officials said.")
    assert (c.claimant, c.cue, c.text) == ("officials", "said", "The economy grew 5 percent last year")


def test_content_then_inverted_speaker() -> None:
    c = one("The economy grew 5 percent last year, said the finance minister.")
    assert (c.claimant, c.text) == ("the finance minister", "The economy grew 5 percent last year")


def test_quote_said_x() -> None:
    c = one("“We sent 300 troops to the border,” said Ned Price, the State Department spokesman.")
    assert (c.claimant, c.cue, c.text) == ("Ned Price", "said", "We sent 300 troops to the border")


def test_quote_x_said() -> None:
    c = one("“We sent 300 troops to the border,” Price said.")
    assert (c.claimant, c.text) == ("Price", "We sent 300 troops to the border")


def test_x_said_colon_quote() -> None:
    c = one("Price said: “We sent 300 troops to the border in 2020.”")
    assert (c.claimant, c.text) == ("Price", "We sent 300 troops to the border in 2020")


def test_quote_x_added_with_trailing_clause() -> None:
    c = one("“Our army will solve all tasks,” Putin added at a meeting in Moscow, his first remarks.")
    assert (c.claimant, c.cue, c.text) == ("Putin", "added", "Our army will solve all tasks")


def test_according_to_first() -> None:
    c = one("According to the health ministry, 40 people died in the floods on Monday.")
    assert (c.claimant, c.cue, c.text) == (
        "the health ministry",
        "according to",
        "40 people died in the floods on Monday",
    )


def test_according_to_last() -> None:
    c = one("Forty people died in the floods on Monday, according to the health ministry.")
    assert (c.claimant, c.cue, c.text) == (
        "the health ministry",
        "according to",
        "Forty people died in the floods on Monday",
    )


def test_passive_report() -> None:
    c = one("It was reported that the mayor resigned on Tuesday.")
    assert c.claimant is None  # unnamed source
    assert (c.cue, c.text) == ("reported", "the mayor resigned on Tuesday")
    assert "reported" in c.cues


def test_told_someone_that() -> None:
    c = one("Wang told Blinken that China had sent 20 tonnes of aid.")
    assert (c.claimant, c.cue, c.text) == ("Wang", "told", "China had sent 20 tonnes of aid")


def test_reported_that_keeps_the_determiner() -> None:
    c = one("A Russian news agency reported that the player was detained last month.")
    assert c.claimant == "A Russian news agency"
    assert c.text == "the player was detained last month"


def test_described_as_and_coordinated_verb() -> None:
    out = claims(
        "A few hours earlier, Russian President Vladimir V. Putin described the sanctions as "
        "“akin to a declaration of war” and warned that Ukraine might lose its “statehood”."
    )
    assert [c.cue for c in out] == ["described", "warned"]
    assert all(c.claimant == "Russian President Vladimir V. Putin" for c in out)
    assert out[0].text == "the sanctions as “akin to a declaration of war”"
    assert out[1].text == "Ukraine might lose its “statehood”"


def test_nested_attribution_takes_the_outer_speaker() -> None:
    c = one("Price said the Secretary noted that 300 troops had arrived in Kyiv.")
    assert c.claimant == "Price"
    assert c.text == "the Secretary noted that 300 troops had arrived in Kyiv"


def test_verb_inside_a_quote_is_not_an_attribution() -> None:
    c = one("“The Secretary noted that 300 troops arrived,” said Ned Price.")
    assert c.claimant == "Ned Price"


def test_directive_is_its_subjects_position() -> None:
    # a warning, call or pledge ("warned X to do Y") is the position of its subject: the claim is
    # the whole sentence (there is no reported content to cut out), the claimant who issued it
    text = "Washington warned all US citizens on Saturday to leave Russia immediately."
    c = one(text, default_claimant="SCMP")
    assert (c.claimant, c.cue) == ("Washington", "warned")
    assert c.text == text[:-1] == text[c.start : c.end]


def test_negated_verb_is_not_a_report() -> None:
    # "did not say" reports no content: the claim is the whole sentence, the army's (not saying)
    text = "The army did not say how many soldiers died in the battle on Friday."
    c = one(text)
    assert c.text == text[:-1]
    assert (c.claimant, c.cue) == ("The army", "did not say")


def test_appositive_subject() -> None:
    c = one("Police, however, said that the suspect was arrested on Monday.")
    assert c.claimant == "Police"


def test_pronoun_resolves_to_last_named_person() -> None:
    out = claims(
        "Dr. John Smith said that the vaccine was 95 percent effective. "
        "He added that 3,000 people took part in the trial."
    )
    assert [c.claimant for c in out] == ["Dr. John Smith", "Dr. John Smith"]
    assert out[1].cue == "added"


def test_pronoun_resolves_across_paragraphs_and_to_a_sentence_subject() -> None:
    out = claims("Mayor Jane Doe visited the site on Monday.\nShe said the city had spent $5 million on repairs.")
    assert out[-1].claimant == "Mayor Jane Doe"


def test_unresolvable_pronoun_stays() -> None:
    c = one("He said the plant had closed in 2019.")
    assert c.claimant == "He"


def test_quote_without_speaker_carries_the_last_speaker() -> None:
    out = claims(
        "“Our army will solve all tasks,” Putin added in Moscow. “Everything is being done according to a plan.”"
    )
    assert [c.claimant for c in out] == ["Putin", "Putin"]
    assert out[1].text == "Everything is being done according to a plan"
    assert out[1].cue is None


def test_quote_paragraph_continues_the_previous_speaker() -> None:
    text = (
        "“We talked to them at all levels,” said counsellor Derek Chollet on Thursday.\n"
        "“We will continue to stay in very active conversations with the government.”"
    )
    out = claims(text)
    assert [c.claimant for c in out] == ["counsellor Derek Chollet", "counsellor Derek Chollet"]


def test_quote_does_not_carry_into_an_unrelated_paragraph() -> None:
    text = "Smith said the plan failed in 2020.\nThe factory closed in 2021. “It was a disaster for 300 workers.”"
    out = claims(text)
    assert out[-1].text == "It was a disaster for 300 workers"
    assert out[-1].claimant is None


def test_multi_sentence_quote_takes_the_speaker_named_at_its_close() -> None:
    out = claims("“We are ready. We will win the war by 2025,” Putin said.")
    assert [c.claimant for c in out] == ["Putin", "Putin"]


def test_two_apostrophe_quotes() -> None:
    c = one("''It works for him because 300 people like it,'' said Tom Fox, a strategist.")
    assert (c.claimant, c.text) == ("Tom Fox", "It works for him because 300 people like it")


def test_single_curly_quotes() -> None:
    c = one("The two diplomats spoke as Blinken notes ‘the world is watching’.")
    assert (c.claimant, c.text) == ("Blinken", "the world is watching")


def test_own_voice_uses_the_default_claimant() -> None:
    c = one("Thousands of civilians were killed in the first week of the war.", default_claimant="SCMP")
    assert c.claimant == "SCMP" and c.cue is None
    assert c.text == c.sentence.rstrip(".")
