"""Settings come from the environment, then the TOML file, then the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.config import Settings, get_settings
from claimtrack.errors import InputError


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in (
        "CLAIMTRACK_CONFIG",
        "CLAIMTRACK_ORG_NAME",
        "CLAIMTRACK_FETCH_TIMEOUT",
        "CLAIMTRACK_DB",
        "CLAIMTRACK_USER",
    ):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_defaults() -> None:
    s = get_settings()
    assert s.org_name == "claimtrack" and s.fetch_max_bytes == 20 * 1024 * 1024 and s.allow_private is False


def test_file_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claimtrack.toml").write_text('org_name = "Desk Facts"\nfetch_timeout = 5\n')
    assert (get_settings().org_name, get_settings().fetch_timeout) == ("Desk Facts", 5.0)
    get_settings.cache_clear()
    monkeypatch.setenv("CLAIMTRACK_ORG_NAME", "From Env")
    assert get_settings().org_name == "From Env"


def test_named_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "desk.toml"
    other.write_text('check_url_pattern = "https://facts.example/c/{id}"\n')
    monkeypatch.setenv("CLAIMTRACK_CONFIG", str(other))
    assert get_settings().check_url_pattern == "https://facts.example/c/{id}"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ({"CLAIMTRACK_FETCH_TIMEOUT": "soon"}, "bad setting fetch_timeout"),
        ({"CLAIMTRACK_FETCH_TIMEOUT": "-1"}, "bad setting fetch_timeout"),
        ({"CLAIMTRACK_CONFIG": "/nonexistent/x.toml"}, "does not exist"),
    ],
)
def test_bad_settings_are_one_clear_error(monkeypatch: pytest.MonkeyPatch, setup: dict[str, str], message: str) -> None:
    for key, value in setup.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(InputError, match=message):
        get_settings()


def test_bad_toml(tmp_path: Path) -> None:
    (tmp_path / "claimtrack.toml").write_text("org_name = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        get_settings()


def test_settings_can_be_built_directly() -> None:
    assert Settings(org_name="X").org_name == "X"


def test_the_database_and_the_user_argument_then_environment_then_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimtrack.services.identity import current_user
    from claimtrack.store import database_url

    (tmp_path / "claimtrack.toml").write_text('db = "from-file.db"\nuser = "file-user"\n')
    assert database_url(None) == f"sqlite:///{tmp_path / 'from-file.db'}" and current_user() == "file-user"
    get_settings.cache_clear()
    monkeypatch.setenv("CLAIMTRACK_DB", "from-env.db")
    monkeypatch.setenv("CLAIMTRACK_USER", "env-user")
    assert database_url(None) == f"sqlite:///{tmp_path / 'from-env.db'}" and current_user() == "env-user"
    assert database_url("given.db") == f"sqlite:///{tmp_path / 'given.db'}" and current_user("alice") == "alice"
