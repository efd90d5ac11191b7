"""Building test data through the real services (only the extractor is replaced)."""

from __future__ import annotations

from claimtrack.domain import ParsedArticle
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.ingest import store_article
from claimtrack.store import Database

BODY = (
    "The ministry said 40 people were hurt.\n"
    "A local paper reported that the bridge collapsed at noon, but the mayor denied it.\n"
    "Prices rose 5% last year."
)


def _propose(body: str, phrase: str, claimant: str, **extra: object) -> ProposedClaim:
    start = body.index(phrase)
    sent_start = body.rfind("\n", 0, start) + 1
    sent_end = body.find("\n", start)
    sent_end = len(body) if sent_end == -1 else sent_end
    return ProposedClaim(
        text=phrase,
        start=start,
        end=start + len(phrase),
        sentence=body[sent_start:sent_end],
        sentence_start=sent_start,
        sentence_end=sent_end,
        claimant=claimant,
        cue=extra.pop("cue", "said"),  # type: ignore[arg-type]
        score=0.8,
        check_worthy=True,
        **extra,  # type: ignore[arg-type]
    )


def fixed_extractor(body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
    return [
        _propose(body, "40 people were hurt", "The ministry"),
        _propose(
            body,
            "the bridge collapsed at noon",
            "A local paper",
            cue="reported",
            cues=("denied",),
            disputed_by=("the mayor",),
            dispute="the mayor denied it",
        ),
        _propose(body, "Prices rose 5% last year.", default_claimant or "the article", cue=None),
    ]


def seed(db: Database, *, title: str = "Bridge collapse", body: str = BODY, user: str = "alice") -> list[int]:
    """Store one article with three claims; returns the claim ids in text order."""
    parsed = ParsedArticle(
        title=title, body=body, outlet="Daily Test", authors=["Ann Writer"], url="https://news.example/bridge"
    )
    with db.session() as session:
        store_article(session, parsed, user=user, source="test", extractor=fixed_extractor)
    from claimtrack.services.queries import list_claims

    with db.session() as session:
        return [c.id for c, _ in list_claims(session)]  # type: ignore[misc]
