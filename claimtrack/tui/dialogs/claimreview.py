"""A fact check's page whose ClaimReview markup to import."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from claimtrack.errors import InputError
from claimtrack.services.views import ImportReport
from claimtrack.tui.dialogs.base import FormDialog, Submit


class ClaimReviewDialog(FormDialog[ImportReport]):
    """A fact check's page whose ClaimReview markup to import; returns what the import did."""

    title_text = "Import ClaimReview"
    save_label = "Import"

    def __init__(self, *, submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="claimreview-dialog")

    def compose_body(self) -> ComposeResult:
        yield Label("Url of a fact check's page (with ClaimReview markup)", classes="dialog-label")
        yield Input(compact=True, placeholder="https://…", id="review-url")
        yield Static(
            Text(
                "Each review becomes a claim with the fact checker's verdict; one imported before is left as it is.",
                style="dim",
            ),
            id="dialog-explanation",
        )

    def on_mount(self) -> None:
        self.query_one("#review-url", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        url = self.query_one("#review-url", Input).value.strip()
        if not url:
            raise InputError("type the url of the fact check's page")
        return {"source": url}
