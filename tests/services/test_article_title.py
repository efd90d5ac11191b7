"""A text file's first line: a headline, or the first paragraph of a text that has none."""

from __future__ import annotations

import pytest

from claimtrack.services.articles import parse_article, reads_like_paragraph

PARAGRAPH = (
    "Four people were killed and 12 injured when a bus crashed on the M4 near Swindon on Monday "
    "night, police said, in the third fatal crash on that stretch of road this year."
)
SECOND = "The driver was arrested at the scene."


@pytest.mark.parametrize(
    ("line", "paragraph"),
    [
        ("Council votes to close city's only homeless shelter", False),
        ("Reports: 'streamlined' UK asylum process to replace interviews with questionnaire", False),
        ("At least 107 killed in Mecca crane collapse.", False),  # a headline with a full stop
        (PARAGRAPH, True),
        ("The bus crashed on Monday. Four people died.", True),  # two sentences
    ],
)
def test_a_first_line_reads_like_a_headline_or_a_paragraph(line: str, paragraph: bool) -> None:
    assert reads_like_paragraph(line) is paragraph


def test_a_text_without_a_headline_keeps_its_first_line_as_body() -> None:
    parsed = parse_article(f"{PARAGRAPH}\n{SECOND}\n")
    assert parsed.title_from_body
    assert parsed.body.startswith(PARAGRAPH) and parsed.body.endswith(SECOND)
    assert parsed.title.endswith("…") and PARAGRAPH.startswith(parsed.title[:-1])


def test_the_user_says_which_it_is() -> None:
    forced = parse_article(f"{PARAGRAPH}\n{SECOND}\n", title_line=True)
    assert forced.title == PARAGRAPH and forced.body == SECOND and not forced.title_from_body
    body = parse_article(f"Bus crash on the M4\n{SECOND}\n", title_line=False)
    assert body.title_from_body and body.body.startswith("Bus crash on the M4\n")
