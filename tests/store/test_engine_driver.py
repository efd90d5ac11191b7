"""Without the PostgreSQL driver (the ``postgres`` extra), a PostgreSQL URL gets one line saying
what to install, and exit status 2; SQLite needs no driver and keeps working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from claimtrack.store.engine import POSTGRES_DRIVER_MISSING

# ``sys.modules["psycopg"] = None`` makes ``import psycopg`` fail as if it were not installed;
# it must come before anything imports claimtrack or SQLAlchemy's PostgreSQL dialect.
WITHOUT_PSYCOPG = """\
import sys
sys.modules["psycopg"] = None
sys.argv = ["claimtrack", *sys.argv[1:]]
from claimtrack.cli import main
main()
"""


def run_without_psycopg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env["CLAIMTRACK_USER"] = "tester"
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PSYCOPG, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_postgres_url_without_the_driver_says_what_to_install(tmp_path: Path) -> None:
    # Port 1: nothing is there, and nothing is tried, since the driver is missing first.
    result = run_without_psycopg("--db", "postgresql://nobody:secret@127.0.0.1:1/desk", "claims", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"claimtrack: error: {POSTGRES_DRIVER_MISSING}\n"
    assert "pip install 'claimtrack[postgres]'" in result.stderr
    assert result.stdout == ""


def test_postgres_url_from_the_environment_too(tmp_path: Path) -> None:
    env_url = "postgresql+psycopg://nobody@127.0.0.1:1/desk"
    code = WITHOUT_PSYCOPG.replace("import sys\n", f"import os, sys\nos.environ['CLAIMTRACK_DB'] = {env_url!r}\n", 1)
    result = subprocess.run(
        [sys.executable, "-c", code, "init"], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"claimtrack: error: {POSTGRES_DRIVER_MISSING}\n"


def test_sqlite_needs_no_driver(tmp_path: Path) -> None:
    result = run_without_psycopg("--db", str(tmp_path / "desk.db"), "claims", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "desk.db").exists()
