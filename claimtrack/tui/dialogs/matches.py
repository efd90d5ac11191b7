"""Seen before? A claim's matches to earlier claims and fact checks: confirm or reject each.

Confirming a match (the same claim) to a claim with a verdict, or to a fact check whose rating
names one, offers to carry that verdict over: a checkbox, never ticked by default, says which
verdict and from where; ticked, the verdict is given and the matched item linked as evidence,
together. Nothing is carried over silently.

The dialog stays open after each decision (the list shows it), so every match of the claim can
be decided in turn; esc closes it. A decision refused (a conflict with another checker, a claim
that has a verdict already) is said on the message line, and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static

from claimtrack.domain import MatchState, is_verdict
from claimtrack.errors import InputError
from claimtrack.services.views import Decision, SimilarItem, Target, VerdictOffer
from claimtrack.tui import notices
from claimtrack.tui.dialogs.base import FormDialog, Submit
from claimtrack.tui.render import match_line, safe, status_label, status_style


@dataclass(frozen=True, slots=True)
class MatchChoice:
    """A match of the claim, and the verdict confirming it would offer (``None``: none)."""

    item: SimilarItem
    offer: VerdictOffer | None = None


@dataclass(frozen=True, slots=True)
class Decided:
    """What a decision saved returns to the dialog: the decision, and the matches as they are now."""

    decision: Decision
    choices: tuple[MatchChoice, ...]
    status: str
    """The claim's status now."""


class MatchesDialog(FormDialog[list[Decision]]):
    """The claim's matches: ctrl+s (Same) confirms the highlighted one, ctrl+d rejects it.

    ``status``: the claim's status (a claim with a verdict is offered none). ``submit`` is given
    ``target``, ``state`` (``same`` or ``different``), ``apply_verdict`` and ``note``, and returns
    a :class:`Decided`. Closed, the dialog returns the decisions made (``None`` if none).
    """

    BINDINGS = [
        *FormDialog.BINDINGS,
        Binding("ctrl+d", "different", "different", id="claimtrack.dialog.different"),
    ]

    title_text = "Seen before? Confirm or reject its matches"
    save_label = "Same"

    def __init__(
        self,
        *,
        subject: Text,
        choices: Sequence[MatchChoice],
        status: str,
        submit: Submit | None = None,
    ) -> None:
        super().__init__(submit=submit, id="matches-dialog")
        self.subject = subject
        self.choices = list(choices)
        self.status = status
        self.state = MatchState.SAME
        self.decisions: list[Decision] = []

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label(self._count_label(), id="matches-label", classes="dialog-label")
        yield OptionList(*[match_line(c.item) for c in self.choices], id="matches")
        yield Static("", id="match-offer")
        yield Checkbox(Text("Apply its verdict"), value=False, compact=True, id="apply-verdict")
        yield Label("Note (optional)", classes="dialog-label")
        yield Input(compact=True, placeholder="why they are (not) the same claim", id="match-note")

    def compose_buttons(self) -> ComposeResult:
        yield Button("Different (ctrl+d)", id="different", variant="error", compact=True)

    def _count_label(self) -> str:
        n = len(self.choices)
        return (
            f"{n} match{'' if n == 1 else 'es'}: choose one; Same (ctrl+s) confirms it, Different (ctrl+d) rejects it"
        )

    def on_mount(self) -> None:
        options = self.query_one("#matches", OptionList)
        if self.choices:
            options.highlighted = 0
        options.focus()
        self._show_offer()

    @property
    def current(self) -> MatchChoice | None:
        index = self.query_one("#matches", OptionList).highlighted
        return self.choices[index] if index is not None and 0 <= index < len(self.choices) else None

    @on(OptionList.OptionHighlighted, "#matches")
    def _highlighted(self) -> None:
        self._show_offer()

    def _show_offer(self) -> None:
        """What confirming the highlighted match would carry over; the checkbox unticked."""
        choice = self.current
        offer_text = self.query_one("#match-offer", Static)
        checkbox = self.query_one("#apply-verdict", Checkbox)
        checkbox.value = False
        offer = choice.offer if choice is not None else None
        if offer is None:
            checkbox.display = False
            offer_text.update(Text("No verdict to carry over: confirming it only links the two.", style="dim"))
        elif is_verdict(self.status):
            checkbox.display = False
            offer_text.update(
                Text.assemble(
                    ("The claim has a verdict already (", "dim"),
                    (status_label(self.status), status_style(self.status)),
                    ("): confirming carries nothing over.", "dim"),
                )
            )
        else:
            checkbox.display = True
            checkbox.label = Text.assemble(
                "Apply its verdict: ", (status_label(offer.status), status_style(offer.status))
            )
            offer_text.update(
                Text.assemble(
                    ("Confirming it offers the verdict of ", "dim"),
                    safe(offer.source),
                    (": tick the box to give it, with the match linked as evidence.", "dim"),
                )
            )
        self.call_after_refresh(self.fit_body)

    @on(OptionList.OptionSelected, "#matches")
    def _picked(self) -> None:
        self.action_submit()

    @on(Input.Submitted, "#match-note")
    def _note_submitted(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#different")
    def _different_pressed(self) -> None:
        self.action_different()

    def action_submit(self) -> None:
        """Confirm the highlighted match: the same claim."""
        self.state = MatchState.SAME
        super().action_submit()

    def action_different(self) -> None:
        """Reject the highlighted match: a different claim."""
        if self.saving:
            return
        self.state = MatchState.DIFFERENT
        super().action_submit()

    def collect(self) -> dict[str, Any]:
        choice = self.current
        if choice is None:
            raise InputError("choose a match from the list")
        checkbox = self.query_one("#apply-verdict", Checkbox)
        apply = self.state == MatchState.SAME and bool(checkbox.display) and checkbox.value
        target: Target = choice.item.target
        return {
            "target": target,
            "state": self.state.value,
            "apply_verdict": apply,
            "note": self.query_one("#match-note", Input).value.strip() or None,
        }

    def _done(self, values: dict[str, Any], saved: Any) -> None:
        """A decision saved: show it, and the matches as they are now; stay open for the next."""
        self.saving = False
        self.query_one("#save", Button).disabled = False
        if not isinstance(saved, Decided):  # (no submit: nothing was saved)
            self.dismiss(None)
            return
        self.decisions.append(saved.decision)
        target = saved.decision.target
        self.choices, self.status = list(saved.choices), saved.status
        options = self.query_one("#matches", OptionList)
        options.clear_options()
        options.add_options([match_line(c.item) for c in self.choices])
        index = next((i for i, c in enumerate(self.choices) if c.item.target == target), 0)
        if self.choices:
            options.highlighted = index
        self.query_one("#matches-label", Label).update(self._count_label())
        self.query_one("#match-note", Input).value = ""
        self._show_offer()
        message = self.query_one("#dialog-error", Static)
        message.update(Text(notices.match_decided(saved.decision), style="green"))
        message.add_class("-visible")
        self.call_after_refresh(self.fit_body)

    def action_cancel(self) -> None:
        self.dismiss(self.decisions or None)
