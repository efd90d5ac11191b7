"""The Fact Check Tools API: its response format, and ``claimtrack lookup`` (MockTransport)."""

from __future__ import annotations

import json

import httpx
import pytest

from claimtrack.web.errors import FetchError
from claimtrack.web.factcheck import parse_response, search_claims
from claimtrack.web.ratings import map_rating, stance_for, status_from_scale, status_from_words
from tests.web.conftest import Run, fails, mock_fetcher, ok

#: Shaped like a real claims:search answer (fields as documented for v1alpha1).
SAMPLE = {
    "claims": [
        {
            "text": "Four Chinese nationals were killed in Kharkiv",
            "claimant": "Ukrainian news site",
            "claimDate": "2022-03-02T00:00:00Z",
            "claimReview": [
                {
                    "publisher": {"name": "Global Checks", "site": "globalchecks.example"},
                    "url": "https://globalchecks.example/2022/03/chinese-nationals",
                    "title": "No evidence four Chinese nationals were killed",
                    "reviewDate": "2022-03-04T09:30:00Z",
                    "textualRating": "False",
                    "languageCode": "en",
                },
                {
                    "publisher": {"site": "verifica.example"},
                    "url": "https://verifica.example/cinesi-kharkiv",
                    "reviewDate": "2022-03-05T00:00:00Z",
                    "textualRating": "Fuorviante",
                    "languageCode": "it",
                },
            ],
        },
        {
            "text": "Chinese students were evacuated from Kharkiv",
            "claimReview": [
                {
                    "publisher": {"name": "Desk Facts", "site": "deskfacts.example"},
                    "url": "https://deskfacts.example/evacuation",
                    "title": "Yes, students were evacuated",
                    "textualRating": "Mostly True",
                    "languageCode": "en",
                    "someNewField": {"ignored": True},
                }
            ],
        },
    ],
    "nextPageToken": "CAo",
}


def test_the_response_format() -> None:
    page = parse_response(SAMPLE)
    assert [r.number for r in page.results] == [1, 2, 3] and page.next_page_token == "CAo"
    first, second, third = page.results
    assert (first.publisher, first.rating, first.review_date, first.claimant, first.claim_date, first.language) == (
        "Global Checks",
        "False",
        "2022-03-04",
        "Ukrainian news site",
        "2022-03-02",
        "en",
    )
    assert second.publisher == "verifica.example" and second.title is None and second.claimant == "Ukrainian news site"
    assert third.rating == "Mostly True" and third.claimant is None
    assert parse_response({}).results == [] and parse_response({}).next_page_token is None


def test_a_request_carries_the_query_and_key_and_an_error_hides_the_key() -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        if request.url.params.get("key") == "bad":
            return httpx.Response(
                400,
                json={
                    "error": {
                        "code": 400,
                        "message": "API key not valid. Please pass a valid API key.",
                        "status": "INVALID_ARGUMENT",
                    }
                },
            )
        return httpx.Response(200, json=SAMPLE)

    with mock_fetcher(handler) as fetcher:
        page = search_claims(fetcher, "  four Chinese\nnationals ", api_key="k123", language="en", page_token="CAo")
        assert len(page.results) == 3
        params = seen[0].params
        assert (seen[0].host, seen[0].path) == ("factchecktools.googleapis.com", "/v1alpha1/claims:search")
        assert (params["query"], params["key"], params["languageCode"], params["pageToken"]) == (
            "four Chinese nationals",
            "k123",
            "en",
            "CAo",
        )
        with pytest.raises(FetchError, match="HTTP 400: API key not valid") as caught:
            search_claims(fetcher, "x", api_key="bad")
        assert "bad" not in str(caught.value).replace("API key not valid", "")
        with pytest.raises(FetchError, match="lookup needs a Google Fact Check Tools API key"):
            search_claims(fetcher, "x", api_key=None)


