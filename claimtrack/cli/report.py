"""Reports on where the desk stands, and exports that take the work to readers."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TextIO, TypeVar, cast

import typer

from claimtrack.cli.main import ClaimtrackGroup, app
from claimtrack.cli.main import ctx_obj as _ctx
from claimtrack.cli.params import MAX_ID, ArticleOption
from claimtrack.fileio import is_standard_stream, output_file
from claimtrack.textsafe import noun

export_app = typer.Typer(
    cls=ClaimtrackGroup,
    help="Publish the desk's checks in formats other sites read.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(export_app, name="export")

T = TypeVar("T")


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    """stdout, or ``path`` (see :func:`claimtrack.fileio.output_file`): a regular file is
    written through a temporary file beside it, so a report that fails half way leaves no
    half-written file (and an existing file untouched); a device, a named pipe or /dev/stdout
    is written straight into, never replaced."""
    if path is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with output_file(path) as handle:
        yield cast(TextIO, handle)  # opened in text mode (binary=False)


def _confirm(path: Path | None, message: str) -> None:
    """The line saying where the output went (not into the output itself: -o /dev/stdout)."""
    if path is not None:
        typer.echo(message, err=is_standard_stream(path))


# --- reports ------------------------------------------------------------------------------


@app.command()
def report(
    ctx: typer.Context,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="md, html, json or csv. Default: from the -o file's suffix, else md."),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    status: Annotated[list[str] | None, typer.Option("--status", "-s", help="Only this status (repeatable).")] = None,
    article: ArticleOption = None,
    assignee: Annotated[
        str | None, typer.Option("--assignee", help='Only claims assigned to this user ("" for unassigned).')
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Changes since: YYYY-MM-DD, YYYY-MM-DDTHH:MM (UTC), or 7d / 24h / 2w ago."),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Changes before (a bare date includes that day).")
    ] = None,
) -> None:
    """A status report: the headline ("4 of 6 claims checked (67%)", the open check-worthy
    claims, the verdicts of the period), disputed, false and misleading claims, the recently
    verified ones, the open claims most check-worthy first, the backlog day by day, totals by
    status (and what changed since --since), time to verdict, open work by assignee, then each
    article with its claims, notes and evidence ("captured" when a copy of the page was kept,
    else "linked, no copy"). Markdown to stdout by default; HTML is one self-contained file with
    a chart of the backlog, JSON follows the schema claimtrack.report/2, CSV has one row a
    claim (docs/reports.md). Without --since, the period is the last 30 days.

    \b
    Example:
      claimtrack report
      claimtrack report --format html -o status.html
      claimtrack report --since 7d --status disputed --status false
      claimtrack report --since 7d -f html -o week.html
      claimtrack report -f csv --assignee alice -o alice.csv
    """
    from claimtrack.services.reports import (
        ReportFilter,
        format_for_path,
        parse_format,
        write_report,
        write_report_file,
    )

    if fmt is not None:
        name = parse_format(fmt)
    elif output is not None:
        name = format_for_path(output.name) or "md"
    else:
        name = "md"
    from claimtrack.config import get_settings

    flt = ReportFilter.build(
        status=status,
        article_id=article,
        assignee=assignee,
        since=since,
        until=until,
        threshold=get_settings().queue_threshold,
    )
    db = _ctx(ctx).open()
    try:
        if output is None:
            with _output(None) as out:
                totals = write_report(db, flt, name, out)
        else:
            totals = write_report_file(db, flt, name, output)
    finally:
        db.close()
    _confirm(output, f"report written to {output} ({name}, {totals.total} {noun(totals.total, 'claim')})")


# --- exports --------------------------------------------------------------------------------


@export_app.command("claimreview")
def export_claimreview(
    ctx: typer.Context,
    ids: Annotated[
        list[int] | None,
        typer.Argument(
            metavar="[ID]...", min=1, max=MAX_ID, help="Claims to export (default: every claim with a verdict)."
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """schema.org ClaimReview JSON-LD (a JSON list) for claims with a verdict: verified,
    misleading, disputed or false. Needs check_url_pattern (where each check is published)
    and uses org_name and org_url as the review's author (docs/configuration.md).

    \b
    Example:
      CLAIMTRACK_CHECK_URL_PATTERN=https://facts.example/checks/{id} claimtrack export claimreview -o checks.json
      claimtrack export claimreview 12 17
    """
    from claimtrack.config import get_settings
    from claimtrack.services.claimreview import claim_reviews, write_claim_reviews

    settings = get_settings()
    db = _ctx(ctx).open()
    try:
        with db.session() as session:
            reviews = claim_reviews(session, settings, ids or None)
            first = _prime(reviews)  # ids and settings are checked before any file is opened
            with _output(output) as out:
                count = write_claim_reviews(first(), out)
    finally:
        db.close()
    _confirm(output, f"{count} ClaimReview{'s' if count != 1 else ''} written to {output}")


def _prime(items: Iterator[T]) -> Callable[[], Iterator[T]]:
    """Run a generator up to its first item now (so its errors come first); replay it later."""
    try:
        head = [next(items)]
    except StopIteration:
        head = []

    def again() -> Iterator[T]:
        yield from head
        yield from items

    return again
