"""Matching text against what the desk already knows: stored fact checks and claims (issue 15).

Two steps, as ``docs/matching.md`` says. **Candidates** come from the database's full-text
indexes, never from loading rows into Python: an OR query of the text's content words (a word of
three letters or more as a prefix, so "tax" finds "taxes"), the best :data:`DEPTH` of each index.
On a big collection the query asks for the rarest of the words only (:func:`plan_search`: while
their document frequencies add up to at most :data:`POSTING_BUDGET`), since the index ranks
every row the query finds: a word in a tenth of a million claims would cost a hundred
milliseconds and weigh almost nothing in BM25.

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

import bisect
import datetime
import re
import threading
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from claimtrack.domain import VERDICTS, ClaimStatus
from claimtrack.errors import InputError
from claimtrack.matching import Candidate, Query, rank_lists
from claimtrack.matching.text import STOPWORDS, content_words
from claimtrack.store.engine import Database

#: Candidates taken from each index before re-ranking.
DEPTH = 50
#: Claims taken from the index (SQLite) before those of other statuses or of the text's own
#: article are left out, to keep :data:`DEPTH`.
CLAIM_FETCH = 4 * DEPTH
#: Content words of the text in the full-text query, at most (the longest first).
MAX_QUERY_WORDS = 32
#: How many index entries one candidate query may read, roughly: a text's words are asked for
#: rarest first, while their document frequencies add up to at most this (the rarest one always).
#: On a small collection every word is asked for; on a million claims a word in 100,000 of them
#: ("said") is left out: it would cost milliseconds per thousand rows to rank, and BM25 gives it
#: almost no weight anyway.
POSTING_BUDGET = 5_000
#: With a text of common words only, the words asked for beside the rarest one are those whose
#: frequencies add up to at most this many times :data:`POSTING_BUDGET` (the next one always):
#: their rows are counted (fast), but only those with the rarest word are ranked.
ANCHORED_BUDGET = 10
#: Document frequencies are looked up once per word and kept this many seconds (they move slowly).
FREQUENCY_TTL = 600.0
#: Words whose frequencies are kept, per index, at most (the whole cache is cleared past it).
FREQUENCY_WORDS = 50_000
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


def _prefix_end(word: str) -> str:
    """The first string after every word that starts with ``word``."""
    return word[:-1] + chr(ord(word[-1]) + 1)


class _Frequencies:
    """Document frequencies of search words in one full-text index, estimated, cached a while.

    SQLite: from FTS5's own vocabulary (an ``fts5vocab`` table over the index, made in the
    connection's ``temp`` schema, so nothing is written to the database): the documents of each
    term, summed over the terms a prefix covers (an upper bound: a document with "tax" and "taxes"
    counts twice). PostgreSQL: from the statistics ``ANALYZE`` keeps of the ``tsvector`` column
    (``pg_stats.most_common_elems``: the commonest words, a thousand or so, with the share of rows
    that have each; a word not listed is rarer than the least common one listed), times the
    table's estimated rows.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._sqlite: dict[tuple[str, str], tuple[float, dict[str, int]]] = {}
        self._pg: dict[tuple[str, str], _Statistics] = {}

    def clear(self) -> None:
        with self._lock:
            self._sqlite.clear()
            self._pg.clear()

    def sqlite(self, conn: sa.Connection, index: str, words: Sequence[str]) -> dict[str, int]:
        key = (str(conn.engine.url), index)
        now = time.monotonic()
        with self._lock:
            stamp, known = self._sqlite.get(key, (now, {}))
            if now - stamp > FREQUENCY_TTL or len(known) > FREQUENCY_WORDS:
                stamp, known = now, {}
            self._sqlite[key] = (stamp, known)
            missing = [w for w in words if w not in known]
        if missing:
            vocab = f"temp.claimtrack_{index}_vocab"
            conn.exec_driver_sql(f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocab} USING fts5vocab(main, {index}, row)")
            found = {}
            for word in missing:
                if len(word) >= 3:
                    row = conn.exec_driver_sql(
                        f"SELECT coalesce(sum(doc), 0) FROM {vocab} WHERE term >= ? AND term < ?",
                        (word, _prefix_end(word)),
                    )
                else:
                    row = conn.exec_driver_sql(f"SELECT coalesce(sum(doc), 0) FROM {vocab} WHERE term = ?", (word,))
                found[word] = int(row.scalar_one())
            with self._lock:
                known.update(found)
        return {w: known.get(w, 0) for w in words}

    def postgres(self, conn: sa.Connection, table: str, words: Sequence[str]) -> dict[str, int]:
        key = (str(conn.engine.url), table)
        now = time.monotonic()
        with self._lock:
            stats = self._pg.get(key)
        if stats is None or now - stats.stamp > FREQUENCY_TTL:
            row = conn.execute(_PG_STATS, {"table": table}).first()
            rows = float(conn.execute(_PG_ROWS, {"table": table}).scalar() or 0.0)
            common: dict[str, float] = {}
            if row is not None and row.elems is not None and row.freqs is not None:
                common = dict(zip(row.elems, row.freqs))  # the frequencies end with 3 more figures
            stats = _Statistics(now, max(rows, 0.0), sorted(common), common, min(common.values(), default=0.0))
            with self._lock:
                self._pg[key] = stats
        return {word: stats.rows_with(word) for word in words}


