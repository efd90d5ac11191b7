"""Getting articles and evidence in: ``ingest`` and ``evidence``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from claimtrack.cli.main import app, evidence_app
from claimtrack.cli.main import ctx_obj as _ctx
from claimtrack.cli.main import safe as _safe
from claimtrack.cli.params import MAX_ID, ClaimId, at_most_max_id


@app.command()
def ingest(
    ctx: typer.Context,
    sources: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE|FOLDER|URL]...",
            help="Plain-text article files, folders of them (read recursively) and http(s) urls of articles.",
            show_default=False,
        ),
    ] = None,
    jsonl: Annotated[
        str | None,
        typer.Option(
            "--jsonl",
            metavar="FILE|-",
            help='JSON Lines, one article a line: "text", optionally "title", "url", "published", "outlet", '
            '"authors"; - reads stdin.',
        ),
    ] = None,
    glob: Annotated[
        str,
        typer.Option("--glob", metavar="PATTERN", help="In folders: read the files whose name matches PATTERN."),
    ] = "*.txt",
    feed: Annotated[
        list[str] | None,
        typer.Option(
            "--feed", metavar="URL", help="An RSS or Atom feed: ingest each item not read before. Repeatable."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", min=0, callback=at_most_max_id, help="With --feed: fetch at most N new items per feed this time."
        ),
    ] = None,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private", help="Allow fetching from addresses on the local network (127.0.0.1, 10.x...)."
        ),
    ] = False,
    extractor: Annotated[
        str,
        typer.Option("--extractor", help="builtin (rules and a trained scorer, offline) or llm (CLAIMTRACK_LLM_URL)."),
    ] = "builtin",
    title_line: Annotated[
        bool | None,
        typer.Option(
            "--title/--no-title",
            help="A file's first line is its headline / is body text (default: decide by the line).",
        ),
    ] = None,
    match_claims: Annotated[
        bool | None,
        typer.Option(
            "--match/--no-match",
            help="Match the new claims against earlier claims and fact checks (default: the match_on_ingest setting, on).",
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            max=256,
            help="Extract in N worker processes while this one stores, in input order (default: the cores "
            "available; 1: all in this process). --extractor llm and --feed extract in this process.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Store articles and extract their claims. Re-ingesting an article changes nothing.

    The file format: the headline on the first line, standfirst lines starting with "- ",
    one paragraph a line, and a byline such as "Authors: A, B, Outlet" last. A first line that
    reads like a paragraph (long, ending like a sentence) is taken as body text, with a notice;
    --title or --no-title says which it is. The headline is scored and proposed like any
    sentence, in the outlet's voice. Every file named is
    read and every url fetched before anything is stored, so one bad source stores nothing.

    Big inputs stream: a FOLDER (its files matching --glob, default *.txt, in every folder below
    it, in sorted order) and --jsonl FILE|- (one article a line) are read and stored 100 articles
    at a time, each batch in one short transaction, in flat memory. Their articles are
    independent: a bad file or line is one error line naming it (the line number), the others
    are stored, and the exit status is 2 at the end. Killed half way, the same command resumes:
    what is stored is skipped (by content hash), nothing is stored twice or in part. A progress
    bar shows articles and claims per second.

    --jobs N extracts the claims in N worker processes (default: one per core available) while
    this process stores them, in input order: the articles, their ids, the claims and the lines
    printed are those of --jobs 1, which extracts in this process. The workers start only when
    there are several articles to extract.

    A url is fetched, its article text and metadata (title, authors, outlet, date, canonical
    url) extracted, and the page as fetched kept beside it. --feed reads an RSS or Atom feed
    and ingests each item it has not ingested before; an item that fails is reported and tried
    again next time.

    Each new claim is then matched against the claims with a verdict, the open claims of other
    articles and the stored fact checks (docs/matching.md); the matches scoring at least
    match_suggest_threshold are kept as suggestions, and the ingest ends with "N claims match
    earlier checks", naming the strongest. Nothing is decided or applied: `claimtrack similar ID`
    lists them, `same` and `different` decide them.

    \b
    Example:
      claimtrack ingest fixtures/articles/scmp-blinken-wang-yi.txt
      claimtrack ingest https://news.example/2024/03/bridge-collapse
      claimtrack ingest --feed https://news.example/rss.xml
      claimtrack ingest --extractor llm article.txt
      claimtrack ingest --no-title notes.txt     # no headline line: all of it is body text
      claimtrack ingest --no-match archive/*.txt  # no matching this time
      claimtrack ingest archive/                  # every *.txt below archive/, 100 at a time
      claimtrack ingest --glob '*.md' notes/
      claimtrack ingest --jsonl day.jsonl
      claimtrack ingest --jobs 4 --no-match --jsonl day.jsonl   # extract on 4 cores
      scraper | claimtrack ingest --jsonl -
    """
    import gc
    import sys

    from claimtrack.errors import InputError
    from claimtrack.fileio import is_url
    from claimtrack.services.parallel import ExtractionPool, available_cores

    sources = list(sources or [])
    feeds = list(feed or [])
    if not sources and not feeds and jsonl is None:
        raise InputError("nothing to ingest: give article files, folders or urls, --jsonl FILE, or --feed URL")
    if extractor not in ("builtin", "llm"):
        raise InputError(f"unknown extractor {extractor!r}: builtin or llm")
    extract = None
    if extractor == "llm":
        from claimtrack.extract import llm

        extract = llm.llm_extractor()
        jobs = 1  # waits on the network, not the CPU; and its HTTP client stays in this process
    folders = [s for s in sources if not is_url(s) and Path(s).is_dir()]
    sources = [s for s in sources if s not in folders]
    pool = ExtractionPool(jobs if jobs is not None else available_cores(), extract)
    fetcher = None
    try:
        if folders or jsonl is not None or len(sources) > 1:
            pool.start()  # first: the workers load the extractor while this process loads the rest

        from claimtrack.cli.web import open_fetcher, progress_bar
        from claimtrack.config import get_settings
        from claimtrack.store.models import stored_id

        propose = pool.propose_all if pool.parallel else None
        c = _ctx(ctx)
        user = c.user
        needs_fetch = bool(feeds) or any(is_url(s) for s in sources)
        fetcher = open_fetcher(allow_private) if needs_fetch else None
        failed = 0
        created: list[int] = []
        db = c.open()
        gc.freeze()  # what start-up made lives to the end: the collections of a long ingest skip it
        try:
            if sources:
                from claimtrack.services.web_ingest import ingest_sources

                with progress_bar("fetching") as progress:
                    results = ingest_sources(
                        db,
                        sources,
                        user=user,
                        fetcher=fetcher,
                        progress=progress,
                        extractor=extract,
                        title_line=title_line,
                        propose=propose,
                    )
                for source, result in zip(sources, results):
                    _report(_safe(source), result)
                    if result.created:
                        created.append(stored_id(result.article))
                    if result.title_from_body and title_line is None:
                        typer.echo(
                            f"claimtrack: notice: {_safe(source)}: the first line reads like a paragraph, "
                            "so it was read as body text (--title takes it as the headline)",
                            err=True,
                        )
            for feed_url in feeds:
                from claimtrack.services.web_ingest import ingest_feed

                assert fetcher is not None
                with progress_bar("feed items") as progress:
                    report = ingest_feed(
                        db,
                        feed_url,
                        user=user,
                        fetcher=fetcher,
                        limit=limit,
                        extractor=extract,
                        progress=lambda done, total, entry: progress(done, total, entry.link if entry else ""),
                    )
                title = f" “{_safe(report.title)}”" if report.title else ""
                typer.echo(
                    f"feed {_safe(report.feed_url)}{title}: {report.items} items, {report.already_seen} read before, "
                    f"{len(report.ingested)} ingested now" + (f", {len(report.failed)} failed" if report.failed else "")
                )
                for entry, result in report.ingested:
                    _report("  " + _safe(entry.link), result)
                    if result.created:
                        created.append(stored_id(result.article))
                for entry, error in report.failed:
                    failed += 1
                    typer.echo(
                        f"claimtrack: error: {_safe(str(error))} (feed item {_safe(entry.link)}; tried again next time)",
                        err=True,
                    )
            matching = match_claims if match_claims is not None else get_settings().match_on_ingest
            matches = None
            if folders or jsonl is not None:
                streamed = _ingest_streams(
                    db,
                    folders,
                    jsonl,
                    glob,
                    user=user,
                    extractor=extract,
                    title_line=title_line,
                    match=matching,
                    pool=pool,
                )
                failed += streamed.failed
                matches = streamed.matches
            if created and matching:
                from claimtrack.services.bulk_ingest import MatchTotals
                from claimtrack.services.similar import match_articles

                matches = matches or MatchTotals()
                matches.add(match_articles(db, created))
            if matches is not None:
                from claimtrack.cli.similar import report_matches

                report_matches(matches)
        finally:
            db.close()
    finally:
        pool.close(abandon=sys.exc_info()[0] is not None)  # on an error, Ctrl-C: the workers stopped now
        if fetcher is not None:
            fetcher.close()
    if failed:
        raise typer.Exit(2)


