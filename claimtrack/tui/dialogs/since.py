"""The date a report's changes are counted from."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from claimtrack.services.desk import Desk
from claimtrack.tui.dialogs.base import FormDialog, dialog_label


class SinceDialog(FormDialog[str]):
    title_text = "Changes since"
    save_label = "Show"

    def __init__(self, current: str = "") -> None:
        super().__init__(id="since-dialog")
        self.current = current

    def compose_body(self) -> ComposeResult:
        yield dialog_label("A date (YYYY-MM-DD), a date and time, or 7d / 24h / 2w ago; empty: no window")
        yield Input(self.current, compact=True, placeholder="7d", id="since")

    def on_mount(self) -> None:
        self.query_one("#since", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        value = self.query_one("#since", Input).value.strip()
        if value:
            Desk.parse_since(value)  # refuse what is not a date, here in the dialog
        return {"since": value}

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return values["since"]
