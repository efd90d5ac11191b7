"""The web: ``lookup`` and ``import-claimreview``, and the helpers the fetching commands share."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from claimtrack.cli.main import app
from claimtrack.cli.main import ctx_obj as _ctx
from claimtrack.cli.main import safe as _safe
from claimtrack.cli.params import ClaimId
from claimtrack.textsafe import dumps_json

AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Allow fetching from addresses on the local network (127.0.0.1, 10.x, 192.168.x...). Off by default.",
    ),
]


def open_fetcher(allow_private: bool = False) -> Any:
    """The shared fetcher, configured from the settings (and --allow-private)."""
    from claimtrack.web import client

    return client.make_fetcher(allow_private=allow_private or None)


def archive_setting(flag: bool | None) -> bool:
    from claimtrack.config import get_settings

    return get_settings().archive if flag is None else flag


@contextmanager
def no_fetch_hint(what: str = "add it") -> Iterator[None]:
    """A failed capture's one-line error ends with the way round it: ``--no-fetch`` links the
    page without a copy (``evidence fetch`` captures it later)."""
    from claimtrack.web.errors import FetchError

    try:
        yield
    except FetchError as exc:
        hint = f"{what} without a copy: --no-fetch"
        raise FetchError(exc.message, cli_advice=f"{exc.cli_advice}; or {hint}" if exc.cli_advice else hint) from None


def warn(message: str) -> None:
    typer.echo(f"claimtrack: warning: {_safe(message)}", err=True)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int, str], None]]:
    """A progress callback: a bar on stderr when it is a terminal, nothing otherwise."""
    if not sys.stderr.isatty():
        yield lambda done, total, what: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}", style="dim"),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, item="")

        def update(done: int, total: int, what: str) -> None:
            bar.update(task, completed=done, total=total or None, item=_safe(what)[-60:])

        yield update


@app.command()
def lookup(
    ctx: typer.Context,
    claim_id: ClaimId,
    attach: Annotated[
        int | None, typer.Option("--attach", metavar="N", min=1, max=100, help="Attach the Nth result as evidence.")
    ] = None,
    stance: Annotated[
        str | None,
        typer.Option("--stance", help="With --attach: supports, refutes or context (default: from the rating)."),
    ] = None,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Search for this text instead of the claim's.")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Only fact checks in this language (en, fr...).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="Results per page.")] = 10,
    page_token: Annotated[str | None, typer.Option("--page-token", help="The next page of an earlier look-up.")] = None,
    no_fetch: Annotated[
        bool, typer.Option("--no-fetch", help="With --attach: link it without capturing the page.")
    ] = False,
    archive: Annotated[
        bool | None,
        typer.Option("--archive/--no-archive", help="With --attach: ask the Internet Archive to save the page."),
    ] = None,
    allow_private: AllowPrivate = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
) -> None:
    """Look for existing fact checks of a claim (Google Fact Check Tools API).

    Needs an API key in CLAIMTRACK_FACTCHECK_API_KEY (or factcheck_api_key in the config file).
    Shows each fact check found: publisher, rating, date, claimant and url. --attach N links
    result N to the claim as evidence (captured like any evidence page), its stance read from
    the rating where obvious ("False" refutes, "True" supports, else context) unless --stance.
    The results shown are kept in the fact-check collection (claimtrack factchecks list).

    Without a key, or when the API cannot be reached, one line says why (naming the variable,
    or the API's host and the reason) and exits with status 2.

    \b
    Example:
      export CLAIMTRACK_FACTCHECK_API_KEY=...      # a Google Fact Check Tools API key, once
      claimtrack lookup 17
      claimtrack lookup 17 --attach 2
      claimtrack lookup 17 --query "Chinese nationals killed Kharkiv" --language en
    """
    from dataclasses import asdict

    from claimtrack.config import get_settings
    from claimtrack.errors import InputError
    from claimtrack.services.factchecks import attach_fact_check, fact_check_stance, lookup_claim

    c = _ctx(ctx)
    user = c.user
    api_key = get_settings().factcheck_api_key
    if not api_key:
        from claimtrack.web.factcheck import NO_API_KEY

        raise InputError(NO_API_KEY)
    db = c.open()
    try:
        with open_fetcher(allow_private) as fetcher:
            page = lookup_claim(
                db,
                claim_id,
                fetcher=fetcher,
                api_key=api_key,
                language=language,
                page_size=limit,
                page_token=page_token,
                query=query,
                user=user,
            )
            chosen = None
            if attach is not None:
                chosen = next((r for r in page.results if r.number == attach), None)
                if chosen is None:
                    raise InputError(f"--attach {attach}: the look-up found {len(page.results)} fact checks")
            if as_json:
                typer.echo(
                    dumps_json(
                        {"results": [asdict(r) for r in page.results], "next_page_token": page.next_page_token},
                        indent=2,
                    )
                )
            else:
                if not page.results:
                    typer.echo(f"no fact checks found for claim {claim_id}")
                for r in page.results:
                    typer.echo(
                        f"{r.number:>2}. {_safe(r.publisher) or '—'}: “{_safe(r.rating) or 'no rating'}”"
                        + (f" ({r.review_date})" if r.review_date else "")
                        + f" [{fact_check_stance(r).value}]"
                    )
                    if r.claim_text:
                        typer.echo(
                            f"    claim: {_safe(r.claim_text)}"
                            + (f" — {_safe(r.claimant)}" if r.claimant else "")
                            + (f", {r.claim_date}" if r.claim_date else "")
                        )
                    if r.title:
                        typer.echo(f"    title: {_safe(r.title)}")
                    typer.echo(f"    {_safe(r.url) or '(no url)'}")
                if page.next_page_token:
                    typer.echo(f"more: claimtrack lookup {claim_id} --page-token {_safe(page.next_page_token)}")
            if chosen is not None:
                with no_fetch_hint("attach it"):
                    added = attach_fact_check(
                        db,
                        claim_id,
                        chosen,
                        user=user,
                        fetcher=None if no_fetch else fetcher,
                        stance=stance,
                        archive=archive_setting(archive),
                    )
                for warning in added.warnings:
                    warn(warning)
                typer.echo(
                    f"fact check {chosen.number} attached to claim {claim_id} as evidence #{added.evidence.id} "
                    f"({added.evidence.stance})" + ("" if added.captured else ", not captured (--no-fetch)"),
                    err=as_json,
                )
    finally:
        db.close()


@app.command("import-claimreview")
def import_claimreview(
    ctx: typer.Context,
    sources: Annotated[
        list[str],
        typer.Argument(metavar="FILE|URL...", help="JSON files, HTML pages or http(s) urls.", show_default=False),
    ],
    allow_private: AllowPrivate = False,
) -> None:
    """Import ClaimReview markup as claims with their verdicts.

    Reads the schema.org ClaimReview objects in a page's JSON-LD (<script type="application/ld+json">,
    with or without @graph), or in a JSON file or feed of them. Each becomes a claim (its article is
    the page where the claim appeared, else the review), with the review as evidence and its rating
    mapped to a status (see docs/web.md). Importing the same review again changes nothing.
    Each review is also kept in the fact-check collection (claimtrack factchecks list); to fill
    that collection without making claims, use claimtrack factchecks import.

    \b
    Example:
      claimtrack import-claimreview https://factcheck.example/checks/1234
      claimtrack import-claimreview reviews.json
    """
    from claimtrack.fileio import is_url
    from claimtrack.services.factchecks import import_claim_reviews, prepare_reviews, read_claim_reviews

    c = _ctx(ctx)
    user = c.user
    # Everything is read and validated first: one unusable source stores nothing.
    batches = []
    fetcher = open_fetcher(allow_private) if any(is_url(s) for s in sources) else None
    try:
        for source in sources:
            raws, page_url = read_claim_reviews(source, fetcher=fetcher)
            batches.append(prepare_reviews(raws, source=source, page_url=page_url))
    finally:
        if fetcher is not None:
            fetcher.close()
    db = c.open()
    try:
        reports = import_claim_reviews(db, batches, user=user)
    finally:
        db.close()
    for report in reports:
        source = _safe(report.source)
        for skipped in report.skipped:
            warn(f"{report.source}: skipped {skipped}")
        for item in report.reviews:
            who = _safe(item.record.publisher) or "—"
            rating = _safe(item.record.rating) or "no rating"
            if item.created:
                typer.echo(
                    f"{source}: claim {item.claim_id} ({item.status.value}) “{_safe(item.record.claim_text)}” — {who}: {rating}"
                )
            else:
                typer.echo(
                    f"{source}: already imported as claim {item.claim_id} “{_safe(item.record.claim_text)}”; nothing changed"
                )
