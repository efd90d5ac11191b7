from __future__ import annotations

import pytest

from claimtrack.extract import split_sentences

from .helpers import sentences


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Army sent 300 troops to the border.",
        "Dr. Smith and Mr. Jones met Mrs. Brown on Friday.",
        "The attack happened on Sept. 11 and again on Jan. 5 last year.",
        "Russian President Vladimir V. Putin spoke in Moscow.",
        "The meeting started at 9 a.m. on Saturday.",
        "They bought apples, pears, etc. and went home.",
        "Use a shorter form, e.g. the acronym.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_abbreviation_at_the_end_of_a_sentence() -> None:
    text = "He moved to the U.S. The move was costly."
    assert sentences(text) == ["He moved to the U.S.", "The move was costly."]


def test_initials_in_a_name() -> None:
    text = "J. R. R. Tolkien wrote it. George W. Bush read it."
    assert sentences(text) == ["J. R. R. Tolkien wrote it.", "George W. Bush read it."]


def test_closing_quote_belongs_to_the_sentence() -> None:
    text = "He said “it is over.” Then he left."
    assert sentences(text) == ["He said “it is over.”", "Then he left."]


def test_quote_with_attribution_tail_is_one_sentence() -> None:
    text = "“I don’t doubt it.” Putin said. “We will win,” Price said. Next."
    assert sentences(text) == ["“I don’t doubt it.” Putin said.", "“We will win,” Price said.", "Next."]


def test_quote_followed_by_inverted_tail() -> None:
    text = "“We are done.” said the minister on Friday."
    assert sentences(text) == [text]


def test_newlines_always_end_a_sentence() -> None:
    text = "A line without a stop\nAnother one. And more\n\n  Third"
    assert sentences(text) == ["A line without a stop", "Another one.", "And more", "Third"]


def test_question_and_exclamation() -> None:
    assert sentences("Is it true? Yes! It is.") == ["Is it true?", "Yes!", "It is."]


def test_spans_strip_whitespace_and_bullets() -> None:
    text = "  - First point here.  \n* Second point."
    assert sentences(text) == ["First point here.", "Second point."]


def test_lowercase_after_period_does_not_split() -> None:
    assert sentences("It costs 5 p.m. prices. ok then.") == ["It costs 5 p.m. prices. ok then."]


def test_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


def test_no_punctuation_is_one_sentence() -> None:
    text = "just some words without any punctuation at all"
    assert split_sentences(text) == [(0, len(text))]


def test_unicode_text() -> None:
    text = "Der Bürgermeister sprach. 東京で会議があった。 Ça va."
    assert sentences(text)[0] == "Der Bürgermeister sprach."
    assert sentences(text)[-1].endswith("Ça va.")


@pytest.mark.parametrize(
    ("line", "first"),
    [
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "The Senate voted on Tuesday."),
        ("MANCHESTER, N.H. - Four days after the debate, Ruiz spoke.", "Four days after the debate, Ruiz spoke."),
        ("NEW YORK, Dec. 14 (UPI) — A judge ruled.", "A judge ruled."),
        ("CAMBRIDGE, Mass., Dec. 11 (UPI) — A study found it.", "A study found it."),
        ("PARIS, Aug 31 (Reuters) - France said no.", "France said no."),
        ("Aug 27 (Reuters) - Ruiz received her first briefing.", "Ruiz received her first briefing."),
        ("ST. LOUIS -- The city voted.", "The city voted."),
        ("WASHINGTON—The Senate voted.", "The Senate voted."),
    ],
)
def test_a_dateline_opening_a_paragraph_is_not_part_of_the_sentence(line: str, first: str) -> None:
    text = "Headline here\n" + line + " More follows."
    assert sentences(text) == ["Headline here", first, "More follows."]


@pytest.mark.parametrize(
    "text",
    [
        "U.S. - China talks collapsed on Friday.",  # no city in capitals
        "The vote passed. WASHINGTON — the capital — reacted.",  # not at a paragraph's start
        "FBI - the agency - said nothing.",  # lower case after the dash
        "AFL-CIO President Ana Ruiz said the union would strike.",  # a hyphen inside a name
    ],
)
def test_what_only_looks_like_a_dateline_stays(text: str) -> None:
    assert "".join(sentences(text)).replace(" ", "") == text.replace(" ", "")
