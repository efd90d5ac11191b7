"""Reports on where the desk stands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from claimtrack.cli.main import app, ctx_obj as _ctx
from claimtrack.errors import InputError


# --- reports ------------------------------------------------------------------------------


@app.command()
def report(
    ctx: typer.Context,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    status: Annotated[Optional[list[str]], typer.Option("--status", "-s", help="Only this status (repeatable).")] = None,
    article: Annotated[Optional[int], typer.Option("--article", "-a", help="Only this article id.")] = None,
) -> None:
    """A Markdown status report: counts by status, and each article's claims with status,
    claimant, evidence and the latest note.

    \b
    Example:
      claimtrack report
      claimtrack report -o status.md
    """
    from claimtrack.services.queries import ClaimFilter
    from claimtrack.services.report import build_report, render_markdown

    flt = ClaimFilter.build(status=status, article_id=article)
    db = _ctx(ctx).open()
    try:
        with db.session() as session:
            text = render_markdown(build_report(session, flt))
    finally:
        db.close()
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    typer.echo(f"report written to {output}")