def _ingest_streams(db, folders, jsonl, glob, *, user, extractor, title_line, match, pool):  # -> StreamReport
    """Folders and a JSON Lines input, streamed in batches (``services.bulk_ingest``): one line
    per article as each batch is stored, one error line per bad file or line, a closing count."""
    from claimtrack.services.bulk_ingest import StreamReport, ingest_stream, read_folder, read_jsonl

    report = StreamReport()

    def entries():
        for folder in folders:
            yield from read_folder(folder, glob, title_line=title_line)
        if jsonl is not None:
            yield from read_jsonl(jsonl)

    with _stream_progress() as progress:
        for outcome in ingest_stream(
            db, entries(), user=user, report=report, extractor=extractor, match=match, progress=progress, pool=pool
        ):
            if outcome.result is None:
                typer.echo(f"claimtrack: error: {_safe(outcome.error)}", err=True)
                continue
            _report(_safe(outcome.source), outcome.result)
            if outcome.from_file and outcome.result.title_from_body and title_line is None:
                typer.echo(
                    f"claimtrack: notice: {_safe(outcome.source)}: the first line reads like a paragraph, "
                    "so it was read as body text (--title takes it as the headline)",
                    err=True,
                )
    typer.echo(
        f"{report.read:,} articles read: {report.stored:,} stored with {report.claims:,} claims, "
        f"{report.already:,} stored before" + (f", {report.failed:,} failed" if report.failed else "")
    )
    return report


