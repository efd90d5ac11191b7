"""Where to write the report, and in which format."""

from __future__ import annotations

import os
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from claimtrack.errors import InputError
from claimtrack.tui.dialogs.base import FormDialog, Submit, dialog_label
from claimtrack.tui.render import safe

FORMATS = ("md", "html", "json", "csv")


class ExportDialog(FormDialog[str]):
    """Where to write the report, and in which format."""

    title_text = "Export the report"
    save_label = "Export"

    def __init__(self, *, subject: Text, submit: Submit | None = None, path: str = "claimtrack-report.md") -> None:
        super().__init__(submit=submit, id="export-dialog")
        self.subject = subject
        self.path = path

    def compose_body(self) -> ComposeResult:
        yield Static(self.subject, id="dialog-subject")
        yield dialog_label("File to write (its folder must exist)")
        yield Input(self.path, compact=True, placeholder="report.md", id="export-path")
        yield dialog_label("Format (from the file's extension unless chosen here)")
        yield Select(
            [("from the extension", "auto"), *[(f, f) for f in FORMATS]],
            value="auto",
            allow_blank=False,
            compact=True,
            id="export-format",
        )

    def on_mount(self) -> None:
        self.query_one("#export-path", Input).focus()

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_submit()

    def collect(self) -> dict[str, Any]:
        path = self.query_one("#export-path", Input).value.strip()
        if not path:
            raise InputError("type a file name to write the report to")
        fmt = str(self.query_one("#export-format", Select).value)
        if fmt == "auto":
            ext = os.path.splitext(path)[1].lower().lstrip(".")
            fmt = {"markdown": "md", "htm": "html"}.get(ext, ext)
            if fmt not in FORMATS:
                raise InputError(
                    f"cannot tell the format from “{safe(path)}”: end it in .md, .html, .json or .csv, or choose one"
                )
        return {"path": path, "fmt": fmt}

    def result_of(self, values: dict[str, Any], saved: Any) -> str:
        return str(saved)
