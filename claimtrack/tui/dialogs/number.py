"""An id: a claim to jump to, an article to filter by."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label

from claimtrack.errors import InputError
from claimtrack.tui.dialogs.base import FormDialog


class NumberDialog(FormDialog[int]):
    """Asks for an id (a claim to jump to, an article to filter by)."""

    save_label = "Go"

    def __init__(self, title: str, label: str, *, id: str = "number-dialog") -> None:
        super().__init__(id=id)
        self.title_text = title
        self.label = label

    def compose_body(self) -> ComposeResult:
        yield Label(self.label, classes="dialog-label")
        yield Input(compact=True, placeholder="id", type="integer", id="number")

    def on_mount(self) -> None:
        self.query_one("#number", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        value = self.query_one("#number", Input).value.strip()
        if not value.isdigit():
            raise InputError("type a number")
        return {"number": int(value)}

    def result_of(self, values: dict[str, Any], saved: Any) -> int:
        return values["number"]
