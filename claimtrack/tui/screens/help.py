"""The help screen: every key of the review desk, from the same table as the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from claimtrack.tui.actions import (
    ARTICLE_ACTIONS,
    DESK_ACTIONS,
    QUEUE_KEYS,
    REPORT_KEYS,
    SEEN_BEFORE,
    SEEN_MARKS,
)

KEY_NAMES = {
    "escape": "esc",
    "slash": "/",
    "question_mark": "?",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "plus": "+",
}
"""Textual's key names, as the keys read on the keyboard."""


def keys_shown(key: str, key_display: str | None = None) -> str:
    """A binding's keys as the help lists them: each once, the one the footer shows first
    (``"right_square_bracket,n"`` shown as ``]`` is ``"], n"``)."""
    names = [KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(",")]
    return ", ".join(dict.fromkeys([key_display or names[0], *names]))


def help_table() -> Table:
    table = Table(box=None, expand=True, show_header=True, header_style="bold", padding=(0, 1))
    table.add_column("Key", style="bold cyan", width=14, no_wrap=True)
    table.add_column("Does", ratio=1)
    table.add_row(Text("Queue", style="bold underline"), "")
    for key, text in QUEUE_KEYS:
        table.add_row(key, text)
    table.add_row("", "")
    for section in dict.fromkeys(action.section for action in DESK_ACTIONS):
        if section != DESK_ACTIONS[0].section:
            table.add_row("", "")
        table.add_row(Text(section, style="bold underline"), "")
        for action in DESK_ACTIONS:
            if action.section == section:
                table.add_row(keys_shown(action.key, action.key_display), action.help)
        if section == SEEN_BEFORE:  # the marks the queue shows
            for mark, text in SEEN_MARKS:
                table.add_row(Text(mark, style="bold"), text)
    table.add_row("", "")
    table.add_row(Text("Article view", style="bold underline"), "")
    table.add_row("shift+arrows", "Select text (or drag with the mouse)")
    for action in ARTICLE_ACTIONS:
        table.add_row(keys_shown(action.key, action.key_display), action.help)
    table.add_row("", "")
    table.add_row(Text("Report screen", style="bold underline"), "")
    for key, text in REPORT_KEYS:
        table.add_row(key, text)
    table.add_row("", "")
    table.add_row(Text("Dialogs", style="bold underline"), "")
    table.add_row("ctrl+s", "Save (enter in a one-line field)")
    table.add_row("esc", "Cancel")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "close", id="claimtrack.help.close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="help", classes="dialog"):
            yield Label("Review desk: keys", id="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(help_table())
            yield Static(Text("esc, q or ? closes · ctrl+p opens the command palette", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
