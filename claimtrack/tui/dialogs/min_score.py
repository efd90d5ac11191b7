"""The minimum check-worthiness score the queue shows."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input

from claimtrack.services.desk import parse_min_score
from claimtrack.tui.dialogs.base import FormDialog, dialog_label


class MinScoreDialog(FormDialog[float]):
    """Asks for a score from 0 to 1; returns it (0: any score, as an empty field)."""

    title_text = "Minimum score"
    save_label = "Filter"

    def __init__(self, current: float | None = None) -> None:
        super().__init__(id="min-score-dialog")
        self.current = current

    def compose_body(self) -> ComposeResult:
        yield dialog_label("Only claims scored at least (0 to 1, e.g. 0.7; empty or 0: any score)")
        value = f"{self.current:g}" if self.current else ""
        yield Input(value, compact=True, placeholder="0.7", id="min-score")

    def on_mount(self) -> None:
        self.query_one("#min-score", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        value = self.query_one("#min-score", Input).value.strip()
        return {"min_score": parse_min_score(value) if value else 0.0}  # (InputError: shown here)

    def result_of(self, values: dict[str, Any], saved: Any) -> float:
        return float(values["min_score"])
