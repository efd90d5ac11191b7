"""Dialogs: ``ModalScreen[T]`` forms that return a value, and can save before they close.

A dialog given a ``submit`` function runs it in a thread worker when the checker saves. If it
raises a :class:`ClaimtrackError` (a workflow rule, a conflict with another checker), the
dialog stays open with the message shown and everything typed kept, so nothing is lost and
nothing is overwritten silently. Only a successful save closes it, returning the result.

Every dialog is a module of this package; this one holds what they share.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from claimtrack.errors import ClaimtrackError
from claimtrack.tui.render import plain

T = TypeVar("T")
Submit = Callable[[dict[str, Any]], Any]
"""What a dialog runs (in a thread worker) to save: given the values typed, returns what was saved."""


class FormDialog(ModalScreen[T], Generic[T]):
    """A titled form with Save and Cancel; ``collect()`` reads and checks the fields."""

    BINDINGS = [
        Binding("escape", "cancel", "cancel", id="claimtrack.dialog.cancel"),
        Binding("ctrl+s", "submit", "save", id="claimtrack.dialog.save"),
    ]

    title_text = "Dialog"
    save_label = "Save"

    def __init__(self, *, submit: Submit | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.submit = submit
        self.saving = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Label(self.title_text, id="dialog-title")
            with VerticalScroll(id="dialog-body"):
                yield from self.compose_body()
            yield Static("", id="dialog-error")
            with Horizontal(id="dialog-buttons"):
                yield Button(f"{self.save_label} (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def _on_mount(self, event: events.Mount) -> None:
        blink = getattr(self.app, "cursor_blink", True)
        for widget in self.query("Input, TextArea"):
            widget.cursor_blink = blink  # type: ignore[attr-defined]  # the query yields Widget; both Input and TextArea have it

    def collect(self) -> dict[str, Any]:
        """The values typed; raise InputError to refuse them (shown in the dialog)."""
        return {}

    def result_of(self, values: dict[str, Any], saved: Any) -> T:
        return saved if self.submit is not None else values  # type: ignore[return-value]  # T is values' type when there is no submit

    def show_error(self, message: str) -> None:
        self.saving = False
        self.query_one("#save", Button).disabled = False
        error = self.query_one("#dialog-error", Static)
        error.update(plain(message, single_line=False))
        error.add_class("-visible")

    @property
    def error_text(self) -> str:
        return str(self.query_one("#dialog-error", Static).render())

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        if self.saving:
            return
        try:
            values = self.collect()
        except ClaimtrackError as exc:
            self.show_error(str(exc))
            return
        if self.submit is None:
            self.dismiss(self.result_of(values, None))
            return
        self.saving = True
        self.query_one("#save", Button).disabled = True
        self.query_one("#dialog-error", Static).update(Text("saving…", style="dim"))
        submit = self.submit

        def run() -> None:
            try:
                saved = submit(values)
            except ClaimtrackError as exc:
                self.app.call_from_thread(self.show_error, str(exc))
                return
            self.app.call_from_thread(self._done, values, saved)

        self.run_worker(run, thread=True, exclusive=True, group="dialog-submit")

    def _done(self, values: dict[str, Any], saved: Any) -> None:
        self.dismiss(self.result_of(values, saved))


def dialog_label(text: str) -> Static:
    """A field's label in the dialogs' style, that wraps when it is longer than the dialog."""
    return Static(text, classes="dialog-label")
