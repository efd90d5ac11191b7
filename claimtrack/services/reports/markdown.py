"""The Markdown report: for the terminal and the wiki. Written line by line as claims arrive."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from claimtrack.domain import ClaimStatus
from claimtrack.services.reports.model import ArticleGroup, ClaimItem, EvidenceItem, NoteItem, ReportTotals
from claimtrack.services.reports.safe import duration, markdown_link, md_cell, md_text, stamp
from claimtrack.textsafe import noun


def _note(note: NoteItem | None) -> str:
    if note is None or not note.note:
        return "—"
    return f"{md_text(note.note)} — {md_text(note.by)}"


def _evidence(items: list[EvidenceItem]) -> str:
    if not items:
        return "—"
    parts = []
    for ev in items:
        label = ev.title or ev.quote or ev.url or ""
        parts.append(f"{ev.stance}: {markdown_link(label, ev.url)} (captured {stamp(ev.captured_at)})")
    return "; ".join(parts)


def _open_work(work: dict[str, int]) -> str:
    named = sorted(((k, v) for k, v in work.items() if k), key=lambda kv: (-kv[1], kv[0]))
    parts = [f"{md_text(k)} {v}" for k, v in named]
    if work.get(""):
        parts.append(f"unassigned {work['']}")
    return " · ".join(parts)


def write_markdown(
    totals: ReportTotals, attention: Iterator[ClaimItem], groups: Iterator[ArticleGroup], out: TextIO
) -> None:
    w = out.write
    w("# claimtrack status report\n\n")
    header = f"Generated {stamp(totals.generated_at)} UTC · {totals.total} {noun(totals.total, 'claim')}"
    described = totals.filter.describe()
    if described:
        header += " · " + md_text("; ".join(described))
    w(header + "\n\n")

    # What editors read first.
    w("## Disputed and false\n\n")
    wrote = False
    for claim in attention:
        if not wrote:
            w("| ID | Status | Claimant | Claim | Article | Verdict note | Evidence |\n")
            w("|---:|---|---|---|---|---|---|\n")
            wrote = True
        article = claim.article
        w(
            f"| {claim.id} | **{claim.status}** | {md_cell(claim.claimant)} | {md_cell(claim.text)} "
            f"| {md_cell(article.title if article else None)} | {_note(claim.note)} | {_evidence(claim.evidence)} |\n"
        )
    w("\n" if wrote else "None.\n\n")

    changes = totals.changes
    w("## Claims by status\n\n")
    if changes is None:
        w("| Status | Claims |\n|---|---:|\n")
        for status, count in totals.by_status.items():
            w(f"| {status.value} | {count} |\n")
        w(f"| **total** | **{totals.total}** |\n\n")
    else:
        w("| Status | Claims | Entered | Left |\n|---|---:|---:|---:|\n")
        for status, count in totals.by_status.items():
            w(f"| {status.value} | {count} | +{changes.entered.get(status, 0)} | −{changes.left.get(status, 0)} |\n")
        w(f"| **total** | **{totals.total}** | | |\n\n")
        w("Entered and left count status changes in the window (a new claim enters `new`).\n\n")
        w("### Changes\n\n")
        w(f"- New claims: {changes.new_claims}\n")
        w(f"- Verdicts given: {changes.verdicts_given}\n")
        if changes.status_changes:
            for change in changes.status_changes:
                w(f"- {change.from_status or '—'} → {change.to_status}: {change.claims}\n")
        else:
            w("- No status changes.\n")
        w("\n")

    ttv = totals.time_to_verdict
    w("## Time to verdict\n\n")
    if ttv.verdicts:
        w(
            f"Median from ingest to verdict: **{duration(ttv.median)}** over {ttv.verdicts} {noun(ttv.verdicts, 'verdict')} "
            f"(90th percentile {duration(ttv.p90)}).\n\n"
        )
    else:
        w("No verdicts yet.\n\n")
    if ttv.slowest_open:
        w("Slowest open claims:\n\n")
        w("| ID | Status | Assignee | Open for | Claim | Article |\n|---:|---|---|---|---|---|\n")
        for item in ttv.slowest_open:
            w(
                f"| {item.id} | {item.status} | {md_cell(item.assignee)} | {duration(item.open_for)} "
                f"| {md_cell(item.text)} | {md_cell(item.article_title)} |\n"
            )
        w("\n")

    w("## Open work by assignee\n\n")
    if totals.open_work:
        w("| Assignee | new | in_review | Open | Oldest since |\n|---|---:|---:|---:|---|\n")
        for work in totals.open_work:
            who = md_text(work.assignee) if work.assignee else "*unassigned*"
            w(f"| {who} | {work.new} | {work.in_review} | {work.total} | {stamp(work.oldest)} |\n")
        w("\n")
    else:
        w("No open claims.\n\n")

    for group in groups:
        article = group.article
        w(f"## Article {article.id}: {md_text(article.title)}\n\n")
        meta = []
        if article.outlet:
            meta.append(md_text(article.outlet))
        if article.authors:
            meta.append(md_text(", ".join(article.authors)))
        if article.published:
            meta.append(article.published.isoformat())
        if article.url:
            meta.append(markdown_link(None, article.url))
        if meta:
            w(" · ".join(meta) + "\n\n")
        w("| ID | Status | Claimant | Claim | Note | Evidence |\n|---:|---|---|---|---|---|\n")
        for claim in group.claims:
            status_cell = (
                f"**{claim.status}**" if claim.status in (ClaimStatus.DISPUTED, ClaimStatus.FALSE) else claim.status
            )
            w(
                f"| {claim.id} | {status_cell} | {md_cell(claim.claimant)} | {md_cell(claim.text)} "
                f"| {_note(claim.note)} | {_evidence(claim.evidence)} |\n"
            )
        w("\n")
        open_line = _open_work(group.open_work)
        w(f"Open work: {open_line}\n\n" if open_line else "Open work: none.\n\n")
