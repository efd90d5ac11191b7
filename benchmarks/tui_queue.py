"""How fast is the review desk's queue on 1,000 and on 1,000,000 claims?

    .venv/bin/python benchmarks/tui_queue.py            # build (or reuse) the databases, measure
    .venv/bin/python benchmarks/tui_queue.py --rebuild  # build the 1M database again
    .venv/bin/python benchmarks/tui_queue.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/tui_queue.py --sort newest   # in another order (score is the desk's default)

For each database, in a fresh process (so memory figures do not mix), with the real app run
headless by ``App.run_test`` at 120x36, the queue in the order ``--sort`` names (the desk's
default, highest score first, unless told; another order is set once the first screen is in,
the way ``S`` sets it, and everything after is measured in it):

- first screen: from starting the app to the first claim rows painted;
- cursor move: ``ClaimQueue.jump_to(k)`` to a random position k, until row k is fetched and
  painted (reported as "fetched" and as "painted": painting waits for the next screen update,
  which Textual runs at most ``TEXTUAL_FPS`` (60) times a second);
- filter keystroke: one key typed into the search box, until the queue paints the new first page;
- memory: resident set size after the first screen, after the moves and keystrokes, and peak.

What the queue paints is watched from outside (:class:`PaintProbe` wraps
``ClaimQueue.render_line``): the app keeps no record of its own for the benchmark. The rest is
the app's public state (the queue's filter, cursor and rows, the workers).

The benchmark writes its data with SQLAlchemy Core directly (the app itself never does).
The 1M database is cached in /tmp between runs (on PostgreSQL: database
``claimtrack_bench_1000000`` is kept on the server).
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
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(os.environ.get("CLAIMTRACK_BENCH_ROOT") or Path(__file__).resolve().parent.parent)
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
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    per_article = 1000
    articles = max(n // per_article, 1)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO article (title, outlet, authors, text, content_hash, ingested_at, ingested_by) VALUES (?,?,?,?,?,?,?)",
            [
                (
                    f"Article {a}: " + " ".join(rng.choices(WORDS, k=6)),
                    "Bench Times",
                    "[]",
                    "x" * 200,
                    f"h{a}",
                    now,
                    "bench",
                )
                for a in range(articles)
            ],
        )
    batch = 250_000
    done = 0
    while done < n:
        rows = []
        for i in range(done, min(done + batch, n)):
            text = " ".join(rng.choices(WORDS, k=12))
            rows.append(
                (
                    i // per_article + 1,
                    text,
                    text + ".",
                    0,
                    len(text),
                    0,
                    len(text) + 1,
                    rng.choice(CLAIMANTS),
                    "said",
                    "[]",
                    "[]",
                    round(rng.random(), 2),
                    rng.choice(STATUSES),
                    None,
                    "extractor",
                    1,
                    now,
                    "bench",
                    now,
                    "bench",
                )
            )
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


def build_postgres(server: str, n: int) -> tuple[str, float]:
    """The same database as :func:`build`, in PostgreSQL database ``claimtrack_bench_<n>`` on
    ``server`` (made anew), loaded with COPY. Returns its URL and the seconds it took."""
    import sqlalchemy as sa

    from claimtrack.store import open_database

    name = f"claimtrack_bench_{n}"
    admin = sa.create_engine(sa.make_url(server).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    url = sa.make_url(server).set(database=name).render_as_string(hide_password=False)
    started = time.perf_counter()
    db = open_database(url)
    rng = random.Random(42)
    now = datetime.now(UTC).replace(tzinfo=None)
    raw = db.engine.raw_connection()
    cur = raw.cursor()
    with cur.copy(
        "COPY article (title, outlet, authors, text, content_hash, ingested_at, ingested_by) FROM STDIN"
    ) as copy:
        for a in range(max(n // 1000, 1)):
            copy.write_row(
                (
                    f"Article {a}: " + " ".join(rng.choices(WORDS, k=6)),
                    "Bench Times",
                    "[]",
                    "x" * 200,
                    f"h{a}",
                    now,
                    "bench",
                )
            )
    with cur.copy(
        "COPY claim (article_id, text, sentence, char_start, char_end, sentence_start, sentence_end, claimant, cue, cues, "
        "disputed_by, score, status, assignee, origin, version, created_at, created_by, updated_at, updated_by) FROM STDIN"
    ) as copy:
        for i in range(n):
            text = " ".join(rng.choices(WORDS, k=12))
            copy.write_row(
                (
                    i // 1000 + 1,
                    text,
                    text + ".",
                    0,
                    len(text),
                    0,
                    len(text) + 1,
                    rng.choice(CLAIMANTS),
                    "said",
                    "[]",
                    "[]",
                    round(rng.random(), 2),
                    rng.choice(STATUSES),
                    None,
                    "extractor",
                    1,
                    now,
                    "bench",
                    now,
                    "bench",
                )
            )
    raw.commit()
    cur.execute("ANALYZE")
    raw.commit()
    raw.close()
    db.close()
    return url, time.perf_counter() - started


def postgres_exists(server: str, n: int) -> str | None:
    import sqlalchemy as sa

    url = sa.make_url(server).set(database=f"claimtrack_bench_{n}")
    try:
        engine = sa.create_engine(url.set(drivername="postgresql+psycopg"))
        with engine.connect() as conn:
            count = conn.exec_driver_sql("SELECT count(*) FROM claim").scalar()
        engine.dispose()
    except sa.exc.SQLAlchemyError:
        return None
    return url.render_as_string(hide_password=False) if count == n else None


class StallProbe:
    """How long the UI event loop is blocked: a task that asks to wake every millisecond.

    Each wake-up records the gap since the previous one; a gap of ``g`` means the loop was busy
    (with anything: a key handler, a message, painting) for about ``g - 1 ms`` without a break,
    so a key pressed then would have waited that long. ``stall(t0, t1)`` is the longest such
    stretch that overlaps ``[t0, t1]``.
    """

    TICK = 0.001

    def __init__(self) -> None:
        self.gaps: list[tuple[float, float]] = []
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.TICK)
            now = time.perf_counter()
            self.gaps.append((last, now))
            last = now
            if len(self.gaps) > 20000:
                del self.gaps[:10000]

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def stall(self, t0: float, t1: float) -> float:
        spans = [now - last - self.TICK for last, now in self.gaps if now > t0 and last < t1]
        return max(max(spans, default=0.0), 0.0)


class PaintProbe:
    """What the queue has painted, seen from outside: ``ClaimQueue.render_line`` wrapped.

    ``first_row``: when the first claim row was painted; ``cursor``: the last position painted
    under the cursor with its row (not "…"); ``filter``: the last filter whose first page (or
    "no claims match") was painted.
    """

    def __init__(self) -> None:
        self.first_row: float | None = None
        self.cursor: int | None = None
        self.filter: object | None = None

    def install(self) -> None:
        from claimtrack.tui.widgets.queue import ClaimQueue

        draw = ClaimQueue.render_line
        probe = self

        def render_line(queue: ClaimQueue, y: int):  # type: ignore[no-untyped-def]
            strip = draw(queue, y)
            if queue.first_page_shown:
                probe.filter = queue.flt
            position = int(queue.scroll_y) + y
            if queue.row_at(position) is not None:
                if probe.first_row is None:
                    probe.first_row = time.perf_counter()
                if position == queue.cursor:
                    probe.cursor = position
            return strip

        ClaimQueue.render_line = render_line  # type: ignore[method-assign]


def busy(app: object, group: str) -> bool:
    """A worker of ``group`` is waiting or running."""
    from textual.worker import WorkerState

    return any(w.group == group and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)  # type: ignore[attr-defined]


def cached_rows(queue: object) -> int:
    """Rows the queue holds (on a checkout from before ``QueuePages``, from its own dicts)."""
    pages = getattr(queue, "pages", None)
    if pages is not None:
        return pages.cached_rows
    return sum(len(p) for p in queue._pages.values()) + sum(len(p) for p in queue._stale.values())  # type: ignore[attr-defined]


def send_key(app: object, key: str, char: str | None = None) -> None:
    """A key, as the terminal driver delivers it (no waiting, unlike ``Pilot.press``)."""
    from textual import events

    event = events.Key(key, char if char is not None else (key if len(key) == 1 else None))
    event.set_sender(app)  # type: ignore[arg-type]
    app._driver.send_message(event)  # type: ignore[attr-defined]


async def until(condition, timeout: float = 10.0) -> float:  # type: ignore[no-untyped-def]
    """Wait for ``condition``, looking every millisecond: a busy loop (``sleep(0)``) would take
    the GIL from the app's worker threads and slow what it measures."""
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark condition never came true")
        await asyncio.sleep(0.001)
    return time.perf_counter()


