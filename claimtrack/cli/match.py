"""``claimtrack match``: free text, or JSON Lines, matched against stored fact checks and claims."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

import typer

from claimtrack.cli.main import app
from claimtrack.cli.main import ctx_obj as _ctx

#: The longest line of JSON Lines input, in bytes.
LINE_LIMIT = 1024 * 1024
#: The longest text matched (a claim is a sentence or two).
MAX_TEXT_CHARS = 20_000
#: Context sentences kept per input line.
MAX_CONTEXT = 20


def _parse(line: bytes, number: int) -> tuple[Any, str, list[str], str, datetime.date | None]:
    """A JSON Lines input: (id, text, context, speaker, date); :class:`InputError` naming the line."""
    import json

    from claimtrack import fileio
    from claimtrack.errors import InputError

    where = f"standard input: line {number}"
    try:
        obj = fileio.loads_json(line.decode("utf-8").rstrip("\r\n"))
    except UnicodeDecodeError:
        raise InputError(f"{where}: not UTF-8 text") from None
    except fileio.JSONValueError as exc:
        raise InputError(f"{where}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not valid JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise InputError(f'{where}: a JSON object with "id" and "text" is needed, not {type(obj).__name__}')
    if "id" not in obj or not isinstance(obj["id"], str | int) or isinstance(obj["id"], bool):
        raise InputError(f'{where}: no "id" (a string or an integer)')
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f'{where}: no "text" (a non-empty string)')
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f'{where}: "text" is over {MAX_TEXT_CHARS:,} characters')
    context = obj.get("context", [])
    if context is None:
        context = []
    if not isinstance(context, list) or not all(isinstance(s, str) for s in context):
        raise InputError(f'{where}: "context" must be a list of strings')
    speaker = obj.get("speaker") or ""
    if not isinstance(speaker, str):
        raise InputError(f'{where}: "speaker" must be a string')
    date = None
    if obj.get("date"):
        try:
            date = datetime.date.fromisoformat(str(obj["date"])[:10])
        except ValueError:
            raise InputError(f'{where}: "date" is not YYYY-MM-DD') from None
    return obj["id"], text, [s[:MAX_TEXT_CHARS] for s in context[-MAX_CONTEXT:]], speaker[:200], date


@app.command()
def match(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT|-",
            help='The text to match; - reads JSON Lines from stdin ({"id": ..., "text": ...} a line).',
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help='One JSON line per input: {"id": ..., "matches": [...]}.')
    ] = False,
    limit: Annotated[int, typer.Option("--limit", "-k", min=1, max=100, help="At most K matches a text.")] = 10,
) -> None:
    """Match text against the stored fact checks and claims, best first.

    Candidates come from the full-text indexes (the best 50 fact checks, and the best 50 claims
    with a verdict or still open), then the re-ranker scores each in [0, 1]: numbers, negation
    and the direction of change count ("fell to 4%" is not "rose to 4%").

    With "-", standard input is JSON Lines: each line has "id" and "text", and optionally
    "context" (a list of the sentences before it), "speaker" and "date" (YYYY-MM-DD). Each output line is
    {"id": <the input's id>, "matches": [{"kind": "factcheck" or "claim", "id": <database id>,
    "external_id": <the id given at import, or null>, "score": <float>, "text": ...,
    "rating" (fact checks) or "status" (claims)}]}, in input order. A bad line stops with one
    line naming it and exit status 2 (the lines before it are already printed).

    \b
    Example:
      claimtrack match "Unemployment fell to 4% last year"
      claimtrack match "Unemployment fell to 4%" --json --limit 3
      printf '%s\\n' '{"id": "q1", "text": "Unemployment fell to 4%"}' | claimtrack match -
    """
    from claimtrack import fileio
    from claimtrack.cli.output import safe
    from claimtrack.errors import InputError
    from claimtrack.services.matching import Matcher
    from claimtrack.textsafe import dumps_json

    c = _ctx(ctx)
    if text != fileio.STDIN:
        if not text.strip():
            raise InputError("no text to match (give the text, or - for JSON Lines on standard input)")
        if len(text) > MAX_TEXT_CHARS:
            raise InputError(f"the text is over {MAX_TEXT_CHARS:,} characters")
    db = c.open()
    try:
        matcher = Matcher(db)
        if text == fileio.STDIN:
            stream = fileio.binary_stdin()
            for number, line in enumerate(fileio.iter_lines_limited(stream, "standard input", LINE_LIMIT), 1):
                if not line.strip():
                    continue
                line_id, line_text, context, speaker, date = _parse(line, number)
                found = matcher.match(line_text, context=context, speaker=speaker, date=date, limit=limit)
                typer.echo(dumps_json({"id": line_id, "matches": [m.to_json() for m in found]}))
            return
        found = matcher.match(text, limit=limit)
    finally:
        db.close()
    if as_json:
        typer.echo(dumps_json({"id": None, "matches": [m.to_json() for m in found]}))
        return
    if not found:
        typer.echo("no matches")
        return
    typer.echo(f"{'SCORE':>5} {'KIND':<9} {'ID':>6} {'VERDICT':<16} TEXT")
    for m in found:
        verdict = (m.rating if m.kind == "factcheck" else m.status) or "—"
        typer.echo(f"{m.score:5.2f} {m.kind:<9} {m.id:>6} {safe(verdict)[:16]:<16} {safe(m.text)}")
