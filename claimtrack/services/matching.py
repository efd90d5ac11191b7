"""Matching text against what the desk already knows: stored fact checks and claims (issue 15).

Two steps, as ``docs/matching.md`` says. **Candidates** come from the database's full-text
indexes, never from loading rows into Python: an OR query of the text's content words (a word of
three letters or more as a prefix, so "tax" finds "taxes"), the best :data:`DEPTH` of each index:

- fact checks: SQLite's FTS5 table ``fact_check_fts`` ranked by ``bm25()`` (lower is better there,
  so negated), PostgreSQL's ``fact_check.search_doc`` ranked by ``ts_rank``;
- claims with a verdict, and open claims (new, in review): ``claim_fts`` / ``claim.search_doc``.

Then :func:`claimtrack.matching.rank` **re-ranks** each list with its retrieval scores, the
speaker and the dates where known; the two lists are merged on the re-ranker's score (a
probability, comparable across them). The words are taken from the text with
:func:`claimtrack.matching.text.content_words` (letters and digits only), so no text can inject
search syntax, let alone SQL.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from claimtrack.domain import VERDICTS, ClaimStatus
from claimtrack.errors import InputError
from claimtrack.matching import Candidate, Query, rank
from claimtrack.matching.text import STOPWORDS, content_words
from claimtrack.store.engine import Database

#: Candidates taken from each index before re-ranking.
DEPTH = 50
#: Content words of the text in the full-text query, at most (the longest first).
MAX_QUERY_WORDS = 32
#: The most matches one text returns (``--limit``).
MAX_LIMIT = 2 * DEPTH
#: Claims a text is matched against: those with a verdict, and open ones.
CLAIM_STATUSES = tuple(sorted({*map(str, VERDICTS), ClaimStatus.NEW.value, ClaimStatus.IN_REVIEW.value}))

_PART = re.compile(r"[^\W_]+")  # letters and digits, any script: nothing of the search syntax


@dataclass(frozen=True, slots=True)
class Match:
    """A stored fact check or claim that matches a text, with the re-ranker's score in [0, 1]."""

    kind: str  # "factcheck" or "claim"
    id: int
    external_id: str | None
    score: float
    text: str
    rating: str | None = None  # fact checks
    status: str | None = None  # claims

    def to_json(self) -> dict[str, Any]:
        """The ``claimtrack match`` contract's shape of a match."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "id": self.id,
            "external_id": self.external_id,
            "score": round(self.score, 6),
            "text": self.text,
        }
        if self.kind == "factcheck":
            data["rating"] = self.rating
        else:
            data["status"] = self.status
        return data


def search_words(text: str) -> list[str]:
    """The words of ``text`` the full-text query asks for: content words, letters and digits only,
    longest first, at most :data:`MAX_QUERY_WORDS`."""
    # the matcher's content words (stemmed: "taxes" asks for "tax*"), and the words of other
    # scripts its English tokens leave out ("Müller", "中国"), as they are
    foreign = {w for w in _PART.findall(text.lower()) if not w.isascii() and w not in STOPWORDS}
    words = {part for word in content_words(text) | foreign for part in _PART.findall(word)}
    return sorted(words, key=lambda w: (-len(w), w))[:MAX_QUERY_WORDS]


def _fts5_or(words: Sequence[str]) -> str:
    return " OR ".join(f'"{w}"*' if len(w) >= 3 else f'"{w}"' for w in words)


def _tsquery_or(words: Sequence[str]) -> str:
    return " | ".join(f"{w}:*" if len(w) >= 3 else w for w in words)


_SQLITE_FACT_CHECKS = sa.text(
    "SELECT f.id, f.text, f.title, f.speaker, f.review_date, f.rating, f.external_id, -bm25(fact_check_fts) AS r "
    "FROM fact_check_fts JOIN fact_check f ON f.id = fact_check_fts.rowid "
    "WHERE fact_check_fts MATCH :q ORDER BY bm25(fact_check_fts) LIMIT :depth"
)
_PG_FACT_CHECKS = sa.text(
    "SELECT f.id, f.text, f.title, f.speaker, f.review_date, f.rating, f.external_id, "
    "ts_rank(f.search_doc, q) AS r "
    "FROM fact_check f, to_tsquery('simple', :q) q "
    "WHERE f.search_doc @@ q ORDER BY r DESC, f.id LIMIT :depth"
)
_SQLITE_CLAIMS = sa.text(
    "SELECT c.id, c.text, c.claimant, c.status, -bm25(claim_fts) AS r "
    "FROM claim_fts JOIN claim c ON c.id = claim_fts.rowid "
    "WHERE claim_fts MATCH :q AND c.status IN :statuses AND c.article_id != :article "
    "ORDER BY bm25(claim_fts) LIMIT :depth"
).bindparams(sa.bindparam("statuses", expanding=True))
_PG_CLAIMS = sa.text(
    "SELECT c.id, c.text, c.claimant, c.status, ts_rank(c.search_doc, q) AS r "
    "FROM claim c, to_tsquery('simple', :q) q "
    "WHERE c.search_doc @@ q AND c.status IN :statuses AND c.article_id != :article "
    "ORDER BY r DESC, c.id LIMIT :depth"
).bindparams(sa.bindparam("statuses", expanding=True))


def _date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str) and value:
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


class Matcher:
    """Matches texts against one open database; keeps one connection for many texts (JSON Lines)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._sqlite = db.dialect == "sqlite"
        if db.dialect not in ("sqlite", "postgresql"):
            raise InputError(f"matching needs SQLite or PostgreSQL, not {db.dialect}")

    def match(
        self,
        text: str,
        *,
        context: Sequence[str] = (),
        speaker: str = "",
        date: datetime.date | None = None,
        limit: int = 10,
        exclude_article: int | None = None,
    ) -> list[Match]:
        """The best ``limit`` matches of ``text``, best first; none when it has no content words.
        ``exclude_article``: the claims of that article are not candidates (a claim's own article)."""
        words = search_words(text)
        if not words:
            return []
        query = Query(text, tuple(context), speaker, date)
        with self.db.engine.connect() as conn:
            checks = self._fact_checks(conn, words)
            claims = self._claims(conn, words, exclude_article)
        found: dict[Hashable, Match] = {}
        candidates: list[Candidate] = []
        for row in checks:
            key = ("factcheck", row.id)
            found[key] = Match("factcheck", row.id, row.external_id, 0.0, row.text, rating=row.rating)
            candidates.append(
                Candidate(key, row.text, row.title or "", row.speaker or "", float(row.r), _date(row.review_date))
            )
        claim_candidates: list[Candidate] = []
        for row in claims:
            key = ("claim", row.id)
            found[key] = Match("claim", row.id, None, 0.0, row.text, status=row.status)
            claim_candidates.append(Candidate(key, row.text, "", row.claimant or "", float(row.r)))
        scored = [*rank(query, candidates), *rank(query, claim_candidates)]
        scored.sort(key=lambda pair: -pair[1])
        out = []
        for ranked_key, score in scored[:limit]:
            m = found[ranked_key]
            out.append(Match(m.kind, m.id, m.external_id, score, m.text, rating=m.rating, status=m.status))
        return out

    def _fact_checks(self, conn: sa.Connection, words: list[str]) -> Sequence[sa.Row[Any]]:
        if self._sqlite:
            return conn.execute(_SQLITE_FACT_CHECKS, {"q": _fts5_or(words), "depth": DEPTH}).all()
        return conn.execute(_PG_FACT_CHECKS, {"q": _tsquery_or(words), "depth": DEPTH}).all()

    def _claims(self, conn: sa.Connection, words: list[str], exclude_article: int | None) -> Sequence[sa.Row[Any]]:
        article = -1 if exclude_article is None else exclude_article
        params = {"statuses": list(CLAIM_STATUSES), "depth": DEPTH, "article": article}
        if self._sqlite:
            return conn.execute(_SQLITE_CLAIMS, {"q": _fts5_or(words), **params}).all()
        return conn.execute(_PG_CLAIMS, {"q": _tsquery_or(words), **params}).all()


def match_text(
    db: Database, text: str, *, context: Sequence[str] = (), speaker: str = "", limit: int = 10
) -> list[Match]:
    """The best ``limit`` stored fact checks and claims matching ``text``, best first."""
    return Matcher(db).match(text, context=context, speaker=speaker, limit=limit)
