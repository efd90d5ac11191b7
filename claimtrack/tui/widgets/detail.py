"""The detail pane: everything about the selected claim, in one scrollable column."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from claimtrack.domain import VERDICTS, MatchState
from claimtrack.services.views import ClaimDetail, EvidenceCaptures, SimilarItem
from claimtrack.tui.render import (
    highlighted,
    match_line,
    relative_time,
    safe,
    status_badge,
    status_style,
)

STANCE_STYLES = {"supports": "green", "refutes": "red", "context": "cyan"}
MATCHES_SHOWN = 3
"""The detail pane lists the claim's best matches, this many (``b`` opens them all)."""


def _heading(text: Text, title: str) -> None:
    text.append("\n")
    text.append(title.upper(), style="bold underline")
    text.append("\n")


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "?"


def capture_text(view: EvidenceCaptures, now: datetime) -> Text:
    """An evidence item's capture and latest recheck, as indented lines."""
    evidence = view.evidence
    text = Text()
    capture = view.capture
    if evidence.content_sha256 is None and capture is None:
        text.append("\n         not captured (add it again with capture ticked to keep a copy)", style="dim")
        return text
    text.append("\n         captured ", style="dim")
    text.append(_when(evidence.fetched_at or (capture.fetched_at if capture else None)))
    status = evidence.http_status if evidence.http_status is not None else (capture.http_status if capture else None)
    if status is not None:
        text.append(" · HTTP ", style="dim")
        text.append(str(status), style="bold" if status < 400 else "bold red")
    content_type = evidence.content_type or (capture.content_type if capture else None)
    if content_type:
        text.append(" · ", style="dim")
        text.append(safe(content_type.split(";")[0]))
    sha = evidence.content_sha256 or (capture.sha256 if capture else None)
    if sha:
        text.append(" · sha256 ", style="dim")
        text.append(sha[:12] + "…")
    rechecks = view.rechecks
    if rechecks:
        last = rechecks[-1]
        text.append("\n         rechecked ", style="dim")
        text.append(relative_time(last.fetched_at, now))
        text.append(f" ({len(rechecks)}×): ", style="dim")
        if last.error:
            text.append("could not fetch: ", style="bold yellow")
            text.append(safe(last.error), style="yellow")
        elif last.changed:
            text.append("CHANGED since the capture", style="bold red")
            if last.sha256:
                text.append(f" (now sha256 {last.sha256[:12]}…)", style="dim")
        else:
            text.append("unchanged", style="green")
    return text


def matches_text(matches: Sequence[SimilarItem]) -> Text:
    """The claim's best matches (``MATCHES_SHOWN``), and what else there is."""
    text = Text()
    shown = [m for m in matches if m.state != MatchState.DIFFERENT][:MATCHES_SHOWN]
    for item in shown:
        text.append_text(match_line(item))
        text.append("\n")
    more = sum(1 for m in matches if m.state != MatchState.DIFFERENT) - len(shown)
    rejected = sum(1 for m in matches if m.state == MatchState.DIFFERENT)
    tail = [f"{more} more"] if more else []
    if rejected:
        tail.append(f"{rejected} rejected")
    text.append((", ".join(tail) + ": " if tail else "") + "press b to confirm or reject", style="dim")
    return text


