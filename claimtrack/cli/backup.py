"""Backing up and moving a desk: ``dump`` and ``load`` (the format is in ``store.dump``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimtrack.cli.main import app
from claimtrack.cli.main import ctx_obj as _ctx
from claimtrack.fileio import is_standard_stream, label, output_file


def _rows(rows: dict[str, int]) -> str:
    total = sum(rows.values())
    parts = ", ".join(f"{table} {count}" for table, count in rows.items() if count)
    return f"{total} row{'s' if total != 1 else ''}" + (f" ({parts})" if parts else "")


@app.command("dump")
def dump_command(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Back up the whole desk as one file: every table and row, ids and versions kept, as
    JSON Lines (a header, one line a row, an end line with the row counts and a SHA-256).

    Read from one snapshot, so checkers can go on working meanwhile. Two dumps of the same
    desk are the same file, from SQLite or PostgreSQL alike. claimtrack load reads it back
    into an empty database of either engine (docs/backup.md).

    \b
    Example:
      claimtrack dump -o desk.jsonl
      claimtrack --db desk.db dump | gzip > desk-$(date +%F).jsonl.gz
    """
    from claimtrack.store.dump import write_dump

    db = _ctx(ctx).open()
    try:
        if output is None:
            sys.stdout.flush()
            stream = getattr(sys.stdout, "buffer", None)
            if stream is None:  # pragma: no cover (a text-only stdout)
                raise OSError("standard output cannot take bytes")
            info = write_dump(db, stream)
        else:
            with output_file(output, binary=True) as out:
                info = write_dump(db, out)
    finally:
        db.close()
    if output is not None:
        # not into the dump itself: -o /dev/stdout
        typer.echo(
            f"dump written to {output}: {_rows(info.rows)}, schema {info.schema}", err=is_standard_stream(output)
        )


@app.command("load")
def load_command(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A file written by claimtrack dump; - reads standard input.")
    ],
) -> None:
    """Load a dump (claimtrack dump) into an empty database: the desk as it was, ids and
    history included, on SQLite or PostgreSQL whichever it came from.

    The whole file is checked before anything is written: a file cut short, changed since it
    was written (its SHA-256), or of another schema is refused, and so is a database that
    already holds articles or claims. Then every row goes in in one transaction. A dump of any
    size is read line by line (standard input is kept in a temporary file meanwhile).

    \b
    Example:
      claimtrack --db new-desk.db load desk.jsonl
      CLAIMTRACK_DB=postgresql://postgres@127.0.0.1/desk claimtrack load desk.jsonl
      gunzip -c desk.jsonl.gz | claimtrack --db restored.db load -
    """
    from claimtrack.store.dump import load_dump

    db = _ctx(ctx).open()
    try:
        info = load_dump(db, file)
        where = db.describe()
    finally:
        db.close()
    typer.echo(f"loaded {label(file)} into {where}: {_rows(info.rows)}")
