"""``claimtrack report`` and ``claimtrack export claimreview`` through the real CLI, on both engines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.config import get_settings
from claimtrack.store import Database
from tests.clicheck import fails, ok
from tests.reports.conftest import claim_id

Run = Callable[..., Result]
PATTERN = "https://facts.example/checks/{id}"
TEXT_ORDER = [1, 2, 3, 4, 5, claim_id("Our army"), 6, 7]
"""The example's claim ids in the article's order (the last proposal is earlier in the text)."""


@pytest.fixture
def cli(example_db: Database, db_url: str) -> Run:
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        get_settings.cache_clear()
        try:
            return runner.invoke(
                app, list(args), env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": "alice", **(env or {})}
            )
        finally:
            get_settings.cache_clear()

    return run


def ids_in_csv(text: str) -> list[int]:
    return [int(row["claim_id"]) for row in csv.DictReader(io.StringIO(text, newline=""))]


def test_markdown_to_stdout_by_default(cli: Run) -> None:
    out = ok(cli("report"))
    assert out.startswith("# claimtrack status report\n")
    assert out.index("**4 of 6 claims checked (67%)**") < out.index("## Disputed, false and misleading")
    assert out.index("## Disputed, false and misleading") < out.index("## Recently verified")
    assert out.index("## Recently verified") < out.index("## Open claims") < out.index("## Backlog")
    assert out.index("## Backlog") < out.index("## Claims by status") < out.index("## Article 1:")
    assert "| disputed | 1 |" in out and "| false | 1 |" in out and "| **total** | **8** |" in out
    assert "The embassy says no Chinese citizens were killed. — carol" in out


@pytest.mark.parametrize("fmt", ["md", "html", "json", "csv"])
def test_every_format_to_stdout_and_to_a_file(cli: Run, tmp_path: Path, fmt: str) -> None:
    out = ok(cli("report", "--format", fmt))
    target = tmp_path / f"status.{fmt}"
    message = ok(cli("report", "-f", fmt, "-o", str(target)))
    assert message == f"report written to {target} ({fmt}, 8 claims)\n"
    written = target.read_bytes().decode()
    # Same report but for the time it was generated.
    assert len(written.splitlines()) == len(out.splitlines())
    if fmt == "json":
        assert json.loads(written)["schema"] == "claimtrack.report/2"
    elif fmt == "csv":
        assert written.startswith("claim_id,status,") and "\r\n" in written and ids_in_csv(written) == TEXT_ORDER
    elif fmt == "html":
        assert written.startswith("<!DOCTYPE html>") and "<svg" in written and "<script" not in written
    else:
        assert written.startswith("# claimtrack status report")
    assert not list(tmp_path.glob(".*.part"))


def test_format_from_the_file_suffix(cli: Run, tmp_path: Path) -> None:
    for name, start in [
        ("r.html", "<!DOCTYPE html>"),
        ("r.json", "{"),
        ("r.csv", "claim_id,"),
        ("r.txt", "# claimtrack"),
    ]:
        ok(cli("report", "-o", str(tmp_path / name)))
        assert (tmp_path / name).read_text().startswith(start), name
    ok(cli("report", "-f", "markdown", "-o", str(tmp_path / "r.html")))  # --format wins
    assert (tmp_path / "r.html").read_text().startswith("# claimtrack")


def test_filters(cli: Run) -> None:
    every = ids_in_csv(ok(cli("report", "-f", "csv")))
    assert every == TEXT_ORDER
    disputed = claim_id("China welcomes")
    false = claim_id("four Chinese")
    assert ids_in_csv(ok(cli("report", "-f", "csv", "--status", "disputed", "-s", "false"))) == [disputed, false]
    assert ids_in_csv(ok(cli("report", "-f", "csv", "--article", "1"))) == every
    assert ids_in_csv(ok(cli("report", "-f", "csv", "--article", "2"))) == []
    assert ids_in_csv(ok(cli("report", "-f", "csv", "--assignee", "dave"))) == [claim_id("the Western")]
    assert ids_in_csv(ok(cli("report", "-f", "csv", "--assignee", "carol"))) == [claim_id("one of its citizens")]
    unassigned = ids_in_csv(ok(cli("report", "-f", "csv", "--assignee", "")))
    assert claim_id("the Western") not in unassigned and false in unassigned
    # The window: claims with a change in it (Tuesday: the false and disputed verdicts, new evidence).
    tuesday = ids_in_csv(ok(cli("report", "-f", "csv", "--since", "2022-03-07", "--until", "2022-03-07")))
    assert tuesday == [disputed, false]
    assert ids_in_csv(ok(cli("report", "-f", "csv", "--since", "2022-03-08T18:00"))) == [claim_id("the Western")]
    assert ids_in_csv(ok(cli("report", "-f", "csv", "--until", "2022-03-05"))) == []
    assert ids_in_csv(ok(cli("report", "-f", "csv", "--since", "7d"))) == []  # 2022 is long ago
    data = json.loads(ok(cli("report", "-f", "json", "--since", "2022-03-07", "--status", "disputed")))
    assert data["filters"]["since"] == "2022-03-07T00:00:00Z" and data["filters"]["status"] == ["disputed"]
    assert data["totals"]["claims"] == 1 and data["changes"]["verdicts_given"] == 1
    md = ok(cli("report", "--since", "2022-03-07"))
    assert "| Status | Claims | Entered | Left |" in md and "### Changes" in md and "since 2022-03-07" in md
    # A status without disputed, false or misleading claims: that section says so.
    assert "## Disputed, false and misleading\n\nNone." in ok(cli("report", "--status", "new"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "--format", "xml"), "unknown report format 'xml' (choose from: md, html, json, csv)"),
        (("report", "--since", "last tuesday"), "--since: 'last tuesday' is not a date"),
        (("report", "--until", "2022-13-01"), "--until: '2022-13-01' is not a date"),
        (
            ("report", "--since", "2022-03-08", "--until", "2022-03-07"),
            "--until (2022-03-08T00:00:00Z) must be after --since",
        ),
        (("report", "--status", "bogus"), "unknown status 'bogus'"),
        (("report", "-o", "/nonexistent-folder/status.md"), "cannot write /nonexistent-folder/status.md"),
    ],
)
def test_bad_input_is_one_line(cli: Run, args: tuple[str, ...], message: str) -> None:
    fails(cli(*args), message)


def test_unwritable_outputs(cli: Run, tmp_path: Path) -> None:
    fails(cli("report", "-o", str(tmp_path)), "it is a folder")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        import os

        if os.access(locked, os.W_OK):  # root writes anywhere: use a path under a file instead
            target = tmp_path / "file" / "status.md"
            (tmp_path / "file").write_text("x")
        else:
            target = locked / "status.md"
        fails(cli("report", "-o", str(target)), "cannot write")
        fails(
            cli("export", "claimreview", "-o", str(target), env={"CLAIMTRACK_CHECK_URL_PATTERN": PATTERN}),
            "cannot write",
        )
    finally:
        locked.chmod(0o700)


def test_a_failed_report_leaves_an_existing_file_alone(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "status.md"
    target.write_text("yesterday's report")
    fails(cli("report", "-o", str(target), "--since", "nonsense"), "is not a date")
    assert target.read_text() == "yesterday's report"


def test_export_claimreview(cli: Run, tmp_path: Path) -> None:
    env = {
        "CLAIMTRACK_CHECK_URL_PATTERN": PATTERN,
        "CLAIMTRACK_ORG_NAME": "Desk Facts",
        "CLAIMTRACK_ORG_URL": "https://facts.example",
    }
    every = json.loads(ok(cli("export", "claimreview", env=env)))
    assert [r["url"] for r in every] == [PATTERN.format(id=i) for i in (3, 4, 6, 7)]
    assert {r["author"]["name"] for r in every} == {"Desk Facts"}
    false = claim_id("four Chinese")
    [one] = json.loads(ok(cli("export", "claimreview", str(false), env=env)))
    assert one["reviewRating"]["ratingValue"] == 1 and one["reviewRating"]["alternateName"] == "False"
    assert one["datePublished"] == "2022-03-07"
    target = tmp_path / "checks.json"
    assert (
        ok(cli("export", "claimreview", "3", "6", "-o", str(target), env=env))
        == f"2 ClaimReviews written to {target}\n"
    )
    assert [r["url"] for r in json.loads(target.read_text())] == [PATTERN.format(id=3), PATTERN.format(id=6)]


def test_export_claimreview_errors(cli: Run, tmp_path: Path) -> None:
    env = {"CLAIMTRACK_CHECK_URL_PATTERN": PATTERN}
    fails(cli("export", "claimreview", "1", env=env), "claim 1 has no verdict (it is new)")
    fails(cli("export", "claimreview", "2", env=env), "claim 2 has no verdict (it is dismissed)")
    fails(cli("export", "claimreview", "999", env=env), "no claim with id 999")
    fails(cli("export", "claimreview", "3", "999", env=env), "no claim with id 999")
    fails(cli("export", "claimreview"), "set check_url_pattern")
    fails(
        cli("export", "claimreview", env={"CLAIMTRACK_CHECK_URL_PATTERN": "https://facts.example/checks/"}),
        "must contain {id}",
    )
    fails(
        cli("export", "claimreview", env={"CLAIMTRACK_CHECK_URL_PATTERN": "ftp://facts.example/{id}"}),
        "not give an http(s) url",
    )
    target = tmp_path / "checks.json"
    fails(cli("export", "claimreview", "1", "-o", str(target), env=env), "has no verdict")
    assert not target.exists()  # nothing written when an id is refused


def test_help_has_examples() -> None:
    runner = CliRunner()
    for command in (["report"], ["export", "claimreview"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout, command
    assert "claimreview" in runner.invoke(app, ["export", "--help"]).stdout


def test_write_report_file_writes_as_report_o_does(example_db: Database, tmp_path: Path) -> None:
    from claimtrack.errors import InputError
    from claimtrack.services.reports import write_report_file

    target = tmp_path / "desk.csv"
    totals = write_report_file(example_db, None, "csv", target)
    written = target.read_bytes()
    assert totals.total == 8 and written.startswith(b"claim_id,status,")
    assert b"\r\n" in written and b"\r\r\n" not in written  # csv.writer's line ends, not translated
    assert ids_in_csv(written.decode()) == TEXT_ORDER
    with pytest.raises(InputError, match="unknown report format"):
        write_report_file(example_db, None, "pdf", tmp_path / "never.pdf")
    assert not (tmp_path / "never.pdf").exists() and not list(tmp_path.glob(".*.part"))


def test_one_is_singular_in_every_format(tmp_path: Path) -> None:
    """'1 claim in 1 article', '1 verdict': never '1 articles' (the report an editor reads)."""
    from typer.testing import CliRunner

    from claimtrack.cli import app
    from tests.clicheck import ok

    db = str(tmp_path / "one.db")
    path = tmp_path / "a.txt"
    path.write_text("A headline\n\nThe minister said unemployment rose by 40 percent last year.\n", encoding="utf-8")
    runner = CliRunner()
    env = {"CLAIMTRACK_DB": db, "CLAIMTRACK_USER": "alice"}
    ok(runner.invoke(app, ["ingest", "--no-title", str(path)], env=env))
    listing = ok(runner.invoke(app, ["articles"], env=env))
    html = ok(runner.invoke(app, ["report", "--format", "html"], env=env))
    markdown = ok(runner.invoke(app, ["report"], env=env))
    assert " 1 claim " in listing and "claims" not in listing
    assert "1 claim in 1 article" in html and "1 articles" not in html
    assert "UTC · 1 claim" in markdown and "1 claims" not in markdown
