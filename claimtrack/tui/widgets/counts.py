"""The counts bar: claims per status in the current scope, under the search box."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from claimtrack.domain import ClaimStatus
from claimtrack.tui.render import STATUS_LABELS, status_style


class CountsBar(Static):
    """Claims per status for the current scope; the statuses the filter shows are underlined."""

    def show(self, counts: Mapping[ClaimStatus, int], shown: tuple[str, ...], marked: int) -> None:
        text = Text()
        for status in ClaimStatus:
            style = status_style(status)
            if shown and status.value not in shown:
                style = style + Style(dim=True)
            elif shown:
                style = style + Style(underline=True)
            text.append(f"{STATUS_LABELS[status]} {counts.get(status, 0):,}", style=style)
            text.append("  ")
        text.append(f"total {sum(counts.values()):,}", style="bold")
        if marked:
            text.append(f"   ● {marked} marked", style="bold yellow")
        self.update(text, layout=False)  # one line, always (#counts): no layout of the screen
