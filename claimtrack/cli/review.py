"""Reading and reviewing claims: the queue, one claim, status changes, notes, assignment."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli.main import app
from claimtrack.cli.main import ctx_obj as _ctx
from claimtrack.cli.main import safe as _safe
from claimtrack.cli.params import MAX_ID, ArticleOption, ClaimId, at_most_max_id
from claimtrack.domain import ClaimStatus
from claimtrack.errors import InputError
from claimtrack.textsafe import noun

if TYPE_CHECKING:
    from sqlmodel import Session

    from claimtrack.services.queries import ClaimFilter


# --- reading ------------------------------------------------------------------------------


def _set_aside_hint(session: Session, flt: ClaimFilter) -> str:
    """ " (3 proposals set aside below 0.5: --rest lists them)" when the queue hides some."""
    from dataclasses import replace

    from claimtrack.services.queries import Triage, status_counts

    if flt.triage is not Triage.QUEUE:
        return ""
    hidden = sum(status_counts(session, replace(flt, triage=Triage.REST)).values())
    if not hidden:
        return ""
    return f" ({hidden} proposal{'s' if hidden != 1 else ''} set aside below {flt.threshold:g}: --rest lists them)"


@app.command("claims")
def list_claims_cmd(
    ctx: typer.Context,
    status: Annotated[list[str] | None, typer.Option("--status", "-s", help="Only this status (repeatable).")] = None,
    article: ArticleOption = None,
    claimant: Annotated[str | None, typer.Option("--claimant", "-c", help="Claimant contains this text.")] = None,
    assignee: Annotated[
        str | None, typer.Option("--assignee", help='Assigned to this user ("" for unassigned).')
    ] = None,
    mine: Annotated[bool, typer.Option("--mine", help="Assigned to you.")] = False,
    search: Annotated[str | None, typer.Option("--search", "-q", help="Claim or sentence contains this text.")] = None,
    min_score: Annotated[
        str | None,
        typer.Option("--min-score", metavar="SCORE", help="Only claims scored at least SCORE (0 to 1, e.g. 0.7)."),
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            metavar="ORDER",
            help="score (highest first: the default, as in the desk), newest or oldest (the article's date), "
            "or id (the order claims came in).",
        ),
    ] = "score",
    show_all: Annotated[
        bool, typer.Option("--all", help="Also the proposals set aside below the queue threshold.")
    ] = False,
    rest: Annotated[
        bool, typer.Option("--rest", help="Only the proposals set aside below the queue threshold.")
    ] = False,
    seen_before: Annotated[
        bool,
        typer.Option(
            "--seen-before",
            help="Only claims that match a checked claim or a fact check (`claimtrack similar ID` lists the matches).",
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=1, callback=at_most_max_id, help="At most this many.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array instead of a table.")] = False,
) -> None:
    """List claims, filtered, most check-worthy first.

    By default the queue: every claim but the extractor's proposals that score below the queue
    threshold (setting queue_threshold, 0.5) and that nobody has touched yet. Those are stored
    all the same: --rest lists them, --all lists everything.

    The order is the review desk's: by default check-worthiness (highest score first, equal
    scores oldest claim first). --sort newest or oldest orders by the article's date (the day it
    was published, else when it was ingested), each article's claims together; --sort id in the
    order claims came in. The table shows each claim's ID and assignee; long claimants and
    assignees are cut with "…", so the columns stay aligned (piped too; --json has them whole).

    \b
    Example:
      claimtrack claims --status new --status in_review
      claimtrack claims --min-score 0.8 --sort newest   # the most check-worthy, newest news first
      claimtrack claims --assignee "" --limit 10        # the 10 most check-worthy nobody has
      claimtrack claims --claimant putin --json
      claimtrack claims --search "Chinese nationals"
      claimtrack claims --rest --article 3      # what the extractor set aside in article 3
      claimtrack claims --seen-before           # repeats of checked claims and fact checks
    """
    from claimtrack.cli.output import claim_json, claims_table_lines, json_array_lines
    from claimtrack.config import get_settings
    from claimtrack.services.queries import ClaimFilter, Triage, iter_claim_rows, max_claim_id

    c = _ctx(ctx)
    if mine:
        assignee = c.user
    if show_all and rest:
        raise InputError("--all and --rest contradict each other: choose one")
    triage = Triage.ALL if show_all else Triage.REST if rest else Triage.QUEUE
    flt = ClaimFilter.build(
        status=status,
        article_id=article,
        claimant=claimant,
        assignee=assignee,
        search=search,
        triage=triage,
        threshold=get_settings().queue_threshold,
        min_score=min_score,
        sort=sort,
        seen_checked=seen_before,
    )
    db = c.open()
    try:
        # streamed: a thousand rows in memory at a time, the first printed at once
        with db.session() as session:
            rows = iter_claim_rows(session, flt, limit=limit)
            if as_json:
                lines = json_array_lines(claim_json(row, article_title=row.article_title) for row in rows)
            else:
                first = next(rows, None)
                if first is None:
                    typer.echo("no claims match" + _set_aside_hint(session, flt))
                    return
                lines = claims_table_lines(itertools.chain([first], rows), id_width=len(str(max_claim_id(session))))
            out = sys.stdout
            for line in lines:
                out.write(line + "\n")
            out.flush()
    finally:
        db.close()


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
        typer.echo(f"{article.id:>5} {count:>4} {noun(count, 'claim'):<6} {_safe(article.title)}{outlet}")


@app.command()
def show(
    ctx: typer.Context,
    claim_id: ClaimId,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one claim: its article context, evidence, matches and history.

    Matches are the earlier claims and fact checks it may repeat, not rejected (`claimtrack
    similar ID` lists them all; `same` and `different` decide them).

    \b
    Example:
      claimtrack show 12
    """
    from claimtrack.cli.output import claim_detail_text, claim_json, dumps
    from claimtrack.services.queries import claim_detail
    from claimtrack.services.similar import similar

    db = _ctx(ctx).open()
    try:
        with db.session() as session:
            detail = claim_detail(session, claim_id)
            matches = similar(session, claim_id, include_different=False)
    finally:
        db.close()
    if as_json:
        data = claim_json(detail.claim, detail.article)
        data["evidence"] = [ev.model_dump(mode="json") for ev in detail.evidence]
        data["matches"] = [m.to_json() for m in matches]
        data["history"] = [h.model_dump(mode="json") for h in detail.history]
        typer.echo(dumps(data))
    else:
        typer.echo(claim_detail_text(detail))
        if matches:
            typer.echo(f"Seen before ({len(matches)}; claimtrack similar {claim_id} lists them all):")
            for m in matches[:SHOWN_MATCHES]:
                score = f"{m.score:.2f}" if m.score is not None else "by hand"
                typer.echo(
                    f"  {m.state:<9} {score:>7}  {m.target}: {_safe(m.verdict or m.status or '—')} — {_safe(m.text)[:160]}"
                )


