"""Getting articles and evidence in: ``ingest`` and ``evidence``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from claimtrack.cli.main import app, ctx_obj as _ctx, evidence_app, safe as _safe


@app.command()
def ingest(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Plain-text article files.", show_default=False)],
) -> None:
    """Store articles and extract their claims. Re-ingesting an article changes nothing.

    The file format: the headline on the first line, standfirst lines starting with "- ",
    one paragraph a line, and a byline such as "Authors: A, B, Outlet" last. Every file is
    read before anything is stored, so one bad file stores nothing.

    \b
    Example:
      claimtrack ingest fixtures/articles/scmp-blinken-wang-yi.txt
    """
    from claimtrack.services.ingest import ingest_files

    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        results = ingest_files(db, paths, user=user)
    finally:
        db.close()
    for path, result in zip(paths, results):
        title = _safe(result.article.title)
        if result.created:
            typer.echo(f"{path}: article {result.article.id} “{title}”: {result.claims} claims found")
        else:
            typer.echo(f"{path}: already ingested as article {result.article.id} “{title}” ({result.claims} claims); nothing changed")





@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    url: Annotated[str, typer.Argument(metavar="URL", help="An http(s) link to the source.")],
    stance: Annotated[str, typer.Option("--stance", help="supports, refutes or context.")] = "context",
    title: Annotated[Optional[str], typer.Option("--title", "-t", help="What the source is.")] = None,
    note: Annotated[Optional[str], typer.Option("--note", "-m", help="What it shows.")] = None,
) -> None:
    """Link a piece of evidence to a claim.

    \b
    Example:
      claimtrack evidence add 12 https://example.org/embassy-statement \\
          --stance refutes --title "Embassy statement" --note "No casualties among citizens."
    """
    from claimtrack.services.workflow import add_evidence

    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        with db.session() as session:
            evidence = add_evidence(session, claim_id, url, user=user, stance=stance, title=title, note=note)
    finally:
        db.close()
    typer.echo(f"evidence #{evidence.id} ({evidence.stance}) added to claim {claim_id}")
