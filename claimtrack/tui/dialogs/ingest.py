"""Articles to ingest from the web: their urls."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, Static, TextArea

from claimtrack.errors import InputError
from claimtrack.services.views import IngestResult
from claimtrack.tui.dialogs.base import FormDialog, Submit


def split_sources(text: str) -> list[str]:
    """Urls typed one per line or separated by spaces, in order, each once."""
    return list(dict.fromkeys(text.split()))


class IngestDialog(FormDialog[list[IngestResult]]):
    """Article urls to fetch and ingest (all or nothing); returns what the desk ingested."""

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
