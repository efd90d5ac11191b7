"""Dialogs: ``ModalScreen[T]`` forms that return a value, and can save before they close.

A dialog given a ``submit`` function runs it in a thread worker when the checker saves. If it
raises a :class:`ClaimtrackError` (a workflow rule, a conflict with another checker), the
dialog stays open with the message shown and everything typed kept, so nothing is lost and
nothing is overwritten silently. Only a successful save closes it, returning the result.

Every dialog is a module of this package; this one holds what they share. At any terminal size
(80x24 too) a dialog keeps its title, its message line and its buttons, with their keys, on the
screen: its body scrolls when it does not fit (:meth:`FormDialog.fit_body`).
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Label, Static

from claimtrack.errors import ClaimtrackError
from claimtrack.services.desk import CaptureFailed
from claimtrack.tui.render import plain

T = TypeVar("T")
MIN_BODY_HEIGHT = 3
"""Rows a dialog's body keeps however small the screen (it scrolls)."""
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
                yield from self.compose_buttons()
                yield Button(f"{self.save_label} (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def compose_body(self) -> ComposeResult:
        yield from ()

    def compose_buttons(self) -> ComposeResult:
        """Buttons before Save: a way on when the save fails (shown only then)."""
        yield from ()

    def _on_mount(self, event: events.Mount) -> None:
        blink = getattr(self.app, "cursor_blink", True)
        for widget in self.query("Input, TextArea"):
            widget.cursor_blink = blink  # type: ignore[attr-defined]  # the query yields Widget; both Input and TextArea have it
        self.call_after_refresh(self.fit_body)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self.fit_body)

    def fit_body(self) -> None:
        """Cap the body's height so that the whole dialog fits on the screen: the title, the
        message line and the buttons always show, and the body scrolls if it must.

        (CSS alone cannot say it: the body is as tall as its fields, up to what is left of the
        dialog's ``max-height`` once the rest is laid out.)
        """
        dialog = self.query_one("#dialog")
        body = self.query_one("#dialog-body")
        max_height = dialog.styles.max_height
        if max_height is None or not self.size.height:
            return
        limit = int(max_height.resolve(self.size, self.app.size))
        shown = [child for child in dialog.children if child.display]
        if not all(child.outer_size.height for child in shown if child is not body):
            self.call_after_refresh(self.fit_body)  # not laid out yet
            return
        used = dialog.styles.gutter.height + sum(child.outer_size.height for child in shown if child is not body)
        margins = [child.styles.margin for child in shown]  # between siblings, the larger one counts
        used += sum(max(above.bottom, below.top) for above, below in pairwise(margins))
        used += (margins[0].top + margins[-1].bottom) if margins else 0
        room = max(limit - used, MIN_BODY_HEIGHT)
        current = body.styles.max_height
        if current is None or current.value != room:
            body.styles.max_height = room

    def collect(self) -> dict[str, Any]:
        """The values typed; raise InputError to refuse them (shown in the dialog)."""
        return {}

    def result_of(self, values: dict[str, Any], saved: Any) -> T:
        return saved if self.submit is not None else values  # type: ignore[return-value]  # T is values' type when there is no submit

    def refused(self, exc: ClaimtrackError) -> None:
        """The save failed: say why, keep everything typed. A dialog can offer a way on here."""
        self.show_error(str(exc))

    def show_error(self, message: str) -> None:
        self.saving = False
        self.query_one("#save", Button).disabled = False
        error = self.query_one("#dialog-error", Static)
        error.update(plain(message, single_line=False))
        error.add_class("-visible")
        self.call_after_refresh(self.fit_body)

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
                self.app.call_from_thread(self.refused, exc)
                return
            self.app.call_from_thread(self._done, values, saved)

        self.run_worker(run, thread=True, exclusive=True, group="dialog-submit")

    def _done(self, values: dict[str, Any], saved: Any) -> None:
        self.dismiss(self.result_of(values, saved))


def dialog_label(text: str) -> Static:
    """A field's label in the dialogs' style, that wraps when it is longer than the dialog."""
    return Static(text, classes="dialog-label")


NO_COPY_LABEL = "Add the link without a copy"


class NoCopyOffer(FormDialog[T], Generic[T]):
    """A dialog whose save captures a page (its ``#capture`` checkbox ticked): when the page
    cannot be fetched, it says why in one line and offers to add the link without a copy.

    The offer is a button before Save, shown only then; it takes the focus (enter takes it),
    and Save becomes "Try again". Everything typed stays.
    """

    def compose_buttons(self) -> ComposeResult:
        yield Button(NO_COPY_LABEL, id="no-copy", variant="warning", compact=True)

    def refused(self, exc: ClaimtrackError) -> None:
        if not isinstance(exc, CaptureFailed):
            super().refused(exc)
            return
        self.show_error(f"The page could not be captured: {exc}")
        self.query_one("#save", Button).label = "Try again (ctrl+s)"
        offer = self.query_one("#no-copy", Button)
        offer.add_class("-offered")
        self.call_after_refresh(offer.focus)

    @on(Button.Pressed, "#no-copy")
    def _no_copy_pressed(self) -> None:
        self.query_one("#capture", Checkbox).value = False  # what is saved is what the form says
        self.action_submit()
