"""The names this module used to hold, kept importable: a report's data now lives by concern.

- :mod:`.filter`: :class:`ReportFilter`, :func:`as_report_filter`, :func:`parse_when`;
- :mod:`.model`: the records the renderers read (:class:`ClaimItem`, :class:`ReportTotals`...);
- :mod:`.totals`: :func:`report_totals`;
- :mod:`.streaming`: :func:`iter_claims`, :func:`group_by_article`.

New code imports from :mod:`claimtrack.services.reports` (or the module of the concern).
"""

from __future__ import annotations

# ``name as name``: a re-export (nothing here uses them).
from claimtrack.services.reports.filter import ReportFilter as ReportFilter
from claimtrack.services.reports.filter import as_report_filter as as_report_filter
from claimtrack.services.reports.filter import parse_when as parse_when
from claimtrack.services.reports.model import ATTENTION as ATTENTION
from claimtrack.services.reports.model import OPEN as OPEN
from claimtrack.services.reports.model import VERDICT_ORDER as VERDICT_ORDER
from claimtrack.services.reports.model import ArticleGroup as ArticleGroup
from claimtrack.services.reports.model import ArticleItem as ArticleItem
from claimtrack.services.reports.model import AssigneeWork as AssigneeWork
from claimtrack.services.reports.model import Changes as Changes
from claimtrack.services.reports.model import ClaimItem as ClaimItem
from claimtrack.services.reports.model import EvidenceItem as EvidenceItem
from claimtrack.services.reports.model import NoteItem as NoteItem
from claimtrack.services.reports.model import OpenClaim as OpenClaim
from claimtrack.services.reports.model import ReportTotals as ReportTotals
from claimtrack.services.reports.model import StatusChange as StatusChange
from claimtrack.services.reports.model import TimeToVerdict as TimeToVerdict
from claimtrack.services.reports.streaming import CHUNK as CHUNK
from claimtrack.services.reports.streaming import group_by_article as group_by_article
from claimtrack.services.reports.streaming import iter_claims as iter_claims
from claimtrack.services.reports.totals import SLOWEST_OPEN as SLOWEST_OPEN
from claimtrack.services.reports.totals import report_totals as report_totals
