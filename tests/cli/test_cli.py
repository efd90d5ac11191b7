"""Every command, end to end through the real CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from tests.clicheck import fails, ok
from tests.conftest import EXAMPLE

Run = Callable[..., Result]


@pytest.fixture
def cli(db_url: str) -> Run:
    runner = CliRunner()

    def run(*args: str, user: str = "alice", input: str | None = None, env: dict[str, str] | None = None) -> Result:
        from claimtrack.config import get_settings

        get_settings.cache_clear()
        return runner.invoke(
            app, list(args), env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": user, **(env or {})}, input=input
        )

    return run


def claims_json(cli: Run, *args: str, env: dict[str, str] | None = None) -> list[dict]:
    return json.loads(ok(cli("claims", "--json", *args, env=env)))


def find(claims: list[dict], fragment: str) -> dict:
    [claim] = [c for c in claims if fragment in c["text"]]
    return claim


def test_init_creates_the_database(cli: Run) -> None:
    out = ok(cli("init"))
    from claimtrack.store.migrate import head_revision

    assert out.startswith("database ready:") and f"schema {head_revision()}" in out
    assert head_revision() == "0011"


def test_ingest_the_example_then_again(cli: Run) -> None:
    out = ok(cli("ingest", str(EXAMPLE)))
    assert "article 1" in out and "claims found" in out
    count = int(out.split(":")[-1].split()[0])
    assert count >= 11
    before = claims_json(cli, "--all")
    assert len(before) == count
    again = ok(cli("ingest", str(EXAMPLE)))
    assert "already ingested as article 1" in again and "nothing changed" in again
    assert claims_json(cli, "--all") == before


def test_the_queue_shows_check_worthy_claims_and_the_rest_is_one_flag_away(cli: Run) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    every = claims_json(cli, "--all")
    queue = claims_json(cli)
    rest = claims_json(cli, "--rest")
    # the queue and the set-aside rest partition every stored claim, by the threshold
    assert sorted(c["id"] for c in queue + rest) == sorted(c["id"] for c in every)
    assert queue and rest
    assert all(c["score"] >= 0.5 for c in queue) and all(c["score"] < 0.5 for c in rest)
    # a claim a checker has touched is in the queue whatever its score
    low = rest[0]
    ok(cli("status", str(low["id"]), "in_review"))
    assert low["id"] in [c["id"] for c in claims_json(cli)]
    assert low["id"] not in [c["id"] for c in claims_json(cli, "--rest")]
    # the threshold is a setting: 0 puts every proposal in the queue
    assert len(claims_json(cli, env={"CLAIMTRACK_QUEUE_THRESHOLD": "0"})) == len(every)
    # an empty queue says what is set aside
    out = ok(cli("claims", "--article", "1", "--status", "new", env={"CLAIMTRACK_QUEUE_THRESHOLD": "1"}))
    assert out.strip() == f"no claims match ({len(every) - 1} proposals set aside below 1: --rest lists them)"
    fails(cli("claims", "--all", "--rest"), "contradict")


def test_the_headline_claim_shows_its_cue_and_the_denial(cli: Run) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    claim = find(claims_json(cli), "four Chinese nationals were killed")
    assert claim["status"] == "new"
    assert "unverified" in claim["cues"]
    assert any("Global Times" in who for who in claim["disputed_by"])
    assert "Ukrainian news report" in claim["claimant"]
    shown = ok(cli("show", str(claim["id"])))
    assert "Disputed by:" in shown and "Global Times" in shown
    assert "refutes" in shown and "In the article" in shown
    assert "»" in shown and "«" in shown
    data = json.loads(ok(cli("show", str(claim["id"]), "--json")))
    assert data["evidence"][0]["stance"] == "refutes"
    assert [h["kind"] for h in data["history"]] == ["created", "evidence"]


def test_the_whole_review_from_the_command_line(cli: Run) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    cid = str(find(claims_json(cli), "one of its citizens was injured")["id"])
    ok(cli("status", cid, "in_review", user="bob"))
    ok(cli("assign", cid, "carol", user="bob"))
    fails(cli("verify", cid, "--note", "Ministry said so.", user="carol"), "needs at least one piece of evidence")
    ok(
        cli(
            "evidence",
            "add",
            cid,
            "https://www.fmprc.gov.cn/eng/",
            "--stance",
            "supports",
            "--title",
            "Ministry briefing",
            "--note",
            "Confirms the injury.",
            "--no-fetch",
            user="carol",
        )
    )
    fails(cli("verify", cid, user="carol"), "needs a note")
    ok(cli("note", cid, "Asked the embassy too.", user="carol"))
    out = ok(cli("verify", cid, "--note", "The ministry's briefing confirms it.", user="carol"))
    assert "is now verified" in out
    history = ok(cli("history", cid))
    for expected in (
        "bob: status new → in_review",
        "bob: assigned to carol",
        "carol: evidence added: supports: https://www.fmprc.gov.cn/eng/",
        "carol: note added — Asked the embassy too.",
        "carol: status in_review → verified — The ministry's briefing confirms it.",
    ):
        assert expected in history
    fails(cli("status", cid, "in_review", user="dave"), "changing it needs a note")
    ok(cli("status", cid, "in_review", "--note", "Reopened: new video.", user="dave"))
    claim = find(claims_json(cli, "--status", "in_review"), "one of its citizens")
    assert claim["assignee"] == "carol" and claim["version"] == 7


def test_dispute_the_headline_claim_on_the_in_article_denial(cli: Run) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    cid = str(find(claims_json(cli), "four Chinese nationals")["id"])
    out = ok(cli("dispute", cid, "--note", "Denied by Global Times citing the embassy."))
    assert "is now disputed" in out


def test_changes_echo_the_claims_opening_words(cli: Run) -> None:
    """verify, dispute, status and assign name the claim by its opening words: a wrong id shows."""
    ok(cli("ingest", str(EXAMPLE)))
    claim = find(claims_json(cli), "four Chinese nationals")
    cid, words = str(claim["id"]), claim["text"].split()
    opening = "“" + " ".join(words[:8]) + ("…" if len(words) > 8 else "") + "”"
    for args in (
        ["assign", cid, "bob"],
        ["status", cid, "in_review"],
        ["dispute", cid, "--note", "Denied by Global Times."],
    ):
        out = ok(cli(*args))
        assert out.startswith(f"claim {cid} {opening} is now "), out
    ok(cli("evidence", "add", cid, "https://example.org/a", "--no-fetch", "--stance", "supports"))
    out = ok(cli("verify", cid, "--note", "Confirmed after all."))
    assert out.startswith(f"claim {cid} {opening} is now verified"), out


def test_claim_filters(cli: Run) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    every = claims_json(cli)
    putin = claims_json(cli, "--claimant", "PUTIN")
    assert putin and all("putin" in c["claimant"].lower() for c in putin)
    assert {c["id"] for c in claims_json(cli, "--search", "hashish")} == {find(every, "detained last month")["id"]}
    assert claims_json(cli, "--search", "100%_") == []
    cid = str(every[0]["id"])
    ok(cli("assign", cid, "zoe"))
    assert [c["id"] for c in claims_json(cli, "--assignee", "zoe")] == [every[0]["id"]]
    mine = json.loads(ok(cli("claims", "--mine", "--json", user="zoe")))
    assert [c["id"] for c in mine] == [every[0]["id"]]
    ok(cli("status", cid, "dismissed"))
    assert [c["id"] for c in claims_json(cli, "--status", "dismissed")] == [every[0]["id"]]
    assert len(claims_json(cli, "--status", "new")) == len(every) - 1
    assert len(claims_json(cli, "--article", "1")) == len(every)
    assert claims_json(cli, "--article", "2") == []
    assert len(claims_json(cli, "--limit", "2")) == 2
    table = ok(cli("claims"))
    assert table.splitlines()[0].split() == ["ID", "STATUS", "SCORE", "ASSIGNEE", "CLAIMANT", "CLAIM"]
    assert "no claims match" in ok(cli("claims", "--status", "false"))
    fails(cli("claims", "--status", "bogus"), "unknown status 'bogus'")


def test_articles_and_report(cli: Run, tmp_path: Path) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    listing = ok(cli("articles"))
    assert "Ukraine crisis" in listing and "(SCMP)" in listing
    cid = str(find(claims_json(cli), "four Chinese nationals")["id"])
    ok(cli("dispute", cid, "--note", "Denied | by the embassy."))
    report = ok(cli("report"))
    assert report.startswith("# claimtrack status report")
    assert "| disputed | 1 |" in report
    assert "Denied \\| by the embassy. — alice" in report
    target = tmp_path / "status.md"
    assert "report written to" in ok(cli("report", "-o", str(target)))
    written = target.read_text()
    assert written.split("\n", 3)[3] == report.split("\n", 3)[3]  # same but for the time stamp
    only_disputed = ok(cli("report", "--status", "disputed"))
    assert only_disputed.count("\n| ") < report.count("\n| ")
    fails(cli("report", "-o", str(tmp_path / "no" / "such" / "dir.md")), "cannot write")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "999"), "no claim with id 999"),
        (("history", "999"), "no claim with id 999"),
        (("status", "999", "in_review"), "no claim with id 999"),
        (("status", "1", "maybe"), "unknown status 'maybe'"),
        (("evidence", "add", "1", "https://x.example", "--stance", "meh"), "unknown stance 'meh'"),
        (("evidence", "add", "1", "javascript:alert(1)"), "not an http(s) url"),
        (("verify", "1", "--note", "no evidence"), "needs at least one piece of evidence"),
        (("note", "1", "  "), "the note is empty"),
        (("assign", "1", "bob", "--none"), "not both"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli: Run, args: tuple[str, ...], message: str) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    before = claims_json(cli)
    history_before = ok(cli("history", "1"))
    fails(cli(*args), message)
    assert claims_json(cli) == before
    assert ok(cli("history", "1")) == history_before


def test_bad_files_store_nothing(cli: Run, tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Café au lait\nLe président a dit que 3 cafés coûtent 9 francs.".encode("latin-1"))
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    headline_only = tmp_path / "headline.txt"
    headline_only.write_text("Just a headline\n")
    fails(cli("ingest", str(tmp_path / "missing.txt")), "no such file")
    fails(cli("ingest", str(binary)), "binary file")
    fails(cli("ingest", str(latin1)), "not UTF-8")
    fails(cli("ingest", str(empty)), "empty article")
    fails(cli("ingest", str(headline_only)), "no body text")
    (tmp_path / "no-articles").mkdir()
    # A folder is read (tests/cli/test_bulk_ingest.py); one with no article files is an error.
    fails(cli("ingest", str(tmp_path / "no-articles")), "no files matching *.txt")
    # A good file beside a bad one: nothing is stored.
    fails(cli("ingest", str(EXAMPLE), str(binary)), "binary file")
    assert claims_json(cli) == []
    assert "no articles yet" in ok(cli("articles"))


def test_article_text_never_reaches_the_terminal_as_escape_codes(cli: Run, tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Officials \x1b[31mred\x1b[0m report\n"
        "The minister said that \x1b]52;c;cGF3bmVk\x07 40 people [bold]died[/bold] in the flood on Monday.\n"
        "Authors: Ann Writer, Daily Test\n"
    )
    ok(cli("ingest", str(evil)))
    for out in (ok(cli("claims")), ok(cli("articles")), ok(cli("show", "1")), ok(cli("report"))):
        assert "\x1b" not in out and "\x07" not in out
        assert "\\x1b" in out
    died = find(claims_json(cli, "--all"), "died")
    assert "[bold]died[/bold]" in ok(cli("show", str(died["id"])))


def test_user_comes_from_the_option_or_the_environment(cli: Run, db_url: str) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    runner = CliRunner()
    result = runner.invoke(
        app, ["--db", db_url, "--user", "from-option", "note", "1", "hello"], env={"CLAIMTRACK_USER": "from-env"}
    )
    ok(result)
    assert "from-option: note added" in ok(cli("history", "1"))
    ok(cli("note", "1", "again", user="from-env"))
    assert "from-env: note added" in ok(cli("history", "1"))


def test_every_command_has_help_with_an_example() -> None:
    runner = CliRunner()
    commands = [
        "init",
        "ingest",
        "claims",
        "articles",
        "show",
        "history",
        "status",
        "verify",
        "dispute",
        "note",
        "assign",
        "report",
        "tui",
        "demo",
        "match",
        "evidence add",
    ]
    for command in commands:
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0, command
        assert "Example" in result.stdout, command
    top = runner.invoke(app, ["--help"])
    for command in commands:
        assert command.split()[0] in top.stdout


def test_demo_builds_a_fresh_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["demo"], env={"CLAIMTRACK_DB": "postgresql://never-used@127.0.0.1:1/x"})
    out = ok(result)
    assert (tmp_path / "claimtrack-demo.db").exists()
    assert "four Chinese nationals" in out and "claims" in out
    # The hint works without an activated virtual environment: a full path to claimtrack.
    hint = next(line for line in out.splitlines() if line.startswith("try: "))
    program = hint.removeprefix("try: ").split(" --db ")[0]
    assert program.startswith("/") and ("claimtrack" in program), hint
    # Run again: replaced (and said so), not doubled.
    again = runner.invoke(app, ["demo"])
    ok(again)
    assert "claimtrack: notice: replaced the earlier demo database claimtrack-demo.db" in again.stderr
    listing = ok(runner.invoke(app, ["--db", "claimtrack-demo.db", "articles"]))
    assert len(listing.strip().splitlines()) == 1
    # An explicit --db that exists needs --force.
    other = tmp_path / "mine.db"
    shutil.copy(tmp_path / "claimtrack-demo.db", other)
    fails(runner.invoke(app, ["--db", str(other), "demo"]), "pass --force")
    ok(runner.invoke(app, ["--db", str(other), "demo", "--force"]))
    fails(runner.invoke(app, ["--db", "postgresql://u@127.0.0.1/x", "demo"]), "SQLite file")


def test_claims_listing_streams_the_same_rows_as_the_full_listing(cli: Run, db_url: str) -> None:
    """``claims`` reads rows in batches (a million claims in constant memory): across batch
    boundaries it lists exactly what the full query lists, in the same order, as a table and
    as JSON."""
    from claimtrack.cli.output import claim_json, claims_table, dumps
    from claimtrack.services.queries import ClaimFilter, iter_claim_rows, list_claims
    from claimtrack.store import open_database

    ok(cli("ingest", str(EXAMPLE)))
    db = open_database(db_url)
    try:
        with db.session() as session:
            # in the queue's order: check-worthiness, highest first (equal scores: oldest claim first)
            full = sorted(list_claims(session), key=lambda pair: (-pair[0].score, pair[0].id))
            rows = list(iter_claim_rows(session, batch=3))  # several batches
            five = list(iter_claim_rows(session, ClaimFilter.build(search="putin"), limit=5, batch=2))
        assert len(full) > 10
        assert [r.id for r in rows] == [c.id for c, _ in full]
        assert [r.article_title for r in rows] == [a.title for _, a in full]
        assert [claim_json(r, article_title=r.article_title) for r in rows] == [claim_json(c, a) for c, a in full]
        assert 0 < len(five) <= 5 and all("putin" in (r.claimant + r.sentence).lower() for r in five)
    finally:
        db.close()
    out = ok(cli("claims", "--json", "--all"))
    assert out.strip() == dumps([claim_json(c, a) for c, a in full])
    table = ok(cli("claims", "--all"))
    assert table.rstrip("\n") == claims_table(full, fit=False)


def test_the_headline_is_a_claim_and_a_text_without_one_says_so(cli: Run, tmp_path: Path) -> None:
    ok(cli("ingest", str(EXAMPLE)))
    head = claims_json(cli, "--all", "--sort", "id")[0]
    assert head["text"].startswith("Ukraine crisis: US Secretary of State") and head["claimant"] == "SCMP"
    shown = ok(cli("show", str(head["id"])))
    # its context is the headline itself, not the body's first paragraph
    assert f"»{head['text']}«" in shown
    plain = tmp_path / "plain.txt"
    plain.write_text(
        "Four people were killed and 12 injured when a bus crashed on the M4 near Swindon on Monday night, "
        "police said, in the third fatal crash on that stretch of road this year.\nThe driver was arrested.\n",
        encoding="utf-8",
    )
    result = cli("ingest", str(plain))
    assert result.exit_code == 0
    assert "notice:" in result.stderr and "reads like a paragraph" in result.stderr and "--title" in result.stderr
    killed = find(claims_json(cli, "--all", "--article", "2"), "Four people were killed")
    assert killed["claimant"] == "police"
    again = cli("ingest", "--title", str(plain))
    assert again.exit_code == 0 and "notice" not in again.stderr