def med(values: list[float]) -> float:
    return statistics.median(values) * 1000


def p90(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.9)] * 1000


async def measure(path: str, moves: int, query: str, sort: str = "score") -> dict[str, object]:
    from claimtrack.services.desk import ClaimSort, Desk
    from claimtrack.store import open_database
    from claimtrack.tui import ClaimtrackApp

    db = open_database(path)
    rng = random.Random(7)
    painted = PaintProbe()
    painted.install()
    started = time.perf_counter()
    # as ``claimtrack tui`` runs it (``run_tui``), but without polling and the cursor blink
    app = ClaimtrackApp(Desk(db, "bench"), poll_interval=0, cursor_blink=False, freeze_gc=True)
    result: dict[str, object] = {}
    probe = StallProbe()
    async with app.run_test(size=(120, 36)) as pilot:
        queue = None
        while queue is None or painted.first_row is None:
            await asyncio.sleep(0.001)  # (the app's first screen is not waiting on this loop)
            try:
                queue = app.desk_screen.queue
            except StopIteration:
                queue = None
        result["first_screen_s"] = painted.first_row - started
        result["rss_first_screen_mb"] = rss_mb()
        screen = app.desk_screen
        await until(lambda: screen.counts, timeout=60)
        result["counts_shown_s"] = time.perf_counter() - started
        while queue.index is None:
            await asyncio.sleep(0.005)
        result["index_built_s"] = time.perf_counter() - started
        if ClaimSort(sort) is not queue.flt.sort:
            t0 = time.perf_counter()
            screen.set_sort(ClaimSort(sort))
            await until(lambda: queue.flt.sort is ClaimSort(sort) and queue.index is not None, timeout=120)
            result["sort_index_s"] = time.perf_counter() - t0
        result["total"] = queue.total
        await pilot.pause(0.3)
        probe.start()
        await asyncio.sleep(0.05)

        # -- moving the cursor anywhere (the scroll bar, g, End): jump_to(k), random k ----------
        handled, blocked, after, fetched, shown = [], [], [], [], []
        for _ in range(moves):
            k = rng.randrange(queue.total)
            t0 = time.perf_counter()
            queue.jump_to(k)  # what a key handler for the move runs
            handled.append(time.perf_counter() - t0)
            t_fetched = await until(lambda: queue.row_at(k) is not None)
            t_painted = await until(lambda: painted.cursor == k)
            fetched.append(t_fetched - t0)
            shown.append(t_painted - t0)
            blocked.append(probe.stall(t0, t_painted))
            await asyncio.sleep(0.3)  # the cursor rests: the detail pane follows
            after.append(probe.stall(t_painted, time.perf_counter()))
        result["jump_handler_ms"] = med(handled)
        result["jump_stall_ms"] = med(blocked)
        result["jump_stall_p90_ms"] = p90(blocked)
        result["jump_fetched_ms"] = med(fetched)
        result["jump_painted_ms"] = med(shown)
        result["jump_painted_p90_ms"] = p90(shown)
        result["jump_after_stall_ms"] = med(after)

        # -- arrow keys, one at a time (each followed by a rest) -----------------------------
        blocked, shown, after = [], [], []
        queue.focus()
        for _ in range(min(moves, 30)):
            k = min(queue.cursor + 1, queue.total - 1)
            t0 = time.perf_counter()
            send_key(app, "down")
            t_painted = await until(lambda: painted.cursor == k)
            shown.append(t_painted - t0)
            blocked.append(probe.stall(t0, t_painted))
            await asyncio.sleep(0.3)
            after.append(probe.stall(t_painted, time.perf_counter()))
        result["key_stall_ms"] = med(blocked)
        result["key_stall_p90_ms"] = p90(blocked)
        result["key_painted_ms"] = med(shown)
        result["key_after_stall_ms"] = med(after)

        # -- key repeat: 40 downs 30 ms apart, then rest ------------------------------------
        t0 = time.perf_counter()
        for _ in range(40):
            send_key(app, "down")
            await asyncio.sleep(0.03)
        t1 = time.perf_counter()
        await asyncio.sleep(0.4)
        result["repeat_stall_ms"] = probe.stall(t0, t1) * 1000
        result["repeat_rest_stall_ms"] = probe.stall(t1, time.perf_counter()) * 1000

        # -- typing a search, 150 ms between keys -----------------------------------------
        screen.query_one("#search").focus()
        await asyncio.sleep(0.1)
        blocked, shown = [], []
        typed = ""
        for ch in query:
            typed += ch
            t0 = time.perf_counter()
            send_key(app, "space" if ch == " " else ch, ch)
            # the keystroke's filter is the queue's, and its first page (or "no claims") is painted
            t_painted = await until(lambda: queue.flt.search == typed and painted.filter == queue.flt)
            shown.append(t_painted - t0)
            blocked.append(probe.stall(t0, t_painted))
            await asyncio.sleep(max(0.15 - (time.perf_counter() - t0), 0))
        result["search_stall_ms"] = med(blocked)
        result["search_stall_max_ms"] = max(blocked) * 1000
        result["search_painted_ms"] = med(shown)
        result["search_painted_max_ms"] = max(shown) * 1000
        t0 = time.perf_counter()
        await until(lambda: queue.index is not None, timeout=60)
        await until(lambda: not busy(app, "counts"), timeout=60)
        await asyncio.sleep(0.1)
        result["search_index_s"] = time.perf_counter() - t0
        result["search_after_stall_ms"] = probe.stall(t0, time.perf_counter()) * 1000

        # -- memory after visiting many positions -------------------------------------------
        screen.query_one("#queue").focus()
        send_key(app, "escape")
        await asyncio.sleep(0.05)
        send_key(app, "c")
        await until(lambda: queue.index is not None and not queue.flt.search, timeout=60)
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.5)  # the clear keeps the claim selected: let that move land first
        await app.workers.wait_for_complete()
        for _ in range(300):
            k = rng.randrange(queue.total)
            queue.jump_to(k)
            await until(lambda: painted.cursor == k)
        await app.workers.wait_for_complete()
        await asyncio.sleep(0.3)
        probe.stop()
        result["rows_cached"] = cached_rows(queue)
        result["rss_end_mb"] = rss_mb()
        result["rss_peak_mb"] = peak_mb()
    db.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rebuild", action="store_true", help="build the 1M database again")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 1_000_000])
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--query", default="minister said")
    parser.add_argument(
        "--sort",
        default="score",
        choices=["score", "newest", "oldest", "id"],
        help="the queue's order (default: score)",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="measure on PostgreSQL: a server URL (databases "
        "claimtrack_bench_<n> are made there), e.g. postgresql://postgres@127.0.0.1:5432/postgres",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(asyncio.run(measure(args.measure, args.moves, args.query, args.sort))))
        return
    CACHE.mkdir(exist_ok=True)
    results = {}
    for n in args.sizes:
        if args.postgres:
            target = None if args.rebuild or n < 100_000 else postgres_exists(args.postgres, n)
            if target is None:
                target, seconds = build_postgres(args.postgres, n)
                print(f"built {target} ({n:,} claims) in {seconds:.1f} s", file=sys.stderr)
        else:
            path = CACHE / f"claims-{n}.db"
            if args.rebuild or not path.exists() or n < 100_000:
                seconds = build(path, n)
                print(f"built {path} ({n:,} claims) in {seconds:.1f} s", file=sys.stderr)
            target = str(path)
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--measure",
                target,
                "--moves",
                str(args.moves),
                "--query",
                args.query,
                "--sort",
                args.sort,
            ],
            capture_output=True,
            text=True,
        )
        if out.returncode:
            sys.exit(f"measuring {target} failed:\n{out.stderr[-3000:]}")
        results[n] = json.loads(out.stdout.strip().splitlines()[-1])
    keys = [
        ("first_screen_s", "first screen painted (s)"),
        ("counts_shown_s", "counts shown (s)"),
        ("index_built_s", "index built (s)"),
        ("sort_index_s", "--sort set: index built (s)"),
        ("jump_handler_ms", "jump anywhere: handler (ms, med)  [a]"),
        ("jump_stall_ms", "jump: loop blocked, max (ms, med)  [a]"),
        ("jump_stall_p90_ms", "jump: loop blocked, max (ms, p90)  [a]"),
        ("jump_fetched_ms", "jump: rows fetched (ms, med)"),
        ("jump_painted_ms", "jump: rows painted (ms, med)      [b]"),
        ("jump_painted_p90_ms", "jump: rows painted (ms, p90)      [b]"),
        ("jump_after_stall_ms", "jump: then detail, blocked (ms)   [a]"),
        ("key_stall_ms", "down key: loop blocked (ms, med)  [a]"),
        ("key_stall_p90_ms", "down key: loop blocked (ms, p90)  [a]"),
        ("key_painted_ms", "down key: painted (ms, med)       [b]"),
        ("key_after_stall_ms", "down key: then detail, blocked    [a]"),
        ("repeat_stall_ms", "key repeat 40x: worst block (ms)  [a]"),
        ("repeat_rest_stall_ms", "key repeat: then detail (ms)      [a]"),
        ("search_stall_ms", "search key: loop blocked (ms,med) [a]"),
        ("search_stall_max_ms", "search key: loop blocked (ms,max) [a]"),
        ("search_painted_ms", "search key: 1st page painted (med)[b]"),
        ("search_painted_max_ms", "search key: 1st page painted (max)[b]"),
        ("search_index_s", "search: counts+index done (s)"),
        ("search_after_stall_ms", "search: then counts, blocked (ms) [a]"),
        ("rows_cached", "rows held in the queue cache"),
        ("rss_first_screen_mb", "RSS after first screen (MB)"),
        ("rss_end_mb", "RSS after 300 jumps (MB)"),
        ("rss_peak_mb", "peak RSS (MB)"),
    ]
    sizes = list(results)
    print(f"{'':40}" + "".join(f"{n:>14,}" for n in sizes) + ("   ratio" if len(sizes) == 2 else ""))
    for key, label in keys:
        if any(key not in results[n] for n in sizes):
            continue  # (sort_index_s: only when --sort is not the default)
        values = [float(results[n][key]) for n in sizes]  # type: ignore[arg-type]
        line = f"{label:40}" + "".join(f"{v:14.3f}" for v in values)
        if len(values) == 2 and values[0]:
            line += f"   {values[1] / values[0]:.2f}"
        print(line)


if __name__ == "__main__":
    main()
