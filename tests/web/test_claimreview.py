"""ClaimReview import: JSON-LD in pages (single, list, @graph), JSON files and feeds, re-import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.web.claimreview import RecordError, find_claim_reviews, jsonld_blocks, reviews_in_html, to_record
from tests.web.conftest import LocalServer, Route, Run, fails, ok

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example/2024/bridge",
    "datePublished": "2024-03-06",
    "headline": "No, the bridge did not collapse at noon",
    "claimReviewed": "The bridge collapsed at noon on Tuesday",
    "author": {"@type": "Organization", "name": "Desk Facts", "url": "https://checks.example"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "A local paper"},
        "datePublished": "2024-03-05",
        "appearance": [
            {"@type": "CreativeWork", "url": "https://paper.example/bridge", "headline": "Bridge falls at noon"}
        ],
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": "1",
        "bestRating": "5",
        "worstRating": "1",
        "alternateName": "False",
    },
}


def page(*blocks: str) -> bytes:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<html><head><title>Check</title>{scripts}</head><body><p>Our check.</p></body></html>".encode()


def test_reviews_are_found_in_messy_json_ld() -> None:
    second = {
        **REVIEW,
        "url": "https://checks.example/2024/prices",
        "claimReviewed": "Prices rose 5% last year",
        "reviewRating": {"ratingValue": 4, "bestRating": 5, "worstRating": 1},
    }
    graph = json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [{"@type": "WebPage", "name": "x"}, {**second, "@type": ["schema:ClaimReview"]}],
        }
    )
    messy = "<!-- " + json.dumps([REVIEW]).replace("}]", "},]") + " -->"
    html = page(
        graph, messy, "{not json at all", json.dumps({"@type": "NewsArticle", "headline": "unrelated"})
    ).decode()
    assert len(jsonld_blocks(html)) == 3
    found = reviews_in_html(html)
    assert sorted(r["claimReviewed"] for r in found) == [
        "Prices rose 5% last year",
        "The bridge collapsed at noon on Tuesday",
    ]
    feed = {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [REVIEW]}]}
    assert list(find_claim_reviews(feed)) == [REVIEW]


def test_a_record_is_read_leniently_and_validated() -> None:
    record = to_record(REVIEW)
    assert (record.claim_text, record.claimant, record.publisher, record.rating, record.status.value) == (
        "The bridge collapsed at noon on Tuesday",
        "A local paper",
        "Desk Facts",
        "False",
        "false",
    )
    assert record.appearance_url == "https://paper.example/bridge" and record.review_date.isoformat() == "2024-03-06"
    numeric = to_record({**REVIEW, "reviewRating": {"ratingValue": "4", "bestRating": "5"}})
    assert numeric.rating == "4/5" and numeric.status.value == "verified"
    assert (
        to_record({**REVIEW, "url": None}, page_url="https://checks.example/page").review_url
        == "https://checks.example/page"
    )
    with pytest.raises(RecordError, match="no claimReviewed"):
        to_record({**REVIEW, "claimReviewed": "  "})
    with pytest.raises(RecordError, match="no url"):
        to_record({**REVIEW, "url": "javascript:alert(1)"})
    with pytest.raises(RecordError, match="claim_text"):
        to_record({**REVIEW, "claimReviewed": "x" * 6000})


def test_import_a_page_then_again(cli: Run, server: LocalServer) -> None:
    unrated = {
        **REVIEW,
        "url": "https://checks.example/2024/crowd",
        "claimReviewed": "Ten thousand people marched",
        "reviewRating": {"alternateName": "Fuorviante"},
        "itemReviewed": {"@type": "Claim"},
    }
    server.routes["/check"] = Route(200, page(json.dumps({"@graph": [REVIEW, unrated, {"@type": "ClaimReview"}]})))
    out = ok(cli("import-claimreview", server.url("/check"), "--allow-private"))
    lines = out.strip().splitlines()
    assert len(lines) == 2
    assert "claim 1 (false) “The bridge collapsed at noon on Tuesday” — Desk Facts: False" in lines[0]
    assert "claim 2 (new) “Ten thousand people marched” — Desk Facts: Fuorviante" in lines[1]
    claims = {c["id"]: c for c in json.loads(ok(cli("claims", "--json")))}
    assert (
        claims[1]["status"] == "false"
        and claims[1]["origin"] == "claimreview"
        and claims[1]["claimant"] == "A local paper"
    )
    assert (
        claims[1]["article_title"] == "Bridge falls at noon"
        and claims[2]["article_title"] == "No, the bridge did not collapse at noon"
    )
    shown = ok(cli("show", "1"))
    assert (
        "refutes" in shown and "https://checks.example/2024/bridge" in shown and "https://paper.example/bridge" in shown
    )
    history = ok(cli("history", "1"))
    assert "status new → false" in history and "From the ClaimReview by Desk Facts" in history

    again = ok(cli("import-claimreview", server.url("/check"), "--allow-private"))
    assert again.count("already imported as claim") == 2 and "nothing changed" in again
    assert len(json.loads(ok(cli("claims", "--json")))) == 2


def test_import_a_json_file_and_refuse_what_has_none(cli: Run, tmp_path: Path, server: LocalServer) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(
        json.dumps(
            [REVIEW, {**REVIEW, "url": "https://checks.example/other", "reviewRating": {"alternateName": "Half true"}}]
        )
    )
    out = ok(cli("import-claimreview", str(path)))
    assert "(false)" in out and "(disputed)" in out
    assert "already imported" in ok(cli("import-claimreview", str(path)))
    (tmp_path / "none.json").write_text('{"@type": "NewsArticle"}')
    fails(cli("import-claimreview", str(tmp_path / "none.json")), "no ClaimReview found in the JSON")
    (tmp_path / "broken.json").write_text('[{"@type": "ClaimReview", "url": "https://x.example/"}]')
    fails(
        cli("import-claimreview", str(tmp_path / "broken.json")),
        "no usable ClaimReview found (ClaimReview 1: it has no claimReviewed)",
    )
    server.routes["/check"] = Route(200, page(json.dumps(REVIEW)))
    fails(cli("import-claimreview", server.url("/check")), "--allow-private")
    fails(cli("import-claimreview", "file:///etc/passwd"), "not an http(s) url")
    assert len(json.loads(ok(cli("claims", "--json")))) == 2


def test_json_ld_blocks_are_found_by_an_html_parser() -> None:
    xhtml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        f"<SCRIPT TYPE='Application/LD+JSON; charset=utf-8'>{json.dumps(REVIEW)}</SCRIPT>"
        '<script type="text/javascript">{"@type": "ClaimReview"}</script>'
        '</head><body><!-- <script type="application/ld+json">{"hidden": 1}</script> --></body></html>'
    )
    assert jsonld_blocks(xhtml) == [REVIEW]
    assert jsonld_blocks("") == [] and jsonld_blocks("no markup at all") == []
