"""Directives, passive agents, relative clauses, polls in mid-sentence, outer speakers at the end
of a sentence and speaker noun phrases after asides.

Every sentence here is invented for these tests.
"""

from __future__ import annotations

from .helpers import claims, one


def _check(c, text: str, claimant: str, cue: str, claim: str) -> None:
    assert (c.claimant, c.cue) == (claimant, cue)
    assert c.text == claim == text[c.start : c.end]


# --- directives: a call, warning or pledge is its subject's position ----------------------------


def test_urged_someone_to_act_is_the_subjects_call() -> None:
    text = "The senator urged the governor to veto the harbour bill."
    _check(one(text, default_claimant="Gazette"), text, "The senator", "urged", text[:-1])


def test_called_on_someone_to_act() -> None:
    text = "The dockworkers' union called on the council to reject the new levy."
    _check(one(text, default_claimant="Gazette"), text, "The dockworkers' union", "called on", text[:-1])


def test_a_pledge_to_act() -> None:
    text = "Mayor Ana Ruiz promised to cut the flood levy by half next spring."
    _check(one(text, default_claimant="Gazette"), text, "Mayor Ana Ruiz", "promised", text[:-1])


def test_a_reported_directive_stays_inside_the_speakers_content() -> None:
    text = "Ruiz said the council would call on residents to save water."
    _check(
        one(text, default_claimant="Gazette"), text, "Ruiz", "said", "the council would call on residents to save water"
    )


# --- passives with an agent -----------------------------------------------------------------------


def test_passive_with_an_agent_of_stance() -> None:
    text = "The levy has been criticized by the dockworkers' union for its cost to renters."
    _check(one(text, default_claimant="Gazette"), text, "the dockworkers' union", "criticized", text[:-1])


def test_passive_with_an_agent_of_decision() -> None:
    text = "Tom Baker was appointed to the harbour tribunal by Governor Ana Ruiz in 2011."
    _check(one(text, default_claimant="Gazette"), text, "Governor Ana Ruiz", "was appointed", text[:-1])
    text = "The ferry plan is seen by most harbour residents as a waste of money."
    _check(one(text, default_claimant="Gazette"), text, "most harbour residents", "is seen", text[:-1])


def test_passive_of_plain_acts_or_without_an_agent_stays_in_the_article_voice() -> None:
    for text in (
        "Most of the harbour reports were written by two freelance reporters in 2012.",
        "The flood levy was approved by a wide margin on Tuesday evening.",
        "The new harbour bridge will be finished by Friday at the latest, officials hope.",
    ):
        for c in claims(text, default_claimant="Gazette"):
            assert c.claimant not in ("two freelance reporters", "a wide margin", "Friday")


# --- relative clauses with a speaker of their own -------------------------------------------------


def test_relative_clause_with_its_own_speaker_is_its_own_claim() -> None:
    text = "The board approved a new flood levy on Monday, which the dockworkers' union strongly opposed."
    out = claims(text, default_claimant="Gazette")
    assert [(c.claimant, c.cue) for c in out] == [("The board", "approved"), ("the dockworkers' union", "opposed")]
    assert out[0].text == "The board approved a new flood levy on Monday"
    assert out[1].text == "which the dockworkers' union strongly opposed"
    assert out[0].end <= out[1].start


def test_relative_clause_reporting_a_statement() -> None:
    text = "The board approved a new flood levy on Monday, which Mayor Ana Ruiz has said is too costly for renters."
    out = claims(text, default_claimant="Gazette")
    assert out[-1].claimant == "Mayor Ana Ruiz" and out[-1].cue == "said"
    assert (
        out[-1].text == "which Mayor Ana Ruiz has said is too costly for renters" == text[out[-1].start : out[-1].end]
    )


def test_relative_clause_in_mid_sentence_is_not_split() -> None:
    text = "The board, which the dockworkers' union opposed, is pushing for a new flood levy."
    c = one(text, default_claimant="Gazette")
    assert c.text == text[:-1] and c.claimant == "The board"
    # with a plain act the sentence is the outlet's report, though the subject is read the same way
    text = "The board, which the dockworkers' union opposed, approved a new flood levy on Monday."
    c = one(text, default_claimant="Gazette")
    assert c.text == text[:-1] and (c.claimant, c.cue) == ("Gazette", "approved")


# --- polls and reports in mid-sentence ------------------------------------------------------------


def test_poll_in_mid_sentence_is_the_source() -> None:
    text = "Ruiz held a 12-point lead over Baker among older voters in a Harbour Gazette poll."
    _check(one(text, default_claimant="Gazette"), text, "a Harbour Gazette poll", "in", text[:-1])


def test_poll_phrase_does_not_swallow_the_full_stop_or_a_verb() -> None:
    text = "Baker is ahead in public opinion polls in Ohio and Utah."
    _check(one(text, default_claimant="Gazette"), text, "public opinion polls in Ohio and Utah", "in", text[:-1])


def test_according_to_a_report_from_a_body() -> None:
    text = "Sales of flood pumps grew 60 percent last year, according to a recent report from the Harbour Institute."
    _check(
        one(text, default_claimant="Gazette"),
        text,
        "a recent report from the Harbour Institute",
        "according to",
        "Sales of flood pumps grew 60 percent last year",
    )


# --- the speaker named at the end is the outer one ------------------------------------------------


def test_trailing_speaker_wins_over_an_act_inside_what_it_reports() -> None:
    text = "Baker agreed to sell the old depot to the city in 2010, records show."
    _check(
        one(text, default_claimant="Gazette"),
        text,
        "records",
        "show",
        "Baker agreed to sell the old depot to the city in 2010",
    )


# --- speaker noun phrases -------------------------------------------------------------------------


def test_inverted_speaker_with_lower_case_titles_after_a_quotation() -> None:
    text = "\u201cOctober was a good month for her,\u201d said former harbour adviser Tom Baker."
    _check(
        one(text, default_claimant="Gazette"),
        text,
        "former harbour adviser Tom Baker",
        "said",
        "October was a good month for her",
    )


def test_inverted_speaker_after_content_and_a_comma() -> None:
    text = "Even the smaller ports have more trade than ever, says economist Lina Park in Oslo."
    _check(
        one(text, default_claimant="Gazette"),
        text,
        "economist Lina Park",
        "says",
        "Even the smaller ports have more trade than ever",
    )


def test_participle_aside_is_not_the_speaker() -> None:
    text = "Ruiz, speaking at a rally in Salem, Ore., warned that the levee would fail."
    _check(one(text, default_claimant="Gazette"), text, "Ruiz", "warned", "the levee would fail")


def test_time_phrase_after_an_appositive_is_not_the_speaker() -> None:
    text = "Tom Baker, the port chairman, this past week announced a new ferry to the islands."
    _check(one(text, default_claimant="Gazette"), text, "Tom Baker", "announced", "a new ferry to the islands")


def test_dashed_aside_is_skipped() -> None:
    text = "Mr. Baker - in a remark that seemed aimed at the mayor - declared that the port must stay open."
    _check(one(text, default_claimant="Gazette"), text, "Mr. Baker", "declared", "the port must stay open")


def test_name_before_a_long_participle_aside() -> None:
    text = (
        "Harbour delegate Ana Ruiz, dressed in a yellow coat with lights that spelled the word Port, said the "
        "vote could fail."
    )
    _check(one(text, default_claimant="Gazette"), text, "Harbour delegate Ana Ruiz", "said", "the vote could fail")
