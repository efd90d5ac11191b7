"""The layers stay apart: the store, services and extractor never import textual or the CLI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "claimtrack"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", ["store", "services", "extract"])
def test_core_layers_do_not_import_ui(layer: str) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            top = name.split(".")[0]
            assert top not in {"textual", "typer", "click", "rich"}, f"{path} imports {name}"
            assert not name.startswith(("claimtrack.cli", "claimtrack.tui")), f"{path} imports {name}"


def test_the_extractor_needs_no_database() -> None:
    for path in sorted((PACKAGE / "extract").rglob("*.py")):
        for name in imported_modules(path):
            assert name.split(".")[0] not in {"sqlmodel", "sqlalchemy", "alembic", "psycopg"}, f"{path} imports {name}"
            assert not name.startswith(("claimtrack.store", "claimtrack.services")), f"{path} imports {name}"


def test_the_cli_writes_no_sql() -> None:
    for path in sorted((PACKAGE / "cli").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for word in ("session.add(", "session.execute(", "sa.update(", "sa.text(", "INSERT ", "UPDATE "):
            assert word not in text, f"{path} contains {word!r}"
