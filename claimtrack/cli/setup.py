"""Setting up: ``init``, the ``tui`` and the ``demo``."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from claimtrack.cli.main import app
from claimtrack.cli.main import ctx_obj as _ctx
from claimtrack.cli.main import safe as _safe

# --- set-up -------------------------------------------------------------------------------


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database, or upgrade an older one to the current schema.

    A PostgreSQL database that does not exist yet is created, if your role may (else one line
    says what to run).

    \b
    Example:
      claimtrack --db desk.db init
      claimtrack --db postgresql://postgres@127.0.0.1/claims init
    """
    from claimtrack.store import open_database
    from claimtrack.store.migrate import current_revision

    db = open_database(_ctx(ctx).db_value, create=True)
    try:
        typer.echo(f"database ready: {db.describe()} (schema {current_revision(db.engine)})")
    finally:
        db.close()


@app.command()
def tui(ctx: typer.Context) -> None:
    """Open the review desk: the terminal UI for triage, verdicts and evidence.

    \b
    Example:
      claimtrack tui
      CLAIMTRACK_DB=postgresql://postgres@127.0.0.1/desk claimtrack --user alice tui
    """
    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        _run_tui(db, user)
    finally:
        db.close()


def _run_tui(db: Any, user: str) -> None:
    from claimtrack.services.desk import Desk
    from claimtrack.tui import run_tui

    run_tui(Desk(db, user))


def own_command() -> str:
    """How to run this claimtrack again from any shell, with no virtual environment activated:
    the full path of the ``claimtrack`` script that is running, or ``PYTHON -m claimtrack``."""
    script = Path(sys.argv[0])
    if script.name == "claimtrack" and script.exists():
        return shlex.quote(str(script.resolve()))
    return f"{shlex.quote(sys.executable)} -m claimtrack"


@app.command()
def demo(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option("--force", help="Replace the database file if it exists.")] = False,
    no_tui: Annotated[bool, typer.Option("--no-tui", help="Only build it and list the claims.")] = False,
) -> None:
    """Build a fresh database from the bundled example article and open it in the review desk.

    Uses claimtrack-demo.db in the current folder unless --db names another SQLite file;
    that file is replaced (an existing file other than the default needs --force). When the
    output is not a terminal, or with --no-tui, it lists the claims instead of opening the TUI.

    \b
    Example:
      claimtrack demo
      claimtrack --db /tmp/try.db demo --force --no-tui
    """
    from claimtrack.cli.output import claims_table
    from claimtrack.services.demo import DEMO_DB, build_demo

    c = _ctx(ctx)
    user = c.user
    # A team's CLAIMTRACK_DB is never replaced by a demo: only an explicit --db is used.
    target = c.db_value if c.db_from_command_line else None
    path = Path(target or DEMO_DB).expanduser()
    replacing = path.is_file()
    db, results = build_demo(target, force=force, user=user)
    if replacing:
        typer.echo(f"claimtrack: notice: replaced the earlier demo database {_safe(str(path))}", err=True)
    if not no_tui and sys.stdin.isatty() and sys.stdout.isatty():
        try:
            _run_tui(db, user)
        finally:
            db.close()
        return
    try:
        from claimtrack.services.queries import list_claims

        with db.session() as session:
            rows = list_claims(session)
    finally:
        db.close()
    for result in results:
        typer.echo(f"article {result.article.id} “{_safe(result.article.title)}”: {result.claims} claims")
    typer.echo(claims_table(rows))
    typer.echo("")
    typer.echo(f"demo database: {db.describe()}")
    where = shlex.quote(db.describe().removeprefix("sqlite:///"))
    typer.echo(f"try: {own_command()} --db {where} show {rows[0][0].id if rows else 1}")
