"""The Markdown report: for the terminal and the wiki. Written line by line as claims arrive."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

from claimtrack.services.reports.model import (
    ATTENTION,
    ArticleGroup,
    Backlog,
    ClaimItem,
    EvidenceItem,
    NoteItem,
    OpenClaim,
    RecentlyVerified,
    ReportTotals,
    SeenItem,
)
from claimtrack.services.reports.safe import duration, markdown_link, md_cell, md_text, sparkline, stamp
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
        parts.append(f"{ev.stance}: {markdown_link(label, ev.url)} ({ev.provenance(stamp)})")
    return "; ".join(parts)


def _open_work(work: dict[str, int]) -> str:
    named = sorted(((k, v) for k, v in work.items() if k), key=lambda kv: (-kv[1], kv[0]))
    parts = [f"{md_text(k)} {v}" for k, v in named]
    if work.get(""):
        parts.append(f"unassigned {work['']}")
    return " · ".join(parts)


def _open_claims(w: Callable[[str], object], items: list[OpenClaim]) -> None:
    w("| ID | Score | Status | Assignee | Open for | Claim | Article |\n|---:|---:|---|---|---|---|---|\n")
    for item in items:
        w(
            f"| {item.id} | {item.score:.2f} | {item.status} | {md_cell(item.assignee)} | {duration(item.open_for)} "
            f"| {md_cell(item.text)} | {md_cell(item.article_title)} |\n"
        )
    w("\n")


def _backlog(w: Callable[[str], object], backlog: Backlog) -> None:
    w("## Backlog\n\n")
    days = backlog.days
    if not days:
        w("No days in the period.\n\n")
        return
    first, last = days[0], days[-1]
    span = first.day.isoformat() if len(days) == 1 else f"{first.day.isoformat()} to {last.day.isoformat()}"
    w(
        f"Open check-worthy claims at the end of each day, and verdicts given each day, {span} (UTC, {len(days)} {noun(len(days), 'day')}):\n\n"
    )
    opened = [d.open for d in days]
    given = [d.verdicts for d in days]
    most = max(given)
    w("```text\n")
    w(f"open      {sparkline(opened)}  {first.open:,} → {last.open:,} (highest {max(opened):,})\n")
    w(f"verdicts  {sparkline(given)}  {backlog.verdicts:,} in all (most in a day: {most:,})\n")
    w("```\n\n")


def _seen_before(w: Callable[[str], object], totals: ReportTotals, items: Iterator[SeenItem]) -> None:
    w("## Seen before\n\n")
    w(" · ".join(totals.seen.parts()) + ".\n\n")
    wrote = False
    for item in items:
        if not wrote:
            w("| ID | Status | Claim | Article | Same as | Verdict | Check |\n|---:|---|---|---|---|---|---|\n")
            wrote = True
        if item.kind == "claim":
            verdict = f"**{md_text(item.verdict)}**" if item.verdict else "—"
            check = markdown_link(item.target_label, item.url)
        else:
            verdict = md_cell(item.verdict)
            if item.publisher:
                verdict += f" ({md_text(item.publisher)})"
            check = markdown_link(item.publisher or item.target_label, item.url) if item.url else item.target_label
        w(
            f"| {item.claim_id} | {item.status} | {md_cell(item.text)} | {md_cell(item.article_title)} "
            f"| {item.target_label}: {md_cell(item.target_text)} | {verdict} | {check} |\n"
        )
    w("\n" if wrote else "No claim confirmed the same as a checked claim or a fact check.\n\n")


def write_markdown(
    totals: ReportTotals,
    attention: Iterator[ClaimItem],
    verified: RecentlyVerified,
    groups: Iterator[ArticleGroup],
    out: TextIO,
    *,
    seen: Iterator[SeenItem] | None = None,
) -> None:
    w = out.write
    w("# claimtrack status report\n\n")
    header = (
        f"Generated {stamp(totals.generated_at)} UTC · {totals.total} {noun(totals.total, 'claim')}"
        f" in {totals.articles} {noun(totals.articles, 'article')}"
    )
    described = totals.filter.describe()
    if described:
        header += " · " + md_text("; ".join(described))
    w(header + "\n\n")
    headline = totals.headline
    first, *rest = headline.parts()
    w(f"**{first[0].upper()}{first[1:]}** · {' · '.join(rest)}\n\n")
    w(
        "Checked: verified, disputed, false, misleading or unverifiable, out of the checked and the open "
        "check-worthy claims (dismissed claims and proposals set aside below the queue threshold are left out).\n\n"
    )

    # What editors read first.
    w("## Disputed, false and misleading\n\n")
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

    w("## Recently verified\n\n")
    if verified.claims:
        shown = len(verified.claims)
        w(
            f"The {shown} most recent of {verified.total}, newest first.\n\n"
            if verified.total > shown
            else "Newest first.\n\n"
        )
        w("| ID | Verified | Claimant | Claim | Article | Verdict note | Evidence |\n")
        w("|---:|---|---|---|---|---|---|\n")
        for claim in verified.claims:
            article = claim.article
            when = stamp(claim.verdict.at) if claim.verdict else "—"
            w(
                f"| {claim.id} | {when} | {md_cell(claim.claimant)} | {md_cell(claim.text)} "
                f"| {md_cell(article.title if article else None)} | {_note(claim.note)} | {_evidence(claim.evidence)} |\n"
            )
        w("\n")
    else:
        w("None.\n\n")

    _seen_before(w, totals, seen if seen is not None else iter(()))

    w("## Open claims, most check-worthy first\n\n")
    if totals.open_claims:
        shown = len(totals.open_claims)
        more = headline.open_check_worthy - shown
        w(
            f"Highest check-worthiness score first{f', {shown} of {headline.open_check_worthy}' if more > 0 else ''}.\n\n"
        )
        _open_claims(w, totals.open_claims)
    else:
        w("None.\n\n")

    _backlog(w, totals.backlog)

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
            status_cell = f"**{claim.status}**" if claim.status in ATTENTION else claim.status
            w(
                f"| {claim.id} | {status_cell} | {md_cell(claim.claimant)} | {md_cell(claim.text)} "
                f"| {_note(claim.note)} | {_evidence(claim.evidence)} |\n"
            )
        w("\n")
        open_line = _open_work(group.open_work)
        w(f"Open work: {open_line}\n\n" if open_line else "Open work: none.\n\n")
