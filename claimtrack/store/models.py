"""The data model: articles, the claims found in them, evidence, and the claim history.

The vocabulary (statuses, stances, change kinds) is :mod:`claimtrack.domain`'s; it is stored as
short strings, not database enum types, so that adding a status is a code change, not a
migration on two database engines.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from claimtrack.domain import VERDICTS, ChangeKind, ClaimStatus, MatchState, Stance, utcnow

__all__ = [  # the vocabulary is the domain's; importing it from here still works
    "VERDICTS",
    "Article",
    "ArticleSnapshot",
    "ChangeKind",
    "Claim",
    "ClaimMatch",
    "ClaimReviewImport",
    "ClaimStatus",
    "Evidence",
    "EvidenceSnapshot",
    "FactCheck",
    "FactCheckOrigin",
    "FeedItem",
    "HistoryEntry",
    "SnapshotKind",
    "Stance",
    "UTCDateTime",
    "stored_id",
    "utcnow",
]


class _Stored(Protocol):
    id: int | None


def stored_id(row: _Stored) -> int:
    """The id of a row that is stored (flushed or read back): never ``None``, for the type checker
    and for a reader. A row not flushed yet is a bug, caught here."""
    if row.id is None:
        raise AssertionError(f"{type(row).__name__} has no id: it is not stored yet")
    return row.id


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, on SQLite as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; claimtrack stores UTC timestamps only")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Article(SQLModel, table=True):
    """One ingested article. The same text ingested twice is one article (``content_hash``)."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_type=sa.Text)
    outlet: str | None = Field(default=None, sa_type=sa.String(200))
    authors: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    url: str | None = Field(default=None, sa_type=sa.Text)
    published: date | None = Field(default=None)
    standfirst: str | None = Field(default=None, sa_type=sa.Text)
    text: str = Field(sa_type=sa.Text)
    """The article body; every claim's offsets index into it."""
    content_hash: str = Field(sa_type=sa.String(64), unique=True)
    """SHA-256 of the normalised title and body."""
    source: str | None = Field(default=None, sa_type=sa.Text)
    """Where it was ingested from: a file path or a URL."""
    ingested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    ingested_by: str = Field(sa_type=sa.String(100))


class Claim(SQLModel, table=True):
    """A check-worthy statement in an article, and where its review stands.

    ``version`` increases with every change; writers say which version they read, and a write
    against an older version is refused (optimistic concurrency, see ``services.workflow``).
    """

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    text: str = Field(sa_type=sa.Text)
    sentence: str = Field(sa_type=sa.Text)
    char_start: int
    """Offset of ``text`` in the article body (``article.text[char_start:char_end] == text``), or
    in its title when ``in_title``."""
    char_end: int
    sentence_start: int
    sentence_end: int
    claimant: str | None = Field(default=None, sa_type=sa.Text)
    cue: str | None = Field(default=None, sa_type=sa.String(100))
    """The reporting verb or phrase ("said", "according to")."""
    cues: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    """Hedges and dispute words around the claim ("unverified", "allegedly", "denied")."""
    disputed_by: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    """Who disputes the claim in the article itself."""
    score: float = 0.0
    """Check-worthiness in [0, 1]."""
    in_title: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    """The claim is the article's headline: offsets index into ``article.title``."""
    status: str = Field(default=ClaimStatus.NEW, sa_type=sa.String(20), index=True)
    assignee: str | None = Field(default=None, sa_type=sa.String(100), index=True)
    origin: str = Field(default="extractor", sa_type=sa.String(20))
    """``extractor`` or ``manual`` (added by a checker)."""
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: str = Field(sa_type=sa.String(100))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by: str = Field(sa_type=sa.String(100))


_claim_table: sa.Table = Claim.__table__  # type: ignore[attr-defined]  # SQLModel's stubs lack __table__
#: The queue's default order: highest score first, equal scores in id order (migration 0009).
sa.Index("ix_claim_score_order", _claim_table.c.score.desc(), _claim_table.c.id)


class Evidence(SQLModel, table=True):
    """A source a verdict can rest on. The extractor adds in-article denials as ``refutes``."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    url: str | None = Field(default=None, sa_type=sa.Text)
    title: str | None = Field(default=None, sa_type=sa.Text)
    stance: str = Field(sa_type=sa.String(20))
    note: str | None = Field(default=None, sa_type=sa.Text)
    quote: str | None = Field(default=None, sa_type=sa.Text)
    """For in-article evidence, the passage of the article it quotes."""
    added_by: str = Field(sa_type=sa.String(100))
    added_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # -- the capture of the page (``services.evidence``); all empty until it is fetched --
    final_url: str | None = Field(default=None, sa_type=sa.Text)
    """Where ``url`` led after redirects when it was captured."""
    http_status: int | None = Field(default=None)
    content_type: str | None = Field(default=None, sa_type=sa.String(200))
    content_sha256: str | None = Field(default=None, sa_type=sa.String(64))
    """SHA-256 of the body as captured (the stored copy is in ``evidence_snapshot``)."""
    fetched_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    archive_url: str | None = Field(default=None, sa_type=sa.Text)
    """The Internet Archive's copy, when one was asked for."""


