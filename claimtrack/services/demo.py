"""The demo: a fresh SQLite database holding the bundled example article and its claims."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from claimtrack.errors import InputError
from claimtrack.services.articles import decode_text, parse_article
from claimtrack.services.ingest import IngestResult, PendingArticle, extract_then_store
from claimtrack.store.engine import Database, open_database

DEMO_DB = "claimtrack-demo.db"


def example_articles() -> list[tuple[str, str]]:
    """(name, text) of every example article shipped in the package."""
    folder = resources.files("claimtrack") / "examples"
    items = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            items.append((entry.name, decode_text(entry.read_bytes(), entry.name)))
    return items


def build_demo(target: str | None, *, force: bool, user: str) -> tuple[Database, list[IngestResult]]:
    """Replace ``target`` (default ``claimtrack-demo.db``) with a database of the examples."""
    path_value = target or DEMO_DB
    if "://" in path_value:
        raise InputError("the demo builds a SQLite file; give --db a file path, not a URL")
    path = Path(path_value).expanduser()
    if path.exists():
        if path.is_dir():
            raise InputError(f"{path} is a folder")
        if target is not None and not force:
            raise InputError(f"{path} exists; pass --force to replace it with the demo")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path)
    examples = [PendingArticle(f"example:{name}", parse_article(text, name)) for name, text in example_articles()]
    results: list[IngestResult] = extract_then_store(
        db, examples, user=user
    )  # extracted first, then stored in one transaction
    return db, results