@contextmanager
def _stream_progress() -> Iterator[Callable[[int, int, str], None]]:
    """A progress bar on stderr when it is a terminal: articles and claims so far, and per
    second; nothing otherwise."""
    import sys
    import time

    if not sys.stderr.isatty():
        yield lambda articles, claims, what: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("ingesting {task.fields[counts]}", markup=False),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}", style="dim", markup=False),  # file names and urls are data
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=None, counts="", item="")
        started = time.monotonic()

        def update(articles: int, claims: int, what: str) -> None:
            elapsed = max(time.monotonic() - started, 1e-6)
            counts = (
                f"{articles:,} articles ({articles / elapsed:,.1f}/s) · {claims:,} claims ({claims / elapsed:,.0f}/s)"
            )
            bar.update(task, counts=counts, item=_safe(what)[-60:])

        yield update


def _report(where: str, result) -> None:  # result: IngestResult
    title = _safe(result.article.title)
    if result.created:
        typer.echo(f"{where}: article {result.article.id} “{title}”: {result.claims} claims found")
    else:
        typer.echo(
            f"{where}: already ingested as article {result.article.id} “{title}” ({result.claims} claims); nothing changed"
        )


@evidence_app.command("add")
def evidence_add(
    ctx: typer.Context,
    claim_id: ClaimId,
    url: Annotated[str, typer.Argument(metavar="URL", help="An http(s) link to the source.")],
    stance: Annotated[str, typer.Option("--stance", help="supports, refutes or context.")] = "context",
    title: Annotated[
        str | None, typer.Option("--title", "-t", help="What the source is (default: the page's title).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", "-m", help="What it shows.")] = None,
    no_fetch: Annotated[
        bool, typer.Option("--no-fetch", help="Link it without fetching the page (capture it later: evidence fetch).")
    ] = False,
    archive: Annotated[
        bool | None,
        typer.Option(
            "--archive/--no-archive",
            help="Ask the Internet Archive to save the page too (default: the archive setting).",
        ),
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching from addresses on the local network.")
    ] = False,
) -> None:
    """Link a piece of evidence to a claim, keeping a copy of the page.

    The page is fetched first and kept in the database (compressed) with its final url after
    redirects, HTTP status, title, content type, SHA-256 and fetch time, so the evidence survives
    the page changing or vanishing. If the fetch fails (offline, a 404, a refused address),
    nothing is stored and the one-line error says why, ending "(add it without a copy:
    --no-fetch)": retry, or add it with --no-fetch and capture it later with "claimtrack
    evidence fetch".

    \b
    Example:
      claimtrack evidence add 12 https://example.org/embassy-statement \\
          --stance refutes --title "Embassy statement" --note "No casualties among citizens."
      claimtrack evidence add 12 https://example.org/report --no-fetch    # offline: the link alone
      claimtrack evidence fetch 31                                        # its copy, once online
    """
    from claimtrack.cli.web import archive_setting, no_fetch_hint, open_fetcher, warn
    from claimtrack.services.evidence import add_web_evidence

    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        if no_fetch:
            added = add_web_evidence(db, claim_id, url, user=user, fetcher=None, stance=stance, title=title, note=note)
        else:
            with open_fetcher(allow_private) as fetcher, no_fetch_hint():
                added = add_web_evidence(
                    db,
                    claim_id,
                    url,
                    user=user,
                    fetcher=fetcher,
                    stance=stance,
                    title=title,
                    note=note,
                    archive=archive_setting(archive),
                )
    finally:
        db.close()
    evidence = added.evidence
    typer.echo(f"evidence #{evidence.id} ({evidence.stance}) added to claim {claim_id}")
    if added.captured:
        typer.echo("  " + _capture_line(evidence))
    else:
        typer.echo(f"  not captured: claimtrack evidence fetch {evidence.id}")
    if added.archive_url:
        typer.echo(f"  archived: {_safe(added.archive_url)}")
    for warning in added.warnings:
        warn(warning)