class SnapshotKind(StrEnum):
    """Why an evidence snapshot was taken."""

    CAPTURE = "capture"
    RECHECK = "recheck"


class EvidenceSnapshot(SQLModel, table=True):
    """A fetch of an evidence page: the first capture (with the body) and every recheck.

    ``body`` is the raw response body, gzip-compressed; a recheck that found the same SHA-256
    stores no body again. A failed recheck has ``error`` and no status.
    """

    __tablename__ = "evidence_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    evidence_id: int = Field(foreign_key="evidence.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.String(20))
    requested_url: str = Field(sa_type=sa.Text)
    final_url: str | None = Field(default=None, sa_type=sa.Text)
    http_status: int | None = Field(default=None)
    content_type: str | None = Field(default=None, sa_type=sa.String(200))
    title: str | None = Field(default=None, sa_type=sa.Text)
    sha256: str | None = Field(default=None, sa_type=sa.String(64))
    size: int | None = Field(default=None)
    """Length of the body in bytes, uncompressed."""
    body: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    changed: bool | None = Field(default=None)
    """For a recheck: did the body differ from the capture's?"""
    error: str | None = Field(default=None, sa_type=sa.Text)
    fetched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    fetched_by: str = Field(sa_type=sa.String(100))


class ArticleSnapshot(SQLModel, table=True):
    """The page an article was ingested from, as fetched: raw body (gzip) and how it was got."""

    __tablename__ = "article_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, unique=True, ondelete="CASCADE")
    requested_url: str = Field(sa_type=sa.Text)
    final_url: str = Field(sa_type=sa.Text)
    http_status: int
    content_type: str | None = Field(default=None, sa_type=sa.String(200))
    sha256: str = Field(sa_type=sa.String(64))
    size: int
    body: bytes = Field(sa_type=sa.LargeBinary)
    fetched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    fetched_by: str = Field(sa_type=sa.String(100))


class FeedItem(SQLModel, table=True):
    """A feed item already ingested: reading the feed again skips it."""

    __tablename__ = "feed_item"
    __table_args__ = (sa.UniqueConstraint("feed_url", "item_key", name="uq_feed_item_feed_key"),)

    id: int | None = Field(default=None, primary_key=True)
    feed_url: str = Field(sa_type=sa.Text)
    item_key: str = Field(sa_type=sa.String(64))
    """SHA-256 of the item's guid (or its link when it has none)."""
    guid: str | None = Field(default=None, sa_type=sa.Text)
    link: str = Field(sa_type=sa.Text)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    ingested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClaimReviewImport(SQLModel, table=True):
    """A ClaimReview imported as a claim: re-importing the same review finds it here."""

    __tablename__ = "claimreview_import"

    id: int | None = Field(default=None, primary_key=True)
    review_key: str = Field(sa_type=sa.String(64), unique=True)
    """SHA-256 of the review url and the claim reviewed."""
    review_url: str = Field(sa_type=sa.Text)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    publisher: str | None = Field(default=None, sa_type=sa.Text)
    rating: str | None = Field(default=None, sa_type=sa.Text)
    """The review's rating as it gave it (``alternateName``, or ``ratingValue`` on its scale)."""
    review_date: date | None = Field(default=None)
    raw: dict = Field(default_factory=dict, sa_type=sa.JSON)
    """The ClaimReview object as imported."""
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    imported_by: str = Field(sa_type=sa.String(100))


class FactCheckOrigin(StrEnum):
    """How a fact check came into the collection."""

    IMPORT = "import"
    """``claimtrack factchecks import``: JSON Lines or a list of ClaimReview objects."""
    CLAIMREVIEW = "claimreview"
    """``claimtrack import-claimreview`` (which also makes a claim of it)."""
    LOOKUP = "lookup"
    """A result ``claimtrack lookup`` showed (Google Fact Check Tools)."""


