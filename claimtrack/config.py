"""Settings: a pydantic-settings model read from ``CLAIMTRACK_*`` variables and a TOML file.

Where a value comes from, strongest first:

1. the environment, ``CLAIMTRACK_<FIELD>`` (``CLAIMTRACK_ORG_NAME="Desk Facts"``);
2. the file named by ``CLAIMTRACK_CONFIG``, else ``claimtrack.toml`` in the current folder, else
   ``~/.config/claimtrack/config.toml`` (keys are the field names: ``org_name = "Desk Facts"``);
3. the defaults below.

The database (``db``, ``CLAIMTRACK_DB``) and the user (``user``, ``CLAIMTRACK_USER``) are
settings too, with one source stronger still: the CLI's ``--db`` and ``--user`` (and any
caller's explicit argument to ``open_database`` or ``current_user``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from claimtrack import __version__


def config_file() -> Path | None:
    """The TOML file settings are read from, if there is one."""
    named = os.environ.get("CLAIMTRACK_CONFIG")
    if named:
        return Path(named).expanduser()
    for candidate in (Path("claimtrack.toml"), Path("~/.config/claimtrack/config.toml").expanduser()):
        if candidate.is_file():
            return candidate
    return None


class Settings(BaseSettings):
    """claimtrack's settings. Every field can be set as ``CLAIMTRACK_<NAME>`` or in the TOML file."""

    model_config = SettingsConfigDict(env_prefix="CLAIMTRACK_", extra="ignore")

    # -- publishing (reports and ClaimReview) --
    org_name: str = "claimtrack"
    """The organisation that publishes the checks: ClaimReview's ``author``."""
    org_url: str | None = None
    """The organisation's home page."""
    check_url_pattern: str | None = None
    """Where a published check lives; ``{id}`` is replaced by the claim id,
    e.g. ``https://factcheck.example/checks/{id}``."""

    # -- triage --
    queue_threshold: float = Field(default=0.5, ge=0, le=1)
    """Check-worthiness score below which a claim the extractor proposed stays out of the queue
    (``claims``, the desk, reports) until someone asks for it (``claims --rest``, the desk's
    ``T`` key). Set-aside claims are stored and searchable; a claim a checker has touched is
    always in the queue. 0 puts every proposal in the queue."""

    # -- matching (issue 15, docs/matching.md) --
    match_suggest_threshold: float = Field(default=0.75, ge=0, le=1)
    """A new claim's match to an earlier claim or a fact check scoring at least this (the
    re-ranker's probability that it is the same claim) is stored as a suggestion for a checker to
    decide, and marks the claim as seen before in the queue."""
    match_strong_threshold: float = Field(default=0.95, ge=0, le=1)
    """A match scoring at least this is a strong one: named first after an ingest and shown
    without a question mark in the desk. Neither threshold ever applies a verdict: a checker does."""
    match_on_ingest: bool = True
    """Match every new claim on ingest (``ingest --no-match`` turns it off for one run)."""

    # -- fetching from the web --
    user_agent: str = f"claimtrack/{__version__} (fact-checking desk tool)"
    """The User-Agent of every request claimtrack makes."""
    fetch_timeout: float = Field(default=20.0, gt=0)
    """Seconds to wait for a server (connect and each read)."""
    fetch_max_bytes: int = Field(default=20 * 1024 * 1024, gt=0)
    """Bodies larger than this are refused without being read whole."""
    fetch_max_redirects: int = Field(default=5, ge=0)
    fetch_retries: int = Field(default=3, ge=0)
    """Retries, with backoff, on 429 and 5xx answers and on timeouts."""
    fetch_deadline: float = Field(default=60.0, gt=0)
    """Seconds one fetch may take in all (redirects, retries and the waits between them): a
    server that trickles bytes cannot hold a command longer."""
    allow_private: bool = False
    """Allow fetching addresses on the local network (127.0.0.0/8, 10/8, ...)."""
    archive: bool = False
    """Ask the Internet Archive to save each evidence page."""

    # -- who and where --
    db: str | None = None
    """The database: a SQLite file path or a ``postgresql://`` URL (``--db`` is stronger); none:
    ``claimtrack.db`` in the current folder (see ``store.engine.database_url``)."""
    user: str | None = None
    """Your name in the history (``--user`` is stronger); none: the login name."""

    # -- the database --
    db_connect_timeout: float = Field(default=10.0, ge=0)
    """Seconds to wait for a PostgreSQL server to answer a connection (whole seconds, at least 2
    in practice); 0 waits for ever. SQLite files are not affected."""

    # -- outside services --
    factcheck_api_key: str | None = None
    """A Google Fact Check Tools API key, for ``claimtrack lookup``."""
    llm_url: str | None = None
    """An OpenAI-compatible chat completions endpoint, for ``--extractor llm``."""
    llm_model: str | None = None
    llm_api_key: str | None = None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        path = config_file()
        if path is not None:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=path))
        return tuple(sources)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read once per process (tests build ``Settings(...)`` directly)."""
    import tomllib

    from pydantic import ValidationError

    from claimtrack.errors import InputError

    path = config_file()
    if path is not None and not path.is_file():
        raise InputError(f"config file {path} does not exist (CLAIMTRACK_CONFIG)")
    try:
        return Settings()
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"config file {path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"config file {path}: not UTF-8 text") from None
    except OSError as exc:
        raise InputError(f"config file {path}: cannot be read ({exc.strerror or exc})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InputError(f"bad setting {where}: {first['msg']}") from None
