"""The claim features: numbers, negation, direction of change, names, a post's sign-off."""

from __future__ import annotations

import datetime

import pytest

from claimtrack.matching.text import (
    Facts,
    content_words,
    direction,
    entities,
    negated,
    normalise,
    numbers,
    signature_date,
    strip_signature,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unemployment fell to 4% last year.", {4.0}),
        ("unemployment fell to four percent", {4.0}),
        ("The deficit is $4,300 per family.", {4300.0}),
        ("It cost 2.5 billion dollars.", {2.5e9}),
        ("Three million people lost cover.", {3e6}),
        ("No quantity here.", set()),
    ],
)
def test_numbers_are_read_as_values(text: str, expected: set[float]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mayor did not raise the tax.", True),
        ("The mayor never raised the tax.", True),
        ("The mayor didn't raise the tax.", True),
        ("The mayor raised the tax.", False),
        ("Nothing was stolen from the museum.", True),
    ],
)
def test_negation(text: str, expected: bool) -> None:
    assert negated(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unemployment fell to 4%.", -1),
        ("Unemployment rose to 4%.", 1),
        ("Crime dropped while arrests increased.", 0),
        ("Unemployment is 4%.", 0),
    ],
)
def test_direction_of_change(text: str, expected: int) -> None:
    assert direction(text) == expected


def test_names_are_capitalised_words_not_at_a_sentence_start() -> None:
    assert entities("The report says Maria Lopez met officials in Lisbon. Then she left.") == {
        "maria",
        "lopez",
        "lisbon",
    }


def test_normalise_drops_links_and_spells_handles_as_words() -> None:
    text = "Read this https://example.org/x?y=1 from @JaneDoeNews #Budget “now”"
    assert normalise(text) == 'read this from jane doe news budget "now"'


def test_a_posts_sign_off_is_stripped_and_its_date_read() -> None:
    post = "The bridge closes on Monday. — Jane Doe (@janedoe) March 3, 2021"
    assert strip_signature(post) == "The bridge closes on Monday."
    assert signature_date(post) == datetime.date(2021, 3, 3)
    assert signature_date("The bridge closes on Monday.") is None
    assert strip_signature("A dash - inside a sentence.") == "A dash - inside a sentence."


def test_content_words_drop_stopwords_and_plural_endings() -> None:
    assert content_words("The taxes of the farmers") == {"tax", "farmer"}


def test_facts_of_hostile_or_empty_text() -> None:
    assert Facts.of("") == Facts(frozenset(), frozenset(), frozenset(), False, 0, 0)
    facts = Facts.of("[bold red]Fake[/] <script>alert(1)</script> 50%")
    assert 50.0 in facts.numbers
