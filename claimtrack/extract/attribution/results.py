"""What the attribution rules return: ``Attribution`` (one claimant, cue and content span),
``Cut`` (an override a rule asks the table to apply to an earlier result) and
``SentenceAnalysis`` (everything the table found in one sentence, read by the extractor)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cues import Dispute


@dataclass(slots=True)
class Attribution:
    content_start: int
    content_end: int
    claimant: str | None
    claimant_span: tuple[int, int] | None
    cue: str | None
    cue_span: tuple[int, int] | None
    pronoun: bool = False
    quote_id: int | None = None
    """The quotation that is the content, if any (used to give speakerless parts of the same
    quotation their speaker)."""
    kind: str = "verb"
    """"verb", "according", "passive", "participle", "colon", "action", "subject", "relative",
    "quote" (speakerless quotation)."""

    def with_content(self, start: int, end: int) -> Attribution:
        """A copy whose content is ``[start, end)`` (rules never edit an earlier result)."""
        return Attribution(
            start,
            end,
            self.claimant,
            self.claimant_span,
            self.cue,
            self.cue_span,
            self.pronoun,
            self.quote_id,
            self.kind,
        )


@dataclass(frozen=True, slots=True)
class Cut:
    """An override a rule asks for: the attribution at ``target`` (an index into the results the
    rule was given, followed by the rule's own) ends its content where ``at`` begins."""

    target: int
    at: int


@dataclass(slots=True)
class SentenceAnalysis:
    start: int
    end: int
    attributions: list[Attribution] = field(default_factory=list)
    quote_only: Attribution | None = None
    dispute: Dispute | None = None
    own_start: int = 0
    own_end: int = 0
    """The sentence minus a trailing disputing clause (the article-voice claim span)."""
    own_parts: list[tuple[int, int]] = field(default_factory=list)
    """Clauses of an attributed sentence that no attribution covers (the article's voice)."""
