"""An old claimtrack database to upgrade: schema 0001 with a few hundred articles in it."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from claimtrack.store.engine import create_db_engine, database_url
from claimtrack.store.migrate import upgrade

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = 300
CLAIMS_PER_ARTICLE = 10
NOW = "2024-03-05 10:00:00"


def build_old_database(path: Path, articles: int = ARTICLES) -> None:
    """A SQLite file at revision 0001 with ``articles`` articles, their claims, evidence and history."""
    engine = create_db_engine(database_url(path))
    upgrade(engine, "0001")
    engine.dispose()
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO article (id, title, authors, text, content_hash, ingested_at, ingested_by) "
            "VALUES (?, ?, '[]', ?, ?, ?, 'olduser')",
            [
                (a, f"Article {a}", f"Body of article {a}. " * 50 + "Minister says 3 ships sank.", f"h{a}", NOW)
                for a in range(1, articles + 1)
            ],
        )
        claims = [
            (
                a * 100 + c,
                a,
                f"claim {c} of article {a}: {c} ships sank near harbour{a}x",
                "The minister said so.",
                NOW,
                NOW,
            )
            for a in range(1, articles + 1)
            for c in range(CLAIMS_PER_ARTICLE)
        ]
        conn.executemany(
            "INSERT INTO claim (id, article_id, text, sentence, char_start, char_end, sentence_start, sentence_end, "
            "claimant, cues, disputed_by, score, status, origin, version, created_at, created_by, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, 0, 5, 0, 10, 'Minister', '[]', '[]', 0.7, 'in_review', 'extractor', 1, ?, 'olduser', ?, 'olduser')",
            claims,
        )
        conn.executemany(
            "INSERT INTO evidence (claim_id, url, stance, added_by, added_at) VALUES (?, 'https://old.example/s', 'refutes', 'olduser', ?)",
            [(cid, NOW) for cid, *_ in claims],
        )
        conn.executemany(
            "INSERT INTO history (claim_id, at, actor, kind, to_value, version) VALUES (?, ?, 'olduser', 'created', 'in_review', 1)",
            [(cid, NOW) for cid, *_ in claims],
        )
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def read_state(path: Path) -> dict[str, object]:
    """Revision, tables and row counts, read without claimtrack (and without upgrading)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        state: dict[str, object] = {"tables": tables}
        state["revision"] = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        for table in ("article", "claim", "evidence", "history"):
            state[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return state
    finally:
        conn.close()


def claimtrack_process(db: Path, *args: str) -> subprocess.Popen[bytes]:
    """``claimtrack --db DB ARGS`` as a real process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env["CLAIMTRACK_USER"] = "tester"
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "--db", str(db), *args],
        cwd=db.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
