"""The counts bar: claims per status in the current scope, under the search box.

It is one line at any width: where the full labels do not fit ("UNVERIFIABLE 1,204") it
abbreviates ("UNV 1,204"), then rounds the large counts ("UNV 1.2k"), then leaves out the
statuses with no claims, rather than cut the line short.
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Static

from claimtrack.domain import ClaimStatus
from claimtrack.tui.render import STATUS_LABELS, status_style

SHORT_LABELS: dict[str, str] = {
    ClaimStatus.NEW: "NEW",
    ClaimStatus.IN_REVIEW: "REV",
    ClaimStatus.VERIFIED: "VER",
    ClaimStatus.DISPUTED: "DISP",
    ClaimStatus.FALSE: "FALSE",
    ClaimStatus.MISLEADING: "MISL",
    ClaimStatus.UNVERIFIABLE: "UNV",
    ClaimStatus.DISMISSED: "DISM",
}
"""The statuses abbreviated, for a narrow terminal (the help screen and docs/tui.md spell them out)."""


def compact(number: int) -> str:
    """``1234`` as ``1.2k``, ``56789`` as ``57k``, ``1234567`` as ``1.2M``; below 1,000 as is."""
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if number >= size:
            value = number / size
            return f"{value:.1f}{suffix}" if value < 9.95 else f"{round(value)}{suffix}"
    return str(number)


def counts_text(
    counts: Mapping[ClaimStatus, int], shown: tuple[str, ...], marked: int, width: int | None = None
) -> Text:
    """The bar's line, in the fullest form that fits ``width`` cells (any width: the fullest)."""
    forms = [
        (STATUS_LABELS, "{:,}".format, "  ", False),
        (STATUS_LABELS, "{:,}".format, " ", False),
        (SHORT_LABELS, "{:,}".format, " ", False),
        (SHORT_LABELS, compact, " ", False),
        (SHORT_LABELS, compact, " ", True),
    ]
    text = Text()
    for labels, number, gap, skip_empty in forms:
        text = Text(no_wrap=True, overflow="ellipsis")
        for status in ClaimStatus:
            count = counts.get(status, 0)
            if skip_empty and not count and status.value not in shown:
                continue
            style = status_style(status)
            if shown and status.value not in shown:
                style = style + Style(dim=True)
            elif shown:
                style = style + Style(underline=True)
            text.append(f"{labels[status]} {number(count)}", style=style)
            text.append(gap)
        text.append(f"total {number(sum(counts.values()))}", style="bold")
        if marked:
            text.append(f"{gap}● {marked} marked", style="bold yellow")
        if width is None or cell_len(text.plain) <= width:
            break
    return text


class CountsBar(Static):
    """Claims per status for the current scope; the statuses the filter shows are underlined."""

    _shown: tuple[Mapping[ClaimStatus, int], tuple[str, ...], int] = ({}, (), 0)
    """What :meth:`show` was given last (drawn again at a new width)."""

    def show(self, counts: Mapping[ClaimStatus, int], shown: tuple[str, ...], marked: int) -> None:
        self._shown = (counts, shown, marked)
        self._draw()

    def _draw(self) -> None:
        counts, shown, marked = self._shown
        width = self.content_region.width or None
        self.update(counts_text(counts, shown, marked, width), layout=False)  # one line, always (#counts)

    def on_resize(self, event: events.Resize) -> None:
        self._draw()
