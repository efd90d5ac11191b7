"""A footer that wraps onto a second (or third) line instead of hiding keys off screen.

Textual's :class:`~textual.widgets.Footer` is one line that scrolls sideways: with the desk's
two dozen actions, half of them fall off the right edge of a 120-column terminal. This one lays
the same keys out in a grid of as few rows as fit the width (at most ``MAX_ROWS``), columns
aligned, so every key stays visible.
"""

from __future__ import annotations

import math

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

MAX_ROWS = 6


def _width(widget: Widget) -> int:
    """The cells a footer key takes in the compact style: its key, a space and its description,
    and a space after it."""
    if isinstance(widget, FooterKey):
        return len(widget.key_display) + (len(widget.description) + 1 if widget.description else 0) + 1
    return 0


def layout(widths: list[int], available: int, max_rows: int = MAX_ROWS) -> list[int]:
    """The column widths of the fewest rows whose aligned grid of ``widths`` (in reading order)
    fits ``available`` cells; of ``max_rows`` rows if none does."""
    n = len(widths)
    if n == 0:
        return [1]
    columns: list[int] = []
    for rows in range(1, max_rows + 1):
        count = math.ceil(n / rows)
        columns = [max(widths[c::count]) for c in range(count)]
        if sum(columns) <= available:
            break
    return columns


class WrappingFooter(Footer):
    """Every key binding of the screen, on as many lines as it takes (up to six)."""

    DEFAULT_CSS = """
    WrappingFooter {
        layout: grid;
        grid-rows: 1;
        grid-gutter: 0;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, compact=True)
        self._shape: list[int] | None = None

    def _available(self) -> int:
        return self.size.width or self.app.size.width

    @staticmethod
    def _columns(items: list[Widget], width: int) -> tuple[list[int], int]:
        """The column widths for ``items`` in ``width`` cells, and how many keys there are
        (the command palette's key is docked on the right, outside the grid)."""
        keys = [w for w in items if isinstance(w, FooterKey) and "-command-palette" not in w.classes]
        palette = sum(_width(w) + 1 for w in items if "-command-palette" in w.classes)
        return layout([_width(w) for w in keys], width - palette), len(keys)

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        columns, keys = self._columns(items, self._available())
        self._shape = columns
        self.styles.height = math.ceil(keys / len(columns)) if keys else 1
        # (Footer.compose set one grid column per action: the grid's shape is ours)
        self.styles.grid_size_columns = len(columns)
        self.styles.grid_columns = " ".join(str(w) for w in columns)
        yield from items

    def on_resize(self, event: events.Resize) -> None:
        if self._shape is None:
            return
        if self._columns(list(self.query(FooterKey)), event.size.width)[0] != self._shape:
            self.call_after_refresh(self.recompose)
