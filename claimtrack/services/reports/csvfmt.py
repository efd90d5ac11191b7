"""The CSV report: one row a claim, for spreadsheets. Written row by row with ``csv.writer``.

Every text cell goes through :func:`~claimtrack.services.reports.safe.csv_cell`, so a claim
starting ``=HYPERLINK(...)`` is shown as text, never run as a formula.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from claimtrack.services.reports.model import ClaimItem
from claimtrack.services.reports.safe import csv_cell, iso

COLUMNS = (
    "claim_id",
    "status",
    "claimant",
    "claim",
    "cue",
    "cues",
    "disputed_by",
    "score",
    "assignee",
    "origin",
    "created_at",
    "updated_at",
    "verdict_at",
    "verdict_by",
    "verdict_note",
    "latest_note",
    "latest_note_by",
    "latest_note_at",
    "evidence_count",
    "evidence_captured",
    "evidence",
    "article_id",
    "article_title",
    "outlet",
    "authors",
    "published",
    "article_url",
    "repeats",
    "fact_check_matches",
    "same_as",
)


def _evidence(claim: ClaimItem) -> str:
    lines = []
    for ev in claim.evidence:
        parts = [ev.stance, ev.title or ev.quote or ""]
        if ev.url:
            parts.append(ev.url)
        parts.append(ev.provenance(iso))
        lines.append(" | ".join(p for p in parts if p))
    return "\n".join(lines)


def write_csv(claims: Iterator[ClaimItem], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    cell = csv_cell
    for c in claims:
        a = c.article
        v = c.verdict
        n = c.latest_note
        seen = c.seen
        writer.writerow(
            (
                c.id,
                c.status,
                cell(c.claimant),
                cell(c.text),
                cell(c.cue),
                cell("; ".join(c.cues)),
                cell("; ".join(c.disputed_by)),
                f"{c.score:.4f}".rstrip("0").rstrip(".") if c.score else "0",
                cell(c.assignee),
                c.origin,
                iso(c.created_at),
                iso(c.updated_at),
                iso(v.at) if v else "",
                cell(v.by) if v else "",
                cell(v.note) if v else "",
                cell(n.note) if n else "",
                cell(n.by) if n else "",
                iso(n.at) if n else "",
                len(c.evidence),
                sum(1 for ev in c.evidence if ev.captured_at is not None),
                cell(_evidence(c)),
                c.article_id,
                cell(a.title) if a else "",
                cell(a.outlet) if a else "",
                cell(", ".join(a.authors)) if a else "",
                iso(a.published) if a else "",
                cell(a.url) if a else "",
                seen.repeats if seen else "",
                seen.fact_checks if seen else "",
                cell("\n".join(seen.same_as)) if seen else "",
            )
        )
