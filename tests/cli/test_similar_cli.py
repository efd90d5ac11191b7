"""``ingest`` matching, ``similar``, ``same`` and ``different`` (issue 15), on a real database of each engine.

The example article is ingested with the real extractor; a checker gives one of its claims a
verdict and imports a fact check; a later article repeats both. Everything goes through the
command line, as a checker would.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.config import get_settings
from tests.clicheck import fails, ok

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "articles" / "scmp-blinken-wang-yi.txt"

LATER = """War rumours spread online
Social media posts said four Chinese nationals were killed in an attack in Ukraine last week.
Russian officials said Brittney Griner was detained for possession of hashish oil at a Moscow airport.
The mayor said the new bridge would open in May.
Authors: Jo Reporter, Test Daily
"""

GRINER = {
    "id": "sn-1",
    "text": "Brittney Griner was detained in Russia for possession of hashish oil",
    "rating": "True",
    "publisher": "Snopes",
    "url": "https://snopes.example/griner",
}


def run(db_url: str, *args: str, stdin: str | None = None) -> Result:
    get_settings.cache_clear()
    return CliRunner().invoke(app, list(args), input=stdin, env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": "alice"})


def claim_id(db_url: str, text: str) -> int:
    rows = json.loads(ok(run(db_url, "claims", "--all", "--json", "--search", text)))
    assert rows, text
    return int(rows[0]["id"])


@pytest.fixture
def desk(db_url: str, tmp_path: Path) -> dict[str, object]:
    first = ok(run(db_url, "ingest", str(FIXTURE)))
    assert "match earlier checks" in first  # the first article has nothing to match: it says so
    killed = claim_id(db_url, "four Chinese nationals were killed")
    ok(
        run(
            db_url,
            "evidence",
            "add",
            str(killed),
            "https://globaltimes.example/denial",
            "--stance",
            "refutes",
            "--no-fetch",
        )
    )
    ok(run(db_url, "status", str(killed), "false", "--note", "The embassy says no Chinese citizen was hurt."))
    ok(run(db_url, "factchecks", "import", "-", stdin=json.dumps(GRINER) + "\n"))
    later = tmp_path / "later.txt"
    later.write_text(LATER, encoding="utf-8")
    return {"killed": killed, "later": later, "db_url": db_url}


def test_ingest_ends_saying_which_claims_match_earlier_checks(desk: dict[str, object]) -> None:
    db_url = str(desk["db_url"])
    out = ok(run(db_url, "ingest", str(desk["later"])))
    assert "2 claims match earlier checks" in out
    repeat = claim_id(db_url, "attack in Ukraine last week")
    griner = claim_id(db_url, "at a Moscow airport")
    assert f"claim {repeat} ≈ claim #{desk['killed']} (false, " in out
    assert f"claim {griner} ≈ fact check #" in out and "(True, " in out
    # the queue's filter finds them, and the claims' pages list the matches
    seen = json.loads(ok(run(db_url, "claims", "--seen-before", "--json")))
    assert {repeat, griner} <= {row["id"] for row in seen}
    assert "Seen before (1;" in ok(run(db_url, "show", str(repeat)))


def test_no_match_ingests_without_matching(desk: dict[str, object]) -> None:
    db_url = str(desk["db_url"])
    out = ok(run(db_url, "ingest", "--no-match", str(desk["later"])))
    assert "match earlier checks" not in out
    repeat = claim_id(db_url, "attack in Ukraine last week")
    assert "no matches" in ok(run(db_url, "similar", str(repeat)))


def test_similar_json_and_deciding_carries_a_verdict_only_when_asked(desk: dict[str, object]) -> None:
    db_url = str(desk["db_url"])
    ok(run(db_url, "ingest", str(desk["later"])))
    repeat = claim_id(db_url, "attack in Ukraine last week")
    killed = desk["killed"]
    data = json.loads(ok(run(db_url, "similar", str(repeat), "--json")))
    assert data["claim_id"] == repeat
    best = data["matches"][0]
    assert (best["kind"], best["id"], best["state"], best["status"]) == ("claim", killed, "suggested", "false")
    assert 0.75 <= best["score"] <= 1.0 and best["method"] == "fts+rerank/1"
    # confirming offers the verdict and does not give it
    out = ok(run(db_url, "same", str(repeat), str(killed)))
    assert f"claim {repeat} is the same claim as claim #{killed}" in out
    assert f"offers the verdict false: claimtrack same {repeat} {killed} --apply-verdict" in out
    assert json.loads(ok(run(db_url, "show", str(repeat), "--json")))["status"] == "new"
    # asked, it gives it, with the match linked as evidence
    out = ok(run(db_url, "same", str(repeat), str(killed), "--apply-verdict"))
    assert "verdict carried over: false" in out
    shown = json.loads(ok(run(db_url, "show", str(repeat), "--json")))
    assert shown["status"] == "false"
    assert shown["evidence"][-1]["quote"] == "four Chinese nationals were killed in an attack"
    history = ok(run(db_url, "history", str(repeat)))
    assert f"alice: the same claim as claim #{killed} (was suggested)" in history
    assert "status new → false" in history
    assert f"the same claim as claim #{repeat} (was suggested)" in ok(run(db_url, "history", str(killed)))


def test_different_unmarks_and_a_fact_check_rating_becomes_the_verdict(desk: dict[str, object]) -> None:
    db_url = str(desk["db_url"])
    ok(run(db_url, "ingest", str(desk["later"])))
    griner = claim_id(db_url, "at a Moscow airport")
    [check] = [
        m for m in json.loads(ok(run(db_url, "similar", str(griner), "--json")))["matches"] if m["kind"] == "factcheck"
    ]
    out = ok(run(db_url, "same", str(griner), f"fc:{check['id']}", "--apply-verdict", "--note", "Snopes, 2022."))
    assert "verdict carried over: verified, from fact check" in out
    shown = json.loads(ok(run(db_url, "show", str(griner), "--json")))
    assert shown["status"] == "verified"
    assert shown["evidence"][-1]["url"] == "https://snopes.example/griner"
    repeat = claim_id(db_url, "attack in Ukraine last week")
    ok(run(db_url, "different", str(repeat), str(desk["killed"]), "--note", "Another attack."))
    seen = {row["id"] for row in json.loads(ok(run(db_url, "claims", "--seen-before", "--json")))}
    assert repeat not in seen
    assert "different" in ok(run(db_url, "similar", str(repeat)))


def test_bad_decisions_are_one_line_errors_and_change_nothing(desk: dict[str, object]) -> None:
    db_url = str(desk["db_url"])
    ok(run(db_url, "ingest", str(desk["later"])))
    repeat = claim_id(db_url, "attack in Ukraine last week")
    before = ok(run(db_url, "history", str(repeat)))
    fails(run(db_url, "same", str(repeat), "zz"), "names no claim or fact check")
    fails(run(db_url, "same", str(repeat), "999999"), "no claim with id 999999")
    fails(run(db_url, "same", str(repeat), "fc:999"), "no fact check with id 999")
    fails(run(db_url, "different", str(repeat), str(repeat)), "cannot match itself")
    bridge = str(claim_id(db_url, "new bridge would open"))
    fails(run(db_url, "same", str(repeat), bridge, "--apply-verdict"), "no verdict to carry over")
    assert ok(run(db_url, "history", str(repeat))) == before
    # a decision is not undone: it is decided again
    ok(run(db_url, "same", str(repeat), str(desk["killed"])))
    fails(run(db_url, "undo", str(repeat)), "a match decision is not undone")
