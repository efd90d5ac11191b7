"""``claimtrack factchecks`` on the command line, and the fact checks ``import-claimreview`` and
``lookup`` keep in the collection (issue 15), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.config import get_settings
from claimtrack.services.factcheck_store import list_fact_checks
from claimtrack.store import open_database
from tests.builders import seed
from tests.clicheck import fails, ok
from tests.web.conftest import Run
from tests.web.test_factcheck import SAMPLE

CHECKS = [
    {"id": "pf-1", "text": "Unemployment fell to 4%", "rating": "False", "url": "https://pf.example/1"},
    {"id": "pf-2", "text": "Hostile [bold red]markup[/] \x1b[31m\u202e", "publisher": "Desk [i]Facts[/i]"},
]

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://deskfacts.example/checks/bridge",
    "claimReviewed": "The bridge collapsed at noon",
    "author": {"@type": "Organization", "name": "Desk Facts"},
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
    "datePublished": "2024-03-06",
}


def stdin_run(db_url: str, stdin: str, *args: str):  # type: ignore[no-untyped-def]
    get_settings.cache_clear()
    return CliRunner().invoke(app, list(args), input=stdin, env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": "alice"})


def texts(db_url: str) -> list[str]:
    db = open_database(db_url)
    try:
        return [c.text for c in list_fact_checks(db, limit=None)]
    finally:
        db.close()


def test_import_list_show_on_the_command_line(cli: Run, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "checks.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in CHECKS), encoding="utf-8")
    out = ok(cli("factchecks", "import", str(path), "--collection", "pf"))
    assert out.strip() == f"{path}: 2 fact checks read, 2 fact checks added, 0 already stored (collection: pf)"
    again = ok(cli("factchecks", "import", str(path), "--collection", "pf"))
    assert "0 fact checks added, 2 already stored" in again

    listed = ok(cli("factchecks", "list"))
    lines = listed.splitlines()
    assert lines[0].split() == ["ID", "DATE", "RATING", "PUBLISHER", "CLAIM", "REVIEWED"]
    assert lines[1].startswith(" 2 —") and "\\x1b[31m" in lines[1] and "\x1b" not in listed
    assert "Unemployment fell to 4%" in lines[2] and "False" in lines[2]
    assert ok(cli("factchecks", "list", "--limit", "1")).splitlines()[-1] == "(1 of 2; --limit N for more)"
    assert "Unemployment" in ok(cli("factchecks", "list", "--search", "unemploy"))
    assert ok(cli("factchecks", "list", "--search", "nothing")).strip() == "no fact checks match"
    data = json.loads(ok(cli("factchecks", "list", "--json")))
    assert [d["external_id"] for d in data] == ["pf-2", "pf-1"] and data[0]["text"] == CHECKS[1]["text"]

    shown = ok(cli("factchecks", "show", "1"))
    assert shown.splitlines()[0] == "Fact check 1 · False" and "URL:         https://pf.example/1" in shown
    assert "External id: pf-1 (collection pf)" in shown and f"From:        import, {path}" in shown
    assert json.loads(ok(cli("factchecks", "show", "2", "--json")))["publisher"] == "Desk [i]Facts[/i]"
    fails(cli("factchecks", "show", "9"), "no fact check with id 9")
    fails(cli("factchecks", "show", "0"), "Invalid value for 'ID'")


def test_standard_input_and_a_bad_line(db_url: str) -> None:
    lines = json.dumps(CHECKS[0]) + "\n" + '{"text": "half' + "\n"
    bad = stdin_run(db_url, lines, "factchecks", "import", "-")
    fails(bad, "standard input: line 2: not valid JSON (Unterminated string starting at, column 10); nothing imported")
    assert texts(db_url) == []
    good = stdin_run(db_url, json.dumps(CHECKS[0]) + "\n", "factchecks", "import", "-")
    assert "standard input: 1 fact check read, 1 fact check added" in ok(good)
    assert texts(db_url) == ["Unemployment fell to 4%"]


def test_a_claim_review_list_on_the_command_line(cli: Run, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([REVIEW, {"@type": "ClaimReview", "url": "https://x.example/"}]), encoding="utf-8")
    result = cli("factchecks", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "1 ClaimReview object read, 1 fact check added" in result.stdout
    assert "skipped ClaimReview 2: it has no claimReviewed" in result.stderr
    assert texts(db_url) == ["The bridge collapsed at noon"]


def test_import_claimreview_keeps_each_review_as_a_fact_check(cli: Run, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps([REVIEW]), encoding="utf-8")
    out = ok(cli("import-claimreview", str(path)))
    assert "(false)" in out  # what it did before: a claim with the verdict
    shown = json.loads(ok(cli("factchecks", "show", "1", "--json")))
    assert {k: shown[k] for k in ("text", "rating", "publisher", "url", "date", "origin", "collection")} == {
        "text": "The bridge collapsed at noon",
        "rating": "False",
        "publisher": "Desk Facts",
        "url": "https://deskfacts.example/checks/bridge",
        "date": "2024-03-06",
        "origin": "claimreview",
        "collection": "claimreview",
    }
    assert "already imported" in ok(cli("import-claimreview", str(path)))
    assert texts(db_url) == ["The bridge collapsed at noon"]  # once


def test_lookup_keeps_the_fact_checks_it_shows(cli: Run, mock_web, db_url: str) -> None:
    db = open_database(db_url)
    claim_id = seed(db)[0]
    db.close()
    asked: list[str] = []

    def api(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.host)
        return httpx.Response(200, json=SAMPLE)

    mock_web(api)
    env = {"CLAIMTRACK_FACTCHECK_API_KEY": "k123"}
    ok(cli("lookup", str(claim_id), env=env))
    assert asked == ["factchecktools.googleapis.com"]
    db = open_database(db_url)
    try:
        stored = {c.url: c for c in list_fact_checks(db, limit=None)}
    finally:
        db.close()
    assert sorted(stored) == [
        "https://deskfacts.example/evacuation",
        "https://globalchecks.example/2022/03/chinese-nationals",
        "https://verifica.example/cinesi-kharkiv",
    ]
    first = stored["https://globalchecks.example/2022/03/chinese-nationals"]
    assert (first.text, first.rating, first.publisher, first.speaker, str(first.review_date), first.origin) == (
        "Four Chinese nationals were killed in Kharkiv",
        "False",
        "Global Checks",
        "Ukrainian news site",
        "2022-03-04",
        "lookup",
    )
    assert stored["https://verifica.example/cinesi-kharkiv"].publisher == "verifica.example"  # the site, no name
    ok(cli("lookup", str(claim_id), env=env))  # the same results again: stored once
    assert len(texts(db_url)) == 3
