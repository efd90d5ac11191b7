"""The desk's dialogs, one a module; :mod:`.base` holds what they share (the form, its save)."""

from __future__ import annotations

from claimtrack.tui.dialogs.assign import AssignDialog
from claimtrack.tui.dialogs.base import FormDialog, Submit
from claimtrack.tui.dialogs.claimant import ClaimantDialog
from claimtrack.tui.dialogs.claimreview import ClaimReviewDialog
from claimtrack.tui.dialogs.evidence import EvidenceDialog
from claimtrack.tui.dialogs.export import ExportDialog
from claimtrack.tui.dialogs.factcheck import FactCheckDialog
from claimtrack.tui.dialogs.feed import FeedDialog
from claimtrack.tui.dialogs.ingest import IngestDialog
from claimtrack.tui.dialogs.matches import MatchesDialog
from claimtrack.tui.dialogs.min_score import MinScoreDialog
from claimtrack.tui.dialogs.note import NoteDialog
from claimtrack.tui.dialogs.number import NumberDialog
from claimtrack.tui.dialogs.since import SinceDialog
from claimtrack.tui.dialogs.status import StatusDialog
from claimtrack.tui.dialogs.status_filter import StatusFilterDialog

__all__ = [
    "AssignDialog",
    "ClaimReviewDialog",
    "ClaimantDialog",
    "EvidenceDialog",
    "ExportDialog",
    "FactCheckDialog",
    "FeedDialog",
    "FormDialog",
    "IngestDialog",
    "MatchesDialog",
    "MinScoreDialog",
    "NoteDialog",
    "NumberDialog",
    "SinceDialog",
    "StatusDialog",
    "StatusFilterDialog",
    "Submit",
]
