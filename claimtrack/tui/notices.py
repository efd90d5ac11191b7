"""Every notification the review desk shows, in one place: its words, from plain data.

Notifications carry article titles, urls, names and error messages, and are never parsed as
markup (``ClaimtrackApp.notify``); titles from the web are also made one safe line, quoted and
cut to ``TITLE_WIDTH``. Each function here is plain (no app needed), so the words are tested
on their own.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimtrack.services.views import (
    BulkResult,
    Change,
    ClaimView,
    Decision,
    EvidenceAdded,
    FactCheck,
    FeedReport,
    ImportReport,
    IngestResult,
    MatchSummary,
    RecheckSummary,
    Reversal,
)
from claimtrack.tui.render import safe, status_label

TITLE_WIDTH = 80
"""Article and feed titles in a notification are cut to this many characters."""

# -- titles -------------------------------------------------------------------------------------

COLLEAGUE = "Changed by a colleague"
LOOKUP = "Look-up"
EXPORT = "Export"
EXPORT_FAILED = "Export failed"

# -- the same words, wherever they are needed -------------------------------------------------

NO_CLAIM_SELECTED = "No claim selected"
SELECT_TEXT_FIRST = "Select the claim's text first (shift+arrows or drag with the mouse)"


def quoted_title(value: str | None, fallback: str) -> str:
    """A title from the web, quoted, one safe line, cut to ``TITLE_WIDTH``."""
    title = safe(value) or fallback
    if len(title) > TITLE_WIDTH:
        title = title[: TITLE_WIDTH - 1] + "…"
    return f"“{title}”"


def first_line(error: Exception | str) -> str:
    """An error in one line (a look-up's "no API key" explains itself over several)."""
    lines = str(error).splitlines()
    return lines[0] if lines else ""


# -- the claim's actions ------------------------------------------------------------------------


def status_set(claim_id: int, status: str) -> str:
    return f"Claim #{claim_id}: {status_label(status)}"


def reopened(claim_id: int) -> str:
    return f"Claim #{claim_id} reopened"


def note_added(claim_id: int) -> str:
    return f"Claim #{claim_id}: note added"


def assigned(claim_id: int, assignee: str) -> str:
    return f"Claim #{claim_id} assigned to {assignee}"


def reversed_change(claim_id: int, reversal: Reversal) -> str:
    """What an undo or a redo did: "Claim #12: undone: status in_review → verified"."""
    return f"Claim #{claim_id}: {safe(reversal.summary)}"


def bulk_done(result: BulkResult, verb: str, *, sep: str = "; ") -> str:
    """``3 claims dismissed``, and the claims left unchanged with why (the first three)."""
    message = f"{len(result.done)} claims {verb}"
    if result.failed:
        reasons = "; ".join(f"#{cid}: {exc}" for cid, exc in result.failed[:3])
        message += f"{sep}{len(result.failed)} unchanged: {reasons}"
    return message


def evidence_added(claim_id: int, added: EvidenceAdded) -> str:
    message = f"Claim #{claim_id}: evidence added" + (", page captured" if added.captured else ", no copy kept")
    if added.warnings:
        message += " (" + "; ".join(added.warnings)[:200] + ")"
    return message


def verdict_with_evidence(claim_id: int, status: str, added: EvidenceAdded) -> str:
    """A verdict given with the evidence it rests on, added in the same dialog."""
    message = f"Claim #{claim_id}: {status_label(status)}, evidence added" + (
        ", page captured" if added.captured else ", no copy kept"
    )
    if added.warnings:
        message += " (" + "; ".join(added.warnings)[:200] + ")"
    return message


def evidence_gone(claim_id: int) -> str:
    """A verdict refused because the claim's evidence was removed since the dialog opened."""
    return f"Claim #{claim_id} has no evidence now (removed meanwhile): a verdict needs a piece; add it here"


def rechecking(claim_id: int) -> str:
    return f"Claim #{claim_id}: rechecking its web evidence…"


def rechecked(claim_id: int, summary: RecheckSummary) -> str:
    """``Claim #4: rechecked 2 page(s): 1 unchanged, 1 CHANGED (#9)`` (the words are the
    service's, as the CLI says them)."""
    return f"Claim #{claim_id}: {summary.words}"


def looking_up(claim_id: int) -> str:
    return f"Claim #{claim_id}: looking up existing fact checks…"


def no_fact_checks(claim_id: int) -> str:
    return f"Claim #{claim_id}: no existing fact checks found"


def fact_check_attached(claim_id: int, check: FactCheck) -> str:
    who = check.publisher or check.site or "a fact checker"
    return f"Claim #{claim_id}: fact check by {who} attached as evidence"


def claim_added(claim: ClaimView) -> str:
    return f"Claim #{claim.id} added ({status_label(claim.status)})"


# -- the queue ---------------------------------------------------------------------------------


def hidden_by_filters(claim_id: int) -> str:
    return f"Claim #{claim_id} is hidden by the filters: filters cleared"


def colleague_changes(changes: Sequence[Change]) -> str:
    """The newest change by a colleague (``bob: claim #4 status new → in_review``) and how many more."""
    latest = changes[-1]
    more = f" (and {len(changes) - 1} more)" if len(changes) > 1 else ""
    return f"{latest.actor}: claim #{latest.claim_id} {latest.description}{more}"


# -- bringing articles and fact checks in -------------------------------------------------------


def ingest_message(results: Sequence[IngestResult]) -> str:
    """One line per article: ``article 12 “title”: 3 claims`` (or ``already ingested``)."""
    lines = []
    for result in results:
        article = result.article
        what = f"{result.claims} claim{'' if result.claims == 1 else 's'}" if result.created else "already ingested"
        lines.append(f"article {article.id} {quoted_title(article.title, '(untitled)')}: {what}")
    return "\n".join(lines)


def feed_message(report: FeedReport) -> str:
    """``feed “T”: X items, Y read before, Z ingested now, F failed``, and the first failures."""
    message = (
        f"feed {quoted_title(report.title, safe(report.feed_url))}: {report.items} items, "
        f"{report.already_seen} read before, {len(report.ingested)} ingested now, {len(report.failed)} failed"
    )
    if report.failed:
        reasons = "; ".join(f"{safe(entry.link)}: {safe(reason)}" for entry, reason in report.failed[:3])
        message += f" ({reasons[:300]})"
    return message


def import_message(report: ImportReport) -> str:
    """``ClaimReview: N reviews imported`` (and how many were there before, or skipped)."""
    created = len(report.created)
    message = f"ClaimReview: {created} review{'' if created == 1 else 's'} imported"
    before = len(report.reviews) - created
    if before:
        message += f", {before} imported before"
    if report.skipped:
        message += f", {len(report.skipped)} skipped ({safe('; '.join(report.skipped))[:200]})"
    return message


# -- seen before (issue 15) ----------------------------------------------------------------------

MATCHES_NAMED = 3
"""The strongest matches a "match earlier checks" notification names."""


def matches_found(summary: MatchSummary) -> str:
    """What matching the new claims found: ``2 claims match earlier checks: #40 ≈ claim #12
    (false, 0.97), …``, and how many more repeat open claims (as ``claimtrack ingest`` says it)."""
    checks = summary.claims_matching_checks
    message = f"{checks} claim{'' if checks == 1 else 's'} match earlier checks"
    others = summary.matched - checks
    if others > 0:
        message += f"; {others} more repeat open claims"
    named: list[str] = []
    for found in summary.checked:
        if len(named) == MATCHES_NAMED:
            break
        if any(n.startswith(f"#{found.claim_id} ") for n in named):
            continue
        named.append(f"#{found.claim_id} ≈ {found.target} ({safe(found.verdict)}, {found.score:.2f})")
    if named:
        message += ": " + ", ".join(named)
    return message + " (press b on a claim to decide)"


def no_matches(claim_id: int) -> str:
    return f"Claim #{claim_id}: not matched to any earlier claim or fact check"


def match_decided(decision: Decision) -> str:
    """``Claim #40: the same as claim #12; FALSE carried over, linked as evidence``."""
    claim = f"Claim #{decision.claim_id}"
    if decision.state != "same":
        return f"{claim}: not the same as {decision.target}"
    message = f"{claim}: the same as {decision.target}"
    if decision.applied is not None:
        message += f"; {status_label(decision.applied.status)} carried over, linked as evidence"
    elif decision.offer is not None:
        message += f"; its verdict ({status_label(decision.offer.status)}) not carried over"
    return message


# -- the report ----------------------------------------------------------------------------------


def report_written(path: str) -> str:
    return f"Report written to {path}"
