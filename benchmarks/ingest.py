"""How fast does a day's news go in? ``claimtrack ingest`` against extraction alone, SQLite and PostgreSQL.

    .venv/bin/python benchmarks/ingest.py                   # 1,000 articles for the ratios, 10,000 for the day
    .venv/bin/python benchmarks/ingest.py --quick           # 200 and 1,000: a minute or two
    .venv/bin/python benchmarks/ingest.py --articles 5000 --small 500
    .venv/bin/python benchmarks/ingest.py --postgres postgresql://postgres@127.0.0.1:5432/postgres

The targets are issue 16's, every ratio measured in the same run:

- ``claimtrack ingest --jsonl FILE --no-match --jobs 1`` into SQLite at >= 60% of the articles a
  second of extraction alone (``propose_claims`` over the same articles, read from the same file);
- into PostgreSQL at >= 50%;
- ``--jobs 2`` at >= 1.6x the articles a second of ``--jobs 1`` (SQLite; "n/a" when the command
  has no ``--jobs``);
- a day's volume, ``--articles`` (10,000 articles, about 300,000 sentences), stored and searchable
  in <= 5 minutes on each engine (the command's default ``--jobs``; the time is the ingest's and
  a first ``claimtrack claims --search`` after it);
- the ingest process's peak memory (max RSS, its worker processes included: ``os.wait4``) for the
  day's articles within 1.2x of the peak for ``--small`` articles, with the same options.

The articles are generated (no text from ../shared is committed or read): news-like sentences from
``benchmarks/matching.py``'s ``Writer`` (claim templates with names, places and numbers, and a
bigram chain over the Wikinews fixture, fixtures/triage, CC BY 2.5), a headline, two standfirst
lines and 11 paragraphs of two or three sentences an article, written as JSON Lines (``title``,
``text``, ``url``, ``published``, ``outlet``, ``authors``) under a temporary folder. Every figure
is the wall clock of a fresh process, start-up included (the interpreter, the imports, the
scorer's weights; the printed start-up row is that fixed cost), on a new database: a temporary
SQLite file, or the PostgreSQL database ``claimtrack_bench_ingest``, made for each run and dropped
after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from matching import Writer, _pg_admin, _pg_url  # the news-like sentence generator, PostgreSQL helpers

PG_DATABASE = "claimtrack_bench_ingest"
TARGET_SQLITE = 0.60
TARGET_POSTGRES = 0.50
TARGET_JOBS = 1.6
TARGET_DAY_S = 300.0
TARGET_MEMORY = 1.2
PARAGRAPHS = 11
OUTLETS = ["Bench Times", "The Daily Bench", "Bench Herald", "Bench Post", "Bench Courier"]
SEARCH = "unemployment"


# --- the articles -----------------------------------------------------------------------------------


def write_articles(path: Path, count: int, seed: int = 16) -> int:
    """``count`` news-like articles as JSON Lines at ``path``; the number of sentences written."""
    writer = Writer(seed)
    rng = writer.rng
    sentences = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            lines = [writer.sentence(), writer.sentence()]
            sizes = [rng.randint(2, 3) for _ in range(PARAGRAPHS)]
            lines += [" ".join(writer.sentence() for _ in range(size)) for size in sizes]
            sentences += 3 + sum(sizes)
            day = 1 + n % 28
            item = {
                "title": writer.template()[:-1],
                "text": "\n".join(lines),
                "url": f"https://news.example/2024/03/{day:02d}/story-{n}",
                "published": f"2024-03-{day:02d}",
                "outlet": rng.choice(OUTLETS),
                "authors": [writer.name() for _ in range(rng.randint(1, 2))],
            }
            out.write(json.dumps(item) + "\n")
    return sentences


def head(source: Path, target: Path, count: int) -> None:
    """The first ``count`` articles of ``source``."""
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for n, line in enumerate(lines):
            if n >= count:
                break
            out.write(line)


# --- running the command ----------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


def run(argv: list[str], what: str) -> Run:
    """``argv`` in a fresh process: its wall clock and peak RSS (its own or a descendant's, the largest)."""
    env = {**os.environ, "CLAIMTRACK_USER": "bench"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if code != 0:
        raise SystemExit(f"{what} failed ({code}): {stderr.strip()[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout, stderr)


def cli(db: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "claimtrack", "--db", db, *args]


def has_jobs() -> bool:
    return "--jobs" in run(cli(":memory:", "ingest", "--help"), "claimtrack ingest --help").stdout


def extract_alone(path: Path) -> Run:
    return run([sys.executable, __file__, "--worker-extract", str(path)], "extraction")


def _worker_extract(path: str) -> None:
    """Extraction alone, as the ingest does it: the JSON Lines read and parsed, each article's claims proposed."""
    from claimtrack.services.bulk_ingest import Failure, read_jsonl
    from claimtrack.services.ingest import propose_claims

    articles = claims = 0
    for entry in read_jsonl(path):
        if isinstance(entry, Failure):
            raise SystemExit(entry.error)
        claims += len(propose_claims(entry.parsed))
        articles += 1
    print(json.dumps({"articles": articles, "claims": claims}))


class Target:
    """A database for one run: a new SQLite file, or the PostgreSQL database made anew."""

    def __init__(self, engine: str, folder: Path, server: str | None) -> None:
        self.engine, self.folder, self.server = engine, folder, server
        self.count = 0

    def __enter__(self) -> str:
        self.count += 1
        if self.engine == "sqlite":
            self.path = self.folder / f"run-{os.getpid()}-{time.monotonic_ns()}.db"
            return str(self.path)
        assert self.server is not None
        _pg_admin(
            self.server, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)', f'CREATE DATABASE "{PG_DATABASE}"'
        )
        return _pg_url(self.server, PG_DATABASE)

    def __exit__(self, *exc: object) -> None:
        if self.engine == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            assert self.server is not None
            _pg_admin(self.server, f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')


def stored(url: str) -> tuple[int, int]:
    """(articles, claims) stored."""
    import sqlalchemy as sa

    from claimtrack.store import open_database

    db = open_database(url, upgrade=False)
    with db.engine.connect() as conn:
        counts = conn.execute(sa.text("SELECT (SELECT count(*) FROM article), (SELECT count(*) FROM claim)")).one()
    db.close()
    return int(counts[0]), int(counts[1])


def ingest(url: str, path: Path, jobs: list[str]) -> Run:
    return run(cli(url, "ingest", "--jsonl", str(path), "--no-match", *jobs), f"ingest {path.name}")


# --- the table ----------------------------------------------------------------------------------------

Row = tuple[str, str, str, str, str]


def verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "PASS" if ok else "FAIL"


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--worker-extract":
        _worker_extract(sys.argv[2])
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000, help="a day's articles (default 10,000)")
    parser.add_argument("--small", type=int, default=1_000, help="articles for the ratios (default 1,000)")
    parser.add_argument("--quick", action="store_true", help="--small 200 --articles 1000 --rounds 1")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CLAIMTRACK_TEST_POSTGRES"),
        help="a PostgreSQL server URL (default: CLAIMTRACK_TEST_POSTGRES); without one, SQLite only",
    )
    parser.add_argument("--rounds", type=int, default=2, help="rounds of the ratio runs, best of each (default 2)")
    parser.add_argument("--no-day", action="store_true", help="the ratios only, not the day's volume")
    args = parser.parse_args()
    if args.quick:
        args.small, args.articles, args.rounds = 200, 1_000, 1
    if args.small < 10 or args.articles < args.small or args.rounds < 1:
        parser.error("--small needs at least 10 articles, --articles as many as --small, --rounds 1 or more")

    jobs = has_jobs()
    one = ["--jobs", "1"] if jobs else []
    engines = ["sqlite"] + (["postgresql"] if args.postgres else [])
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="claimtrack-bench-ingest-") as tmp:
        folder = Path(tmp)
        day_file, small_file, one_file = folder / "day.jsonl", folder / "small.jsonl", folder / "one.jsonl"
        started = time.perf_counter()
        sentences = write_articles(day_file, args.articles)
        head(day_file, small_file, args.small)
        head(day_file, one_file, 1)
        mb = day_file.stat().st_size / 1e6
        print(
            f"{args.articles:,} articles ({sentences:,} sentences, {mb:.0f} MB of JSON Lines) written in "
            f"{time.perf_counter() - started:.0f} s; ratios on the first {args.small:,}; --jobs "
            f"{'available' if jobs else 'not available'}",
            file=sys.stderr,
        )
        sqlite = Target("sqlite", folder, None)

        # the fixed cost of a process: one article (a new database)
        ex1 = extract_alone(one_file)
        with sqlite as url:
            startup = ingest(url, one_file, one)
        rows.append(
            (
                "",
                "start-up: extraction / ingest of 1 article",
                f"{ex1.seconds:.1f} / {startup.seconds:.1f} s",
                "(in every figure below)",
                "",
            )
        )

        # extraction alone (the baseline) and the ingests of the same articles, in rounds: the best of each
        kinds = ["extract", *engines] + (["jobs2"] if jobs else [])
        best: dict[str, Run] = {}
        extracted: dict[str, int] = {}
        for round_ in range(args.rounds):
            for kind in kinds:
                if kind == "extract":
                    r = extract_alone(small_file)
                    extracted = json.loads(r.stdout.strip().splitlines()[-1])
                    counts = (extracted["articles"], extracted["claims"])
                else:
                    target = Target(kind, folder, args.postgres) if kind == "postgresql" else sqlite
                    with target as url:
                        r = ingest(url, small_file, ["--jobs", "2"] if kind == "jobs2" else one)
                        counts = stored(url)
                print(
                    f"round {round_ + 1}, {kind}: {r.seconds:.1f} s, {counts[0]:,} articles, {counts[1]:,} claims",
                    file=sys.stderr,
                )
                if kind != "extract" and counts != (args.small, extracted["claims"]):
                    raise SystemExit(f"{kind}: stored {counts}; expected {(args.small, extracted['claims'])}")
                if kind not in best or r.seconds < best[kind].seconds:
                    best[kind] = r
        base = args.small / best["extract"].seconds
        rows.append(
            (
                "",
                f"extraction alone, {args.small:,} articles",
                f"{base:.1f} articles/s ({best['extract'].seconds:.1f} s)",
                "baseline",
                "",
            )
        )
        for engine in engines:
            rate = args.small / best[engine].seconds
            goal = TARGET_SQLITE if engine == "sqlite" else TARGET_POSTGRES
            rows.append(
                (
                    engine,
                    f"ingest {'--jobs 1 ' if jobs else ''}--no-match",
                    f"{rate:.1f} articles/s ({rate / base:.0%} of extraction)",
                    f">= {goal:.0%} of extraction",
                    verdict(rate / base >= goal),
                )
            )
        sqlite_one = best["sqlite"]
        if jobs:
            r2 = best["jobs2"]
            ratio = sqlite_one.seconds / r2.seconds
            rows.append(
                (
                    "sqlite",
                    "ingest --jobs 2 / --jobs 1",
                    f"{args.small / r2.seconds:.1f} articles/s ({ratio:.2f}x)",
                    f">= {TARGET_JOBS}x",
                    verdict(ratio >= TARGET_JOBS),
                )
            )
        else:
            rows.append(
                ("sqlite", "ingest --jobs 2 / --jobs 1", "n/a (ingest has no --jobs)", f">= {TARGET_JOBS}x", "n/a")
            )

        # a day's volume, the command's default options; memory against the small run with the same options
        if not args.no_day:
            small_peak = sqlite_one.peak_mb
            if jobs:
                with sqlite as url:
                    small_peak = ingest(url, small_file, []).peak_mb
            for engine in engines:
                target = sqlite if engine == "sqlite" else Target(engine, folder, args.postgres)
                with target as url:
                    r = ingest(url, day_file, [])
                    search = run(cli(url, "claims", "--all", "--search", SEARCH, "--limit", "20", "--json"), "search")
                    found = len(json.loads(search.stdout))
                    articles, claims = stored(url)
                total = r.seconds + search.seconds
                print(
                    f"{engine}: day: ingest {r.seconds:.0f} s, search {search.seconds:.1f} s ({found} found), "
                    f"{articles:,} articles, {claims:,} claims, peak {r.peak_mb:.0f} MB",
                    file=sys.stderr,
                )
                ok = articles == args.articles and found > 0 and total <= TARGET_DAY_S
                rows.append(
                    (
                        engine,
                        f"a day: {args.articles:,} articles stored, searchable",
                        f"{total:.0f} s ({args.articles / r.seconds:.1f} articles/s, {claims:,} claims)",
                        f"<= {TARGET_DAY_S / 60:.0f} min",
                        verdict(ok),
                    )
                )
                if engine == "sqlite":
                    growth = r.peak_mb / small_peak
                    rows.append(
                        (
                            engine,
                            f"peak RSS, {args.articles:,} / {args.small:,} articles",
                            f"{r.peak_mb:.0f} / {small_peak:.0f} MB ({growth:.2f}x)",
                            f"<= {TARGET_MEMORY}x",
                            verdict(growth <= TARGET_MEMORY),
                        )
                    )

    print(f"{'engine':<11} {'figure':<42} {'measured':<46} {'target':<24} result")
    for engine, figure, measured, target_text, result in rows:
        print(f"{engine:<11} {figure:<42} {measured:<46} {target_text:<24} {result}")
    load = os.getloadavg()
    print(
        f"\n{os.cpu_count()} CPUs; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) at the end"
    )


if __name__ == "__main__":
    main()
