"""How fast does a fact-check collection import? 100,000 synthetic fact checks, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/factchecks_import.py
    .venv/bin/python benchmarks/factchecks_import.py --count 20000
    .venv/bin/python benchmarks/factchecks_import.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

Writes a JSON Lines file of ``--count`` fact checks (text, id, title, rating, url, publisher, date,
speaker; a tenth without a url, a tenth without an id) under /tmp, then runs the real command,
``claimtrack factchecks import FILE``, in a fresh process on a new, empty database: once (every
fact check new) and again (every one already stored). The table shows the wall time, the rate, and
the process's peak memory (RSS), which should not grow with ``--count``.

PostgreSQL is used when ``--postgres`` or ``CLAIMTRACK_TEST_POSTGRES`` names a server; the
database ``claimtrack_bench_factchecks`` is made there for the run and dropped after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_DATABASE = "claimtrack_bench_factchecks"
WORDS = (
    "unemployment fell rose percent minister said the government spent billion on schools hospitals "
    "vaccine causes crime rate doubled since taxes immigrants border wall climate warming record "
    "election fraud votes counted twice president signed bill banned imports exports wages"
).split()
RATINGS = ["False", "Mostly false", "Half true", "Mostly true", "True", "Pants on fire", "Misleading"]
PUBLISHERS = ["PolitiFact", "Snopes", "Full Fact", "AFP Fact Check", "FactCheck.org"]


def write_collection(path: Path, count: int) -> None:
    rng = random.Random(15)
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, count + 1):
            item: dict[str, object] = {
                "text": " ".join(rng.choices(WORDS, k=rng.randint(8, 25))) + f" ({n})",
                "title": f"Fact check {n}: " + " ".join(rng.choices(WORDS, k=6)),
                "rating": rng.choice(RATINGS),
                "publisher": rng.choice(PUBLISHERS),
                "date": f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "speaker": f"Speaker {rng.randint(1, 500)}",
            }
            if n % 10 != 3:
                item["id"] = f"fc-{n}"
            if n % 10 != 7:
                item["url"] = f"https://factcheck.example/checks/{n}"
            out.write(json.dumps(item) + "\n")


def run_import(db_url: str, path: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, the command's last line) of one import in a fresh process."""
    code = (
        "import resource, sys\n"
        "from claimtrack.cli.main import main\n"
        "sys.argv = ['claimtrack', 'factchecks', 'import', sys.argv[1]]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\nelse:\n    code = 0\n"
        "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": "bench"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the import failed ({done.returncode}): {done.stderr.strip()}")
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("peak "))
    return seconds, peak / 1024, done.stdout.strip().splitlines()[-1]


def _pg_admin(url: str, statement: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(statement))
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000, help="fact checks to import (default 100,000)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CLAIMTRACK_TEST_POSTGRES"),
        help="a PostgreSQL server URL (default: CLAIMTRACK_TEST_POSTGRES); without one, SQLite only",
    )
    args = parser.parse_args()

    from claimtrack.store import open_database

    with tempfile.TemporaryDirectory(prefix="claimtrack-bench-factchecks-") as tmp:
        data = Path(tmp) / "factchecks.jsonl"
        write_collection(data, args.count)
        size = data.stat().st_size / 1e6
        print(f"{args.count:,} fact checks, {size:.1f} MB of JSON Lines\n")
        print(f"{'engine':<11} {'run':<16} {'seconds':>8} {'per second':>11} {'peak RSS':>9}")
        targets: list[tuple[str, str]] = [("sqlite", str(Path(tmp) / "bench.db"))]
        if args.postgres:
            import sqlalchemy as sa

            server = sa.make_url(args.postgres)
            _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {PG_DATABASE}")
            _pg_admin(args.postgres, f"CREATE DATABASE {PG_DATABASE}")
            targets.append(("postgresql", server.set(database=PG_DATABASE).render_as_string(hide_password=False)))
        try:
            for engine, url in targets:
                open_database(url).close()  # made and migrated beforehand: only the import is timed
                for run in ("all new", "all already in"):
                    seconds, peak, said = run_import(url, data)
                    rate = args.count / seconds
                    print(f"{engine:<11} {run:<16} {seconds:>8.1f} {rate:>11,.0f} {peak:>7.0f} MB")
                    print(f"{'':<11} {said}")
        finally:
            if args.postgres:
                _pg_admin(args.postgres, f"DROP DATABASE IF EXISTS {PG_DATABASE}")


if __name__ == "__main__":
    main()
