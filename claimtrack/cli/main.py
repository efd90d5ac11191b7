"""The ``claimtrack`` command line.

Every command is a few lines over a service call. Errors the user can act on
(:class:`claimtrack.errors.ClaimtrackError`) print one line on stderr and exit with status 2;
nothing stored changes. Commands other than ``tui`` never import textual.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from typer.core import TyperGroup

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError, InputError

EXIT_USAGE = 2
EXIT_DATABASE = 1


class ClaimtrackGroup(TyperGroup):
    """Turns claimtrack's own errors into one line on stderr and exit status 2."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except ClaimtrackError as exc:
            typer.echo(f"claimtrack: error: {_one_line(str(exc))}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        except OperationalError as exc:
            reason = str(exc.orig).strip() if exc.orig is not None else str(exc)
            typer.echo(f"claimtrack: database error: {_one_line(reason)}", err=True)
            raise typer.Exit(EXIT_DATABASE) from None
        except SQLAlchemyError as exc:
            typer.echo(f"claimtrack: database error: {_one_line(str(exc))}", err=True)
            raise typer.Exit(EXIT_DATABASE) from None


def _one_line(text: str) -> str:
    from claimtrack.textsafe import terminal_safe

    first = text.strip().splitlines()[0] if text.strip() else "unknown error"
    return terminal_safe(first, single_line=True)


app = typer.Typer(
    cls=ClaimtrackGroup,
    name="claimtrack",
    help=(
        "claimtrack: a fact-checking desk's claim tracker.\n\n"
        "Ingest articles, review the claims extracted from them, record verdicts with evidence, "
        "and report where things stand.\n\n"
        "\b\nExample:\n"
        "  claimtrack ingest fixtures/articles/scmp-blinken-wang-yi.txt\n"
        "  claimtrack claims --status new\n"
        "  claimtrack evidence add 12 https://example.org/report --stance refutes\n"
        "  claimtrack dispute 12 --note \"The embassy denied it.\""
    ),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
evidence_app = typer.Typer(
    cls=ClaimtrackGroup,
    help="Link evidence to a claim.",
    rich_markup_mode=None,
    no_args_is_help=True,
)
app.add_typer(evidence_app, name="evidence")


@dataclass
class Context:
    db_value: str | None
    user_value: str | None
    db_from_command_line: bool = False

    def open(self):  # -> Database
        from claimtrack.store import open_database

        return open_database(self.db_value)

    @property
    def user(self) -> str:
        from claimtrack.services.identity import current_user

        return current_user(self.user_value)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"claimtrack {__version__}")
        raise typer.Exit()


@app.callback()
def _global(
    ctx: typer.Context,
    db: Annotated[
        Optional[str],
        typer.Option(
            "--db",
            envvar="CLAIMTRACK_DB",
            help="SQLite file path or database URL (postgresql://user@host/db). Default: claimtrack.db here.",
            show_envvar=True,
        ),
    ] = None,
    user: Annotated[
        Optional[str],
        typer.Option("--user", "-u", envvar="CLAIMTRACK_USER", help="Your name in the history. Default: login name.", show_envvar=True),
    ] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")] = False,
) -> None:
    source = ctx.get_parameter_source("db")
    ctx.obj = Context(
        db_value=db, user_value=user, db_from_command_line=getattr(source, "name", None) == "COMMANDLINE"
    )


def _ctx(ctx: typer.Context) -> Context:
    obj = ctx.find_object(Context)
    assert obj is not None
    return obj


# --- set-up -------------------------------------------------------------------------------


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the database, or upgrade an older one to the current schema.

    \b
    Example:
      claimtrack --db desk.db init
      claimtrack --db postgresql://postgres@127.0.0.1/claims init
    """
    from claimtrack.store.migrate import current_revision

    db = _ctx(ctx).open()
    try:
        typer.echo(f"database ready: {db.describe()} (schema {current_revision(db.engine)})")
    finally:
        db.close()


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


def _safe(text: str | None) -> str:
    from claimtrack.textsafe import terminal_safe

    return terminal_safe(text, single_line=True)


# --- reading ------------------------------------------------------------------------------


@app.command("claims")
def list_claims_cmd(
    ctx: typer.Context,
    status: Annotated[Optional[list[str]], typer.Option("--status", "-s", help="Only this status (repeatable).")] = None,
    article: Annotated[Optional[int], typer.Option("--article", "-a", help="Only this article id.")] = None,
    claimant: Annotated[Optional[str], typer.Option("--claimant", "-c", help="Claimant contains this text.")] = None,
    assignee: Annotated[Optional[str], typer.Option("--assignee", help='Assigned to this user ("" for unassigned).')] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Assigned to you.")] = False,
    search: Annotated[Optional[str], typer.Option("--search", "-q", help="Claim or sentence contains this text.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", min=1, help="At most this many.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")] = False,
) -> None:
    """List claims, filtered.

    \b
    Example:
      claimtrack claims --status new --status in_review
      claimtrack claims --claimant putin --json
      claimtrack claims --search "Chinese nationals"
    """
    from claimtrack.cli.output import claim_json, claims_table, dumps
    from claimtrack.services.queries import ClaimFilter, list_claims

    c = _ctx(ctx)
    if mine:
        assignee = c.user
    flt = ClaimFilter.build(status=status, article_id=article, claimant=claimant, assignee=assignee, search=search)
    db = c.open()
    try:
        with db.session() as session:
            rows = list_claims(session, flt, limit=limit)
    finally:
        db.close()
    if as_json:
        typer.echo(dumps([claim_json(claim, art) for claim, art in rows]))
    elif rows:
        typer.echo(claims_table(rows))
    else:
        typer.echo("no claims match")


@app.command()
def articles(ctx: typer.Context) -> None:
    """List the ingested articles with their claim counts.

    \b
    Example:
      claimtrack articles
    """
    from claimtrack.services.queries import list_articles

    db = _ctx(ctx).open()
    try:
        with db.session() as session:
            rows = list_articles(session)
    finally:
        db.close()
    if not rows:
        typer.echo("no articles yet: claimtrack ingest FILE")
    for article, count in rows:
        outlet = f" ({_safe(article.outlet)})" if article.outlet else ""
        typer.echo(f"{article.id:>5} {count:>4} claims  {_safe(article.title)}{outlet}")


@app.command()
def show(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one claim: its article context, evidence and history.

    \b
    Example:
      claimtrack show 12
    """
    from claimtrack.cli.output import claim_detail_text, claim_json, dumps
    from claimtrack.services.queries import claim_detail

    db = _ctx(ctx).open()
    try:
        with db.session() as session:
            detail = claim_detail(session, claim_id)
    finally:
        db.close()
    if as_json:
        data = claim_json(detail.claim, detail.article)
        data["evidence"] = [ev.model_dump(mode="json") for ev in detail.evidence]
        data["history"] = [h.model_dump(mode="json") for h in detail.history]
        typer.echo(dumps(data))
    else:
        typer.echo(claim_detail_text(detail))


@app.command("history")
def history_cmd(ctx: typer.Context, claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")]) -> None:
    """Show every change to a claim: who, when, from what, to what, and why.

    \b
    Example:
      claimtrack history 12
    """
    from claimtrack.cli.output import history_lines
    from claimtrack.services.workflow import history

    db = _ctx(ctx).open()
    try:
        with db.session() as session:
            entries = history(session, claim_id)
    finally:
        db.close()
    typer.echo(f"History of claim {claim_id}:")
    typer.echo("\n".join(history_lines(entries)))


# --- changing claims ----------------------------------------------------------------------

NoteOption = Annotated[Optional[str], typer.Option("--note", "-m", help="Why: required for a verdict and for leaving one.")]
VersionOption = Annotated[
    Optional[int],
    typer.Option("--expect-version", help="Refuse the change if the claim is no longer at this version (see `show`)."),
]


def _change_status(ctx: typer.Context, claim_id: int, status: str, note: str | None, expect: int | None) -> None:
    from claimtrack.services.workflow import set_status

    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        with db.session() as session:
            claim = set_status(session, claim_id, status, user=user, note=note, expected_version=expect)
            old = claim.status
    finally:
        db.close()
    typer.echo(f"claim {claim_id} is now {old} (version {claim.version})")


@app.command()
def status(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    new_status: Annotated[
        str,
        typer.Argument(
            metavar="STATUS",
            help="new, in_review, verified, disputed, false, misleading, unverifiable or dismissed.",
        ),
    ],
    note: NoteOption = None,
    expect_version: VersionOption = None,
) -> None:
    """Move a claim to a new status.

    A verdict (verified, disputed, false, misleading) needs --note and at least one piece of
    evidence; leaving a verdict needs --note.

    \b
    Example:
      claimtrack status 12 in_review
      claimtrack status 12 false --note "The embassy says all citizens are safe."
      claimtrack status 7 dismissed --note "Opinion, not a checkable fact."
    """
    _change_status(ctx, claim_id, new_status, note, expect_version)


@app.command()
def verify(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    note: NoteOption = None,
    expect_version: VersionOption = None,
) -> None:
    """Mark a claim verified (needs --note and evidence).

    \b
    Example:
      claimtrack verify 3 --note "Matches the ministry's statement of 4 March."
    """
    _change_status(ctx, claim_id, "verified", note, expect_version)


@app.command()
def dispute(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    note: NoteOption = None,
    expect_version: VersionOption = None,
) -> None:
    """Mark a claim disputed (needs --note and evidence).

    \b
    Example:
      claimtrack dispute 12 --note "Global Times, citing the embassy, denies it."
    """
    _change_status(ctx, claim_id, "disputed", note, expect_version)


@app.command()
def note(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note.")],
) -> None:
    """Add a note to a claim's history.

    \b
    Example:
      claimtrack note 12 "Asked the embassy for comment."
    """
    from claimtrack.services.workflow import add_note

    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        with db.session() as session:
            entry = add_note(session, claim_id, text, user=user)
    finally:
        db.close()
    typer.echo(f"note added to claim {claim_id} (version {entry.version})")


@app.command()
def assign(
    ctx: typer.Context,
    claim_id: Annotated[int, typer.Argument(metavar="ID", help="Claim id.")],
    assignee: Annotated[Optional[str], typer.Argument(metavar="USER", help="Who takes it (default: you).")] = None,
    unassign: Annotated[bool, typer.Option("--none", help="Leave the claim unassigned.")] = False,
    note: Annotated[Optional[str], typer.Option("--note", "-m", help="Why (optional).")] = None,
    expect_version: VersionOption = None,
) -> None:
    """Assign a claim to a checker.

    \b
    Example:
      claimtrack assign 12 alice
      claimtrack assign 12          # to yourself
      claimtrack assign 12 --none   # unassign
    """
    from claimtrack.services.workflow import assign as assign_claim

    c = _ctx(ctx)
    user = c.user
    if unassign and assignee:
        raise InputError("give a USER or --none, not both")
    target = None if unassign else (assignee if assignee is not None else user)
    db = c.open()
    try:
        with db.session() as session:
            claim = assign_claim(session, claim_id, target, user=user, note=note, expected_version=expect_version)
    finally:
        db.close()
    who = f"assigned to {_safe(claim.assignee)}" if claim.assignee else "unassigned"
    typer.echo(f"claim {claim_id} is now {who} (version {claim.version})")


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
    from claimtrack.services.demo import build_demo

    c = _ctx(ctx)
    user = c.user
    # A team's CLAIMTRACK_DB is never replaced by a demo: only an explicit --db is used.
    target = c.db_value if c.db_from_command_line else None
    db, results = build_demo(target, force=force, user=user)
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
    typer.echo("try: claimtrack --db " + db.describe().removeprefix("sqlite:///") + " show " + str(rows[0][0].id if rows else 1))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("claimtrack: interrupted", err=True)
        sys.exit(130)
