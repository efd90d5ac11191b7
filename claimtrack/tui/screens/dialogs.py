"""Dialogs: ``ModalScreen[T]`` forms that return a value, and can save before they close.

A dialog given a ``submit`` function runs it in a thread worker when the checker saves. If it
raises a :class:`ClaimtrackError` (a workflow rule, a conflict with another checker), the
dialog stays open with the message shown and everything typed kept, so nothing is lost and
nothing is overwritten silently. Only a successful save closes it, returning the result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.selection_list import Selection

from claimtrack.domain import ClaimStatus, Stance
from claimtrack.errors import ClaimtrackError, InputError
from claimtrack.services.queries import ClaimDetail
from claimtrack.tui.render import plain, safe, status_badge, status_label

T = TypeVar("T")
Submit = Callable[[dict[str, Any]], Any]


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

    def _on_mount(self) -> None:
        blink = getattr(self.app, "cursor_blink", True)
        for widget in self.query("Input, TextArea"):
            widget.cursor_blink = blink  # type: ignore[attr-defined]

    def collect(self) -> dict[str, Any]:
        """The values typed; raise InputError to refuse them (shown in the dialog)."""
        return {}

    def result_of(self, values: dict[str, Any], saved: Any) -> T:
        return saved if self.submit is not None else values  # type: ignore[return-value]

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


def _evidence_lines(detail: ClaimDetail | None) -> Text:
    text = Text()
    if detail is None:
        return text
    if not detail.evidence:
        text.append("No evidence yet. A verdict needs at least one piece: cancel and press e.", style="bold red")
        return text
    for item in detail.evidence:
        text.append(f"{item.stance.upper():<9}", style="bold")
        text.append(safe(item.title or item.quote or "(untitled)"))
        if item.url:
            text.append("  ")
            text.append(safe(item.url), style="underline")
        text.append("\n")
    text.rstrip()
    return text


class StatusDialog(FormDialog[str]):
    """A status change that needs (or may have) a note: a verdict, a reopening, a bulk dismiss.

    Shows the claim (or how many) and, for a verdict, the evidence it rests on.
    """

    def __init__(
        self,
        status: str,
        *,
        subject: Text,
        detail: ClaimDetail | None = None,
        note_required: bool = True,
        explanation: str = "",
        title: str | None = None,
        submit: Submit | None = None,
    ) -> None:
        super().__init__(submit=submit, id="status-dialog")
        self.status = status
        self.subject = subject
        self.detail = detail
        self.note_required = note_required
        self.explanation = explanation
        self.title_text = title or f"Set to {status_label(status)}"
        self.save_label = status_label(status).capitalize()

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        if self.detail is not None:
            yield Label("Evidence it rests on", classes="dialog-label")
            yield Static(_evidence_lines(self.detail), id="dialog-evidence")
        label = "Rationale note (required)" if self.note_required else "Note (optional)"
        yield Label(label, classes="dialog-label")
        yield TextArea(id="note", soft_wrap=True, show_line_numbers=False)
        if self.explanation:
            yield Static(Text(self.explanation, style="dim"), id="dialog-explanation")

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    @property
    def note(self) -> str:
        return self.query_one("#note", TextArea).text

    def collect(self) -> dict[str, Any]:
        note = self.note.strip()
        if self.note_required and not note:
            raise InputError(f"{status_label(self.status).lower()} needs a note saying why")
        return {"status": self.status, "note": note or None}

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return values["note"] or ""


class NoteDialog(FormDialog[str]):
    title_text = "Add a note"
    save_label = "Add note"

    def __init__(self, *, subject: Text, submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="note-dialog")
        self.subject = subject

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label("Note", classes="dialog-label")
        yield TextArea(id="note", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one("#note", TextArea).focus()

    def collect(self) -> dict[str, Any]:
        note = self.query_one("#note", TextArea).text.strip()
        if not note:
            raise InputError("the note is empty")
        return {"note": note}

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return values["note"]


class EvidenceDialog(FormDialog[dict]):  # type: ignore[type-arg]
    title_text = "Add evidence"
    save_label = "Add evidence"

    def __init__(
        self, *, subject: Text, submit: Submit | None = None, stance: str = Stance.CONTEXT, capture: bool = True
    ) -> None:
        super().__init__(submit=submit, id="evidence-dialog")
        self.subject = subject
        self.stance = stance
        self.capture = capture

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label("URL (http or https)", classes="dialog-label")
        yield Input(compact=True, placeholder="https://…", id="url")
        yield Label("Stance", classes="dialog-label")
        yield Select(
            compact=True,
            options=[(s.value, s.value) for s in Stance],
            value=self.stance,
            allow_blank=False,
            id="stance",
        )
        yield Label("Title", classes="dialog-label")
        yield Input(compact=True, placeholder="What the source is", id="title")
        yield Label("Note", classes="dialog-label")
        yield Input(compact=True, placeholder="What it shows (optional)", id="evidence-note")
        yield Checkbox(
            "Capture the page (fetch it now and keep a copy)", value=self.capture, compact=True, id="capture"
        )

    def on_mount(self) -> None:
        self.query_one("#url", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        url = self.query_one("#url", Input).value.strip()
        if not url:
            raise InputError("evidence needs a url")
        return {
            "url": url,
            "stance": str(self.query_one("#stance", Select).value),
            "title": self.query_one("#title", Input).value.strip() or None,
            "note": self.query_one("#evidence-note", Input).value.strip() or None,
            "fetch": self.query_one("#capture", Checkbox).value,
        }

    def result_of(self, values: dict[str, Any], saved: Any) -> dict:  # type: ignore[type-arg]
        return values


class AssignDialog(FormDialog[str]):
    title_text = "Assign"
    save_label = "Assign"

    def __init__(self, *, subject: Text, names: Sequence[str], submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="assign-dialog")
        self.subject = subject
        self.names = list(names)

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label("Assign to (a user name)", classes="dialog-label")
        yield Input(
            compact=True, placeholder="name", id="assignee", suggester=SuggestFromList(self.names, case_sensitive=False)
        )
        yield OptionList(*[plain(n) for n in self.names], id="assignee-list")

    def on_mount(self) -> None:
        self.query_one("#assignee", Input).focus()

    @on(OptionList.OptionSelected, "#assignee-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#assignee", Input).value = self.names[event.option_index]
        self.action_submit()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        name = self.query_one("#assignee", Input).value.strip()
        if not name:
            raise InputError("type a name, or pick one from the list")
        return {"assignee": name}

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return values["assignee"]


class ClaimantDialog(FormDialog[dict]):  # type: ignore[type-arg]
    title_text = "Add a claim the extractor missed"
    save_label = "Add claim"

    def __init__(self, *, selected: str, submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="claimant-dialog")
        self.selected = selected

    def compose_body(self) -> ComposeResult:
        yield Label("The claim (the selected text)", classes="dialog-label")
        yield Static(plain(self.selected, single_line=False), id="dialog-subject")
        yield Label("Claimant: who makes the claim", classes="dialog-label")
        yield Input(compact=True, placeholder="e.g. the ministry", id="claimant")
        yield Label("Cue (optional): the reporting verb", classes="dialog-label")
        yield Input(compact=True, placeholder="e.g. said", id="cue")

    def on_mount(self) -> None:
        self.query_one("#claimant", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        claimant = self.query_one("#claimant", Input).value.strip()
        if not claimant:
            raise InputError("who makes the claim? type the claimant")
        return {"claimant": claimant, "cue": self.query_one("#cue", Input).value.strip() or None}

    def result_of(self, values: dict[str, Any], saved: Any) -> dict:  # type: ignore[type-arg]
        return {**values, "claim": saved}


class NumberDialog(FormDialog[int]):
    """Asks for an id (a claim to jump to, an article to filter by)."""

    save_label = "Go"

    def __init__(self, title: str, label: str, *, id: str = "number-dialog") -> None:
        super().__init__(id=id)
        self.title_text = title
        self.label = label

    def compose_body(self) -> ComposeResult:
        yield Label(self.label, classes="dialog-label")
        yield Input(compact=True, placeholder="id", type="integer", id="number")

    def on_mount(self) -> None:
        self.query_one("#number", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        value = self.query_one("#number", Input).value.strip()
        if not value.isdigit():
            raise InputError("type a number")
        return {"number": int(value)}

    def result_of(self, values: dict[str, Any], saved: Any) -> int:
        return values["number"]


class StatusFilterDialog(FormDialog[tuple]):  # type: ignore[type-arg]
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

    def result_of(self, values: dict[str, Any], saved: Any) -> tuple:  # type: ignore[type-arg]
        return values["status"]


def fact_check_line(check: Any) -> Text:
    """One fact check found by a look-up (``FactCheck``): who, the rating, what, when, where."""
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


class FactCheckDialog(FormDialog[Any]):
    """Existing fact checks of the claim: pick one to attach it as evidence."""

    title_text = "Already checked? Fact checks found"
    save_label = "Attach as evidence"

    def __init__(self, *, subject: Text, checks: Sequence[Any], submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="factcheck-dialog")
        self.subject = subject
        self.checks = list(checks)

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield Label(f"{len(self.checks)} found: choose one (enter attaches it)", classes="dialog-label")
        yield OptionList(*[fact_check_line(c) for c in self.checks], id="factchecks")

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
        return {"check": self.checks[index]}

    def result_of(self, values: dict[str, Any], saved: Any) -> Any:
        return values["check"]


# -- bringing articles and fact checks in from the web -----------------------------------------


def split_sources(text: str) -> list[str]:
    """Urls typed one per line or separated by spaces, in order, each once."""
    return list(dict.fromkeys(text.split()))


class IngestDialog(FormDialog[Any]):
    """Article urls to fetch and ingest (all or nothing); returns the desk's ``IngestResult``s."""

    title_text = "Ingest articles"
    save_label = "Ingest"

    def __init__(self, *, submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="ingest-dialog")

    def compose_body(self) -> ComposeResult:
        yield Label("Article urls: one per line, or separated by spaces", classes="dialog-label")
        yield TextArea(id="sources", soft_wrap=True, show_line_numbers=False)
        yield Static(
            Text(
                "Each page is fetched, its text kept and its claims extracted. If one fails, none is stored.",
                style="dim",
            ),
            id="dialog-explanation",
        )

    def on_mount(self) -> None:
        self.query_one("#sources", TextArea).focus()

    def collect(self) -> dict[str, Any]:
        sources = split_sources(self.query_one("#sources", TextArea).text)
        if not sources:
            raise InputError("type the url of at least one article")
        return {"sources": sources}


