"""``claimtrack match``: the contract scripts use, on a real database of each engine."""

from __future__ import annotations

import json

from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.config import get_settings
from claimtrack.services.matching import Matcher, search_words
from claimtrack.store import open_database
from tests.builders import seed
from tests.clicheck import fails, ok

CHECKS = [
    {"id": "fc-rose", "text": "Unemployment rose to 4% last year", "rating": "False", "speaker": "Jane Roe"},
    {"id": "fc-fell", "text": "Unemployment fell to 4% last year", "rating": "True", "speaker": "Jane Roe"},
    {"id": "fc-budget", "text": "The mayor cut the police budget by half", "rating": "Misleading"},
    {"text": "Wind farms kill more birds than cats do", "rating": "Pants on fire"},
]


def run(db_url: str, *args: str, stdin: str | None = None) -> Result:
    get_settings.cache_clear()
    return CliRunner().invoke(app, list(args), input=stdin, env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": "alice"})


def imported(db_url: str) -> None:
    ok(run(db_url, "factchecks", "import", "-", stdin="".join(json.dumps(c) + "\n" for c in CHECKS)))


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_free_text_json_shape_and_the_direction_of_change(db_url: str) -> None:
    imported(db_url)
    [out] = lines(ok(run(db_url, "match", "unemployment fell to 4%", "--json")))
    assert out["id"] is None
    matches = out["matches"]
    assert isinstance(matches, list)
    assert [m["external_id"] for m in matches[:2]] == ["fc-fell", "fc-rose"]
    best = matches[0]
    assert set(best) == {"kind", "id", "external_id", "score", "text", "rating"}
    assert best["kind"] == "factcheck"
    assert isinstance(best["id"], int)
    assert best["text"] == "Unemployment fell to 4% last year"
    assert best["rating"] == "True"
    assert isinstance(best["score"], float)
    assert 0.0 <= matches[1]["score"] < best["score"] <= 1.0
    assert all("Wind farms" not in m["text"] for m in matches)  # no word in common: not a candidate
    # and the other way round
    [out] = lines(ok(run(db_url, "match", "Unemployment rose to 4 percent", "--json")))
    assert out["matches"][0]["external_id"] == "fc-rose"


def test_json_lines_in_and_out_keep_the_ids_and_the_order(db_url: str) -> None:
    imported(db_url)
    stdin = (
        json.dumps({"id": "q-7", "text": "police budget halved by the mayor", "context": ["At the council:"]})
        + "\n\n"
        + json.dumps({"id": 12, "text": "Unemployment fell to 4%", "speaker": "Jane Roe"})
        + "\n"
        + json.dumps({"id": "none", "text": "zebras"})
        + "\n"
    )
    outs = lines(ok(run(db_url, "match", "-", "--limit", "1", stdin=stdin)))
    assert [o["id"] for o in outs] == ["q-7", 12, "none"]
    assert [[m["external_id"] for m in o["matches"]] for o in outs] == [["fc-budget"], ["fc-fell"], []]


def test_limit(db_url: str) -> None:
    imported(db_url)
    [out] = lines(ok(run(db_url, "match", "unemployment mayor budget birds", "--json", "--limit", "2")))
    assert len(out["matches"]) == 2
    [out] = lines(ok(run(db_url, "match", "unemployment mayor budget birds", "--json", "--limit", "10")))
    assert len(out["matches"]) == 4
    fails(run(db_url, "match", "unemployment", "--limit", "0"), "--limit")


def test_claims_with_a_verdict_or_open_match_and_say_their_status(db_url: str) -> None:
    db = open_database(db_url)
    try:
        *_, prices = seed(db)
    finally:
        db.close()
    [out] = lines(ok(run(db_url, "match", "Prices rose by 5% last year", "--json")))
    best = out["matches"][0]
    assert best == {
        "kind": "claim",
        "id": prices,
        "external_id": None,
        "score": best["score"],
        "text": "Prices rose 5% last year.",
        "status": "new",
    }
    ok(run(db_url, "status", str(prices), "dismissed", "--note", "not a claim"))
    [out] = lines(ok(run(db_url, "match", "Prices rose by 5% last year", "--json")))
    assert prices not in [m["id"] for m in out["matches"] if m["kind"] == "claim"]
    table = ok(run(db_url, "match", "the bridge collapsed at noon"))
    assert "claim" in table.splitlines()[1] and "the bridge collapsed at noon" in table


def test_a_bad_line_names_its_number_after_the_lines_before(db_url: str) -> None:
    imported(db_url)
    stdin = json.dumps({"id": "a", "text": "Unemployment fell"}) + "\n" + '{"id": "b", "text": \n'
    result = run(db_url, "match", "-", stdin=stdin)
    fails(result, "standard input: line 2: not valid JSON")
    assert [o["id"] for o in lines(result.stdout)] == ["a"]
    fails(run(db_url, "match", "-", stdin='{"text": "no id"}\n'), 'line 1: no "id"')
    fails(run(db_url, "match", "-", stdin='{"id": 1, "text": ""}\n'), 'line 1: no "text"')
    fails(run(db_url, "match", "-", stdin='{"id": 1, "text": "x", "context": "not a list"}\n'), '"context"')
    fails(run(db_url, "match", "-", stdin="[1, 2]\n"), "line 1: a JSON object")
    fails(run(db_url, "match", "-", stdin='{"id": 1, "text": "x", "date": "May 2"}\n'), '"date" is not YYYY-MM-DD')
    fails(run(db_url, "match", "   "), "no text to match")


def test_an_empty_database_matches_nothing(db_url: str) -> None:
    [out] = lines(ok(run(db_url, "match", "Unemployment fell to 4%", "--json")))
    assert out == {"id": None, "matches": []}
    assert ok(run(db_url, "match", "Unemployment fell to 4%")).strip() == "no matches"
    assert lines(ok(run(db_url, "match", "-", stdin='{"id": "x", "text": "anything"}\n'))) == [
        {"id": "x", "matches": []}
    ]


def test_search_syntax_in_the_text_is_only_words(db_url: str) -> None:
    imported(db_url)
    hostile = "unemployment\" OR * NEAR(a b) AND -x:* | !( '; DROP TABLE fact_check; --"
    assert all(w.isalnum() for w in search_words(hostile))
    [out] = lines(ok(run(db_url, "match", hostile, "--json")))
    assert {m["external_id"] for m in out["matches"]} >= {"fc-rose", "fc-fell"}
    db = open_database(db_url)
    try:
        assert Matcher(db).match("...!!!") == []
    finally:
        db.close()


def test_words_of_any_script_are_searched_and_none_is_syntax() -> None:
    from claimtrack.services.matching import search_words

    words = search_words('Müller said 中国 grew "4%" OR NEAR(x) -- DROP')
    assert "müller" in words and "中国" in words and "4" in words
    assert all(w.isalnum() for w in words)
