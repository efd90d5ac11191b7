"""A claim the extractor missed: the text selected in the article, who makes it, and its cue."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from claimtrack.errors import InputError
from claimtrack.tui.dialogs.base import FormDialog, Submit
from claimtrack.tui.render import plain


class ClaimantDialog(FormDialog[dict[str, Any]]):
    title_text = "Add a claim the extractor missed"
    save_label = "Add claim"

    def __init__(self, *, selected: str, submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="claimant-dialog")
        self.selected = selected

    def compose_body(self) -> ComposeResult:
        yield Label("The claim (the selected text)", classes="dialog-label")
        yield Static(plain(self.selected, single_line=False), id="dialog-subject")
        yield Label("Claimant: who makes the claim", classes="dialog-label")
        yield Input(compact=True, placeholder="e.g. the ministry", id="claimant")
        yield Label("Cue (optional): the reporting verb", classes="dialog-label")
        yield Input(compact=True, placeholder="e.g. said", id="cue")

    def on_mount(self) -> None:
        self.query_one("#claimant", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        claimant = self.query_one("#claimant", Input).value.strip()
        if not claimant:
            raise InputError("who makes the claim? type the claimant")
        return {"claimant": claimant, "cue": self.query_one("#cue", Input).value.strip() or None}

    def result_of(self, values: dict[str, Any], saved: Any) -> dict[str, Any]:
        return {**values, "claim": saved}
