"""Hostile inputs and outputs (issue 12): every reader is bounded as it reads, whatever the input
is, and ``-o`` replaces only regular files.

Real files, real devices, real pipes: /dev/zero, /dev/null, /dev/full, named pipes, symlinks,
and a real process where the file descriptor matters (stdin, /dev/stdout).
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.config import get_settings
from claimtrack.services import articles
from tests.clicheck import fails, ok
from tests.conftest import EXAMPLE, ROOT

Run = Callable[..., Result]
LIMIT = 64 * 1024
PATTERN = "https://facts.example/checks/{id}"
READERS = ["ingest", "extract", "score", "import-claimreview"]
needs_devices = pytest.mark.skipif(
    not all(os.path.exists(p) for p in ("/dev/zero", "/dev/null", "/dev/full")),
    reason="needs /dev/zero, /dev/null and /dev/full",
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite database holding the example article with one disputed claim (a verdict, so
    ``export claimreview`` has something to write). Only read by the tests."""
    db = str(tmp_path_factory.mktemp("desk") / "claimtrack.db")
    runner = CliRunner()
    env = {"CLAIMTRACK_DB": db, "CLAIMTRACK_USER": "alice"}
    ok(runner.invoke(app, ["ingest", str(EXAMPLE)], env=env))
    claims = json.loads(ok(runner.invoke(app, ["claims", "--json"], env=env)))
    [denied] = [c for c in claims if "four Chinese nationals" in c["text"]]  # denied in the article itself
    ok(runner.invoke(app, ["dispute", str(denied["id"]), "--note", "The embassy denied it."], env=env))
    return db


@pytest.fixture
def cli(desk: str) -> Iterator[Run]:
    runner = CliRunner()

    def run(*args: str, input: bytes | str | None = None, env: dict[str, str] | None = None) -> Result:
        get_settings.cache_clear()
        full_env = {
            "CLAIMTRACK_DB": desk,
            "CLAIMTRACK_USER": "alice",
            "CLAIMTRACK_CHECK_URL_PATTERN": PATTERN,
            **(env or {}),
        }
        return runner.invoke(app, list(args), input=input, env=full_env)

    yield run
    get_settings.cache_clear()


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(articles, "MAX_ARTICLE_BYTES", LIMIT)
    return LIMIT


