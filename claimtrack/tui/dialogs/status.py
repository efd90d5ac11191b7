"""A status change that needs (or may have) a note: a verdict, a reopening, a bulk dismiss."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, Static, TextArea

from claimtrack.errors import InputError
from claimtrack.services.views import ClaimDetail
from claimtrack.tui.dialogs.base import FormDialog, Submit
from claimtrack.tui.render import safe, status_label


def evidence_lines(detail: ClaimDetail | None) -> Text:
    """The evidence a verdict rests on, one line each (or what is missing)."""
    text = Text()
    if detail is None:
        return text
    if not detail.evidence:
        text.append("No evidence yet. A verdict needs at least one piece: cancel and press e.", style="bold red")
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


class StatusDialog(FormDialog[str]):
    """A status change that needs (or may have) a note: a verdict, a reopening, a bulk dismiss.

    Shows the claim (or how many) and, for a verdict, the evidence it rests on.
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

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        if self.detail is not None:
            yield Label("Evidence it rests on", classes="dialog-label")
            yield Static(evidence_lines(self.detail), id="dialog-evidence")
        label = "Rationale note (required)" if self.note_required else "Note (optional)"
        yield Label(label, classes="dialog-label")
        yield TextArea(id="note", soft_wrap=True, show_line_numbers=False)
        if self.explanation:
            yield Static(Text(self.explanation, style="dim"), id="dialog-explanation")

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    @property
    def note(self) -> str:
        return self.query_one("#note", TextArea).text

    def collect(self) -> dict[str, Any]:
        note = self.note.strip()
        if self.note_required and not note:
            raise InputError(f"{status_label(self.status).lower()} needs a note saying why")
        return {"status": self.status, "note": note or None}

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return values["note"] or ""
