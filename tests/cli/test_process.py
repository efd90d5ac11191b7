"""The installed command as a real process: exit codes, stderr, and no textual import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE


def run(*args: str, cwd: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update({"CLAIMTRACK_USER": "tester", **(extra_env or {})})
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_ingest_and_list_in_a_real_process(tmp_path: Path) -> None:
    result = run("ingest", str(EXAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "claimtrack.db").exists()
    listing = run("claims", cwd=tmp_path)
    assert listing.returncode == 0 and "four Chinese nationals" in listing.stdout


def test_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("show", "42", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "claimtrack: error: no claim with id 42\n"
    missing = run("ingest", "nope.txt", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stderr.strip() == "claimtrack: error: nope.txt: no such file"


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    result = run("--db", "postgresql://nobody:secret@127.0.0.1:1/x", "claims", cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "cannot open database" in result.stderr and "secret" not in result.stderr


def test_commands_other_than_the_tui_do_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from claimtrack.cli import app\n"
        "from typer.testing import CliRunner\n"
        f"r = CliRunner().invoke(app, ['--db', {str(tmp_path / 'x.db')!r}, 'ingest', {str(EXAMPLE)!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "r = CliRunner().invoke(app, ['--db', " + repr(str(tmp_path / "x.db")) + ", 'report'])\n"
        "assert r.exit_code == 0, r.output\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_usage_errors_are_one_line_too(tmp_path: Path) -> None:
    for args, message in [
        (("show", "abc"), "Invalid value for 'ID'"),
        (("status", "1"), "Missing argument 'STATUS'"),
        (("frobnicate",), "No such command 'frobnicate'"),
        (("claims", "--limit", "0"), "Invalid value for '--limit'"),
    ]:
        result = run(*args, cwd=tmp_path)
        assert result.returncode == 2, args
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("claimtrack: error: ") and message in lines[0], result.stderr


def test_output_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    """`claims > /dev/full`: the listing streams, so the write fails mid-way: one line, exit 2."""
    assert run("ingest", str(EXAMPLE), cwd=tmp_path).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "claimtrack", "claims"],
            cwd=tmp_path,
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2
    assert result.stderr == "claimtrack: error: No space left on device\n"
    assert run("claims", cwd=tmp_path).returncode == 0  # the database is intact
