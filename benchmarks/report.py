"""How fast are reports on a big desk? 100,000 claims, every format, beside a bare SQL export.

    .venv/bin/python benchmarks/report.py            # builds /tmp/claimtrack-bench-100000.db once
    .venv/bin/python benchmarks/report.py --claims 20000 --rebuild

The database (2,000 articles of 50 claims; 40% with a verdict and evidence, a third assigned) is
built once with executemany in big transactions and cached under /tmp. Each format runs in a
fresh process that writes the report to a file; the table shows its time, its ratio to a bare
``SELECT ... FROM claim JOIN article`` written with csv.writer (the floor: same rows, no
evidence, notes or escaping), and the process's peak memory (RSS) above its start.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CLAIMS_PER_ARTICLE = 50
FORMATS = ("md", "html", "json", "csv")


def build(path: Path, claims: int) -> None:
    import sqlalchemy as sa

    from claimtrack.store import open_database
    from claimtrack.store.models import Article, Claim, Evidence, HistoryEntry

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path)
    rng = random.Random(6)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    verdicts = ["verified", "disputed", "false", "misleading"]
    users = ["alice", "bob", "carol", "dave", "erin"]
    articles = max(1, claims // CLAIMS_PER_ARTICLE)
    article_rows, claim_rows, evidence_rows, history_rows = [], [], [], []
    claim_id = evidence_id = 0
    for a in range(1, articles + 1):
        ingested = start + timedelta(minutes=7 * a)
        article_rows.append(
            dict(
                id=a,
                title=f"Article {a}: officials dispute figures | part {a % 7}",
                outlet=rng.choice(["SCMP", "Daily Test", "Reuters"]),
                authors=["Ann Writer"],
                url=f"https://news.example/{a}",
                published=ingested.date(),
                standfirst=None,
                text="body " * 200,
                content_hash=f"{a:064x}",
                source="bench",
                ingested_at=ingested,
                ingested_by="bench",
            )
        )
        for c in range(CLAIMS_PER_ARTICLE):
            if claim_id >= claims:
                break
            claim_id += 1
            roll = rng.random()
            status = (
                rng.choice(verdicts)
                if roll < 0.4
                else ("in_review" if roll < 0.55 else ("dismissed" if roll < 0.6 else "new"))
            )
            assignee = rng.choice(users) if rng.random() < 0.33 else None
            changed = ingested + timedelta(hours=rng.randint(1, 300))
            claim_rows.append(
                dict(
                    id=claim_id,
                    article_id=a,
                    text=f"The ministry said {rng.randint(1, 10_000)} people were affected in region {c} <b>",
                    sentence="s",
                    char_start=c * 100,
                    char_end=c * 100 + 60,
                    sentence_start=c * 100,
                    sentence_end=c * 100 + 90,
                    claimant=rng.choice(["The ministry", "A local paper", "=Spokesman", "Vladimir Putin"]),
                    cue="said",
                    cues=["allegedly"] if c % 9 == 0 else [],
                    disputed_by=[],
                    score=round(rng.random(), 4),
                    status=status,
                    assignee=assignee,
                    origin="extractor",
                    version=3 if status in verdicts else 1,
                    created_at=ingested,
                    created_by="bench",
                    updated_at=changed if status != "new" else ingested,
                    updated_by="bench",
                )
            )
            history_rows.append(
                dict(
                    claim_id=claim_id,
                    at=ingested,
                    actor="bench",
                    kind="created",
                    to_value="new",
                    note="extracted",
                    version=1,
                )
            )
            if status in verdicts:
                evidence_id += 1
                evidence_rows.append(
                    dict(
                        id=evidence_id,
                        claim_id=claim_id,
                        url=f"https://evidence.example/{claim_id}",
                        title="Ministry statement",
                        stance=rng.choice(["supports", "refutes", "context"]),
                        note=None,
                        quote=None,
                        added_by="carol",
                        added_at=changed - timedelta(minutes=30),
                    )
                )
                history_rows.append(
                    dict(
                        claim_id=claim_id,
                        at=changed - timedelta(minutes=30),
                        actor="carol",
                        kind="evidence",
                        to_value="context",
                        version=2,
                        evidence_id=evidence_id,
                    )
                )
                history_rows.append(
                    dict(
                        claim_id=claim_id,
                        at=changed,
                        actor="carol",
                        kind="status",
                        from_value="new",
                        to_value=status,
                        note="Checked against the statement.",
                        version=3,
                    )
                )
            elif status != "new":
                history_rows.append(
                    dict(
                        claim_id=claim_id,
                        at=changed,
                        actor="bob",
                        kind="status",
                        from_value="new",
                        to_value=status,
                        note=None,
                        version=2,
                    )
                )
    history_defaults = dict(from_value=None, to_value=None, note=None, evidence_id=None)
    history_rows = [{**history_defaults, **h} for h in history_rows]
    with db.engine.begin() as conn:
        for table, rows in (
            (Article, article_rows),
            (Claim, claim_rows),
            (Evidence, evidence_rows),
            (HistoryEntry, history_rows),
        ):
            for i in range(0, len(rows), 20_000):
                conn.execute(sa.insert(table.__table__), rows[i : i + 20_000])  # executemany  # type: ignore[attr-defined]
    db.close()


def _peak_kb() -> int:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(db_path: str, fmt: str, out_path: str) -> dict[str, float]:
    """In a fresh process: one report (or the bare SQL export) to a file; time and memory."""
    from claimtrack.services.reports import write_report
    from claimtrack.store import open_database

    db = open_database(db_path)
    base = _peak_kb()
    t0 = time.perf_counter()
    if fmt == "sql":
        import csv
        import sqlite3

        conn = sqlite3.connect(db_path)
        with open(out_path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            for row in conn.execute(
                "SELECT claim.id, claim.status, claim.claimant, claim.text, claim.assignee, claim.created_at, claim.updated_at, "
                "article.id, article.title, article.outlet, article.url FROM claim JOIN article ON article.id = claim.article_id "
                "ORDER BY claim.article_id, claim.char_start, claim.id"
            ):
                writer.writerow(row)
        conn.close()
    else:
        with open(out_path, "w", newline="" if fmt == "csv" else None, encoding="utf-8") as out:
            write_report(db, None, fmt, out)
    seconds = time.perf_counter() - t0
    peak = _peak_kb()
    db.close()
    return {
        "seconds": seconds,
        "peak_mb": peak / 1024,
        "growth_mb": (peak - base) / 1024,
        "bytes": os.path.getsize(out_path),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--one", nargs=3, metavar=("DB", "FORMAT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return

    db_path = Path(tempfile.gettempdir()) / f"claimtrack-bench-{args.claims}.db"
    if args.rebuild or not db_path.exists():
        t0 = time.perf_counter()
        build(db_path, args.claims)
        print(f"built {db_path} ({args.claims:,} claims) in {time.perf_counter() - t0:.1f} s")
    else:
        print(f"using cached {db_path} (--rebuild to rebuild)")

    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("sql", *FORMATS):
            out = os.path.join(tmp, f"out.{fmt}")
            proc = subprocess.run(
                [sys.executable, __file__, "--one", str(db_path), fmt, out], capture_output=True, text=True, check=True
            )
            results[fmt] = json.loads(proc.stdout.strip().splitlines()[-1])
    floor = results["sql"]["seconds"]
    print(f"\n{'format':<8}{'time':>9}{'× bare SQL':>12}{'peak RSS':>11}{'growth':>9}{'output':>10}")
    for fmt, r in results.items():
        label = "bare SQL" if fmt == "sql" else fmt
        print(
            f"{label:<8}{r['seconds']:>8.2f}s{r['seconds'] / floor:>11.1f}×{r['peak_mb']:>9.0f}MB{r['growth_mb']:>7.0f}MB{r['bytes'] / 1e6:>8.1f}MB"
        )


if __name__ == "__main__":
    main()