@pytest.mark.parametrize(
    ("words", "status"),
    [
        ("False", "false"),
        ("Pants on Fire!", "false"),
        ("Not true", "false"),
        ("Incorrect", "false"),
        ("Fake", "false"),
        ("Mostly False", "misleading"),
        ("Misleading", "misleading"),
        ("Missing context", "misleading"),
        ("Partly false", "misleading"),
        ("Half True", "disputed"),
        ("Mixture", "disputed"),
        ("True", "verified"),
        ("Mostly true", "verified"),
        ("Correct", "verified"),
        ("Unproven", "unverifiable"),
        ("Unverified", "unverifiable"),
        ("No evidence", "unverifiable"),
        ("Fuorviante", None),
    ],
)
def test_rating_words(words: str, status: str | None) -> None:
    found = status_from_words(words)
    assert (found.value if found else None) == status


def test_rating_scale_and_stance() -> None:
    assert [status_from_scale(v).value for v in (1, 2, 3, 4, 5)] == [
        "false",
        "misleading",
        "disputed",
        "verified",
        "verified",
    ]  # type: ignore[union-attr]
    assert (
        status_from_scale(0, best=10, worst=0).value == "false"
        and status_from_scale(7, best=10, worst=0).value == "verified"
    )  # type: ignore[union-attr]
    assert status_from_scale(9, best=5, worst=1) is None and status_from_scale(None) is None
    assert map_rating("Mostly false", 5).value == "misleading"  # type: ignore[union-attr]  (words win)
    assert [stance_for(map_rating(w)).value for w in ("False", "True", "Misleading", "???")] == [
        "refutes",
        "supports",
        "context",
        "context",
    ]


# -- the command -----------------------------------------------------------------------------


def api(request: httpx.Request) -> httpx.Response:
    if request.url.host == "factchecktools.googleapis.com":
        return httpx.Response(200, json=SAMPLE)
    return httpx.Response(
        200,
        text="<html><head><title>Fact check page</title></head><body>False.</body></html>",
        headers={"Content-Type": "text/html"},
    )


def test_lookup_needs_a_key(cli: Run, mock_web) -> None:
    mock_web(api)
    line = fails(cli("lookup", "1"), "lookup needs a Google Fact Check Tools API key: set CLAIMTRACK_FACTCHECK_API_KEY")
    assert line.startswith("claimtrack: error: lookup needs")


def test_lookup_shows_the_fact_checks_and_attaches_one(cli: Run, mock_web, db_url: str) -> None:
    from claimtrack.store import open_database
    from tests.builders import seed

    db = open_database(db_url)
    claim_id = seed(db)[0]
    db.close()
    mock_web(api)
    env = {"CLAIMTRACK_FACTCHECK_API_KEY": "k123"}
    out = ok(cli("lookup", str(claim_id), env=env))
    assert " 1. Global Checks: “False” (2022-03-04) [refutes]" in out
    assert "claim: Four Chinese nationals were killed in Kharkiv — Ukrainian news site, 2022-03-02" in out
    assert "https://globalchecks.example/2022/03/chinese-nationals" in out and " 3. Desk Facts: “Mostly True”" in out
    assert f"more: claimtrack lookup {claim_id} --page-token CAo" in out
    data = json.loads(ok(cli("lookup", str(claim_id), "--json", env=env)))
    assert data["next_page_token"] == "CAo" and data["results"][1]["publisher"] == "verifica.example"

    out = ok(cli("lookup", str(claim_id), "--attach", "1", env=env))
    assert f"fact check 1 attached to claim {claim_id} as evidence #" in out and "(refutes)" in out
    shown = ok(cli("evidence", "show", str(claim_id)))
    assert (
        "No evidence four Chinese nationals were killed" in shown and "HTTP 200" in shown and "Global Checks" in shown
    )
    out = ok(cli("lookup", str(claim_id), "--attach", "2", "--stance", "supports", "--no-fetch", env=env))
    assert "(supports), not captured" in out
    fails(cli("lookup", str(claim_id), "--attach", "9", env=env), "--attach 9: the look-up found 3 fact checks")
    fails(cli("lookup", "999", env=env), "no claim with id 999")
