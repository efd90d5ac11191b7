"""Already checked? The fact checks a look-up found: pick one to attach it as evidence.

Its page is captured as any evidence page; when it cannot be, the dialog offers to attach it
without a copy (:class:`~claimtrack.tui.dialogs.base.NoCopyOffer`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Label, OptionList, Static

from claimtrack.errors import InputError
from claimtrack.services.views import FactCheck
from claimtrack.tui.dialogs.base import NoCopyOffer, Submit
from claimtrack.tui.render import safe


def fact_check_line(check: FactCheck) -> Text:
    """One fact check found by a look-up: who, the rating, what, when, where."""
    text = Text()
    text.append(safe(check.publisher or check.site or "a fact checker"), style="bold")
    text.append(" rated it ", style="dim")
    text.append("“" + safe(check.rating or "no rating") + "”", style="bold yellow")
    if check.review_date:
        text.append(f" · {safe(check.review_date)[:10]}", style="dim")
    text.append("\n  ")
    text.append(safe(check.title or check.claim_text or "(untitled)"))
    if check.claimant:
        text.append(" · claimant: ", style="dim")
        text.append(safe(check.claimant), style="italic")
    text.append("\n  ")
    text.append(safe(check.url or "(no url)"), style="underline" if check.url else "dim")
    return text


class FactCheckDialog(NoCopyOffer[FactCheck]):
    """Existing fact checks of the claim: pick one to attach it as evidence."""

    title_text = "Already checked? Fact checks found"
    save_label = "Attach as evidence"

    def __init__(self, *, subject: Text, checks: Sequence[FactCheck], submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="factcheck-dialog")
        self.subject = subject
        self.checks = list(checks)

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label(f"{len(self.checks)} found: choose one (enter attaches it)", classes="dialog-label")
        yield OptionList(*[fact_check_line(c) for c in self.checks], id="factchecks")
        yield Checkbox("Capture its page (fetch it now and keep a copy)", value=True, compact=True, id="capture")

    def on_mount(self) -> None:
        options = self.query_one("#factchecks", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#factchecks")
    def _picked(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        index = self.query_one("#factchecks", OptionList).highlighted
        if index is None:
            raise InputError("choose a fact check from the list")
        return {"check": self.checks[index], "fetch": self.query_one("#capture", Checkbox).value}

    def result_of(self, values: dict[str, Any], saved: Any) -> FactCheck:
        check: FactCheck = values["check"]
        return check
