"""Messages the review desk's workers post back to the UI thread (plain data only)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.notifications import SeverityLevel

from claimtrack.services.desk import ClaimFilter
from claimtrack.services.views import Change, ClaimDetail, QueueIndex, QueueRow, StatusCounts


@dataclass
class FirstPageLoaded(Message):
    generation: int
    rows: list[QueueRow]


@dataclass
class IndexBuilt(Message):
    generation: int
    index: QueueIndex | None
    """None if the build was skipped (the filter changed before it started)."""
    keep_claim: int | None


@dataclass
class PagesLoaded(Message):
    generation: int
    pages: dict[int, list[QueueRow]]


@dataclass
class PositionFound(Message):
    generation: int
    claim_id: int
    position: int | None


@dataclass
class CountsLoaded(Message):
    flt: ClaimFilter
    counts: StatusCounts | None
    """None if they could not be counted."""


@dataclass
class DetailLoaded(Message):
    claim_id: int
    detail: ClaimDetail | None
    error: str | None = None
    text: Text | None = None
    """The pane's content, built in the worker (so the UI thread only swaps it in)."""


@dataclass
class ChangesSeen(Message):
    """The poller saw new history entries (by anyone, this checker included)."""

    latest: int
    changes: list[Change]


@dataclass
class ActionDone(Message):
    """A write finished: what to say, and which claims to look at again."""

    message: str
    claim_ids: list[int]
    severity: SeverityLevel = "information"
    created: bool = False
