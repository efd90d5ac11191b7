"""Big inputs through the real CLI, on SQLite and PostgreSQL: ``ingest --jsonl FILE|-``, folders
read recursively with ``--glob``, and an ingest stopped half way (an extractor that fails, a
process SIGKILLed) resumed by running the same command again (issue 16)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select
from typer.testing import CliRunner, Result

import claimtrack.extract
from claimtrack.cli import app
from claimtrack.errors import ClaimtrackError
from claimtrack.services import bulk_ingest
from claimtrack.services.ingest import propose_claims
from claimtrack.store import Article, Claim, open_database
from tests.clicheck import ok
from tests.conftest import ROOT

Run = Callable[..., Result]


@pytest.fixture
def cli(db_url: str) -> Run:
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        from claimtrack.config import get_settings

        get_settings.cache_clear()
        return runner.invoke(app, list(args), env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": "alice"}, input=input)

    return run


def stored(db_url: str) -> list[tuple[Article, int]]:
    """Every stored article, by id, with its number of claims."""
    db = open_database(db_url)
    try:
        with db.session() as session:
            articles = session.exec(select(Article).order_by(col(Article.id))).all()
            counts = Counter(session.exec(select(Claim.article_id)).all())
            return [(a, counts[a.id]) for a in articles]
    finally:
        db.close()


def errors(result: Result) -> list[str]:
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr
    return lines


def news(i: int) -> str:
    """A short article body with a claim or two, different for every ``i``."""
    return (
        f"The minister said that {i + 12} people died in the flood on Monday.\n"
        f"Officials claimed the repairs would cost {i + 3} million pounds by {2000 + i % 30}."
    )


def jsonl(records: list[object | str]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_bad_lines_are_one_line_each_the_good_ones_stored_exit_2(cli: Run, db_url: str, tmp_path: Path) -> None:
    day = tmp_path / "day.jsonl"
    day.write_text(
        jsonl(
            [
                {
                    "text": news(1),
                    "title": "Flood toll rises",
                    "url": "https://news.example/flood",
                    "published": "2024-03-01T10:00:00Z",
                    "outlet": "City News",
                    "authors": ["Ann Writer", "Bo Reporter"],
                    "section": "ignored",
                },
                "{not json",  # 2
                "[1, 2]",  # 3
                {"title": "no text"},  # 4
                {"text": 5},  # 5
                "",  # 6: blank, skipped
                {"text": news(2), "published": "yesterday"},  # 7
                {"text": news(3), "authors": {"name": "x"}},  # 8
                {"text": news(4), "url": "javascript:alert(1)"},  # 9
                {"text": "   "},  # 10
                {"text": news(5), "title": "x" * 1001},  # 11
                {"text": news(6), "published": "2024-03-02", "authors": "Cy Writer, Di Writer", "title": None},
                '{"text": "NaN", "score": NaN}',  # 13
                {"text": news(7), "title": "\x1b[31mRed\x1b[0m [bold]alert[/bold]"},
            ]
        )
    )
    result = cli("ingest", "--jsonl", str(day))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = errors(result)
    expected = {
        2: "not valid JSON",
        3: "not a JSON object",
        4: 'no "text"',
        5: '"text" is a number',
        7: "\"published\" 'yesterday' is not YYYY-MM-DD",
        8: '"authors" is an object',
        9: "not an http(s) url",
        10: '"text" is empty',
        11: '"title" is 1,001 characters',
        13: "NaN is not a number JSON allows",
    }
    assert len(lines) == len(expected)
    for line, (number, message) in zip(lines, expected.items()):
        assert line.startswith(f"claimtrack: error: {day}: line {number}: "), line
        assert message in line, line
    assert "13 articles read: 3 stored" in result.stdout and "10 failed" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr
    assert [line.split(": article")[0] for line in result.stdout.splitlines()[:3]] == [
        f"{day}:{n}" for n in (1, 12, 14)
    ]
    assert "“\\x1b[31mRed\\x1b[0m [bold]alert[/bold]”" in result.stdout.splitlines()[2]

    articles = sorted(stored(db_url), key=lambda pair: pair[0].source or "")  # (ids need not follow the input)
    assert [a.source for a, _ in articles] == [f"{day}:1", f"{day}:12", f"{day}:14"]
    first, claims = articles[0]
    assert (first.title, first.url, first.outlet, first.authors) == (
        "Flood toll rises",
        "https://news.example/flood",
        "City News",
        ["Ann Writer", "Bo Reporter"],
    )
    assert first.published == date(2024, 3, 1) and first.text == news(1) and claims >= 1
    twelfth = articles[1][0]
    assert twelfth.authors == ["Cy Writer", "Di Writer"] and twelfth.published == date(2024, 3, 2)
    assert twelfth.title == "The minister said that 18 people died in the flood on Monday."  # its opening words

    # Again: the good lines are found stored, the bad ones reported again; nothing changes.
    again = cli("ingest", "--jsonl", str(day))
    assert again.exit_code == 2 and len(errors(again)) == len(expected)
    assert "3 stored before" in again.stdout and "0 stored with" in again.stdout
    assert sorted(stored(db_url), key=lambda pair: pair[0].source or "") == articles


def test_jsonl_from_stdin(cli: Run, db_url: str) -> None:
    lines = jsonl([{"text": news(i), "title": f"Story {i}"} for i in range(5)])
    out = ok(cli("ingest", "--jsonl", "-", input=lines))
    assert [line.split(": article")[0] for line in out.splitlines()[:5]] == [f"stdin:{n}" for n in range(1, 6)]
    assert "“Story 4”" in out.splitlines()[4]
    assert "5 articles read: 5 stored" in out and "claims match earlier checks" in out
    out = ok(cli("ingest", "--jsonl", "-", input=lines))
    assert "5 stored before" in out and "already ingested as article" in out.splitlines()[0]
    assert sorted(a.title for a, _ in stored(db_url)) == [f"Story {i}" for i in range(5)]


def test_a_missing_or_empty_input_is_one_line(cli: Run, tmp_path: Path) -> None:
    from tests.clicheck import fails

    fails(cli("ingest", "--jsonl", str(tmp_path / "missing.jsonl")), "no such file")
    fails(cli("ingest", "--jsonl", str(tmp_path)), "a folder, not a JSON Lines file")
    (tmp_path / "notes.md").write_text("x")
    fails(cli("ingest", str(tmp_path)), "no files matching *.txt")


def write_article(path: Path, title: str, i: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n{news(i)}\nAuthors: Ann Writer, Daily Test\n")


def test_folders_are_read_recursively_in_sorted_order_with_glob(cli: Run, db_url: str, tmp_path: Path) -> None:
    root = tmp_path / "archive"
    write_article(root / "b.txt", "Bee", 1)
    write_article(root / "a.txt", "Ay", 2)
    write_article(root / "2024" / "03" / "c.txt", "Sea", 3)
    write_article(root / "2023" / "d.txt", "Dee", 4)
    write_article(root / "2023" / "notes.md", "Markdown", 5)
    (root / "2023" / "photo.txt").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (root / "2023" / "latin1.txt").write_bytes(
        "Café\nLe président a dit que 3 cafés coûtent 9 francs.".encode("latin-1")
    )

    result = cli("ingest", str(root))
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert errors(result) == [
        f"claimtrack: error: {root / '2023' / 'latin1.txt'}: not UTF-8 text (bad byte at offset 3)",
        f"claimtrack: error: {root / '2023' / 'photo.txt'}: a binary file, not a text article",
    ]
    # Folder by folder, names sorted: a.txt, b.txt are the root's files, read first.
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:4]] == [
        str(root / "a.txt"),
        str(root / "b.txt"),
        str(root / "2023" / "d.txt"),
        str(root / "2024" / "03" / "c.txt"),
    ]
    assert sorted(a.title for a, _ in stored(db_url)) == ["Ay", "Bee", "Dee", "Sea"]
    assert "6 articles read: 4 stored" in result.stdout and "2 failed" in result.stdout

    out = ok(cli("ingest", "--glob", "*.md", str(root)))
    assert f"{root / '2023' / 'notes.md'}: article 5 “Markdown”" in out
    out = ok(cli("ingest", "--glob", "03/*.txt", str(root), str(tmp_path / "archive" / "a.txt")))
    lines = out.splitlines()
    assert lines[0].startswith(f"{root / 'a.txt'}: already ingested as article") and "“Ay”" in lines[0]
    assert lines[1].startswith(f"{root / '2024' / '03' / 'c.txt'}: already ingested") and "“Sea”" in lines[1]
    assert len(stored(db_url)) == 5


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(bulk_ingest, "BATCH", 3)
    return 3


def test_an_ingest_stopped_half_way_resumes(
    cli: Run, db_url: str, tmp_path: Path, small_batches: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The extractor fails on the 8th article: the two batches before it are stored whole, the
    third not at all; the same command then stores the rest, each article once."""
    count = 11
    day = tmp_path / "day.jsonl"
    day.write_text(jsonl([{"text": news(i), "title": f"Story {i}"} for i in range(count)]))
    real = claimtrack.extract.extract_claims
    calls = 0

    def failing(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 8:
            raise ClaimtrackError("the model went away")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(claimtrack.extract, "extract_claims", failing)
    result = cli("ingest", "--jsonl", str(day))
    assert result.exit_code == 2 and errors(result) == ["claimtrack: error: the model went away"]
    assert sorted(a.title for a, _ in stored(db_url)) == [f"Story {i}" for i in range(2 * small_batches)]

    monkeypatch.setattr(claimtrack.extract, "extract_claims", real)
    out = ok(cli("ingest", "--jsonl", str(day)))
    assert f"{count} articles read: {count - 6} stored" in out and "6 stored before" in out
    check_each_stored_once_and_whole(db_url, count)


def check_each_stored_once_and_whole(db_url: str, count: int) -> None:
    from claimtrack.services.bulk_ingest import article_from_json

    articles = stored(db_url)
    assert sorted(a.title for a, _ in articles) == sorted(f"Story {i}" for i in range(count))
    for article, claims in articles:
        parsed = article_from_json({"text": article.text, "title": article.title}, "check")
        assert claims == len(propose_claims(parsed)) > 0, article.title


def child_env(db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update(PYTHONPATH=str(ROOT), CLAIMTRACK_DB=db_url, CLAIMTRACK_USER="alice")
    return env


@contextmanager
def started(args: list[str], env: dict[str, str]) -> Iterator[subprocess.Popen[bytes]]:
    """A process that is SIGKILLed and reaped on the way out, whatever happens in between."""
    process = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        if process.stderr is not None:
            process.stderr.close()


def test_a_killed_ingest_resumes_where_it_stopped(cli: Run, db_url: str, tmp_path: Path) -> None:
    """``claimtrack ingest --jsonl`` in a process of its own, SIGKILLed once its first batch is
    stored: what it stored is whole, and the same command stores the rest, each article once.
    (A run that finishes before the kill lands is checked all the same.)"""
    count = bulk_ingest.BATCH * 3
    day = tmp_path / "day.jsonl"
    day.write_text(jsonl([{"text": news(i), "title": f"Story {i}"} for i in range(count)]))
    db = open_database(db_url)
    try:
        args = [sys.executable, "-m", "claimtrack", "ingest", "--no-match", "--jsonl", str(day)]
        with started(args, child_env(db_url)) as process:
            deadline = time.monotonic() + 300
            seen = 0
            while process.poll() is None and time.monotonic() < deadline:
                with db.session() as session:
                    seen = len(session.exec(select(Article.id)).all())
                if seen:
                    process.send_signal(signal.SIGKILL)
                    break
                time.sleep(0.02)
            process.wait(timeout=60)
    finally:
        db.close()
    killed = stored(db_url)
    assert len(killed) % bulk_ingest.BATCH == 0  # whole batches only
    for article, claims in killed:
        assert claims == len(
            propose_claims(bulk_ingest.article_from_json({"text": article.text, "title": article.title}, "x"))
        )
    print(f"killed after {len(killed)} of {count} articles were stored")

    out = ok(cli("ingest", "--no-match", "--jsonl", str(day)))
    assert f"{count} articles read: {count - len(killed)} stored" in out and f"{len(killed)} stored before" in out
    check_each_stored_once_and_whole(db_url, count)
