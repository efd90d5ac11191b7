"""Alembic, driven from code: every open upgrades the schema to the newest revision.

The migration scripts live in ``claimtrack/store/migrations`` and ship with the package, so an
installed claimtrack can upgrade any older database without an ``alembic.ini``.

Revisions are numbered ``0001``, ``0002``... and each file is named after its revision
(``0002_full_text_search.py``), so the newest revision is known from the file names alone:
the common case, a database already up to date, costs one query and never imports Alembic
(which would add a noticeable part of a second to every command's start-up).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")

# An arbitrary constant: the PostgreSQL advisory lock that serialises concurrent upgrades.
_PG_LOCK_KEY = 0x636C61696D


def alembic_config(connection: sa.Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str | None:
    """The newest revision, from the migration file names (``NNNN_name.py``)."""
    numbers = [m.group(1) for p in (MIGRATIONS / "versions").iterdir() if (m := _REVISION_FILE.match(p.name))]
    return max(numbers) if numbers else None


def alembic_head_revision() -> str | None:
    """The newest revision as Alembic sees it (slower; tests check it agrees with the file names)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: sa.Engine) -> str | None:
    """The database's revision, or ``None`` for a database claimtrack has never opened."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(engine: sa.Engine) -> None:
    """Bring the schema to the newest revision; a no-op (one query) when it is already there."""
    if current_revision(engine) == head_revision():
        return
    upgrade(engine, "head")


def upgrade(engine: sa.Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        command.upgrade(alembic_config(conn), revision)


def downgrade(engine: sa.Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
