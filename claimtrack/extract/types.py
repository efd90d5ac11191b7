"""The extractor's contract: what a proposed claim is.

Everything downstream (ingest, the CLI's ``extract``, the LLM extractor of a later issue) speaks
this type, so extractors can be swapped without touching the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class ProposedClaim:
    """One check-worthy statement found in a text.

    Offsets are character offsets (Python ``str`` indices) into the exact text the extractor was
    given: ``text[start:end] == claim.text`` and ``text[sentence_start:sentence_end] ==
    claim.sentence`` always hold.
    """

    text: str
    """The claim itself: the reported content, or the whole sentence if nobody is quoted."""
    start: int
    end: int
    sentence: str
    sentence_start: int
    sentence_end: int
    claimant: str | None
    """Who makes the claim ("a Russian news agency", "Vladimir V. Putin"); the default claimant
    (the outlet or author) when the article asserts it itself."""
    cue: str | None
    """The reporting verb or phrase that introduces it ("said", "according to", "reported")."""
    cues: tuple[str, ...] = field(default_factory=tuple)
    """Hedges and dispute words around it, lower-cased: "unverified", "allegedly", "denied"..."""
    disputed_by: tuple[str, ...] = field(default_factory=tuple)
    """Who, in the same text, disputes or denies it ("the Chinese state media outlet Global Times")."""
    dispute: str | None = None
    """The passage in the text that disputes it (usually a clause of the same or next sentence)."""
    score: float = 0.0
    """Check-worthiness in [0, 1]."""
    check_worthy: bool = False
    in_title: bool = False
    """The claim is the article's title: its offsets index into the title, not the body."""

    def claim_columns(self) -> dict[str, Any]:
        """The values a stored claim takes from this proposal, by the store's column names (the
        ``claim`` table of :mod:`claimtrack.store.models`; ``extract`` does not import the store).
        The one place a proposal's fields are mapped to a stored claim's: the offsets are
        ``char_start``/``char_end`` there, the tuples lists. ``dispute`` is not a column (the
        ingest stores it as evidence), nor ``check_worthy`` (the score says it)."""
        return {
            "text": self.text,
            "sentence": self.sentence,
            "char_start": self.start,
            "char_end": self.end,
            "sentence_start": self.sentence_start,
            "sentence_end": self.sentence_end,
            "claimant": self.claimant,
            "cue": self.cue,
            "cues": list(self.cues),
            "disputed_by": list(self.disputed_by),
            "score": self.score,
            "in_title": self.in_title,
        }
