"""The desk's vocabulary, shared by every layer: statuses, stances, change kinds, the review's
rules, and an article as parsed before it is stored.

Nothing here knows about SQL or a terminal: the store maps these to columns (as short strings,
not database enum types, so that adding a status is a code change, not a migration on two
engines), the services enforce the rules, and the TUI and the CLI use the same words and ask the
same questions (:func:`needs_note`, :func:`needs_evidence`) instead of re-stating the rules.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum


def utcnow() -> datetime:
    """Now, timezone-aware UTC: every timestamp claimtrack stores."""
    return datetime.now(UTC)


class ClaimStatus(StrEnum):
    """Where a claim stands in the review."""

    NEW = "new"
    IN_REVIEW = "in_review"
    VERIFIED = "verified"
    DISPUTED = "disputed"
    FALSE = "false"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"
    DISMISSED = "dismissed"


#: Statuses that are a verdict: they need a note and at least one piece of evidence.
VERDICTS: frozenset[ClaimStatus] = frozenset(
    {ClaimStatus.VERIFIED, ClaimStatus.DISPUTED, ClaimStatus.FALSE, ClaimStatus.MISLEADING}
)


class Stance(StrEnum):
    """What a piece of evidence says about its claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class ChangeKind(StrEnum):
    """What a history entry records."""

    CREATED = "created"
    STATUS = "status"
    NOTE = "note"
    EVIDENCE = "evidence"
    ASSIGNMENT = "assignment"
    MATCH = "match"
    """A match decided: the claim is the same as an earlier claim or fact check, or different."""


class MatchState(StrEnum):
    """Where a match between a claim and an earlier claim or fact check stands (issue 15)."""

    SUGGESTED = "suggested"
    """Found by the matcher, not decided yet."""
    SAME = "same"
    """A checker confirmed it: the same claim."""
    DIFFERENT = "different"
    """A checker rejected it."""


class MatchKind(StrEnum):
    """What a claim is matched to."""

    CLAIM = "claim"
    FACT_CHECK = "factcheck"


# --- the review's rules --------------------------------------------------------------------


def is_verdict(status: str | ClaimStatus | None) -> bool:
    return status is not None and str(status) in VERDICTS


def needs_evidence(new: str | ClaimStatus) -> bool:
    """A verdict needs at least one piece of evidence linked to the claim."""
    return is_verdict(new)


def needs_note(old: str | ClaimStatus | None, new: str | ClaimStatus) -> bool:
    """A verdict needs a note saying why, and so does leaving one (reopening, dismissing...).

    ``old`` is ``None`` when the current status is not known: then the answer is the one for a
    claim with a verdict, the safe side (the caller asks for the note).
    """
    return is_verdict(new) or old is None or is_verdict(old)


def why_a_note(old: str | ClaimStatus | None, new: str | ClaimStatus) -> str:
    """The rule in words, for a dialog or an error: why this change needs a note."""
    if is_verdict(new):
        return "A verdict needs a note saying why and at least one piece of evidence."
    return "The claim has a verdict; changing it needs a note saying why."


# --- an article before it is stored ------------------------------------------------------------


@dataclass
class ParsedArticle:
    """An article read from a file, a page or an import: headline, body and metadata."""

    title: str
    body: str
    standfirst: str | None = None
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    url: str | None = None
    published: date | None = None
    title_from_body: bool = False
    """The text had no headline line: ``title`` is the opening of the body, which holds it."""

    @property
    def content_hash(self) -> str:
        """SHA-256 of title and body: the same article ingested twice is one article."""
        digest = hashlib.sha256()
        digest.update(self.title.strip().encode("utf-8"))
        digest.update(b"\n\x00\n")
        digest.update(self.body.strip().encode("utf-8"))
        return digest.hexdigest()
