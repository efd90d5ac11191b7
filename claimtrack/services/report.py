"""Status reports: kept as a short name for :mod:`claimtrack.services.reports`."""

from __future__ import annotations

from claimtrack.services.reports import (  # noqa: F401
    FORMATS,
    SCHEMA,
    ReportFilter,
    ReportTotals,
    format_for_path,
    iter_claims,
    parse_format,
    report_totals,
    write_report,
)
