"""ClaimReview: the mapping of every status, the model, and the claimant guess."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from claimtrack.config import Settings
from claimtrack.domain import ClaimStatus
from claimtrack.errors import InputError
from claimtrack.services import workflow
from claimtrack.services.claimreview import (
    RATINGS,
    ClaimReview,
    build_claim_review,
    claim_reviews,
    claimant_kind,
)
from claimtrack.store import Database, open_database
from tests.builders import seed

SETTINGS = Settings(
    org_name="Desk Facts", org_url="https://facts.example", check_url_pattern="https://facts.example/c/{id}"
)

EXPECTED = {
    ClaimStatus.VERIFIED: (5, "True"),
    ClaimStatus.MISLEADING: (2, "Misleading"),
    ClaimStatus.DISPUTED: (3, "Disputed"),
    ClaimStatus.FALSE: (1, "False"),
}


@pytest.fixture
def db(db_url: str) -> Database:
    database = open_database(db_url)
    yield database
    database.close()


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_every_status(db: Database, status: ClaimStatus) -> None:
    [cid, *_] = seed(db)
    with db.session() as s:
        workflow.add_evidence(s, cid, "https://evidence.example/1", user="alice", stance="context")
        if status != ClaimStatus.NEW:
            workflow.set_status(s, cid, status, user="alice", note="Because.")
    with db.session() as s:
        if status in EXPECTED:
            [review] = list(claim_reviews(s, SETTINGS, [cid]))
            data = review.to_json()
            value, words = EXPECTED[status]
            assert data["reviewRating"] == {
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": words,
            }
            assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
            assert data["claimReviewed"] == "40 people were hurt"
            assert data["url"] == f"https://facts.example/c/{cid}"
            assert data["author"] == {"@type": "Organization", "name": "Desk Facts", "url": "https://facts.example"}
            assert data["itemReviewed"]["author"] == {"@type": "Organization", "name": "The ministry"}
            assert data["itemReviewed"]["appearance"]["url"] == "https://news.example/bridge"
            assert data["itemReviewed"]["appearance"]["headline"] == "Bridge collapse"
            assert date.fromisoformat(data["datePublished"])
            ClaimReview.model_validate(data)  # what we write reads back through the model
        else:
            with pytest.raises(InputError, match=f"has no verdict \\(it is {status.value}\\)"):
                list(claim_reviews(s, SETTINGS, [cid]))
            assert list(claim_reviews(s, SETTINGS)) == []  # and "every claim with a verdict" skips it


def test_the_mapping_covers_exactly_the_verdicts() -> None:
    from claimtrack.domain import VERDICTS

    assert set(RATINGS) == set(VERDICTS)
    assert {s: RATINGS[s] for s in RATINGS} == EXPECTED


def test_the_latest_verdict_counts(db: Database) -> None:
    [cid, *_] = seed(db)
    with db.session() as s:
        workflow.add_evidence(s, cid, "https://evidence.example/1", user="alice")
        workflow.set_status(s, cid, "false", user="alice", note="No.")
        workflow.set_status(s, cid, "in_review", user="bob", note="Reopened.")
        workflow.set_status(s, cid, "verified", user="bob", note="Yes after all.")
    with db.session() as s:
        [review] = list(claim_reviews(s, SETTINGS))
    assert review.reviewRating.alternateName == "True"


def test_model_requires_the_required_fields() -> None:
    good = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://f.example/1",
        "claimReviewed": "x",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A"}},
        "author": {"@type": "Organization", "name": "Desk"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "datePublished": "2024-01-01",
    }
    ClaimReview.model_validate(good)
    for field in ("url", "claimReviewed", "reviewRating", "author", "itemReviewed", "datePublished"):
        broken = {k: v for k, v in good.items() if k != field}
        with pytest.raises(ValidationError):
            ClaimReview.model_validate(broken)
    for bad in (
        {"url": "javascript:alert(1)"},
        {"claimReviewed": ""},
        {"@type": "Review"},
        {"reviewRating": {**good["reviewRating"], "ratingValue": 6}},  # type: ignore[dict-item]
        {"reviewRating": {**good["reviewRating"], "bestRating": 10}},
    ):  # type: ignore[dict-item]
        with pytest.raises(ValidationError):
            ClaimReview.model_validate({**good, **bad})


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("The Chinese foreign ministry", "Organization"),
        ("A Russian news agency", "Organization"),
        ("An unverified Ukrainian news report", "Organization"),
        ("the Chinese state media outlet Global Times", "Organization"),
        ("a readout of the call published by the China Global Television Network", "Organization"),
        ("SCMP", "Organization"),
        ("Ned Price, the State Department spokesman", "Person"),
        ("Russian President Vladimir V. Putin", "Person"),
        ("State Department counsellor Derek Chollet", "Person"),
        ("Wang Yi", "Person"),
    ],
)
def test_claimant_kind(name: str, kind: str) -> None:
    assert claimant_kind(name) == kind


def test_missing_claimant_falls_back_to_the_outlet(db: Database) -> None:
    from claimtrack.store.models import Article, Claim

    article = Article(title="T", outlet="Daily Test", text="b", content_hash="h", ingested_by="a")
    claim = Claim(
        id=5,
        article_id=1,
        text="c",
        sentence="c",
        char_start=0,
        char_end=1,
        sentence_start=0,
        sentence_end=1,
        claimant=None,
        status="false",
        created_by="a",
        updated_by="a",
    )
    review = build_claim_review(claim, article, date(2024, 1, 2), SETTINGS).to_json()
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Daily Test"}
    assert "url" not in review["itemReviewed"]["appearance"]  # no article url: omitted, not invented