def _capture_line(evidence) -> str:  # evidence: Evidence
    from claimtrack.cli.output import when

    parts = [f"captured {when(evidence.fetched_at)}", f"HTTP {evidence.http_status}"]
    if evidence.content_type:
        parts.append(_safe(evidence.content_type))
    parts.append(f"sha256 {evidence.content_sha256}")
    line = " · ".join(parts)
    if evidence.final_url and evidence.final_url != evidence.url:
        line += f"\n  final url: {_safe(evidence.final_url)}"
    return line


@evidence_app.command("fetch")
def evidence_fetch(
    ctx: typer.Context,
    evidence_id: Annotated[
        int, typer.Argument(metavar="EVIDENCE_ID", min=1, max=MAX_ID, help="Evidence id (the #N in show).")
    ],
    archive: Annotated[
        bool | None, typer.Option("--archive/--no-archive", help="Ask the Internet Archive to save the page too.")
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="Allow fetching from addresses on the local network.")
    ] = False,
) -> None:
    """Capture the page of evidence added with --no-fetch: fetch it now and keep a copy.

    \b
    Example:
      claimtrack evidence fetch 31
    """
    from claimtrack.cli.web import archive_setting, open_fetcher, warn
    from claimtrack.services.evidence import capture_evidence

    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        with open_fetcher(allow_private) as fetcher:
            added = capture_evidence(db, evidence_id, user=user, fetcher=fetcher, archive=archive_setting(archive))
    finally:
        db.close()
    typer.echo(f"evidence #{evidence_id} captured")
    typer.echo("  " + _capture_line(added.evidence))
    if added.archive_url:
        typer.echo(f"  archived: {_safe(added.archive_url)}")
    for warning in added.warnings:
        warn(warning)