@dataclass
class _Statistics:
    """PostgreSQL's statistics of one ``search_doc`` column: its commonest words and their shares."""

    stamp: float
    rows: float
    words: list[str]  # sorted
    share: dict[str, float]
    least: float  # the least share listed: a word not listed is rarer

    def rows_with(self, word: str) -> int:
        """The rows with ``word`` (as a prefix from three letters), estimated."""
        if len(word) >= 3:
            words = self.words[bisect.bisect_left(self.words, word) : bisect.bisect_left(self.words, _prefix_end(word))]
            share = sum(self.share[w] for w in words)
        else:
            share = self.share.get(word, 0.0)
        return round(self.rows * (share or self.least / 2))


_frequencies = _Frequencies()


def forget_frequencies() -> None:
    """Look the words' frequencies up again from now on (after a bulk import, say)."""
    _frequencies.clear()


_PG_STATS = sa.text(
    "SELECT most_common_elems::text::text[] AS elems, most_common_elem_freqs AS freqs FROM pg_stats "
    "WHERE schemaname = current_schema() AND tablename = :table AND attname = 'search_doc'"
)
_PG_ROWS = sa.text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:table)")


@dataclass(frozen=True, slots=True)
class Search:
    """What the full-text query asks for: any of ``words``; with an ``anchor``, the rows that
    have the anchor and any of ``words`` (each word once, so the ranking is the index's own)."""

    words: tuple[str, ...]
    anchor: str | None = None

    def fts5(self) -> str:
        if self.anchor is None:
            return _fts5_or(self.words)
        return f"{_fts5_or([self.anchor])} AND ({_fts5_or(self.words)})" if self.words else _fts5_or([self.anchor])

    def tsquery(self) -> str:
        if self.anchor is None:
            return _tsquery_or(self.words)
        anchor = _tsquery_or([self.anchor])
        return f"{anchor} & ({_tsquery_or(self.words)})" if self.words else anchor


def plan_search(words: Sequence[str], frequencies: dict[str, int], budget: int | None = None) -> Search:
    """The rarest of ``words`` while their frequencies add up to at most ``budget`` (by default
    :data:`POSTING_BUDGET`), rarest first.

    When even the rarest is in more rows than that (a text of common words only, "the minister
    said taxes rose"), the rows asked for are those with the rarest word **and** any of the next
    ones (while their frequencies add up to at most :data:`ANCHORED_BUDGET` times ``budget``):
    ranking every row that has one common word would be slow, and find nothing that word alone
    does not.
    """
    budget = POSTING_BUDGET if budget is None else budget
    ordered = sorted(words, key=lambda w: (frequencies.get(w, 0), -len(w), w))
    if not ordered:
        return Search(())
    if frequencies.get(ordered[0], 0) > budget and len(ordered) > 1:
        # the index reads each word's rows to weigh it (its idf), but ranks only rows with both
        return Search(_rarest(ordered[1:], frequencies, ANCHORED_BUDGET * budget), anchor=ordered[0])
    return Search(_rarest(ordered, frequencies, budget))


