"""The ``claimtrack`` command line.

Every command is a few lines over a service call. Errors the user can act on
(:class:`claimtrack.errors.ClaimtrackError`) print one line on stderr and exit with status 2;
nothing stored changes. Commands other than ``tui`` never import textual.
"""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass
from typing import Annotated, Any

import typer
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from typer.core import TyperGroup

from claimtrack import __version__
from claimtrack.errors import ClaimtrackError, Notice

EXIT_USAGE = 2
EXIT_DATABASE = 1

# One thread for numpy's BLAS and the matcher's tokenizer (an explicit setting wins), set here,
# before a command imports either (nothing above does): claimtrack's matrices are small, and on a
# busy two-core machine their thread pools cost more CPU than they save, 150 ms of CPU a match
# instead of 65 (docs/matching.md, Benchmarks).
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


try:
    # typer >= 0.26 vendors click and exports the base of its errors, not UsageError: a usage
    # error is the one with click's exit status for usage errors, 2 (no such option or command,
    # a missing or bad argument...; its other errors exit with 1).
    from typer import TyperException as CliError
except ImportError:  # pragma: no cover  (older typers raise click's own errors: click was their dependency)
    from click import ClickException as CliError  # type: ignore[assignment]  # typer < 0.26 re-raised click's own


class ClaimtrackGroup(TyperGroup):
    """Turns claimtrack's own errors, and usage errors, into one line on stderr and exit status 2."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]  # click types ctx as its own Context
        with warnings.catch_warnings():
            warnings.simplefilter("always", Notice)
            warnings.showwarning = _show_notice(warnings.showwarning)
            return self._invoke(ctx)

    def _invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CliError as exc:
            if exc.exit_code != EXIT_USAGE:
                raise
            usage_ctx = getattr(exc, "ctx", None)
            where = usage_ctx.command_path if usage_ctx is not None else "claimtrack"
            typer.echo(f"claimtrack: error: {_one_line(exc.format_message())} (see: {where} --help)", err=True)
            raise typer.Exit(EXIT_USAGE) from None
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


def _show_notice(show: Any) -> Any:
    """``warnings.showwarning`` that prints a :class:`Notice` as one line and goes on."""

    def showwarning(message: Any, category: type[Warning], *args: Any, **kwargs: Any) -> None:
        if issubclass(category, Notice):
            typer.echo(f"claimtrack: notice: {_one_line(str(message))}", err=True)
        else:
            show(message, category, *args, **kwargs)

    return showwarning


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
        '  claimtrack dispute 12 --note "The embassy denied it."'
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
        str | None,
        typer.Option(
            "--db",
            envvar="CLAIMTRACK_DB",
            help="SQLite file path or database URL (postgresql://user@host/db). Default: claimtrack.db here.",
            show_envvar=True,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            "-u",
            envvar="CLAIMTRACK_USER",
            help="Your name in the history. Default: login name.",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    source = ctx.get_parameter_source("db")
    ctx.obj = Context(db_value=db, user_value=user, db_from_command_line=getattr(source, "name", None) == "COMMANDLINE")


def ctx_obj(ctx: typer.Context) -> Context:
    obj = ctx.find_object(Context)
    assert obj is not None
    return obj


def safe(text: str | None) -> str:
    """Article text for one line of terminal output: control characters made visible."""
    from claimtrack.textsafe import terminal_safe

    return terminal_safe(text, single_line=True)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("claimtrack: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        # the reader went away (`claimtrack claims | head`): nothing more to say to it
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (so the exit flush does not fail again)
        sys.exit(141)
    except OSError as exc:
        # the system refused something no command checks for itself (most often: the output
        # cannot be written, a full disk or a closed terminal): one line, not a traceback.
        # Commands commit their writes before they print, so nothing stored is lost.
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"claimtrack: error: {where}{exc.strerror or exc}", file=sys.stderr)
        sys.exit(2)


# The commands live in one module per area; importing them registers them on ``app``.
from claimtrack.cli import backup, extract, factchecks, ingest, match, report, review, setup, similar, web  # noqa: E402,F401  (order = --help order)
