"""Evidence for the claim: a url, its stance, title and note; the page captured or not.

When the page cannot be captured (offline, a 404, an address the safety rules refuse), the
dialog stays open with everything typed, says why in one line, and offers to add the link
without a copy (:class:`~claimtrack.tui.dialogs.base.NoCopyOffer`, shared with the verdict
dialog's evidence section).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label, Select, Static

from claimtrack.domain import Stance
from claimtrack.errors import InputError
from claimtrack.tui.dialogs.base import NoCopyOffer, Submit


class EvidenceDialog(NoCopyOffer[dict[str, Any]]):
    title_text = "Add evidence"
    save_label = "Add evidence"

    def __init__(
        self, *, subject: Text, submit: Submit | None = None, stance: str = Stance.CONTEXT, capture: bool = True
    ) -> None:
        super().__init__(submit=submit, id="evidence-dialog")
        self.subject = subject
        self.stance = stance
        self.capture = capture

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label("URL (http or https)", classes="dialog-label")
        yield Input(compact=True, placeholder="https://…", id="url")
        yield Label("Stance", classes="dialog-label")
        yield Select(
            compact=True,
            options=[(s.value, s.value) for s in Stance],
            value=self.stance,
            allow_blank=False,
            id="stance",
        )
        yield Label("Title", classes="dialog-label")
        yield Input(compact=True, placeholder="What the source is", id="title")
        yield Label("Note", classes="dialog-label")
        yield Input(compact=True, placeholder="What it shows (optional)", id="evidence-note")
        yield Checkbox(
            "Capture the page (fetch it now and keep a copy)", value=self.capture, compact=True, id="capture"
        )

    def on_mount(self) -> None:
        self.query_one("#url", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        url = self.query_one("#url", Input).value.strip()
        if not url:
            raise InputError("evidence needs a url")
        return {
            "url": url,
            "stance": str(self.query_one("#stance", Select).value),
            "title": self.query_one("#title", Input).value.strip() or None,
            "note": self.query_one("#evidence-note", Input).value.strip() or None,
            "fetch": self.query_one("#capture", Checkbox).value,
        }

    def result_of(self, values: dict[str, Any], saved: Any) -> dict[str, Any]:
        return values
