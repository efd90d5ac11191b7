"""A status change that needs (or may have) a note: a verdict, a reopening, a bulk dismiss.

A verdict rests on evidence. When the claim has none, the dialog asks for it right there (its
url, stance and what it shows; the page captured unless the checker says not to): saving adds
the evidence and sets the verdict, together. A page that cannot be captured keeps the dialog
open with everything typed and offers to add the link without a copy
(:class:`~claimtrack.tui.dialogs.base.NoCopyOffer`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from claimtrack.domain import Stance, needs_evidence
from claimtrack.errors import ClaimtrackError, InputError, WorkflowError
from claimtrack.services.views import ClaimDetail
from claimtrack.tui.dialogs.base import NoCopyOffer, Submit
from claimtrack.tui.render import safe, status_label

NO_EVIDENCE = "No evidence yet: a verdict needs at least one piece. Add it here."


class EvidenceNeeded(WorkflowError):
    """The verdict was refused because the claim has no evidence (someone removed it since the
    dialog opened): the dialog shows its evidence section."""


def evidence_lines(detail: ClaimDetail | None) -> Text:
    """The evidence a verdict rests on, one line each (or what is missing)."""
    text = Text()
    if detail is None:
        return text
    if not detail.evidence:
        text.append(NO_EVIDENCE, style="bold red")
        return text
    for item in detail.evidence:
        text.append(f"{item.stance.upper():<9}", style="bold")
        text.append(safe(item.title or item.quote or "(untitled)"))
        if item.url:
            text.append("  ")
            text.append(safe(item.url), style="underline")
        text.append("\n")
    text.rstrip()
    return text


class StatusDialog(NoCopyOffer[str]):
    """A status change that needs (or may have) a note: a verdict, a reopening, a bulk dismiss.

    Shows the claim (or how many) and, for a verdict, the evidence it rests on; with none, the
    fields to add a piece (``values["evidence"]``, for the caller's ``submit``).
    """

    def __init__(
        self,
        status: str,
        *,
        subject: Text,
        detail: ClaimDetail | None = None,
        note_required: bool = True,
        explanation: str = "",
        title: str | None = None,
        submit: Submit | None = None,
    ) -> None:
        super().__init__(submit=submit, id="status-dialog")
        self.status = status
        self.subject = subject
        self.detail = detail
        self.note_required = note_required
        self.explanation = explanation
        self.title_text = title or f"Set to {status_label(status)}"
        self.save_label = status_label(status).capitalize()
        self.asks_for_evidence = detail is not None and needs_evidence(status)
        """It has the evidence fields (shown when the claim has no evidence)."""

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        if self.detail is not None:
            yield Label("Evidence it rests on", classes="dialog-label")
            yield Static(evidence_lines(self.detail), id="dialog-evidence")
        if self.asks_for_evidence:
            with Vertical(id="verdict-evidence"):
                yield Label("URL of the evidence (http or https)", classes="dialog-label")
                yield Input(compact=True, placeholder="https://…", id="url")
                yield Label("Stance", classes="dialog-label")
                yield Select(
                    compact=True,
                    options=[(s.value, s.value) for s in Stance],
                    value=Stance.CONTEXT.value,
                    allow_blank=False,
                    id="stance",
                )
                yield Label("What it shows (optional)", classes="dialog-label")
                yield Input(compact=True, placeholder="e.g. the ministry's own figures", id="evidence-note")
                yield Checkbox(
                    "Capture the page (fetch it now and keep a copy)", value=True, compact=True, id="capture"
                )
        label = "Rationale note (required)" if self.note_required else "Note (optional)"
        yield Label(label, classes="dialog-label")
        yield TextArea(id="note", soft_wrap=True, show_line_numbers=False)
        if self.explanation:
            yield Static(Text(self.explanation, style="dim"), id="dialog-explanation")

    def on_mount(self) -> None:
        if self.asks_for_evidence:
            self.query_one("#verdict-evidence").display = not (self.detail and self.detail.evidence)
        if self.evidence_shown:
            self.query_one("#url", Input).focus()
        else:
            self.query_one("#note", TextArea).focus()

    @property
    def evidence_shown(self) -> bool:
        """The evidence fields are on show: saving adds the evidence they hold."""
        return self.asks_for_evidence and bool(self.query_one("#verdict-evidence").display)

    @property
    def note(self) -> str:
        return self.query_one("#note", TextArea).text

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def refused(self, exc: ClaimtrackError) -> None:
        if isinstance(exc, EvidenceNeeded) and self.asks_for_evidence:
            self.query_one("#verdict-evidence").display = True
            self.call_after_refresh(self.query_one("#url", Input).focus)
        super().refused(exc)

    def collect(self) -> dict[str, Any]:
        evidence = None
        if self.evidence_shown:
            url = self.query_one("#url", Input).value.strip()
            if not url:
                self.query_one("#url", Input).focus()
                raise InputError("a verdict needs at least one piece of evidence: type its url")
            evidence = {
                "url": url,
                "stance": str(self.query_one("#stance", Select).value),
                "note": self.query_one("#evidence-note", Input).value.strip() or None,
                "fetch": self.query_one("#capture", Checkbox).value,
            }
        note = self.note.strip()
        if self.note_required and not note:
            self.query_one("#note", TextArea).focus()
            raise InputError(f"{status_label(self.status).lower()} needs a note saying why")
        values: dict[str, Any] = {"status": self.status, "note": note or None}
        if self.asks_for_evidence:
            values["evidence"] = evidence  # None when the claim has evidence already
        return values

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return values["note"] or ""
