"""Hostile values (issue 12, items 6, 9, 10, 11, 13): each is one line and a non-zero exit, or a
clean result that is the same on SQLite and PostgreSQL, never a traceback.

- ids beyond what the database stores (64-bit overflow on SQLite, "integer out of range" on
  PostgreSQL), ``--since`` before the year 1, a 5,000-digit JSON number, a config file that is
  not text, a malformed PostgreSQL URL, a full disk under a streaming report;
- a non-http ``URL:`` line in an article file;
- NUL in text (removed with a notice, offsets kept right) and NaN in a rating (refused);
- control and bidi characters in ``--json`` output (escaped, the same strings);
- unbounded urls, titles, headlines and claimants.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.config import get_settings
from claimtrack.errors import InputError, Notice
from claimtrack.limits import MAX_ID, MAX_TITLE_LENGTH
from claimtrack.services.articles import parse_article
from claimtrack.store import open_database
from claimtrack.textsafe import clip
from claimtrack.web.pages import PageArticle
from tests.clicheck import fails, ok
from tests.conftest import EXAMPLE

Run = Callable[..., Result]
PATTERN = "https://facts.example/checks/{id}"
HUGE = "9" * 23  # beyond 64 bits


def _runner(db: str, cwd: Path | None = None) -> Run:
    runner = CliRunner()

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        get_settings.cache_clear()
        full = {"CLAIMTRACK_DB": db, "CLAIMTRACK_USER": "alice", "CLAIMTRACK_CHECK_URL_PATTERN": PATTERN, **(env or {})}
        if cwd is None:
            return runner.invoke(app, list(args), input=input, env=full)
        old = os.getcwd()
        os.chdir(cwd)
        try:
            return runner.invoke(app, list(args), input=input, env=full)
        finally:
            os.chdir(old)

    return run


@pytest.fixture
def cli(db_url: str) -> Run:
    """The CLI on an empty desk of each engine, with the example article in it."""
    run = _runner(db_url)
    ok(run("ingest", str(EXAMPLE)))
    return run


def _claims(run: Run, *args: str) -> list[dict]:
    return json.loads(ok(run("claims", "--all", "--json", *args)))


# --- item 6: numbers beyond what the database stores ----------------------------------------

ID_COMMANDS = [
    ["show", HUGE],
    ["history", HUGE],
    ["assign", HUGE, "bob"],
    ["note", HUGE, "a note"],
    ["verify", HUGE, "--note", "n"],
    ["status", HUGE, "false", "--note", "n"],
    ["evidence", "add", HUGE, "https://example.org/a", "--no-fetch"],
    ["evidence", "show", HUGE],
    ["evidence", "show", "--evidence", HUGE],
    ["evidence", "fetch", HUGE],
    ["claims", "--article", HUGE],
    ["verify", "1", "--note", "n", "--expect-version", HUGE],
    ["export", "claimreview", HUGE],
    ["report", "--article", HUGE],
]


@pytest.mark.postgres
@pytest.mark.parametrize("args", ID_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_ids_beyond_the_database_are_one_line(cli: Run, args: list[str]) -> None:
    line = fails(cli(*args), "2147483647")
    assert "Traceback" not in line


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["show"], ["history"], ["note", "x"], ["evidence", "show"]])
def test_the_largest_id_is_simply_not_found(cli: Run, command: list[str]) -> None:
    """At the bound, the query runs on both engines (no "integer out of range" on PostgreSQL)."""
    args = [*command[:2], str(MAX_ID)] if command[0] == "evidence" else [command[0], str(MAX_ID), *command[1:]]
    fails(cli(*args), f"no claim with id {MAX_ID}")


def test_a_huge_limit_means_all(cli: Run) -> None:  # type: ignore[misc]
    assert len(json.loads(ok(cli("claims", "--all", "--json", "--limit", HUGE)))) == len(_claims(cli))


def test_since_before_the_year_one(cli: Run) -> None:
    fails(cli("report", "--since", "99999999999d"), "before the year 1")
    fails(cli("report", "--since", HUGE + "w"), "before the year 1")


def test_a_number_of_5000_digits_in_json(cli: Run, tmp_path: Path) -> None:
    before = _claims(cli)
    path = tmp_path / "big.json"
    path.write_text(
        json.dumps(
            [
                {
                    "@type": "ClaimReview",
                    "claimReviewed": "Unemployment rose by 40 percent",
                    "url": "https://fc.example/a",
                    "reviewRating": {"ratingValue": 1},
                }
            ]
        ).replace('"ratingValue": 1', '"ratingValue": ' + "9" * 5000)
    )
    fails(cli("import-claimreview", str(path)), "a number of 5000 digits")
    assert _claims(cli) == before


@pytest.mark.parametrize("content", [b"\xff\xfe\x00not text", b'org_name = "\xe9"'])
def test_a_config_file_that_is_not_text(tmp_path: Path, content: bytes) -> None:
    config = tmp_path / "claimtrack.toml"
    config.write_bytes(content)
    run = _runner(str(tmp_path / "desk.db"), cwd=tmp_path)
    fails(run("claims"), "not UTF-8 text")


def test_a_config_path_that_is_a_folder(tmp_path: Path) -> None:
    run = _runner(str(tmp_path / "desk.db"))
    fails(run("claims", env={"CLAIMTRACK_CONFIG": str(tmp_path)}), "does not exist")


@pytest.mark.parametrize("url", ["postgresql://[::1/x", "postgresql://host:notaport/db"])
def test_a_malformed_postgres_url(tmp_path: Path, url: str) -> None:
    fails(_runner(url)("claims"), "not a database URL")


@pytest.mark.postgres
def test_a_full_disk_under_a_streaming_report_is_one_line(pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Hundreds of claims on PostgreSQL (a server-side cursor), written into /dev/full: one line,
    no "Error closing cursor" after it, and the database still answers."""
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    url = pg_server.create()
    run = _runner(url)
    articles = []
    text = EXAMPLE.read_text(encoding="utf-8").split("\n", 1)[1]
    for i in range(12):
        path = tmp_path / f"a{i}.txt"
        path.write_text(f"Headline number {i}\n{text}", encoding="utf-8")
        articles.append(str(path))
    ok(run("ingest", *articles))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")},
        "CLAIMTRACK_DB": url,
        "CLAIMTRACK_CHECK_URL_PATTERN": PATTERN,
    }
    for args in (
        ["report", "--format", "json", "-o", "/dev/full"],
        ["report", "-o", "/dev/full"],
        ["export", "claimreview", "-o", "/dev/full"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "claimtrack", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if args[0] == "export":  # no verdicts yet: nothing to export is its own clear line
            assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
            continue
        assert result.returncode == 2, result.stderr
        assert result.stderr == "claimtrack: error: cannot write /dev/full: No space left on device\n"
    assert len(_claims(run)) == 12 * 22


# --- item 9: every stored url is an http(s) url -----------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<b>x</b>", "https://"])
def test_an_article_url_line_that_is_not_http(cli: Run, tmp_path: Path, url: str) -> None:
    before = _claims(cli)
    path = tmp_path / "a.txt"
    path.write_text(
        f"A headline\nURL: {url}\n\nThe minister said unemployment rose by 40 percent last year.\n", encoding="utf-8"
    )
    fails(cli("ingest", str(path)), "the URL: line is not usable")
    assert _claims(cli) == before


def test_an_article_url_line_that_is_http_is_kept(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        "A headline\nURL: https://news.example/a\n\nThe minister said unemployment rose by 40 percent "
        "last year, the bureau denied.\n",
        encoding="utf-8",
    )
    ok(cli("ingest", str(path)))
    claims = [c for c in _claims(cli) if "unemployment" in c["text"]]
    assert claims


def test_a_pages_canonical_url_that_is_not_http_is_not_kept() -> None:
    page = PageArticle(
        title="T",
        body="Body.",
        authors=[],
        sitename=None,
        published=None,
        canonical_url="javascript:alert(1)",
        description=None,
    )
    assert page.parsed("https://news.example/a").url == "https://news.example/a"
    page = PageArticle(
        title="T" * 5000,
        body="Body.",
        authors=[],
        sitename=None,
        published=None,
        canonical_url="https://news.example/canonical",
        description=None,
    )
    parsed = page.parsed("https://news.example/a")
    assert parsed.url == "https://news.example/canonical"
    assert len(parsed.title) == MAX_TITLE_LENGTH and parsed.title.endswith("…")


# --- item 10: NUL and NaN, the same on both engines -------------------------------------------


def _review(claim: str, rating: str = "1") -> str:
    return (
        f'[{{"@type": "ClaimReview", "claimReviewed": "{claim}", "url": "https://fc.example/a", '
        f'"reviewRating": {{"@type": "Rating", "ratingValue": {rating}, "bestRating": 5, "worstRating": 1}}, '
        '"author": {"name": "FC"}, "itemReviewed": {"author": {"name": "The minister"}}}]'
    )


@pytest.mark.postgres
def test_nul_in_imported_text_is_removed_with_a_notice(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "nul.json"
    path.write_text(_review("Unemployment\\u0000 rose by\\u0000 40 percent"), encoding="utf-8")
    result = cli("import-claimreview", str(path))
    assert result.exit_code == 0, result.stderr
    assert "claimtrack: notice: " in result.stderr and "NUL" in result.stderr
    [claim] = [c for c in _claims(cli) if c["origin"] == "claimreview"]
    assert claim["text"] == "Unemployment rose by 40 percent"
    assert claim["status"] == "false"


@pytest.mark.postgres
@pytest.mark.parametrize("rating", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_in_a_rating_is_refused_on_both_engines(cli: Run, tmp_path: Path, rating: str) -> None:
    before = _claims(cli)
    path = tmp_path / "nan.json"
    path.write_text(_review("Unemployment rose by 40 percent", rating), encoding="utf-8")
    fails(cli("import-claimreview", str(path)), "number")
    assert _claims(cli) == before


@pytest.mark.postgres
def test_nul_in_article_text_keeps_the_offsets_right(db_url: str) -> None:
    """Text from a page or an import with NUL in it: removed before extraction, so every claim's
    offsets still index the stored text."""
    from claimtrack.services.ingest import store_article

    with pytest.warns(Notice, match="removed 2 NUL characters"):
        parsed = parse_article(
            "A headline\n\nThe minister\x00 said unemployment rose by 40 percent\x00 last year, the bureau reported.\n"
        )
    assert "\x00" not in parsed.body
    db = open_database(db_url)
    try:
        with db.session() as session:
            assert store_article(session, parsed, user="alice").claims >= 1
    finally:
        db.close()
    rows = _claims(_runner(db_url))
    assert rows
    for c in rows:
        assert parsed.body[c["start"] : c["end"]] == c["text"]


@pytest.mark.postgres
def test_nul_that_reaches_the_database_is_removed_there(cli: Run, db_url: str) -> None:
    """The last line of defence: text with NUL from anywhere is stored without it, alike."""
    from claimtrack.services import workflow

    claim_id = _claims(cli)[0]["id"]
    db = open_database(db_url)
    try:
        with pytest.warns(Notice, match="removed 1 NUL character "), db.session() as session:
            workflow.add_note(session, claim_id, "before\x00after", user="alice")
    finally:
        db.close()
    assert "beforeafter" in ok(cli("history", str(claim_id)))


# --- item 11: control and bidi characters in JSON output -----------------------------------------

BIDI_TEXT = (
    "Officials said \u202egnp.exe\u202c that unemployment rose by 40 percent last year, the bureau reported.\x85"
)


def test_json_output_escapes_control_and_bidi_characters(tmp_path: Path) -> None:
    run = _runner(str(tmp_path / "desk.db"))
    path = tmp_path / "bidi.txt"
    path.write_text(f"A headline \u2066with\u2069 bidi\n\n{BIDI_TEXT}\n", encoding="utf-8")
    ok(run("ingest", str(path)))
    outputs = {
        "claims": ok(run("claims", "--all", "--json")),
        "report": ok(run("report", "--format", "json")),
        "extract": ok(run("extract", "--json", str(path))),
    }
    claim_id = json.loads(outputs["claims"])[0]["id"]
    outputs["show"] = ok(run("show", str(claim_id), "--json"))
    ok(run("evidence", "add", str(claim_id), "https://example.org/x", "--no-fetch", "--stance", "refutes"))
    ok(run("status", str(claim_id), "false", "--note", "No: \u202ereversed\u202c"))
    outputs["claimreview"] = ok(run("export", "claimreview"))
    for name, text in outputs.items():
        for ch in ("\u202e", "\u202c", "\u2066", "\u2069", "\x85"):
            assert ch not in text, (name, ch)
        assert "\\u202e" in text, name
    [claim] = json.loads(outputs["claims"])
    assert "\u202egnp.exe\u202c" in claim["text"]  # the same string, decoded


# --- item 13: bounded free-text fields ---------------------------------------------------------


@pytest.mark.postgres
def test_an_evidence_url_and_title_of_megabytes(cli: Run) -> None:
    claim_id = str(_claims(cli)[0]["id"])
    before = ok(cli("history", claim_id))
    fails(cli("evidence", "add", claim_id, "https://example.org/" + "a" * 10_000, "--no-fetch"), "the limit is 2,048")
    fails(
        cli("evidence", "add", claim_id, "https://example.org/a", "--no-fetch", "--title", "T" * 10_000),
        "the title is 10,000 characters; the limit is 1,000",
    )
    assert ok(cli("history", claim_id)) == before


def test_a_headline_of_megabytes(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Headline " * 2000 + "\n\nThe minister said unemployment rose by 40 percent.\n", encoding="utf-8")
    fails(cli("ingest", "--title", str(path)), "the limit is 1,000 (--no-title")


def test_clip_cuts_with_an_ellipsis() -> None:
    assert clip("x" * 10, 5) == "xxxx…"
    assert clip(" short ", 5) == "short"
    assert clip(None, 5) is None


def test_parse_article_refuses_a_bad_url_line_with_the_file_name() -> None:
    with pytest.raises(InputError, match=r"^notes.txt: the URL: line is not usable"):
        parse_article("Headline\nURL: javascript:x\n\nBody text here.\n", "notes.txt")
