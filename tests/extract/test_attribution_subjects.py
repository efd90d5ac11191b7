"""The last-resort attribution: an agent subject of the main clause, and transcript speaker labels.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

from claimtrack.extract.attribution import analyse_sentence
from claimtrack.extract.quotes import QuoteIndex
from claimtrack.extract.subjects import main_clause, speaker_label

from .helpers import claims, one


def test_subject_after_a_fronted_phrase_is_the_claimant() -> None:
    text = "During a visit to the harbour on Friday, Mayor Ana Ruiz ruled out a second tunnel under the bay."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("Mayor Ana Ruiz", "ruled")
    assert c.text == text[:-1]  # the claim is the sentence, as in the article's voice


def test_subject_at_the_start_with_a_verb_outside_the_lexicons() -> None:
    c = one(
        "The water board insisted on Tuesday it would not renew its contract with the dredging company.",
        default_claimant="Gazette",
    )
    assert (c.claimant, c.cue) == ("The water board", "insisted")
    # a plain act is the outlet's report of it (the desk's definition): the cue still shows the verb
    c = one(
        "The water board decided on Tuesday not to renew its contract with the dredging company.",
        default_claimant="Gazette",
    )
    assert (c.claimant, c.cue) == ("Gazette", "decided")


def test_subject_before_an_appositive_and_a_relative_clause() -> None:
    c = one(
        "Tom Okafor, who chairs the budget committee since 2021, laid out a plan to cut 40 posts.",
        default_claimant="Gazette",
    )
    assert (c.claimant, c.cue) == ("Tom Okafor", "laid")


def test_progressive_and_stance_adjective_after_be() -> None:
    c = one("The Harbour Workers Union is pressing the council for 300 new jobs by 2026.", default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("The Harbour Workers Union", "is pressing")
    c = one("The union was adamant that the strike would continue until March.", default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("The union", "was adamant")


def test_a_non_agent_subject_stays_in_the_article_voice() -> None:
    for text in (
        "Prospects for the harbour tunnel are even dimmer after the storms of 2024.",
        "The amendment would have cut the harbour budget by 12 percent in 2025.",
        "Thousands of residents were evacuated from the harbour district on Monday.",
        "It was the third flood in the district since 2019.",
    ):
        out = claims(text, default_claimant="Gazette")
        assert all(c.claimant == "Gazette" and c.cue is None for c in out), (text, out)


def test_plain_acts_and_facts_about_an_agent_stay_in_the_article_voice() -> None:
    for text in (
        "Ruiz won the mayoral election in 2022 with 54 percent of the vote.",
        "The mayor is a former engineer who worked on the harbour wall for 20 years.",
        "The mayor was elected in 2022 after two terms on the council.",
    ):
        out = claims(text, default_claimant="Gazette")
        assert all(c.claimant == "Gazette" for c in out), (text, [(c.claimant, c.cue) for c in out])


def test_a_negated_statement_is_the_subject_s() -> None:
    text = "The harbour authority did not respond to a request for comment on the 40 missing pumps."
    c = one(text, default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("The harbour authority", "did not respond")
    assert c.text == text[:-1]
    c = one("Councillor Lee isn't saying whether she will vote for the levy in March.", default_claimant="Gazette")
    assert (c.claimant, c.cue) == ("Councillor Lee", "isn't saying")


def test_she_as_subject_is_resolved_to_the_last_named_person() -> None:
    out = claims(
        "Mayor Ana Ruiz visited the harbour on Monday. She vowed to rebuild the wall by 2026.",
        default_claimant="Gazette",
    )
    vow = [c for c in out if c.cue == "vowed"]
    assert len(vow) == 1 and vow[0].claimant == "Mayor Ana Ruiz"


def test_a_directive_is_the_subjects_call() -> None:
    text = "The harbour authority warned all residents on Sunday to leave the district."
    atts = analyse_sentence(text, 0, len(text), QuoteIndex(text)).attributions
    assert [(a.claimant, a.cue) for a in atts] == [("The harbour authority", "warned")]
    assert (atts[0].content_start, atts[0].content_end) == (0, len(text) - 1)


def test_main_clause_reads_only_the_sentence_start() -> None:
    text = "Since the storm, the council has approved 40 new pumps. " + "word " * 5000
    found = main_clause(text, 0, len(text))
    assert found is not None
    (a, b), (vs, ve), pronoun = found
    assert text[a:b] == "the council" and text[vs:ve] == "has approved" and not pronoun
    assert main_clause("“We will rebuild,” the mayor said.", 0, 33) is None


def test_transcript_speaker_labels() -> None:
    text = (
        '"RUIZ: Well, the pumps cleared 90 percent of the water by Monday. The rest will take a week.\n'
        "LEE: The council approved 40 new pumps in 2023, and Ruiz said they would be enough.\n"
        "UPDATE: This story was corrected on Tuesday to give the number of pumps."
    )
    out = claims(text, default_claimant="Gazette")
    by_text = {c.text: c for c in out}
    first = by_text["Well, the pumps cleared 90 percent of the water by Monday"]
    assert (first.claimant, first.cue) == ("RUIZ", ":")
    assert by_text["The rest will take a week"].claimant == "RUIZ"
    lee = [c for c in out if c.sentence.startswith("LEE:")]
    # the labelled speaker is the claimant of everything in her turn, attributions inside included
    assert lee and all(c.claimant == "LEE" for c in lee)
    assert all(c.claimant != "UPDATE" for c in out)


def test_speaker_label_shapes() -> None:
    assert speaker_label("RUIZ: Yes.", 0, 10) == (0, 4, 6)
    assert speaker_label("“VAN DER BERG: No.", 0, 18) == (1, 13, 15)
    for line in ("CORRECTION: An earlier version misspelt a name.", "Ruiz: yes", "A: the answer"):
        assert speaker_label(line, 0, len(line)) is None


def test_age_and_fronted_phrases_do_not_hide_the_speaker() -> None:
    c = one("Dana Whitfield, 58, a retired teacher, said the new levy was unfair.", default_claimant="Gazette")
    assert (c.claimant, c.cue, c.text) == ("Dana Whitfield", "said", "the new levy was unfair")
    c = one("Separately, the senator vowed to block the harbour levy.", default_claimant="Gazette")
    assert c.claimant == "the senator" and c.text != "Separately"
    c = one(
        "While the council has argued that the levy is fair, Ruiz said it would hurt small businesses.",
        default_claimant="Gazette",
    )
    assert (c.claimant, c.cue) == ("Ruiz", "said")