#: Matches ``show`` lists.
SHOWN_MATCHES = 5


@app.command("history")
def history_cmd(ctx: typer.Context, claim_id: ClaimId) -> None:
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

NoteOption = Annotated[
    str | None, typer.Option("--note", "-m", help="Why: required for a verdict and for leaving one.")
]
VersionOption = Annotated[
    int | None,
    typer.Option(
        "--expect-version",
        min=1,
        max=MAX_ID,
        help="Refuse the change if the claim is no longer at this version (see `show`).",
    ),
]


OPENING_WORDS = 8


def _opening(text: str) -> str:
    """The claim's opening words, quoted, so a wrong id is caught at once: “Four Chinese nationals…”."""
    words = text.split()
    shown = " ".join(words[:OPENING_WORDS])
    return f"“{_safe(shown)}{'…' if len(words) > OPENING_WORDS else ''}”"


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
    typer.echo(f"claim {claim_id} {_opening(claim.text)} is now {old} (version {claim.version})")


@app.command()
def status(
    ctx: typer.Context,
    claim_id: ClaimId,
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


def _verdict_command(status: ClaimStatus, example: str) -> Callable[..., None]:
    """The command that gives a claim the verdict ``status`` (``status`` with that status fixed)."""

    def command(
        ctx: typer.Context,
        claim_id: ClaimId,
        note: NoteOption = None,
        expect_version: VersionOption = None,
    ) -> None:
        _change_status(ctx, claim_id, status.value, note, expect_version)

    command.__doc__ = f"""Mark a claim {status.value} (needs --note and evidence).

    \b
    Example:
      {example}
    """
    return command


#: The verdict commands, in --help order: name, the verdict it gives, its example.
VERDICT_COMMANDS: tuple[tuple[str, ClaimStatus, str], ...] = (
    ("verify", ClaimStatus.VERIFIED, 'claimtrack verify 3 --note "Matches the ministry\'s statement of 4 March."'),
    ("dispute", ClaimStatus.DISPUTED, 'claimtrack dispute 12 --note "Global Times, citing the embassy, denies it."'),
)

for _name, _status, _example in VERDICT_COMMANDS:
    app.command(_name)(_verdict_command(_status, _example))


@app.command()
def note(
    ctx: typer.Context,
    claim_id: ClaimId,
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
    claim_id: ClaimId,
    assignee: Annotated[str | None, typer.Argument(metavar="USER", help="Who takes it (default: you).")] = None,
    unassign: Annotated[bool, typer.Option("--none", help="Leave the claim unassigned.")] = False,
    note: Annotated[str | None, typer.Option("--note", "-m", help="Why (optional).")] = None,
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
    typer.echo(f"claim {claim_id} {_opening(claim.text)} is now {who} (version {claim.version})")


def _undo_or_redo(ctx: typer.Context, claim_id: int, expect: int | None, *, redo: bool) -> None:
    from claimtrack.services.workflow import describe_change, redo_last, undo_last

    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        with db.session() as session:
            reversal = (redo_last if redo else undo_last)(session, claim_id, user=user, expected_version=expect)
            what, opening, version = (
                describe_change(reversal.change),
                _opening(reversal.claim.text),
                reversal.claim.version,
            )
    finally:
        db.close()
    typer.echo(f"claim {claim_id} {opening}: {'redone' if redo else 'undone'}: {_safe(what)} (version {version})")


@app.command()
def undo(ctx: typer.Context, claim_id: ClaimId, expect_version: VersionOption = None) -> None:
    """Undo your last change to a claim that is still in force; run it again for the one before.

    The undo is a change of its own in the history (who, when, what it reverses). It is refused,
    with the reason, if someone has changed the same thing since (the status, the assignee, the
    evidence). An undo is never undone by undo: `redo` applies the change again. Creating a
    claim and removing evidence cannot be undone.

    \b
    Example:
      claimtrack undo 12                     # your last change to claim 12
      claimtrack undo 12                     # and the one before it
      claimtrack undo 12 --expect-version 7  # only if nobody else changed it since version 7
    """
    _undo_or_redo(ctx, claim_id, expect_version, redo=False)


@app.command()
def redo(ctx: typer.Context, claim_id: ClaimId, expect_version: VersionOption = None) -> None:
    """Apply again the change your last undo on a claim reversed.

    Refused, with the reason, if someone has changed the same thing since the undo. Evidence an
    undo removed is not brought back: add it again.

    \b
    Example:
      claimtrack redo 12
    """
    _undo_or_redo(ctx, claim_id, expect_version, redo=True)
