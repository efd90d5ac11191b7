"""Attribution patterns of news copy (example sentences written for these tests)."""

from __future__ import annotations

from .helpers import claims, one


def by_text(out, fragment):
    (c,) = [c for c in out if fragment in c.text]
    return c


def test_multi_sentence_quote_with_the_speaker_at_its_close() -> None:
    out = claims("“The harvest fell by a third. Prices will rise before winter,” the farm minister said on Tuesday.")
    assert [c.claimant for c in out] == ["the farm minister", "the farm minister"]
    assert [c.text for c in out] == ["The harvest fell by a third", "Prices will rise before winter"]


def test_multi_sentence_quote_with_the_speaker_first() -> None:
    out = claims("The farm minister said: “The harvest fell by a third. Prices rose 8 percent in May.”")
    assert [c.claimant for c in out] == ["The farm minister", "The farm minister"]


def test_speaker_after_the_quote() -> None:
    c = one("“We have 400 engineers on site,” Mayor Ana Ruiz added.")
    assert (c.claimant, c.cue, c.text) == ("Mayor Ana Ruiz", "added", "We have 400 engineers on site")


def test_speaker_named_in_an_earlier_sentence() -> None:
    out = claims(
        "Mayor Ana Ruiz toured the flooded district on Monday.\nShe said the city had spent $2 million on pumps."
    )
    c = by_text(out, "$2 million")
    assert (c.claimant, c.cue) == ("Mayor Ana Ruiz", "said")


def test_he_said_resolves_to_the_last_named_speaker() -> None:
    out = claims("“The dam is safe,” said engineer Paul Okafor. He said inspections in 2023 found no cracks.")
    assert [c.claimant for c in out] == ["engineer Paul Okafor", "engineer Paul Okafor"]


def test_according_to_mid_sentence() -> None:
    c = one("The bridge, according to the transport agency, carries 80,000 cars a day.")
    assert (c.claimant, c.cue) == ("the transport agency", "according to")
    assert "80,000 cars a day" in c.text


def test_according_to_without_commas() -> None:
    c = one("The bridge carries 80,000 cars a day according to the transport agency.")
    assert c.claimant == "the transport agency" and "80,000 cars" in c.text


def test_passive_reports() -> None:
    c = one("It was reported that the plant had shed 300 jobs in March.")
    assert (c.claimant, c.cue, c.text) == (None, "reported", "the plant had shed 300 jobs in March")
    c = one("It is alleged that the councillor accepted $40,000 in gifts.")
    assert (c.claimant, c.cue) == (None, "alleged")


def test_nested_attribution_keeps_the_outer_speaker() -> None:
    c = one("Spokesman Tom Reyes said the governor noted that 12 schools had closed.")
    assert c.claimant == "Spokesman Tom Reyes"
    assert c.text == "the governor noted that 12 schools had closed"


def test_parenthetical_said_mid_sentence() -> None:
    c = one("The budget, Ruiz said, was cut by 15 percent last year.")
    assert (c.claimant, c.cue) == ("Ruiz", "said")
    assert c.text.startswith("The budget") and c.text.endswith("15 percent last year")


def test_saying_participle_takes_the_sentence_subject() -> None:
    c = one("The council approved the plan on Monday, saying it would cost $3 million.")
    assert (c.claimant, c.cue, c.text) == ("The council", "saying", "it would cost $3 million")


def test_adding_that_participle_takes_the_speaker_of_the_main_verb() -> None:
    out = claims("Ruiz said the pumps were working, adding that 90 percent of homes had power again.")
    assert [(c.claimant, c.cue, c.text) for c in out] == [
        ("Ruiz", "said", "the pumps were working"),
        ("Ruiz", "adding", "90 percent of homes had power again"),
    ]


def test_telling_someone_that() -> None:
    out = claims("The union criticised the decision, telling reporters that 200 workers would lose their jobs.")
    c = by_text(out, "200 workers")
    assert (c.claimant, c.cue, c.text) == ("The union", "telling", "200 workers would lose their jobs")


def test_noting_that_after_a_quote() -> None:
    out = claims("“It is a waste,” Ruiz said, noting that flood damage cost $50 million in 2021.")
    assert [c.claimant for c in out] == ["Ruiz", "Ruiz"]
    assert out[1].text == "flood damage cost $50 million in 2021"


def test_stance_verbs_attribute_to_their_subject() -> None:
    c = one("A poll published on Sunday showed that 52 percent of voters back the plan.")
    assert c.claimant == "A poll published on Sunday" and c.cue == "showed"
    c = one("Senator Lee believes the tax will raise $4 billion.")
    assert c.claimant == "Senator Lee"


def test_told_does_not_make_the_addressee_the_speaker() -> None:
    out = claims("“We lost 30 homes,” Ruiz, 54, told the Tribune on Friday.")
    assert out[0].claimant == "Ruiz"


def test_colon_headline_source() -> None:
    out = claims("City Hall: pumps cleared 90 percent of the water\nThe rest will take a week.")
    assert out[0].claimant == "City Hall" and out[0].text == "pumps cleared 90 percent of the water"


def test_passive_with_by_names_the_source() -> None:
    c = one("The closure was first reported by the Harbour Gazette on Monday.")
    assert c.claimant.startswith("the Harbour Gazette") and c.cue == "reported"


def test_second_verb_of_the_subject() -> None:
    c = one("The senator served 5 years in the navy and says the base employs 3,000 people.")
    assert (c.claimant, c.cue, c.text) == ("The senator", "says", "the base employs 3,000 people")


def test_adverb_before_the_verb_is_not_part_of_the_speaker() -> None:
    c = one("Ruiz strongly suggested that 40 homes would be rebuilt by May.")
    assert c.claimant == "Ruiz"
    c = one("The family said the flood destroyed 30 homes.")
    assert c.claimant == "The family"