def text_of(size: int) -> bytes:
    """Valid article text of ``size`` bytes on one line (so ``score`` sees one long line too)."""
    unit = b"The army lost 40 tanks in 2022, officials said. "
    return (unit * (size // len(unit) + 1))[:size]


# --- reading: bounded, whatever the input is ---------------------------------------------------


@needs_devices
@pytest.mark.parametrize("command", READERS)
def test_every_reader_stops_at_the_limit_on_dev_zero(cli: Run, small_limit: int, command: str) -> None:
    started = time.monotonic()
    line = fails(cli(command, "/dev/zero"), f"over the {small_limit:,}-byte limit")
    assert line.startswith("claimtrack: error: /dev/zero: ")
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("command", READERS)
def test_every_reader_stops_at_the_limit_on_a_named_pipe(
    cli: Run, small_limit: int, tmp_path: Path, command: str
) -> None:
    """A FIFO says 0 bytes to stat(); the writer offers four times the limit and finds the pipe
    closed once the reader has read one byte past it."""
    fifo = tmp_path / "feed"
    os.mkfifo(fifo)
    written: list[int] = []

    def writer() -> None:
        with open(fifo, "wb") as pipe:
            try:
                for _ in range(4):
                    pipe.write(text_of(small_limit))
                    written.append(small_limit)
                pipe.flush()
            except BrokenPipeError:
                pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        fails(cli(command, str(fifo)), f"over the {small_limit:,}-byte limit")
    finally:
        thread.join(timeout=10)
    assert not thread.is_alive()
    assert sum(written) < 4 * small_limit  # the reader stopped: the writer never got it all in


def test_a_named_pipe_under_the_limit_is_read_whole(cli: Run, small_limit: int, tmp_path: Path) -> None:
    fifo = tmp_path / "article"
    os.mkfifo(fifo)
    data = EXAMPLE.read_bytes()
    assert len(data) < small_limit

    def writer() -> None:
        with open(fifo, "wb") as pipe:
            pipe.write(data)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    out = ok(cli("extract", "--json", str(fifo)))
    thread.join(timeout=10)
    records = [json.loads(line) for line in out.splitlines()]
    assert records and all(data.decode()[r["start"] : r["end"]] == r["text"] for r in records)


def test_a_regular_file_over_the_limit_is_refused_before_reading(cli: Run, small_limit: int, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(text_of(small_limit + 1))
    for command in ("ingest", "extract", "import-claimreview"):
        fails(cli(command, str(big)), f"{small_limit + 1:,} bytes, over the {small_limit:,}-byte limit")


def test_standard_input_over_the_limit(cli: Run, small_limit: int) -> None:
    fails(cli("extract", "-", input=text_of(small_limit + 1)), f"standard input: over the {small_limit:,}-byte limit")
    fails(
        cli("score", input=text_of(small_limit + 1)), f"standard input: line 1 is over the {small_limit:,}-byte limit"
    )
    assert ok(cli("extract", "--json", "-", input=text_of(small_limit)))


def test_score_streams_any_length_but_bounds_each_line(cli: Run, small_limit: int) -> None:
    lines = b"The army lost 40 tanks in 2022.\n" * (3 * small_limit // 32)  # three times the limit in all
    assert len(ok(cli("score", input=lines)).splitlines()) == 3 * small_limit // 32


def _limited_process(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess[bytes]:
    """``claimtrack ARGS`` as a real process, with the input limit at LIMIT."""
    code = (
        "import sys; import claimtrack.services.articles as a; a.MAX_ARTICLE_BYTES = int(sys.argv.pop(1)); "
        "sys.argv[0] = 'claimtrack'; from claimtrack.cli import main; main()"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update({"CLAIMTRACK_USER": "tester", "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-c", code, str(LIMIT), *args], cwd=cwd, env=env, capture_output=True, timeout=120, **kwargs
    )


@pytest.mark.parametrize("args", [["ingest", "/dev/stdin"], ["extract", "-"], ["extract", "/dev/stdin"], ["score"]])
def test_a_real_pipe_on_stdin_over_the_limit(tmp_path: Path, args: list[str]) -> None:
    """`cat big | claimtrack ingest /dev/stdin`: the real fd 0 is a pipe (stat says 0 bytes)."""
    result = _limited_process(args, tmp_path, input=text_of(16 * LIMIT))
    assert result.returncode == 2, result.stderr
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and f"over the {LIMIT:,}-byte limit" in lines[0], result.stderr
    assert b"article" not in result.stdout and b"Traceback" not in result.stderr


def test_a_real_pipe_on_stdin_under_the_limit_is_ingested(tmp_path: Path) -> None:
    result = _limited_process(["ingest", "/dev/stdin"], tmp_path, input=EXAMPLE.read_bytes())
    assert result.returncode == 0, result.stderr
    assert b"article 1" in result.stdout


# --- writing: -o replaces regular files only ---------------------------------------------------


def _char_device(path: str) -> tuple[int, int]:
    info = os.stat(path)
    assert stat.S_ISCHR(info.st_mode), f"{path} is no longer a character device"
    return info.st_rdev, stat.S_IMODE(info.st_mode)


@needs_devices
@pytest.mark.parametrize("command", [("report",), ("report", "-f", "csv"), ("export", "claimreview")])
def test_output_to_dev_null_stays_a_character_device(cli: Run, command: tuple[str, ...]) -> None:
    before = _char_device("/dev/null")
    out = ok(cli(*command, "-o", "/dev/null"))
    assert "/dev/null" in out
    assert _char_device("/dev/null") == before
    assert not [p for p in os.listdir("/dev") if p.startswith(".null.")]  # no temporary file left


@needs_devices
@pytest.mark.parametrize("command", [("report",), ("report", "-f", "html"), ("export", "claimreview")])
def test_output_to_dev_full_is_one_line_and_the_device_stays(cli: Run, command: tuple[str, ...]) -> None:
    before = _char_device("/dev/full")
    fails(cli(*command, "-o", "/dev/full"), "cannot write /dev/full: No space left on device")
    assert _char_device("/dev/full") == before


@needs_devices
@pytest.mark.parametrize("command", [["report"], ["report", "-f", "json"], ["export", "claimreview"]])
def test_output_to_dev_full_in_a_real_process(desk: str, tmp_path: Path, command: list[str]) -> None:
    """No traceback, no logged cursor error: exactly one line on stderr, exit 2."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update({"CLAIMTRACK_DB": desk, "CLAIMTRACK_USER": "tester", "CLAIMTRACK_CHECK_URL_PATTERN": PATTERN})
    result = subprocess.run(
        [sys.executable, "-m", "claimtrack", *command, "-o", "/dev/full"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr == "claimtrack: error: cannot write /dev/full: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_output_to_a_symlink_writes_its_target_and_keeps_the_link(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "reports" / "status.md"
    target.parent.mkdir()
    target.write_text("yesterday's report")
    link = tmp_path / "latest.md"
    link.symlink_to(Path("reports") / "status.md")  # a relative link, resolved from its folder
    ok(cli("report", "-o", str(link)))
    assert link.is_symlink() and os.readlink(link) == str(Path("reports") / "status.md")
    assert target.read_text().startswith("# claimtrack status report")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.md", "reports"]
    assert [p.name for p in target.parent.iterdir()] == ["status.md"]


def test_output_to_a_dangling_symlink_creates_its_target(cli: Run, tmp_path: Path) -> None:
    link = tmp_path / "checks.json"
    link.symlink_to(tmp_path / "published.json")
    ok(cli("export", "claimreview", "-o", str(link)))
    assert link.is_symlink()
    assert json.loads((tmp_path / "published.json").read_text())[0]["@type"] == "ClaimReview"


def test_output_to_a_named_pipe_is_written_into_and_stays_a_pipe(cli: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as pipe:
            received.append(pipe.read())

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    ok(cli("report", "-f", "json", "-o", str(fifo)))
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert json.loads(received[0])["schema"].startswith("claimtrack.report/")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_output_keeps_an_existing_files_mode(cli: Run, tmp_path: Path, mode: int) -> None:
    target = tmp_path / "status.md"
    target.write_text("old")
    target.chmod(mode)
    ok(cli("report", "-o", str(target)))
    assert target.read_text().startswith("# claimtrack status report")
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_new_output_file_gets_the_umask_mode(cli: Run, tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        ok(cli("export", "claimreview", "-o", str(tmp_path / "checks.json")))
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "checks.json").stat().st_mode) == 0o640


def test_output_to_dev_stdout_writes_into_the_stream(desk: str, tmp_path: Path) -> None:
    """`report -o /dev/stdout >> file`: written through the process's own stdout (its append
    offset kept), never replacing the file the shell opened; the confirmation goes to stderr."""
    out = tmp_path / "out.md"
    out.write_text("earlier\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update({"CLAIMTRACK_DB": desk, "CLAIMTRACK_USER": "tester"})
    inode = out.stat().st_ino
    with open(out, "a") as stdout:
        result = subprocess.run(
            [sys.executable, "-m", "claimtrack", "report", "-o", "/dev/stdout"],
            cwd=tmp_path,
            env=env,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr
    assert "report written to /dev/stdout" in result.stderr
    assert out.stat().st_ino == inode
    assert out.read_text().startswith("earlier\n# claimtrack status report")
