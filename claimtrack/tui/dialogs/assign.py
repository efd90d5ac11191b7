"""Who the claim (or the marked claims) is assigned to: a name typed, or picked from those known."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Static

from claimtrack.errors import InputError
from claimtrack.tui.dialogs.base import FormDialog, Submit
from claimtrack.tui.render import plain


class AssignDialog(FormDialog[str]):
    title_text = "Assign"
    save_label = "Assign"

    def __init__(self, *, subject: Text, names: Sequence[str], submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="assign-dialog")
        self.subject = subject
        self.names = list(names)

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label("Assign to (a user name)", classes="dialog-label")
        yield Input(
            compact=True, placeholder="name", id="assignee", suggester=SuggestFromList(self.names, case_sensitive=False)
        )
        yield OptionList(*[plain(n) for n in self.names], id="assignee-list")

    def on_mount(self) -> None:
        self.query_one("#assignee", Input).focus()

    @on(OptionList.OptionSelected, "#assignee-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#assignee", Input).value = self.names[event.option_index]
        self.action_submit()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        name = self.query_one("#assignee", Input).value.strip()
        if not name:
            raise InputError("type a name, or pick one from the list")
        return {"assignee": name}

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return values["assignee"]
