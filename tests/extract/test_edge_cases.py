from __future__ import annotations

import pytest

from claimtrack.extract import ProposedClaim, extract_claims

from .helpers import claims


@pytest.mark.parametrize("text", ["", " ", "\n\n", "\t \n "])
def test_empty_input(text: str) -> None:
    assert extract_claims(text) == []


@pytest.mark.parametrize(
    "line",
    [
        "Authors: Jacob Fromer, Mark Magnier, SCMP",
        "By Jane Doe and John Smith",
        "Reporting by Jane Doe; Editing by John Smith",
        "Ukraine crisis: Blinken presses Wang Yi on Beijing’s stance",
        "Politics",
    ],
)
def test_bylines_headlines_and_one_word_lines_are_not_claims(line: str) -> None:
    assert extract_claims(line + "\nThe army lost 40 tanks in 2022.")[0].text == "The army lost 40 tanks in 2022"
    assert extract_claims(line) == []


def test_text_without_structure() -> None:
    text = "the army said forty people died and the minister said nothing and then three hundred houses burned"
    out = claims(text)
    assert len(out) == 1
    assert out[0].claimant == "the army"


def test_gibberish_and_symbols() -> None:
    for text in ["!!!", "... ??? ...", "“”“”", "''", '"', "‘", "a. b. c.", "- \n- \n*", "12345", "\x00\x01"]:
        claims(text)  # no exception, invariants hold


def test_unicode() -> None:
    text = "Der Bürgermeister said that 40 Menschen starben — 死者は40人 — in München on Montag. 🚀 Ça va."
    out = claims(text)
    assert out[0].claimant == "Der Bürgermeister"
    assert "死者は40人" in out[0].text


def test_crlf_line_endings() -> None:
    text = "Officials said 12 people were killed.\r\nThe army lost 40 tanks in 2022.\r\n"
    out = claims(text)
    assert [c.text for c in out] == ["12 people were killed", "The army lost 40 tanks in 2022"]


def test_returns_frozen_contract_objects() -> None:
    (c,) = extract_claims("Officials said 12 people were killed on Monday.")
    assert isinstance(c, ProposedClaim)
    with pytest.raises(AttributeError):
        c.text = "x"  # type: ignore[misc]


def test_large_single_paragraph_stays_correct() -> None:
    text = "".join(f"Officials said {i} people were killed on Monday, but Moscow denied it. " for i in range(200))
    out = claims(text)
    assert len(out) == 200
    assert all(c.disputed_by == ("Moscow",) for c in out)
