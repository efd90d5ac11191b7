"""The JSON report, schema ``claimtrack.report/2`` (every field is documented in docs/reports.md).

Written incrementally: the header figures first, then one claim a line, as claims arrive. Any
text is valid JSON: control characters are escaped by the encoder, lone surrogates replaced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from claimtrack.services.reports.model import (
    ArticleGroup,
    AssigneeWork,
    Backlog,
    ClaimItem,
    EvidenceItem,
    Headline,
    NoteItem,
    OpenClaim,
    RecentlyVerified,
    ReportTotals,
    SeenItem,
)
from claimtrack.services.reports.safe import iso, json_text
from claimtrack.textsafe import json_safe

SCHEMA = "claimtrack.report/2"
"""``/2``: evidence says ``linked_at`` and ``captured_at`` (null without a copy); ``attention``
holds misleading claims too; ``headline``, ``backlog``, ``open_claims`` and ``recently_verified``;
``seen_before`` (added within ``/2``: a new field, no field removed or changed)."""

_encoder = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _dump(value: Any) -> str:
    return json_safe(_encoder.encode(value))


def _seconds(value: Any) -> float | None:
    return None if value is None else round(value.total_seconds(), 3)


def note_json(note: NoteItem | None) -> dict[str, Any] | None:
    if note is None:
        return None
    return {"note": json_text(note.note), "by": json_text(note.by), "at": iso(note.at), "kind": note.kind}


def verdict_json(note: NoteItem | None) -> dict[str, Any] | None:
    if note is None:
        return None
    return {"status": note.status, "note": json_text(note.note), "by": json_text(note.by), "at": iso(note.at)}


def evidence_json(ev: EvidenceItem) -> dict[str, Any]:
    return {
        "id": ev.id,
        "stance": ev.stance,
        "title": json_text(ev.title),
        "url": json_text(ev.url),
        "quote": json_text(ev.quote),
        "note": json_text(ev.note),
        "added_by": json_text(ev.added_by),
        "linked_at": iso(ev.linked_at),
        "captured_at": iso(ev.captured_at),
    }


def claim_json(claim: ClaimItem, *, with_article: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": claim.id,
        "status": claim.status,
        "text": json_text(claim.text),
        "claimant": json_text(claim.claimant),
        "cue": json_text(claim.cue),
        "cues": [json_text(c) for c in claim.cues],
        "disputed_by": [json_text(c) for c in claim.disputed_by],
        "score": claim.score,
        "assignee": json_text(claim.assignee),
        "origin": claim.origin,
        "created_at": iso(claim.created_at),
        "updated_at": iso(claim.updated_at),
        "verdict": verdict_json(claim.verdict),
        "latest_note": note_json(claim.latest_note),
        "evidence": [evidence_json(ev) for ev in claim.evidence],
    }
    if with_article and claim.article is not None:
        data["article_id"] = claim.article.id
        data["article_title"] = json_text(claim.article.title)
    return data


def _open_claim(item: OpenClaim) -> dict[str, Any]:
    return {
        "id": item.id,
        "status": item.status,
        "assignee": json_text(item.assignee),
        "text": json_text(item.text),
        "claimant": json_text(item.claimant),
        "article_id": item.article_id,
        "article_title": json_text(item.article_title),
        "created_at": iso(item.created_at),
        "open_seconds": _seconds(item.open_for),
        "score": item.score,
    }


def _work(item: AssigneeWork) -> dict[str, Any]:
    return {
        "assignee": json_text(item.assignee),
        "new": item.new,
        "in_review": item.in_review,
        "open": item.total,
        "oldest_created_at": iso(item.oldest),
    }


def _headline(item: Headline) -> dict[str, Any]:
    return {
        "checked": item.checked,
        "of": item.of,
        "checked_share": None if item.share is None else round(item.share, 4),
        "open": item.open,
        "open_check_worthy": item.open_check_worthy,
        "set_aside": item.set_aside,
        "dismissed": item.dismissed,
        "verdicts": item.verdicts,
        "since": iso(item.since),
        "until": iso(item.until),
    }


def _backlog(item: Backlog) -> dict[str, Any]:
    return {
        "since": iso(item.since),
        "until": iso(item.until),
        "days": [{"day": iso(d.day), "open": d.open, "verdicts": d.verdicts} for d in item.days],
    }


def totals_json(totals: ReportTotals) -> dict[str, Any]:
    """The header of the report (everything but ``attention``, ``recently_verified`` and ``articles``)."""
    flt = totals.filter
    changes = totals.changes
    ttv = totals.time_to_verdict
    return {
        "schema": SCHEMA,
        "generated_at": iso(totals.generated_at),
        "headline": _headline(totals.headline),
        "filters": {
            "status": [s.value for s in flt.claims.status],
            "article_id": flt.claims.article_id,
            "assignee": json_text(flt.claims.assignee),
            "claimant": json_text(flt.claims.claimant),
            "search": json_text(flt.claims.search),
            "since": iso(flt.since),
            "until": iso(flt.until),
        },
        "totals": {
            "claims": totals.total,
            "articles": totals.articles,
            "by_status": {s.value: n for s, n in totals.by_status.items()},
        },
        "changes": None
        if changes is None
        else {
            "since": iso(changes.since),
            "until": iso(changes.until),
            "new_claims": changes.new_claims,
            "verdicts_given": changes.verdicts_given,
            "status_changes": [
                {"from": c.from_status, "to": c.to_status, "claims": c.claims} for c in changes.status_changes
            ],
            "by_status": {
                s.value: {"entered": changes.entered.get(s, 0), "left": changes.left.get(s, 0)}
                for s in totals.by_status
            },
        },
        "time_to_verdict": {
            "verdicts": ttv.verdicts,
            "median_seconds": _seconds(ttv.median),
            "p90_seconds": _seconds(ttv.p90),
            "slowest_open": [_open_claim(item) for item in ttv.slowest_open],
        },
        "backlog": _backlog(totals.backlog),
        "open_claims": [_open_claim(item) for item in totals.open_claims],
        "open_work": [_work(w) for w in totals.open_work],
    }


def seen_json(item: SeenItem) -> dict[str, Any]:
    """A claim of "Seen before": the claim, and what a checker confirmed it the same as."""
    return {
        "id": item.claim_id,
        "status": item.status,
        "text": json_text(item.text),
        "claimant": json_text(item.claimant),
        "article_id": item.article_id,
        "article_title": json_text(item.article_title),
        "same_as": {
            "kind": item.kind,
            "id": item.target_id,
            "text": json_text(item.target_text),
            "verdict": json_text(item.verdict),
            "publisher": json_text(item.publisher),
            "url": json_text(item.url),
            "decided_by": json_text(item.decided_by),
            "decided_at": iso(item.decided_at),
        },
    }


def _claims(w: Any, name: str, claims: Iterable[ClaimItem]) -> None:
    """``"name": [claim, ...],`` one claim a line, each with its article's id and title."""
    w(f"  {_dump(name)}: [")
    first = True
    for claim in claims:
        w("\n    " if first else ",\n    ")
        w(_dump(claim_json(claim, with_article=True)))
        first = False
    w("\n  ],\n" if not first else "],\n")