class FeedDialog(FormDialog[Any]):
    """An RSS or Atom feed to read (and at most how many new items); returns a ``FeedReport``."""

    title_text = "Read a feed"
    save_label = "Read feed"

    def __init__(self, *, submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="feed-dialog")

    def compose_body(self) -> ComposeResult:
        yield Label("Feed url (RSS or Atom)", classes="dialog-label")
        yield Input(compact=True, placeholder="https://…/feed.xml", id="feed-url")
        yield Label("At most this many new items (optional)", classes="dialog-label")
        yield Input(compact=True, placeholder="all", type="integer", id="feed-limit")
        yield Static(
            Text("Items read before are skipped; each new item's article is fetched and ingested.", style="dim"),
            id="dialog-explanation",
        )

    def on_mount(self) -> None:
        self.query_one("#feed-url", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        url = self.query_one("#feed-url", Input).value.strip()
        if not url:
            raise InputError("type the feed's url")
        limit_text = self.query_one("#feed-limit", Input).value.strip()
        limit = None
        if limit_text:
            if not limit_text.isdigit() or int(limit_text) < 1:
                raise InputError("the limit is a number of items, 1 or more (or leave it empty)")
            limit = int(limit_text)
        return {"feed_url": url, "limit": limit}


class ClaimReviewDialog(FormDialog[Any]):
    """A fact check's page whose ClaimReview markup to import; returns an ``ImportReport``."""

    title_text = "Import ClaimReview"
    save_label = "Import"

    def __init__(self, *, submit: Submit | None = None) -> None:
        super().__init__(submit=submit, id="claimreview-dialog")

    def compose_body(self) -> ComposeResult:
        yield Label("Url of a fact check's page (with ClaimReview markup)", classes="dialog-label")
        yield Input(compact=True, placeholder="https://…", id="review-url")
        yield Static(
            Text(
                "Each review becomes a claim with the fact checker's verdict; one imported before is left as it is.",
                style="dim",
            ),
            id="dialog-explanation",
        )

    def on_mount(self) -> None:
        self.query_one("#review-url", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        url = self.query_one("#review-url", Input).value.strip()
        if not url:
            raise InputError("type the url of the fact check's page")
        return {"source": url}
