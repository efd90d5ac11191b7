"""``claimtrack similar``, ``same`` and ``different``: a claim's matches, and deciding them (issue 15)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from claimtrack.cli.main import app
from claimtrack.cli.main import ctx_obj as _ctx
from claimtrack.cli.main import safe as _safe
from claimtrack.cli.params import ClaimId
from claimtrack.cli.review import NoteOption, VersionOption

if TYPE_CHECKING:
    from claimtrack.services.similar import MatchSummary

Other = Annotated[
    str,
    typer.Argument(
        metavar="OTHER", help="The claim it matches (12) or the fact check (fc:7), as `similar` lists them."
    ),
]


@app.command()
def similar(
    ctx: typer.Context,
    claim_id: ClaimId,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object: the claim id and its matches.")] = False,
) -> None:
    """List a claim's matches: earlier claims and fact checks it may repeat.

    Each line: the state (suggested, same or different), the score (0 to 1; "—" for a match a
    checker made by hand), the kind and id to give `same` or `different`, the verdict or rating,
    and the text. Confirmed matches come first, rejected ones last.

    \b
    Example:
      claimtrack similar 41
      claimtrack similar 41 --json
    """
    from claimtrack.services.similar import similar as find
    from claimtrack.textsafe import dumps_json

    db = _ctx(ctx).open()
    try:
        with db.session() as session:
            items = find(session, claim_id)
    finally:
        db.close()
    if as_json:
        typer.echo(dumps_json({"claim_id": claim_id, "matches": [item.to_json() for item in items]}))
        return
    if not items:
        typer.echo(f"claim {claim_id}: no matches (claimtrack match TEXT searches by hand)")
        return
    typer.echo(f"Matches of claim {claim_id} ({len(items)}):")
    typer.echo(f"  {'STATE':<10} {'SCORE':>5}  {'OTHER':<9} {'VERDICT':<18} TEXT")
    for item in items:
        score = f"{item.score:.2f}" if item.score is not None else "—"
        verdict = item.verdict or (item.status or "—")
        typer.echo(
            f"  {item.state:<10} {score:>5}  {item.target.ref:<9} {_safe(verdict)[:18]:<18} {_safe(item.text)[:200]}"
        )
        if item.url:
            typer.echo(f"  {'':<10} {'':>5}  {'':<9} {_safe(item.url)}")
    suggested = next((i for i in items if i.state == "suggested"), None)
    if suggested is not None:
        typer.echo(
            f"decide: claimtrack same {claim_id} {suggested.target.ref}  or  claimtrack different {claim_id} {suggested.target.ref}"
        )


def _decide(
    ctx: typer.Context,
    claim_id: int,
    other: str,
    state: str,
    *,
    note: str | None,
    apply_verdict: bool,
    expect: int | None,
) -> None:
    from claimtrack.config import get_settings
    from claimtrack.services.similar import decide, parse_target

    target = parse_target(other)  # refused before the database is opened
    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        with db.session() as session:
            decision = decide(
                session,
                claim_id,
                target,
                state,
                user=user,
                note=note,
                apply_verdict=apply_verdict,
                expected_version=expect,
                settings=get_settings(),
            )
            session.commit()
    finally:
        db.close()
    words = "the same claim as" if state == "same" else "not the same claim as"
    typer.echo(f"claim {claim_id} is {words} {target} (version {decision.version})")
    if decision.applied is not None:
        typer.echo(
            f"  verdict carried over: {decision.applied.status.value}, from {_safe(decision.applied.source)}; "
            "the match is linked as evidence"
        )
    elif decision.offer is not None:
        typer.echo(
            f"  {_safe(decision.offer.source)} offers the verdict {decision.offer.status.value}: "
            f"claimtrack same {claim_id} {target.ref} --apply-verdict gives it"
        )


@app.command()
def same(
    ctx: typer.Context,
    claim_id: ClaimId,
    other: Other,
    apply_verdict: Annotated[
        bool,
        typer.Option(
            "--apply-verdict",
            help="Also give the claim the other's verdict (or the status the fact check's rating names), "
            "with the match linked as evidence.",
        ),
    ] = False,
    note: NoteOption = None,
    expect_version: VersionOption = None,
) -> None:
    """Confirm that a claim is the same as an earlier claim or a fact check.

    Recorded in the claim's history (and the other claim's), with who and when. If the other
    has a verdict, or the fact check a rating claimtrack reads as one, it is offered, never
    applied unasked: --apply-verdict gives it, links the match as evidence, and records both in
    the same transaction. A pair never suggested can be matched by hand.

    \b
    Example:
      claimtrack same 41 12
      claimtrack same 41 fc:7 --apply-verdict
      claimtrack same 41 12 --apply-verdict --note "Same figure, same speaker, a week later."
    """
    _decide(ctx, claim_id, other, "same", note=note, apply_verdict=apply_verdict, expect=expect_version)


@app.command()
def different(
    ctx: typer.Context,
    claim_id: ClaimId,
    other: Other,
    note: NoteOption = None,
    expect_version: VersionOption = None,
) -> None:
    """Reject a match: the claim is not the same as the other claim or fact check.

    Recorded in the history; the match stays listed by `similar` as different and no longer
    marks the claim as seen before.

    \b
    Example:
      claimtrack different 41 12 --note "That was about 2019."
      claimtrack different 41 fc:7
    """
    _decide(ctx, claim_id, other, "different", note=note, apply_verdict=False, expect=expect_version)


# --- after an ingest -------------------------------------------------------------------------------------

#: The strongest matches an ingest names.
NAMED = 3


def report_matches(summary: MatchSummary) -> None:
    """The line an ingest ends with: "N claims match earlier checks", naming the strongest few."""
    if not summary.claims:
        return
    checks = summary.claims_matching_checks
    others = summary.matched - checks
    line = f"{checks} claim{'s' if checks != 1 else ''} match earlier checks"
    if others > 0:
        line += f"; {others} more repeat open claims"
    typer.echo(line + (" (claimtrack similar ID lists them)" if summary.matched else ""))
    named: set[int] = set()
    for found in summary.checked:
        if found.claim_id in named:
            continue
        named.add(found.claim_id)
        typer.echo(
            f"  claim {found.claim_id} ≈ {found.target} ({_safe(found.verdict or '')}, {found.score:.2f}): "
            f"{_safe(found.text)[:120]}"
        )
        if len(named) == NAMED:
            break