@evidence_app.command("show")
def evidence_show(
    ctx: typer.Context,
    claim_id: Annotated[
        int | None, typer.Argument(metavar="[ID]", min=1, max=MAX_ID, help="Claim id: show all its evidence.")
    ] = None,
    evidence_id: Annotated[
        int | None,
        typer.Option(
            "--evidence", "-e", metavar="EVIDENCE_ID", min=1, max=MAX_ID, help="Show this one piece of evidence."
        ),
    ] = None,
    recheck: Annotated[
        bool, typer.Option("--recheck", help="Fetch each captured page again and say whether it changed (recorded).")
    ] = False,
    body: Annotated[
        Path | None,
        typer.Option(
            "--body", metavar="FILE", help="With --evidence: write the stored copy of the page to FILE (- for stdout)."
        ),
    ] = None,
    allow_private: Annotated[
        bool, typer.Option("--allow-private", help="With --recheck: allow addresses on the local network.")
    ] = False,
) -> None:
    """Show a claim's evidence: what each is, when it was captured, and whether it changed since.

    Each item shows its url, stance, title, note, and for captured pages the capture time, final
    url, HTTP status, content type, size and SHA-256, and earlier rechecks. --recheck fetches each
    captured page again and compares SHA-256s; the recheck is recorded, and a page that changed
    or vanished is noted in the claim's history.

    \b
    Example:
      claimtrack evidence show 12
      claimtrack evidence show 12 --recheck
      claimtrack evidence show --evidence 31 --body page.html
    """
    from claimtrack.cli.web import open_fetcher
    from claimtrack.errors import InputError
    from claimtrack.services.evidence import evidence_view, evidence_views, recheck_evidence, stored_body

    if (claim_id is None) == (evidence_id is None):
        raise InputError("give a claim id, or --evidence EVIDENCE_ID")
    if body is not None and evidence_id is None:
        raise InputError("--body needs --evidence EVIDENCE_ID")
    c = _ctx(ctx)
    user = c.user
    db = c.open()
    try:
        if body is not None:
            with db.session() as session:
                assert evidence_id is not None  # --body needs --evidence (checked above)
                snapshot, data = stored_body(session, evidence_id)
            if str(body) == "-":
                import sys

                sys.stdout.buffer.write(data)
                sys.stdout.flush()
            else:
                from claimtrack.fileio import is_standard_stream, output_file

                with output_file(body, binary=True) as handle:
                    handle.write(data)
                typer.echo(
                    f"{body}: {len(data):,} bytes, the page as captured {snapshot.fetched_at:%Y-%m-%d %H:%M} UTC",
                    err=is_standard_stream(body),
                )
            return
        with db.session() as session:
            if evidence_id is not None:
                views = [evidence_view(session, evidence_id)]
            else:
                assert claim_id is not None  # checked above: one of the two is given
                views = evidence_views(session, claim_id)
        rechecks = {}
        if recheck:
            from claimtrack.store.models import stored_id

            targets = [v.evidence for v in views if v.evidence.url and v.evidence.content_sha256]
            if targets:
                with open_fetcher(allow_private) as fetcher:
                    for ev in targets:
                        rechecks[ev.id] = recheck_evidence(db, stored_id(ev), user=user, fetcher=fetcher)
    finally:
        db.close()
    _print_views(views, claim_id, rechecks)


def _print_views(views, claim_id, rechecks) -> None:
    from claimtrack.cli.output import when
    from claimtrack.services.evidence import recheck_outcome
    from claimtrack.services.views import RecheckOutcome

    if claim_id is not None:
        typer.echo(f"Evidence for claim {claim_id} ({len(views)}):")
    if claim_id is not None and not views:
        typer.echo(f"  none yet: claimtrack evidence add {claim_id} URL --stance supports|refutes|context")
    for view in views:
        ev = view.evidence
        typer.echo(f"  #{ev.id} {ev.stance:<8} {_safe(ev.title or ev.url or 'in-article passage')}")
        if ev.url:
            typer.echo(f"      url:      {_safe(ev.url)}")
        if ev.quote:
            typer.echo(f"      quote:    “{_safe(ev.quote)}”")
        if ev.note:
            typer.echo(f"      note:     {_safe(ev.note)}")
        typer.echo(f"      added:    {when(ev.added_at)} by {_safe(ev.added_by)}")
        capture = view.capture
        if ev.content_sha256 and capture is not None:
            size = f" · {capture.size:,} bytes" if capture.size is not None else ""
            typer.echo(
                f"      captured: {when(ev.fetched_at)} by {_safe(capture.fetched_by)} · HTTP {ev.http_status}"
                f" · {_safe(ev.content_type) or 'no content type'}{size}"
            )
            if ev.final_url and ev.final_url != ev.url:
                typer.echo(f"      final:    {_safe(ev.final_url)}")
            typer.echo(f"      sha256:   {ev.content_sha256}")
        elif ev.url:
            typer.echo(f"      not captured: claimtrack evidence fetch {ev.id}")
        if ev.archive_url:
            typer.echo(f"      archived: {_safe(ev.archive_url)}")
        for snap in view.rechecks:
            earlier = RecheckOutcome(snap.evidence_id, snap.changed, snap.error, snap.http_status)
            typer.echo(
                f"      rechecked {when(snap.fetched_at)} by {_safe(snap.fetched_by)}: {_recheck_words(earlier)}"
            )
        if ev.id in rechecks:
            now = recheck_outcome(rechecks[ev.id])
            words = _recheck_words(now)
            typer.echo(f"      recheck now: {words.upper() if now.changed or now.error else words}")


def _recheck_words(outcome) -> str:  # outcome: RecheckOutcome
    """One recheck in words, as the desk says them (``services.evidence.recheck_summary``)."""
    from claimtrack.services.evidence import recheck_summary

    [words] = recheck_summary([outcome]).each
    return _safe(words)
