"""A feed to read: its url, and at most how many new items."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from claimtrack.errors import InputError
from claimtrack.services.views import FeedReport
from claimtrack.tui.dialogs.base import FormDialog, Submit


class FeedDialog(FormDialog[FeedReport]):
    """An RSS or Atom feed to read (and at most how many new items); returns what reading it did."""

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