def _rarest(ordered: Sequence[str], frequencies: dict[str, int], budget: int) -> tuple[str, ...]:
    chosen: list[str] = []
    total = 0
    for word in ordered:
        count = frequencies.get(word, 0)
        if chosen and total + count > budget:
            break
        chosen.append(word)
        total += count
    return tuple(chosen)


# SQLite: the index ranks alone, in a subquery, and only its best rows are joined to their table
# (joining every row the index finds, to filter or sort, costs as much again).
_SQLITE_FACT_CHECKS = sa.text(
    "SELECT f.id, f.text, f.title, f.speaker, f.review_date, f.rating, f.external_id, hit.r "
    "FROM (SELECT rowid AS id, -bm25(fact_check_fts) AS r FROM fact_check_fts WHERE fact_check_fts MATCH :q "
    "      ORDER BY bm25(fact_check_fts) LIMIT :depth) AS hit "
    "JOIN fact_check f ON f.id = hit.id ORDER BY hit.r DESC"
)
_PG_FACT_CHECKS = sa.text(
    "SELECT f.id, f.text, f.title, f.speaker, f.review_date, f.rating, f.external_id, "
    "ts_rank(f.search_doc, q) AS r "
    "FROM fact_check f, to_tsquery('simple', :q) q "
    "WHERE f.search_doc @@ q ORDER BY r DESC, f.id LIMIT :depth"
)
# The claims of other statuses, and of the article left out, are filtered from the index's best
# :data:`CLAIM_FETCH` (a claim's own article has a few dozen claims; a seventh are dismissed).
_SQLITE_CLAIMS = sa.text(
    "SELECT c.id, c.text, c.claimant, c.status, hit.r "
    "FROM (SELECT rowid AS id, -bm25(claim_fts) AS r FROM claim_fts WHERE claim_fts MATCH :q "
    "      ORDER BY bm25(claim_fts) LIMIT :fetch) AS hit "
    "JOIN claim c ON c.id = hit.id WHERE c.status IN :statuses AND c.article_id != :article "
    "ORDER BY hit.r DESC LIMIT :depth"
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
        scored = [pair for ranked in rank_lists(query, [candidates, claim_candidates]) for pair in ranked]
        scored.sort(key=lambda pair: -pair[1])
        out = []
        for ranked_key, score in scored[:limit]:
            m = found[ranked_key]
            out.append(Match(m.kind, m.id, m.external_id, score, m.text, rating=m.rating, status=m.status))
        return out

    def _search(self, conn: sa.Connection, index: str, table: str, words: list[str]) -> str:
        if self._sqlite:
            return plan_search(words, _frequencies.sqlite(conn, index, words)).fts5()
        return plan_search(words, _frequencies.postgres(conn, table, words)).tsquery()

    def _fact_checks(self, conn: sa.Connection, words: list[str]) -> Sequence[sa.Row[Any]]:
        query = self._search(conn, "fact_check_fts", "fact_check", words)
        return conn.execute(
            _SQLITE_FACT_CHECKS if self._sqlite else _PG_FACT_CHECKS, {"q": query, "depth": DEPTH}
        ).all()

    def _claims(self, conn: sa.Connection, words: list[str], exclude_article: int | None) -> Sequence[sa.Row[Any]]:
        query = self._search(conn, "claim_fts", "claim", words)
        params = {
            "statuses": list(CLAIM_STATUSES),
            "depth": DEPTH,
            "fetch": CLAIM_FETCH,
            "article": -1 if exclude_article is None else exclude_article,
        }
        return conn.execute(_SQLITE_CLAIMS if self._sqlite else _PG_CLAIMS, {"q": query, **params}).all()


def match_text(
    db: Database, text: str, *, context: Sequence[str] = (), speaker: str = "", limit: int = 10
) -> list[Match]:
    """The best ``limit`` stored fact checks and claims matching ``text``, best first."""
    return Matcher(db).match(text, context=context, speaker=speaker, limit=limit)
