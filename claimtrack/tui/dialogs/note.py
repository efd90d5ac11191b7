"""A note on the claim."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, Static, TextArea

from claimtrack.errors import InputError
from claimtrack.tui.dialogs.base import FormDialog, Submit


class NoteDialog(FormDialog[str]):
    title_text = "Add a note"
    save_label = "Add note"

    def __init__(self, *, subject: Text, submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="note-dialog")
        self.subject = subject

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label("Note", classes="dialog-label")
        yield TextArea(id="note", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    def collect(self) -> dict[str, Any]:
        note = self.query_one("#note", TextArea).text.strip()
        if not note:
            raise InputError("the note is empty")
        return {"note": note}

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return values["note"]