class FactCheck(SQLModel, table=True):
    """A published fact check: the claim reviewed and its rating, as data to match claims against.

    Importing is idempotent: a fact check whose ``external_id`` (within its ``collection``) or
    whose ``url`` is already stored is not stored again (``INSERT ... ON CONFLICT DO NOTHING``).
    Full-text indexed like the claims: SQLite ``fact_check_fts``, PostgreSQL a stored ``tsvector``
    column ``search_doc`` (migration 0010).
    """

    __tablename__ = "fact_check"
    __table_args__ = (
        sa.UniqueConstraint("collection", "external_id", name="uq_fact_check_collection_external_id"),
        sa.UniqueConstraint("url", name="uq_fact_check_url"),
    )

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_type=sa.Text)
    """The claim reviewed."""
    rating: str | None = Field(default=None, sa_type=sa.Text)
    """The rating as the fact checker gave it ("False", "Mostly true", "Pants on fire")."""
    publisher: str | None = Field(default=None, sa_type=sa.Text)
    url: str | None = Field(default=None, sa_type=sa.Text)
    """The fact check's page."""
    review_date: date | None = Field(default=None)
    speaker: str | None = Field(default=None, sa_type=sa.Text)
    """Who made the claim reviewed."""
    title: str | None = Field(default=None, sa_type=sa.Text)
    external_id: str | None = Field(default=None, sa_type=sa.String(300))
    """The id the collection gave it (``id`` in a JSON Lines import)."""
    collection: str = Field(sa_type=sa.String(200))
    """The collection ``external_id`` is unique in: ``factchecks import --collection``, or the origin."""
    origin: str = Field(sa_type=sa.String(20))
    """A :class:`FactCheckOrigin`."""
    source: str | None = Field(default=None, sa_type=sa.Text)
    """The file, page or query it was read from."""
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    imported_by: str = Field(sa_type=sa.String(100))


class ClaimMatch(SQLModel, table=True):
    """A claim matched to an earlier claim (``other_claim_id``) or a fact check (``fact_check_id``):
    one of the two, never both (migration 0011).

    Found by the matcher on ingest (``services.similar``) with its score and method, in state
    ``suggested``; a checker decides it ``same`` or ``different`` (who and when here, and in the
    claim's history). A pair of claims is stored once, from the later claim: read both ways.
    """

    __tablename__ = "claim_match"
    __table_args__ = (
        sa.UniqueConstraint("claim_id", "other_claim_id", name="uq_claim_match_claim_other"),
        sa.UniqueConstraint("claim_id", "fact_check_id", name="uq_claim_match_claim_fact_check"),
        sa.CheckConstraint("(other_claim_id IS NULL) <> (fact_check_id IS NULL)", name="ck_claim_match_one_target"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    other_claim_id: int | None = Field(default=None, foreign_key="claim.id", index=True, ondelete="CASCADE")
    fact_check_id: int | None = Field(default=None, foreign_key="fact_check.id", index=True, ondelete="CASCADE")
    score: float | None = None
    """The matcher's score in [0, 1] (the re-ranker's probability that it is the same claim);
    none for a pair a checker matched by hand."""
    method: str = Field(sa_type=sa.String(40))
    """How it was found: ``fts+rerank/1`` (full-text candidates, re-ranked), or ``checker``."""
    state: str = Field(default=MatchState.SUGGESTED, sa_type=sa.String(20))
    found_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by: str | None = Field(default=None, sa_type=sa.String(100))


class HistoryEntry(SQLModel, table=True):
    """Append-only: one row for every change to a claim. Never updated, never deleted."""

    __tablename__ = "history"
    __table_args__ = (
        # Only undos and redos are in it: "has this change been undone?" is one look-up, and a
        # query asking for ``undoes IS NULL`` (the changes themselves) is never led to walk it.
        sa.Index(
            "ix_history_undoes",
            "undoes",
            sqlite_where=sa.text("undoes IS NOT NULL"),
            postgresql_where=sa.text("undoes IS NOT NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str = Field(sa_type=sa.String(100))
    kind: str = Field(sa_type=sa.String(20))
    from_value: str | None = Field(default=None, sa_type=sa.Text)
    to_value: str | None = Field(default=None, sa_type=sa.Text)
    note: str | None = Field(default=None, sa_type=sa.Text)
    version: int
    """The claim's version after this change."""
    evidence_id: int | None = Field(default=None)
    """For evidence entries: the evidence added or removed (no foreign key: the entry outlives it)."""
    undoes: int | None = Field(default=None)
    """For an undo: the id of the change it reverses; for a redo: the id of the undo it reverses
    (a redo is an entry whose ``undoes`` names an entry that has ``undoes`` itself). ``None`` for
    every other change. Always an entry of the same claim (migration 0008)."""
