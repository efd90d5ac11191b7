"""The queue in each order (score, newest, oldest, id), paged by key on SQLite and PostgreSQL.

Every page, position and jump is checked against the order worked out in Python from the
claims themselves: articles published on the same day and articles without a date (their
ingestion time counts), equal scores, a search, a minimum score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from claimtrack.domain import ParsedArticle
from claimtrack.errors import InputError
from claimtrack.extract.types import ProposedClaim
from claimtrack.services import queue
from claimtrack.services.desk import Desk
from claimtrack.services.ingest import store_article
from claimtrack.services.queries import ClaimFilter, ClaimSort, iter_claim_rows, parse_min_score
from claimtrack.store import Database
from claimtrack.store.models import Article, Claim

#: (published, ingested) of each article, in the order they are stored. Two share a published
#: day; one without a date was ingested on that same day (after its midnight); one has no date
#: and is the oldest of all.
ARTICLES = [
    (date(2024, 3, 5), datetime(2024, 3, 10, 10, 0, tzinfo=UTC)),
    (None, datetime(2024, 3, 5, 8, 0, 0, 250000, tzinfo=UTC)),
    (date(2024, 3, 5), datetime(2024, 3, 9, 9, 0, tzinfo=UTC)),
    (None, datetime(2024, 3, 1, 23, 59, tzinfo=UTC)),
    (date(2024, 3, 7), datetime(2024, 3, 7, 12, 0, tzinfo=UTC)),
]
SCORES = [0.9, 0.5, 0.7, 0.5, 0.95, 0.2, 0.7, 0.5, 0.61, 0.5, 0.33]
"""Repeating, so many claims share a score."""


@dataclass(frozen=True)
class Stored:
    id: int
    score: float
    article_id: int
    day: datetime
    text: str


def store(db: Database, per_article: int = 23) -> list[Stored]:
    """The articles of ``ARTICLES``, ``per_article`` claims each; every third mentions "harbour"."""
    counter = iter(range(10_000))
    for a, (published, ingested) in enumerate(ARTICLES):
        lines = []
        for _ in range(per_article):
            n = next(counter)
            lines.append(f"Claim {n} of article {a} says the {'harbour' if n % 3 == 0 else 'bridge'} cost {n}.")
        body = "\n".join(lines)

        def extractor(text: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
            out, pos = [], 0
            for line in text.split("\n"):
                n = int(line.split()[1])
                out.append(
                    ProposedClaim(
                        text=line,
                        start=pos,
                        end=pos + len(line),
                        sentence=line,
                        sentence_start=pos,
                        sentence_end=pos + len(line),
                        claimant="Ministry",
                        cue=None,
                        score=SCORES[n % len(SCORES)],
                    )
                )
                pos += len(line) + 1
            return out

        with db.session() as s:
            result = store_article(
                s,
                ParsedArticle(title=f"Article {a}", body=body, published=published),
                user="loader",
                extractor=extractor,
            )
            s.get(Article, result.article.id).ingested_at = ingested  # type: ignore[union-attr]  # test data: when it came in
            s.commit()
    with db.session() as s:
        rows = s.exec(select(Claim, Article).join(Article, Article.id == Claim.article_id)).all()  # type: ignore[arg-type]
        return [
            Stored(
                id=c.id,  # type: ignore[arg-type]
                score=c.score,
                article_id=a.id,  # type: ignore[arg-type]
                day=datetime(a.published.year, a.published.month, a.published.day, tzinfo=UTC)
                if a.published
                else a.ingested_at,
                text=c.text,
            )
            for c, a in rows
        ]


def expected_order(claims: list[Stored], sort: ClaimSort) -> list[int]:
    """The order, worked out in Python."""
    by_id = sorted(claims, key=lambda c: c.id)
    if sort is ClaimSort.SCORE:
        ordered = sorted(by_id, key=lambda c: -c.score)
    elif sort is ClaimSort.OLDEST:
        ordered = sorted(by_id, key=lambda c: (c.day, c.article_id))
    elif sort is ClaimSort.NEWEST:
        ordered = sorted(by_id, key=lambda c: (c.day, c.article_id), reverse=True)  # stable: ids stay ascending
    else:
        ordered = by_id
    return [c.id for c in ordered]


SORTS = list(ClaimSort)


@pytest.mark.parametrize("dense", [False, True], ids=["anchors", "every-key"])
@pytest.mark.parametrize("search", [None, "harbour"])
@pytest.mark.parametrize("sort", SORTS)
def test_every_order_pages_jumps_and_finds_positions_like_the_plain_order(
    db: Database, sort: ClaimSort, search: str | None, dense: bool
) -> None:
    claims = store(db)
    desk = Desk(db, "alice")
    matching = [c for c in claims if search is None or search in c.text]
    expected = expected_order(matching, sort)
    flt = ClaimFilter.build(sort=sort, search=search)
    index = desk.build_index(flt, stride=8, dense_limit=1000 if dense else 0)
    assert index.total == len(expected)
    if dense:
        assert index.stride == 1 and [key[-1] for key in index.anchors] == expected
    else:
        assert index.stride == 8 and [key[-1] for key in index.anchors] == expected[::8]
    # any position, across anchors (reads are bounded by the next anchor)
    for start in (0, 1, 7, 8, 9, 20, 33, len(expected) - 5, len(expected) - 1):
        got = [r.id for r in desk.rows_at(index, start, 6)]
        assert got == expected[start : start + 6], (sort, start)
    assert desk.rows_at(index, len(expected), 5) == []
    # every claim's position; a claim the filter hides has none
    for position, claim_id in enumerate(expected):
        assert desk.position_of(index, claim_id) == position, (sort, claim_id)
    if search:
        hidden = next(c.id for c in claims if search not in c.text)
        assert desk.position_of(index, hidden) is None
    for beyond in (999_999, 2**31, 2**63, 0, -1):  # no such claim (not an overflow on PostgreSQL)
        assert desk.position_of(index, beyond) is None
    # the first page, and pages after any row's key
    assert [r.id for r in desk.first_page(flt, 5)] == expected[:5]
    with db.session() as s:
        for k in (0, 4, 17, len(expected) - 3, len(expected) - 1):
            key = queue.sort_key(s, flt, expected[k])
            assert key is not None and key[-1] == expected[k]
            assert [r.id for r in queue.page_after(s, flt, key, 5)] == expected[k + 1 : k + 6], (sort, k)


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("query", ["claim", "harbour", "cost 101", "nothing"])
def test_a_search_page_in_every_order_is_right_for_common_rare_and_absent_words(
    db: Database, sort: ClaimSort, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next PROBE_ROWS claims in order are looked through first; the full-text index is
    asked only when they hold less than a page (a rare word): both give the same page."""
    monkeypatch.setattr(queue, "PROBE_ROWS", 10)
    claims = store(db)
    words = query.split()
    matching = [c for c in claims if all(w in c.text.lower().replace(".", "").split() for w in words)]
    expected = expected_order(matching, sort)
    assert len(expected) == {"claim": len(claims), "harbour": len(claims) // 3 + 1, "cost 101": 1, "nothing": 0}[query]
    flt = ClaimFilter.build(sort=sort, search=query)
    with db.session() as s:
        assert [r.id for r in queue.page_after(s, flt, None, 5)] == expected[:5]
        if len(expected) > 6:
            key = queue.sort_key(s, flt, expected[3])
            assert [r.id for r in queue.page_after(s, flt, key, 5)] == expected[4:9]


@pytest.mark.parametrize("sort", SORTS)
def test_a_minimum_score_narrows_the_queue_the_counts_and_the_listing(db: Database, sort: ClaimSort) -> None:
    claims = store(db, per_article=9)
    desk = Desk(db, "alice")
    flt = ClaimFilter.build(sort=sort, min_score="0.6")
    expected = expected_order([c for c in claims if c.score >= 0.6], sort)
    assert 0 < len(expected) < len(claims)
    index = desk.build_index(flt, stride=4, dense_limit=0)
    assert index.total == len(expected)
    assert [r.id for r in desk.rows_at(index, 0, 100)] == expected
    assert sum(desk.counts(flt).values()) == len(expected)
    # claims with exactly the minimum are in (0.5 is, 0.49 would not be)
    half = ClaimFilter.build(sort=sort, min_score=0.5)
    assert desk.build_index(half).total == sum(1 for c in claims if c.score >= 0.5)
    with db.session() as s:
        assert [r.id for r in iter_claim_rows(s, flt)] == expected


@pytest.mark.parametrize("sort", SORTS)
def test_the_listing_is_in_the_queue_order(db: Database, sort: ClaimSort) -> None:
    claims = store(db, per_article=6)
    with db.session() as s:
        assert [r.id for r in iter_claim_rows(s, ClaimFilter.build(sort=sort), batch=4)] == expected_order(claims, sort)


def test_the_default_order_is_check_worthiness() -> None:
    assert ClaimFilter().sort is ClaimSort.SCORE and ClaimFilter.build().sort is ClaimSort.SCORE
    assert ClaimFilter.build(sort="Newest ").sort is ClaimSort.NEWEST


@pytest.mark.parametrize("value", ["1.5", "-0.1", "abc", "nan", "inf", "", 2])
def test_a_minimum_score_outside_0_to_1_is_refused_in_one_line(value: object) -> None:
    with pytest.raises(InputError) as raised:
        parse_min_score(value)  # type: ignore[arg-type]
    assert "\n" not in str(raised.value) and "0 to 1" in str(raised.value)


def test_minimum_scores_and_sorts_as_typed() -> None:
    assert parse_min_score(" 0.5 ") == 0.5 and parse_min_score(0) == 0.0 and parse_min_score("1") == 1.0
    assert parse_min_score(None) is None
    with pytest.raises(InputError, match="unknown sort 'best': use one of score, newest, oldest, id"):
        ClaimFilter.build(sort="best")
