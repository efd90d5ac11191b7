"""``claimtrack factchecks``: the fact-check collection (import, list, show)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from claimtrack.cli.main import ClaimtrackGroup, app
from claimtrack.cli.main import ctx_obj as _ctx
from claimtrack.cli.params import at_most_max_id
from claimtrack.limits import MAX_ID

factchecks_app = typer.Typer(
    cls=ClaimtrackGroup,
    help=(
        "The fact-check collection: published fact checks to match claims against.\n\n"
        "\b\nExample:\n"
        "  claimtrack factchecks import politifact.jsonl --collection politifact\n"
        "  claimtrack factchecks list --limit 20\n"
        "  claimtrack factchecks show 7"
    ),
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(factchecks_app, name="factchecks")

FactCheckId = Annotated[int, typer.Argument(metavar="ID", min=1, max=MAX_ID, help="Fact check id.")]


@contextmanager
def _progress() -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr when it is a terminal (bytes read of the file, and the fact
    checks so far); nothing otherwise."""
    import sys

    if not sys.stderr.isatty():
        yield lambda done, total, what: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("importing fact checks"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("import", total=None, item="")

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total or None, item=what)

        yield update


@factchecks_app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(metavar="FILE|-", help="JSON Lines, or a JSON list of ClaimReview objects; - reads stdin."),
    ],
    collection: Annotated[
        str | None,
        typer.Option(
            "--collection",
            "-c",
            metavar="NAME",
            help='The collection the "id"s are unique in (default: "default"). Keeps two sets of ids apart.',
        ),
    ] = None,
) -> None:
    """Import a collection of published fact checks.

    JSON Lines, one fact check a line: "text" (the claim reviewed) is required; "id" (kept as the
    external id), "title", "rating", "url", "publisher", "date" (YYYY-MM-DD) and "speaker" are
    optional, other keys are ignored. A line may also be a ClaimReview object. A file starting
    with "[" is read as a JSON list of ClaimReview objects instead.

    Importing is idempotent: a fact check whose id (in its --collection) or url is already stored
    is left as it is. The whole file is one transaction: a malformed line stops the import with
    one line naming it, nothing of the file is stored, and the exit status is 2.

    \b
    Example:
      claimtrack factchecks import checks.jsonl
      claimtrack factchecks import snopes.jsonl --collection snopes
      claimtrack factchecks import claimreviews.json
      printf '%s\\n' '{"id": "pf-1", "text": "Unemployment fell to 4%", "rating": "False"}' | claimtrack factchecks import -
    """
    from claimtrack.cli.main import safe
    from claimtrack.cli.web import warn
    from claimtrack.services.factcheck_store import import_fact_checks
    from claimtrack.textsafe import noun

    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        with _progress() as progress:
            report = import_fact_checks(db, source, user=user, collection=collection, progress=progress)
    finally:
        db.close()
    for skipped in report.skipped:
        warn(f"{report.source}: skipped {skipped}")
    what = noun(report.read, "ClaimReview object" if report.kind == "claimreview" else "fact check")
    typer.echo(
        f"{safe(report.source)}: {report.read:,} {what} read, {report.added:,} {noun(report.added, 'fact check')} added, "
        f"{report.already:,} already stored (collection: {safe(report.collection)})"
    )


@factchecks_app.command("list")
def list_(
    ctx: typer.Context,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, callback=at_most_max_id, help="At most this many (default 50)."),
    ] = 50,
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Only those with every word in their text, title or speaker (prefixes)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print them as a JSON list.")] = False,
) -> None:
    """List the stored fact checks, the newest first.

    \b
    Example:
      claimtrack factchecks list
      claimtrack factchecks list --search "unemployment fell"
      claimtrack factchecks list --limit 500 --json > factchecks.json
    """
    from claimtrack.cli.output import clip, json_array_lines, safe
    from claimtrack.services.factcheck_store import count_fact_checks, fact_check_json, list_fact_checks

    c = _ctx(ctx)
    db = c.open()
    try:
        checks = list_fact_checks(db, limit=limit, search=search)
        total = count_fact_checks(db) if not as_json and search is None else 0
    finally:
        db.close()
    if as_json:
        for line in json_array_lines(fact_check_json(check) for check in checks):
            typer.echo(line)
        return
    if not checks:
        typer.echo(
            "no fact checks match" if search is not None else "no fact checks stored: claimtrack factchecks import FILE"
        )
        return
    width = max(2, *(len(str(check.id)) for check in checks))
    typer.echo(f"{'ID':>{width}} {'DATE':<10} {'RATING':<16} {'PUBLISHER':<20} CLAIM REVIEWED")
    for check in checks:
        day = check.review_date.isoformat() if check.review_date else "—"
        rating = clip(safe(check.rating) or "—", 16)
        publisher = clip(safe(check.publisher) or "—", 20)
        typer.echo(f"{check.id:>{width}} {day:<10} {rating:<16} {publisher:<20} {safe(check.text)}")
    if total > len(checks):
        typer.echo(f"({len(checks):,} of {total:,}; --limit N for more)")


@factchecks_app.command("show")
def show(
    ctx: typer.Context,
    fact_check_id: FactCheckId,
    as_json: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> None:
    """Show one stored fact check: the claim reviewed, rating, publisher, url, where it came from.

    \b
    Example:
      claimtrack factchecks show 7
      claimtrack factchecks show 7 --json
    """
    from claimtrack.cli.output import dumps, safe, when
    from claimtrack.services.factcheck_store import fact_check_json, get_fact_check

    c = _ctx(ctx)
    db = c.open()
    try:
        check = get_fact_check(db, fact_check_id)
    finally:
        db.close()
    if as_json:
        typer.echo(dumps(fact_check_json(check)))
        return
    lines = [
        f"Fact check {check.id}" + (f" · {safe(check.rating)}" if check.rating else " · no rating"),
        f"  {safe(check.text)}",
        "",
        f"Speaker:     {safe(check.speaker) or '—'}",
        f"Publisher:   {safe(check.publisher) or '—'}",
        f"Date:        {check.review_date.isoformat() if check.review_date else '—'}",
        f"Title:       {safe(check.title) or '—'}",
        f"URL:         {safe(check.url) or '—'}",
        f"External id: {safe(check.external_id) or '—'} (collection {safe(check.collection)})",
        f"From:        {check.origin}" + (f", {safe(check.source)}" if check.source else ""),
        f"Imported:    {when(check.imported_at)} by {safe(check.imported_by)}",
    ]
    typer.echo("\n".join(lines))
