"""Quotation marks: curly, straight, and the two mixed (hand-edited copy)."""

from __future__ import annotations

import pytest

from claimtrack.extract import extract_claims
from claimtrack.extract.quotes import QuoteIndex


@pytest.mark.parametrize(
    "text",
    [
        "“We won the vote,” Ruiz said.",
        '"We won the vote," Ruiz said.',
        '"We won the vote,” Ruiz said.',  # straight open, curly close
        '“We won the vote," Ruiz said.',  # curly open, straight close
    ],
)
def test_a_quotation_is_found_whatever_its_marks(text: str) -> None:
    [quote] = QuoteIndex(text).quotes
    assert quote.closed and text[quote.inner_start : quote.inner_end] == "We won the vote,"
    [claim] = extract_claims(text)
    assert claim.claimant == "Ruiz" and claim.text == "We won the vote"
    assert text[claim.start : claim.end] == claim.text


def test_a_straight_mark_after_a_space_inside_a_curly_quote_does_not_close_it() -> None:
    text = '“He called it a "scam" and left,” Ruiz said.'
    quotes = QuoteIndex(text).quotes
    assert quotes[0].open == 0 and text[quotes[0].close] == "”"
