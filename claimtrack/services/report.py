"""Status reports: where the desk's claims stand.

``build_report`` gathers the figures from the database; renderers turn them into a format.
Every field that comes from an article is escaped for the format it is written in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from claimtrack.services.queries import ClaimFilter, apply_filter, status_counts
from claimtrack.store.models import Article, Claim, ClaimStatus, Evidence, HistoryEntry, utcnow
from claimtrack.textsafe import markdown_escape


@dataclass
class ReportClaim:
    claim: Claim
    evidence: list[Evidence] = field(default_factory=list)
    latest_note: HistoryEntry | None = None


@dataclass
class ReportArticle:
    article: Article
    claims: list[ReportClaim] = field(default_factory=list)


@dataclass
class Report:
    generated_at: datetime
    counts: dict[ClaimStatus, int]
    articles: list[ReportArticle]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def build_report(session: Session, flt: ClaimFilter = ClaimFilter()) -> Report:
    counts = status_counts(session, flt)
    rows = session.exec(
        apply_filter(
            select(Claim, Article).join(Article, col(Article.id) == Claim.article_id), flt, session.get_bind().dialect.name
        ).order_by(col(Article.id), col(Claim.char_start), col(Claim.id))
    ).all()
    claim_ids = [c.id for c, _ in rows]
    evidence: dict[int, list[Evidence]] = {}
    notes: dict[int, HistoryEntry] = {}
    # Batch the per-claim look-ups (a few hundred ids a query) instead of one query per claim.
    for i in range(0, len(claim_ids), 500):
        chunk = claim_ids[i : i + 500]
        for ev in session.exec(select(Evidence).where(col(Evidence.claim_id).in_(chunk)).order_by(col(Evidence.id))):
            evidence.setdefault(ev.claim_id, []).append(ev)
        entries = session.exec(
            select(HistoryEntry)
            .where(col(HistoryEntry.claim_id).in_(chunk), col(HistoryEntry.note).is_not(None), HistoryEntry.kind != "created")
            .order_by(col(HistoryEntry.version), col(HistoryEntry.id))
        )
        for entry in entries:
            notes[entry.claim_id] = entry
    articles: list[ReportArticle] = []
    for claim, article in rows:
        if not articles or articles[-1].article.id != article.id:
            articles.append(ReportArticle(article=article))
        articles[-1].claims.append(
            ReportClaim(claim=claim, evidence=evidence.get(claim.id, []), latest_note=notes.get(claim.id))  # type: ignore[arg-type]
        )
    return Report(generated_at=utcnow(), counts=counts, articles=articles)


def _cell(value: object) -> str:
    return markdown_escape(str(value)) if value is not None and value != "" else "—"


def render_markdown(report: Report) -> str:
    out: list[str] = []
    out.append("# claimtrack status report")
    out.append("")
    out.append(f"Generated {report.generated_at:%Y-%m-%d %H:%M} UTC · {report.total} claims in {len(report.articles)} articles")
    out.append("")
    out.append("## Claims by status")
    out.append("")
    out.append("| Status | Claims |")
    out.append("|---|---:|")
    for status, count in report.counts.items():
        out.append(f"| {status.value} | {count} |")
    out.append(f"| **total** | **{report.total}** |")
    for entry in report.articles:
        article = entry.article
        out.append("")
        out.append(f"## Article {article.id}: {markdown_escape(article.title)}")
        out.append("")
        meta = [markdown_escape(article.outlet) if article.outlet else None]
        if article.authors:
            meta.append(markdown_escape(", ".join(article.authors)))
        if article.published:
            meta.append(article.published.isoformat())
        if article.url:
            meta.append(f"<{markdown_escape(article.url)}>")
        meta_line = " · ".join(m for m in meta if m)
        if meta_line:
            out.append(meta_line)
            out.append("")
        out.append("| ID | Status | Claimant | Claim | Evidence | Latest note |")
        out.append("|---:|---|---|---|---|---|")
        for item in entry.claims:
            claim = item.claim
            evidence = "; ".join(
                f"{ev.stance}: {markdown_escape(ev.title or ev.url or ev.quote or '')}"
                + (f" ({markdown_escape(ev.url)})" if ev.url and ev.title else "")
                for ev in item.evidence
            )
            note = item.latest_note
            note_text = f"{markdown_escape(note.note)} — {markdown_escape(note.actor)}" if note else None
            out.append(
                f"| {claim.id} | {claim.status} | {_cell(claim.claimant)} | {_cell(claim.text)} "
                f"| {evidence or '—'} | {note_text or '—'} |"
            )
    out.append("")
    return "\n".join(out)
