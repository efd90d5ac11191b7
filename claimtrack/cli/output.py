"""Plain-text output for the terminal. Article text always goes through ``terminal_safe``."""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import typer

from claimtrack.services.queries import ClaimDetail
from claimtrack.services.workflow import describe_change
from claimtrack.store.models import Article, Claim, HistoryEntry
from claimtrack.textsafe import dumps_json, terminal_safe

#: A claim, or a row of ``iter_claim_rows`` (the same names).
ClaimLike = Claim | sa.Row[Any]


def echo(text: str = "", *, err: bool = False) -> None:
    typer.echo(text, err=err)


def safe(text: str | None) -> str:
    return terminal_safe(text, single_line=True)


def when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M} UTC" if value else "—"


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def claim_json(claim: ClaimLike, article: Article | None = None, *, article_title: str | None = None) -> dict[str, Any]:
    """A claim as JSON; ``claim`` may also be a row of ``iter_claim_rows`` (same names)."""
    data: dict[str, Any] = {
        "id": claim.id,
        "article_id": claim.article_id,
        "text": claim.text,
        "sentence": claim.sentence,
        "start": claim.char_start,
        "end": claim.char_end,
        "claimant": claim.claimant,
        "cue": claim.cue,
        "cues": claim.cues,
        "disputed_by": claim.disputed_by,
        "score": claim.score,
        "status": claim.status,
        "assignee": claim.assignee,
        "origin": claim.origin,
        "version": claim.version,
        "created_at": claim.created_at.isoformat(),
        "updated_at": claim.updated_at.isoformat(),
        "updated_by": claim.updated_by,
    }
    if article is not None:
        data["article_title"] = article.title
    elif article_title is not None:
        data["article_title"] = article_title
    return data


def json_array_lines(items: Iterable[dict[str, Any]]) -> Iterator[str]:
    """``dumps(list(items))``, a line at a time, without holding the list."""
    previous: str | None = None
    for item in items:
        if previous is None:
            yield "["
        else:
            yield previous + ","
        previous = textwrap.indent(dumps(item), "  ")
    if previous is None:
        yield "[]"
    else:
        yield previous
        yield "]"


def dumps(data: Any) -> str:
    """Indented JSON with control and bidi characters written ``\\uXXXX`` (the same strings)."""
    return dumps_json(data, indent=2)


def claims_table(rows: list[tuple[Claim, Article]], *, fit: bool | None = None) -> str:
    """The queue as a table. On a terminal, long claims are cut to fit its width; piped
    output (``fit=False``) keeps every word of the claim, for grep."""
    id_width = max((len(str(claim.id)) for claim, _article in rows), default=2)
    return "\n".join(claims_table_lines((claim for claim, _article in rows), fit=fit, id_width=id_width))


def claims_table_lines(claims: Iterable[ClaimLike], *, fit: bool | None = None, id_width: int = 5) -> Iterator[str]:
    """:func:`claims_table`'s lines, one at a time (``claims`` may be rows of
    ``iter_claim_rows``): the header, then a line per claim.

    The columns are aligned, on a terminal or piped: ids right-aligned in ``id_width`` (the
    widest id's), the assignee and the claimant cut with "…" to their columns; the claim comes
    last, cut to the terminal's width on a terminal and whole when piped.
    """
    if fit is None:
        fit = sys.stdout.isatty()
    columns = max(shutil.get_terminal_size((120, 24)).columns, 80) if fit else 120
    id_width = max(id_width, 2)
    who_width, assignee_width = (24, 12) if columns >= 100 else (16, 10)
    fixed = id_width + 1 + 12 + 1 + 5 + 1 + assignee_width + 1 + who_width + 1
    text_width = max(columns - fixed, 20) if fit else None
    yield (
        f"{'ID':>{id_width}} {'STATUS':<12} {'SCORE':>5} {'ASSIGNEE':<{assignee_width}} {'CLAIMANT':<{who_width}} CLAIM"
    )
    for claim in claims:
        flags = ""
        if claim.disputed_by:
            flags += "[disputed in article] "
        if claim.cues:
            flags += "[" + ", ".join(claim.cues) + "] "
        text = safe(flags + claim.text)
        if text_width is not None:
            text = clip(text, text_width)
        who = clip(safe(claim.claimant or "—"), who_width)
        assignee = clip(safe(claim.assignee or "—"), assignee_width)
        yield (
            f"{claim.id:>{id_width}} {claim.status:<12} {claim.score:>5.2f} {assignee:<{assignee_width}} "
            f"{who:<{who_width}} {text}"
        )


def history_lines(entries: list[HistoryEntry]) -> list[str]:
    lines = []
    for entry in entries:
        line = f"  v{entry.version:<3} {when(entry.at)}  {safe(entry.actor)}: {safe(describe_change(entry))}"
        if entry.note:
            line += f" — {safe(entry.note)}"
        lines.append(line)
    return lines


def claim_detail_text(detail: ClaimDetail) -> str:
    claim, article = detail.claim, detail.article
    out = [
        f"Claim {claim.id} · {claim.status} · score {claim.score:.2f} · version {claim.version}"
        + (f" · assigned to {safe(claim.assignee)}" if claim.assignee else ""),
        f"  {safe(claim.text)}",
        "",
        f"Claimant:    {safe(claim.claimant) or '—'}",
        f"Cue:         {safe(claim.cue) or '—'}",
        f"Cues:        {safe(', '.join(claim.cues)) or '—'}",
        f"Disputed by: {safe('; '.join(claim.disputed_by)) or '—'}",
        f"Article {article.id}: {safe(article.title)}",
        "  "
        + " · ".join(
            part
            for part in (
                safe(article.outlet) if article.outlet else "",
                safe(", ".join(article.authors)),
                article.published.isoformat() if article.published else "",
                safe(article.url) if article.url else "",
            )
            if part
        ),
        "",
        "Context:",
    ]
    paragraph, start, end = detail.context
    out.append("  " + safe(paragraph[:start]) + "»" + safe(paragraph[start:end]) + "«" + safe(paragraph[end:]))
    out.append("")
    out.append(f"Evidence ({len(detail.evidence)}):")
    for ev in detail.evidence:
        out.append(f"  #{ev.id} {ev.stance:<8} {safe(ev.title or ev.url or '')}")
        if ev.url and ev.title:
            out.append(f"           {safe(ev.url)}")
        if ev.quote:
            out.append(f"           “{safe(ev.quote)}”")
        if ev.note:
            out.append(f"           note: {safe(ev.note)}")
        out.append(f"           added by {safe(ev.added_by)}, {when(ev.added_at)}")
    if not detail.evidence:
        out.append("  none yet: claimtrack evidence add " + str(claim.id) + " URL --stance supports|refutes|context")
    out.append("")
    out.append("History:")
    out.extend(history_lines(detail.history))
    return "\n".join(out)
