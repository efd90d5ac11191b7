"""The store: SQLModel tables, the engine (SQLite or PostgreSQL) and the Alembic migrations.

Nothing here knows about the CLI or the TUI; the services build on it.
"""

from claimtrack.store.engine import Database, database_url, open_database
from claimtrack.store.models import (
    VERDICTS,
    Article,
    ChangeKind,
    Claim,
    ClaimStatus,
    Evidence,
    HistoryEntry,
    Stance,
)

__all__ = [
    "VERDICTS",
    "Article",
    "ChangeKind",
    "Claim",
    "ClaimStatus",
    "Database",
    "Evidence",
    "HistoryEntry",
    "Stance",
    "database_url",
    "open_database",
]