def write_json(
    totals: ReportTotals,
    attention: Iterator[ClaimItem],
    verified: RecentlyVerified,
    groups: Iterator[ArticleGroup],
    out: TextIO,
    *,
    seen: Iterator[SeenItem] | None = None,
) -> None:
    w = out.write
    header = totals_json(totals)
    w("{\n")
    for key, value in header.items():
        w(f"  {_dump(key)}: {_dump(value)},\n")
    _claims(w, "attention", attention)
    w(f'  "recently_verified": {{"total": {verified.total}, "claims": [')
    for i, claim in enumerate(verified.claims):
        w(("\n    " if i == 0 else ",\n    ") + _dump(claim_json(claim, with_article=True)))
    w("\n  ]},\n" if verified.claims else "]},\n")
    counts = totals.seen
    w(
        f'  "seen_before": {{"repeated": {counts.repeated}, "fact_check_matched": {counts.fact_check_matched}, '
        f'"confirmed": {counts.confirmed}, "claims": ['
    )
    first_seen = True
    for item in seen if seen is not None else ():
        w(("\n    " if first_seen else ",\n    ") + _dump(seen_json(item)))
        first_seen = False
    w("\n  ]},\n" if not first_seen else "]},\n")
    w('  "articles": [')
    first_group = True
    for group in groups:
        a = group.article
        w("\n    {" if first_group else ",\n    {")
        first_group = False
        article = {
            "id": a.id,
            "title": json_text(a.title),
            "outlet": json_text(a.outlet),
            "authors": [json_text(x) for x in a.authors],
            "url": json_text(a.url),
            "published": iso(a.published),
            "ingested_at": iso(a.ingested_at),
        }
        for key, value in article.items():
            w(f"{_dump(key)}: {_dump(value)}, ")
        w('"claims": [')
        first = True
        for claim in group.claims:
            w("\n      " if first else ",\n      ")
            w(_dump(claim_json(claim)))
            first = False
        w("\n    ], " if not first else "], ")
        w(f'"open_work": {_dump({k: v for k, v in sorted(group.open_work.items())})}}}')
    w("\n  ]\n}\n" if not first_group else "]\n}\n")
