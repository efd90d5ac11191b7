"""How fast is the review desk's queue on 1,000 and on 1,000,000 claims?

    .venv/bin/python benchmarks/tui_queue.py            # build (or reuse) the databases, measure
    .venv/bin/python benchmarks/tui_queue.py --rebuild  # build the 1M database again

For each database, in a fresh process (so memory figures do not mix), with the real app run
headless by ``App.run_test`` at 120x36:

- first screen: from starting the app to the first claim rows painted;
- cursor move: ``ClaimQueue.jump_to(k)`` to a random position k, until row k is fetched and
  painted (reported as "fetched" and as "painted": painting waits for the next screen update,
  which Textual runs at most ``TEXTUAL_FPS`` (60) times a second);
- filter keystroke: one key typed into the search box, until the queue paints the new first page;
- memory: resident set size after the first screen, after the moves and keystrokes, and peak.

The benchmark writes its data with SQLAlchemy Core directly (the app itself never does).
The 1M database is cached in /tmp between runs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = Path("/tmp/claimtrack-bench")
WORDS = (
    "minister said government police report army border election court vaccine price bridge "
    "harbour hospital school budget tax rail drought flood fire protest strike troops oil gas "
    "ministry agency embassy spokesman president mayor council city village port airport bank "
    "inflation wages jobs crops wheat rice water power grid dam mine coal steel ship flight "
    "killed injured arrested denied confirmed claimed reported warned rose fell doubled halved"
).split()
CLAIMANTS = ["The ministry", "A local paper", "The police", "Global Times", "The embassy", "Reuters", "The mayor", None]
STATUSES = ["new"] * 6 + ["in_review", "verified", "disputed", "false", "misleading", "unverifiable", "dismissed"]


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def build(path: Path, n: int) -> float:
    """A database of ``n`` claims in ``n // 1000`` articles. Returns the seconds it took."""
    import sqlalchemy as sa

    from claimtrack.store import open_database

    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    db = open_database(path)
    engine: sa.Engine = db.engine
    rng = random.Random(42)
    now = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(sep=" ")
    per_article = 1000
    articles = max(n // per_article, 1)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO article (title, outlet, authors, text, content_hash, ingested_at, ingested_by) VALUES (?,?,?,?,?,?,?)",
            [(f"Article {a}: " + " ".join(rng.choices(WORDS, k=6)), "Bench Times", "[]", "x" * 200, f"h{a}", now, "bench")
             for a in range(articles)],
        )
    batch = 250_000
    done = 0
    while done < n:
        rows = []
        for i in range(done, min(done + batch, n)):
            text = " ".join(rng.choices(WORDS, k=12))
            rows.append((
                i // per_article + 1, text, text + ".", 0, len(text), 0, len(text) + 1, rng.choice(CLAIMANTS), "said",
                "[]", "[]", round(rng.random(), 2), rng.choice(STATUSES), None, "extractor", 1, now, "bench", now, "bench",
            ))
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO claim (article_id, text, sentence, char_start, char_end, sentence_start, sentence_end, claimant, cue, "
                "cues, disputed_by, score, status, assignee, origin, version, created_at, created_by, updated_at, updated_by) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
        done += len(rows)
        print(f"  {path.name}: {done:,} claims, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    db.close()
    return time.perf_counter() - started


async def measure(path: Path, moves: int, query: str) -> dict[str, object]:
    from claimtrack.services.desk import Desk
    from claimtrack.store import open_database
    from claimtrack.tui import ClaimtrackApp

    db = open_database(path)
    rng = random.Random(7)
    started = time.perf_counter()
    app = ClaimtrackApp(Desk(db, "bench"), poll_interval=0, cursor_blink=False)
    result: dict[str, object] = {}
    async with app.run_test(size=(120, 36)) as pilot:
        queue = None
        while queue is None or queue.first_paint is None:
            await asyncio.sleep(0.001)
            try:
                queue = app.desk_screen.queue
            except StopIteration:
                queue = None
        result["first_screen_s"] = queue.first_paint - started
        result["rss_first_screen_mb"] = rss_mb()
        while queue.index is None:
            await asyncio.sleep(0.005)
        result["index_built_s"] = time.perf_counter() - started
        result["total"] = queue.total
        await pilot.pause(0.1)

        fetched, painted = [], []
        for _ in range(moves):
            k = rng.randrange(queue.total)
            t0 = time.perf_counter()
            queue.jump_to(k)
            while queue.row_at(k) is None:
                await asyncio.sleep(0)
            fetched.append(time.perf_counter() - t0)
            while queue.painted_cursor != k:
                await asyncio.sleep(0)
            painted.append(time.perf_counter() - t0)
        result["move_fetched_ms"] = statistics.median(fetched) * 1000
        result["move_fetched_p90_ms"] = sorted(fetched)[int(len(fetched) * 0.9)] * 1000
        result["move_painted_ms"] = statistics.median(painted) * 1000

        await pilot.press("slash")
        keystrokes = []
        for ch in query:
            queue.first_paint = None
            t0 = time.perf_counter()
            await pilot.press(ch)
            while queue.first_paint is None or not queue.first_page_shown:
                await asyncio.sleep(0)
            keystrokes.append(time.perf_counter() - t0)
        result["keystroke_ms"] = statistics.median(keystrokes) * 1000
        result["keystroke_max_ms"] = max(keystrokes) * 1000
        await app.workers.wait_for_complete()
        result["rss_end_mb"] = rss_mb()
        result["rss_peak_mb"] = peak_mb()
    db.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rebuild", action="store_true", help="build the 1M database again")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--query", default="minis")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(asyncio.run(measure(args.measure, args.moves, args.query))))
        return
    CACHE.mkdir(exist_ok=True)
    results = {}
    for n in args.sizes:
        path = CACHE / f"claims-{n}.db"
        if args.rebuild or not path.exists() or n < 100_000:
            seconds = build(path, n)
            print(f"built {path} ({n:,} claims) in {seconds:.1f} s", file=sys.stderr)
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(path), "--moves", str(args.moves), "--query", args.query],
            check=True, capture_output=True, text=True,
        )
        results[n] = json.loads(out.stdout.strip().splitlines()[-1])
    keys = [
        ("first_screen_s", "first screen (s)"),
        ("index_built_s", "index built (s)"),
        ("move_fetched_ms", "cursor move, fetched (ms, median)"),
        ("move_fetched_p90_ms", "cursor move, fetched (ms, p90)"),
        ("move_painted_ms", "cursor move, painted (ms, median)"),
        ("keystroke_ms", "filter keystroke (ms, median)"),
        ("keystroke_max_ms", "filter keystroke (ms, max)"),
        ("rss_first_screen_mb", "RSS after first screen (MB)"),
        ("rss_end_mb", "RSS at the end (MB)"),
        ("rss_peak_mb", "peak RSS (MB)"),
    ]
    sizes = list(results)
    print(f"{'':36}" + "".join(f"{n:>14,}" for n in sizes) + ("   ratio" if len(sizes) == 2 else ""))
    for key, label in keys:
        values = [float(results[n][key]) for n in sizes]  # type: ignore[arg-type]
        line = f"{label:36}" + "".join(f"{v:14.3f}" for v in values)
        if len(values) == 2 and values[0]:
            line += f"   {values[1] / values[0]:.2f}"
        print(line)


if __name__ == "__main__":
    main()
