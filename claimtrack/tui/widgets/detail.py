"""The detail pane: everything about the selected claim, in one scrollable column."""

from __future__ import annotations

from datetime import datetime

from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from claimtrack.services.queries import ClaimDetail
from claimtrack.services.workflow import describe_change
from claimtrack.store.models import VERDICTS
from claimtrack.tui.render import relative_time, safe, status_badge, status_style, highlighted

STANCE_STYLES = {"supports": "green", "refutes": "red", "context": "cyan"}


def _heading(text: Text, title: str) -> None:
    text.append("\n")
    text.append(title.upper(), style="bold underline")
    text.append("\n")


def detail_text(detail: ClaimDetail, now: datetime) -> Text:
    """The whole pane as one ``Text``: every database string literal, nothing parsed as markup."""
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
        text.append(safe(describe_change(entry)))
        text.append(" — ", style="dim")
        text.append(safe(entry.actor), style="bold")
        text.append(f" · {relative_time(entry.at, now)}", style="dim")
        text.append("\n")
    text.rstrip()
    return text


class ClaimDetailPane(VerticalScroll, can_focus=True):
    """The selected claim in full. Shows what it is given; loading is the screen's job."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.detail: ClaimDetail | None = None
        self._body = Static(Text("No claim selected.", style="dim"), id="detail-body")

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def show(self, detail: ClaimDetail | None, now: datetime, *, message: str | None = None) -> None:
        keep_scroll = self.detail is not None and detail is not None and self.detail.claim.id == detail.claim.id
        self.detail = detail
        if detail is None:
            self._body.update(Text(message or "No claim selected.", style="dim"))
        else:
            self._body.update(detail_text(detail, now))
        if not keep_scroll:
            self.scroll_home(animate=False)