def detail_text(
    detail: ClaimDetail,
    now: datetime,
    views: Sequence[EvidenceCaptures] = (),
    matches: Sequence[SimilarItem] = (),
) -> Text:
    """The whole pane as one ``Text``: every database string literal, nothing parsed as markup.

    ``views``: the claim's evidence with its captures and rechecks, when it has web evidence.
    ``matches``: the claim's matches to earlier claims and fact checks (``Desk.similar``), best
    first; listed under "Seen before" when there are any.
    """
    by_id = {view.evidence.id: view for view in views}
    claim, article = detail.claim, detail.article
    text = Text()
    text.append(f"#{claim.id} ", style="bold")
    text.append_text(status_badge(claim.status))
    text.append(f"  score {claim.score:.2f}", style="dim")
    text.append("  v" + str(claim.version), style="dim")
    text.append("  assigned to ", style="dim")
    text.append(safe(claim.assignee) or "nobody", style="bold" if claim.assignee else "dim")
    if claim.origin == "manual":
        text.append("  added by hand", style="dim")
    text.append("\n\n")
    text.append("“" + safe(claim.text, single_line=False) + "”", style="bold")
    text.append("\n")
    text.append("Claimant: ", style="dim")
    text.append(safe(claim.claimant) or "—", style="italic")
    if claim.cue:
        text.append("   cue: ", style="dim")
        text.append(safe(claim.cue))
    if claim.cues:
        text.append("\nCues: ", style="dim")
        text.append(", ".join(safe(c) for c in claim.cues), style="yellow")
    if claim.disputed_by:
        text.append("\nDisputed in the article by: ", style="dim")
        text.append(", ".join(safe(d) for d in claim.disputed_by), style="bold red")
    for item in detail.evidence:
        if item.quote:
            text.append("\nIn-article denial: ", style="dim")
            text.append("“" + safe(item.quote) + "”", style="red")

    if matches:
        _heading(text, f"Seen before ({sum(1 for m in matches if m.state != MatchState.DIFFERENT)})")
        text.append_text(matches_text(matches))

    _heading(text, "Article")
    text.append(safe(article.title), style="bold")
    byline = [safe(article.outlet)] if article.outlet else []
    if article.published:
        byline.append(article.published.isoformat())
    if byline:
        text.append("\n" + " · ".join(byline), style="dim")
    text.append(f"   (article #{article.id}, enter opens it)", style="dim")
    paragraph, start, end = detail.context
    text.append("\n")
    text.append_text(highlighted(paragraph, start, end, status_style(claim.status) + Style(reverse=True)))

    _heading(text, f"Evidence ({len(detail.evidence)})")
    if not detail.evidence:
        hint = "none yet: press e to add some"
        if claim.status not in VERDICTS:
            hint += " (a verdict needs at least one)"
        text.append(hint, style="dim")
    for item in detail.evidence:
        text.append(f"{item.stance.upper():<9}", style=STANCE_STYLES.get(item.stance, ""))
        text.append(safe(item.title or item.quote or "(untitled)"))
        if item.url:
            text.append("\n         ")
            text.append(safe(item.url), style="underline")
        if item.note:
            text.append("\n         ")
            text.append(safe(item.note), style="italic")
        if item.url and item.id in by_id:
            text.append_text(capture_text(by_id[item.id], now))
        text.append("\n")

    notes = detail.notes
    _heading(text, f"Notes ({len(notes)})")
    if not notes:
        text.append("none yet: press n to add one", style="dim")
    for entry in notes:
        text.append(safe(entry.actor), style="bold")
        text.append(f" · {relative_time(entry.at, now)}: ", style="dim")
        text.append(safe(entry.note, single_line=False))
        text.append("\n")

    _heading(text, "History")
    for entry in detail.history:
        text.append(f"v{entry.version:<3}", style="dim")
        text.append(safe(entry.description))
        text.append(" — ", style="dim")
        text.append(safe(entry.actor), style="bold")
        text.append(f" · {relative_time(entry.at, now)}", style="dim")
        text.append("\n")
    text.rstrip()
    return text


class ClaimDetailPane(VerticalScroll, can_focus=True):
    """The selected claim in full. Shows what it is given; loading is the screen's job.

    The pane is one ``Static`` updated with a ``Text`` built off the UI thread (see
    :func:`detail_text`): nothing is mounted or removed when the claim changes.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.detail: ClaimDetail | None = None
        self._body = Static(Text("No claim selected.", style="dim"), id="detail-body")

    def compose(self) -> ComposeResult:
        yield self._body

    def show(
        self, detail: ClaimDetail | None, now: datetime, *, message: str | None = None, text: Text | None = None
    ) -> None:
        keep_scroll = self.detail is not None and detail is not None and self.detail.claim.id == detail.claim.id
        self.detail = detail
        if detail is None:
            self._body.update(Text(message or "No claim selected.", style="dim"))
        else:
            self._body.update(text if text is not None else detail_text(detail, now))
        if not keep_scroll:
            self.scroll_home(animate=False)
