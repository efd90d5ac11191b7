"""The statuses the queue shows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from claimtrack.domain import ClaimStatus
from claimtrack.tui.dialogs.base import FormDialog
from claimtrack.tui.render import status_badge


class StatusFilterDialog(FormDialog[tuple[str, ...]]):
    title_text = "Show claims with status"
    save_label = "Apply"

    def __init__(self, selected: Sequence[str]) -> None:
        super().__init__(id="status-filter-dialog")
        self.selected = set(selected)

    def compose_body(self) -> ComposeResult:
        yield SelectionList[str](
            *[Selection(status_badge(s.value), s.value, s.value in self.selected) for s in ClaimStatus],
            id="statuses",
        )
        yield Static(Text("space toggles; none ticked shows every status", style="dim"))

    def on_mount(self) -> None:
        self.query_one("#statuses", SelectionList).focus()

    def collect(self) -> dict[str, Any]:
        return {"status": tuple(self.query_one("#statuses", SelectionList).selected)}

    def result_of(self, values: dict[str, Any], saved: Any) -> tuple[str, ...]:
        return values["status"]
