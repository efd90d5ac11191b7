"""``--db`` values: a path is a path (only sqlite:// and postgresql:// are URLs); a PostgreSQL
server that never answers is one clear error after ``db_connect_timeout``."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.config import Settings, get_settings
from claimtrack.errors import InputError
from claimtrack.store import database_url, open_database
from claimtrack.store.migrate import head_revision
from tests.clicheck import fails, ok


def init(db: str, cwd: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> object:
    monkeypatch.chdir(cwd)
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(app, ["--db", db, "init"], env={"CLAIMTRACK_USER": "tester", **env})
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("name", ["desk?v=2.db", "desk%20x.db", "desk#1.db", "100% desk.db"])
def test_a_path_is_taken_literally(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    out = ok(init(name, tmp_path, monkeypatch))  # type: ignore[arg-type]
    assert f"(schema {head_revision()})" in out and name in out
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # not "desk", not "desk x.db"
    # ... and it is the same database the next time, through the CLI or the store.
    assert f"(schema {head_revision()})" in ok(init(name, tmp_path, monkeypatch))  # type: ignore[arg-type]
    db = open_database(tmp_path / name)
    with db.engine.connect():
        pass
    db.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_database_url_keeps_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.engine import make_url

    monkeypatch.chdir(tmp_path)
    for name in ("desk?v=2.db", "desk%20x.db"):
        assert make_url(database_url(name)).database == str(tmp_path / name)
        assert make_url(database_url(name)).query == {}
    assert database_url("sqlite:///abs.db") == "sqlite:///abs.db"
    assert database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"
    with pytest.raises(InputError, match="unsupported database 'mysql'"):
        database_url("mysql://root@127.0.0.1/x")


# --- a server that accepts and never answers -------------------------------------------------


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A TCP server on 127.0.0.1 that accepts connections and never sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for conn in held:
        conn.close()
    server.close()


def test_the_connect_timeout_setting() -> None:
    assert Settings().db_connect_timeout == 10
    assert Settings(db_connect_timeout=2.5).db_connect_timeout == 2.5


def test_a_silent_postgres_is_one_clear_error(silent_server: int) -> None:
    start = time.monotonic()
    with pytest.raises(InputError) as info:
        open_database(f"postgresql://nobody@127.0.0.1:{silent_server}/x", connect_timeout=1)
    assert str(info.value) == f"PostgreSQL at 127.0.0.1:{silent_server} did not answer within 1 s"
    assert time.monotonic() - start < 8  # psycopg waits at least 2 s


def test_a_silent_postgres_through_the_cli(silent_server: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    start = time.monotonic()
    result = init(
        f"postgresql://nobody@127.0.0.1:{silent_server}/x", tmp_path, monkeypatch, CLAIMTRACK_DB_CONNECT_TIMEOUT="1"
    )
    line = fails(result, "")  # type: ignore[arg-type]
    assert line == f"claimtrack: error: PostgreSQL at 127.0.0.1:{silent_server} did not answer within 1 s"
    assert time.monotonic() - start < 8
