"""kill -9 in the middle of an ingest or of a run of verdicts: the database stays whole.

Ingest: ``claimtrack ingest`` in a process of its own (``python -m claimtrack``, started ahead
and told when to go, so that Python's start-up is not on the clock) on a batch of large articles
(the example article's paragraphs three times over, with other numbers, so every article is new
and has about ninety claims), SIGKILLed a random moment (seeded) after it opens the database
(watched in ``/proc``), within the time a clean run of such a batch keeps it open here.
Verdicts: a process running review commands (evidence, verdicts, reopenings, assignments, notes)
one after another through the real CLI, SIGKILLed a random moment after it starts working.
After every kill:

- SQLite: ``PRAGMA integrity_check`` and ``foreign_key_check``, and the full-text index's own
  integrity check, pass;
- every stored article has exactly the claims the extractor proposes for its text (an article
  is stored whole or not at all; the batch, one transaction, too), each claim's history is
  consistent (versions 1..n, ``version`` = n, the status / assignee / evidence it describes);
- every command the killed process had finished is in the history, at most the one it was
  running when killed is there besides, and nothing half-done (evidence without its history
  entry, a verdict without evidence or note) is;
- the commands still work (``articles``, ``claims``, ``history``), and re-running the same
  ingest completes and stores each article exactly once.

Only kills that land while the ingest has the database open count: a run killed between two
openings, or one that finished first, is checked all the same, and the delays move until N kills
have landed. The figures are printed (``pytest -rP`` shows them).
"""

from __future__ import annotations

import json
import os
import random
import re
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.extract import extract_claims
from claimtrack.services.articles import parse_article, read_text_file
from claimtrack.store import Article, Claim, Evidence, HistoryEntry, open_database
from claimtrack.store.models import VERDICTS
from tests.conftest import EXAMPLE, ROOT, _empty_postgres

pytestmark = pytest.mark.slow

SEED = 19050705
KILLS = {"sqlite": {"ingest": 10, "verdicts": 10}, "postgres": {"ingest": 3, "verdicts": 3}}
ARTICLES_PER_BATCH = 4
REPEATS = 3  # the example's paragraphs, this many times over, in each article
INGEST_USER = "ingester"
WAIT = 300.0  # seconds any one process may take (generous: a loaded machine is slow, never wrong)

VERDICT_NAMES = sorted(v.value for v in VERDICTS)
_TOKEN = re.compile(r"\[(k\d+)#(\d+)\]")


# --- processes --------------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env["PYTHONPATH"] = str(ROOT)
    return env


@contextmanager
def started(args: list[str], cwd: Path, **kwargs: Any) -> Iterator[subprocess.Popen[bytes]]:
    """A process that is SIGKILLed and reaped on the way out, whatever happens in between."""
    proc = subprocess.Popen(args, cwd=cwd, env=child_env(), **kwargs)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=WAIT)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def database_open(pid: int, db: str) -> bool | None:
    """Has the process the database open (SQLite: the file; PostgreSQL: a connection)? None: cannot tell."""
    folder = f"/proc/{pid}/fd"
    try:
        fds = os.listdir(folder)
    except OSError:
        return None
    targets = []
    for fd in fds:
        try:
            targets.append(os.readlink(os.path.join(folder, fd)))
        except OSError:  # closed meanwhile
            pass
    if db.startswith("postgres"):
        return any(t.startswith("socket:") for t in targets)
    path = os.path.realpath(db)
    return any(t == path or t.startswith(path + "-") for t in targets)


def claimtrack_args(db: str, *args: str, user: str = INGEST_USER) -> list[str]:
    return [sys.executable, "-m", "claimtrack", "--db", db, "--user", user, *args]


def cli(db: str, *args: str, user: str = INGEST_USER) -> str:
    """A command in this process, through the real CLI; it must succeed. Returns its output."""
    from claimtrack.config import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["--db", db, "--user", user, *args])
    assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
    return result.stdout


# --- articles ---------------------------------------------------------------------------------


def article_text(batch: int, k: int) -> str:
    """A large article of its own: the example's paragraphs REPEATS times, with other numbers."""
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    head, standfirst, paragraphs, byline = lines[0], lines[1:3], lines[3:-1], lines[-1]
    body = [
        p.replace("Saturday", f"day {batch}.{k}.{r}").replace("four", str(batch * 100 + k * 10 + r + 4))
        + f" The count stood at {batch * 10000 + k * 1000 + r * 100 + i} by then."
        for r in range(REPEATS)
        for i, p in enumerate(paragraphs)
    ]
    return "\n".join([f"{head} (batch {batch}, part {k})", *standfirst, *body, byline]) + "\n"


def make_batch(folder: Path, batch: int) -> list[Path]:
    paths = []
    for k in range(ARTICLES_PER_BATCH):
        path = folder / f"batch{batch:02d}-{k}.txt"
        path.write_text(article_text(batch, k), encoding="utf-8")
        paths.append(path)
    return paths


ClaimKey = tuple[str, int, int, bool, bool]


def proposed(path: Path) -> tuple[str, list[ClaimKey]]:
    """The article's content hash and the claims the extractor proposes for it, as ingest stores them."""
    parsed = parse_article(read_text_file(path), str(path))
    own = parsed.outlet or (parsed.authors[0] if parsed.authors else None)
    title = None if parsed.title_from_body else (parsed.title or None)
    claims = extract_claims(parsed.body, default_claimant=own, title=title)
    return parsed.content_hash, sorted((c.text, c.start, c.end, c.in_title, bool(c.disputed_by)) for c in claims)


# --- the database, read directly --------------------------------------------------------------


def sqlite_checks(db: str) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO claim_fts(claim_fts) VALUES ('integrity-check')")  # raises if the index is off
        conn.rollback()
    finally:
        conn.close()


def read_all(db: str) -> dict[str, Any]:
    """Articles, claims, history and evidence: the columns the checks need, as plain rows."""
    database = open_database(db)
    try:
        with database.session() as s:

            def rows(*columns: Any) -> list[Any]:
                return list(s.execute(select(*columns).order_by(columns[0])).all())

            return {
                "articles": rows(Article.id, Article.content_hash, Article.source),
                "claims": rows(
                    Claim.id,
                    Claim.article_id,
                    Claim.text,
                    Claim.char_start,
                    Claim.char_end,
                    Claim.in_title,
                    Claim.disputed_by,
                    Claim.status,
                    Claim.assignee,
                    Claim.version,
                    Claim.created_by,
                ),
                "history": rows(
                    HistoryEntry.id,
                    HistoryEntry.claim_id,
                    HistoryEntry.version,
                    HistoryEntry.kind,
                    HistoryEntry.actor,
                    HistoryEntry.to_value,
                    HistoryEntry.note,
                    HistoryEntry.evidence_id,
                ),
                "evidence": rows(Evidence.id, Evidence.claim_id),
            }
    finally:
        database.close()


def check_consistent(state: dict[str, Any], expected: dict[str, list[ClaimKey]]) -> None:
    """Whole articles with exactly their claims; every claim's history explains it."""
    by_article: dict[int, list[Claim]] = {}
    for c in state["claims"]:
        by_article.setdefault(c.article_id, []).append(c)
    hashes = [a.content_hash for a in state["articles"]]
    assert len(hashes) == len(set(hashes))
    for a in state["articles"]:
        if a.content_hash not in expected:
            continue  # (the verdict test's own article)
        got = sorted(
            (c.text, c.char_start, c.char_end, c.in_title, bool(c.disputed_by)) for c in by_article.get(a.id, [])
        )
        assert got == expected[a.content_hash], (
            f"article {a.id} ({a.source}) is not whole: {len(got)} of {len(expected[a.content_hash])} claims"
        )

    history: dict[int, list[HistoryEntry]] = {}
    for h in state["history"]:
        history.setdefault(h.claim_id, []).append(h)
    evidence: dict[int, list[Evidence]] = {}
    for e in state["evidence"]:
        evidence.setdefault(e.claim_id, []).append(e)
    for c in state["claims"]:
        entries = sorted(history.get(c.id, []), key=lambda h: h.version)  # type: ignore[arg-type]
        assert [h.version for h in entries] == list(range(1, c.version + 1)), (
            f"claim {c.id}: versions {[h.version for h in entries]}, version {c.version}"
        )
        assert entries[0].kind == "created" and entries[0].actor == c.created_by
        if c.disputed_by:
            assert (entries[1].kind, entries[1].actor) == ("evidence", "extractor"), c.id
        assert c.status == [h.to_value for h in entries if h.kind in ("created", "status")][-1], c.id
        assignments = [h.to_value for h in entries if h.kind == "assignment"]
        assert c.assignee == (assignments[-1] if assignments else None), c.id
        added = [h.evidence_id for h in entries if h.kind == "evidence" and h.to_value is not None]
        assert sorted(e.id for e in evidence.get(c.id, [])) == sorted(added), (
            f"claim {c.id}: evidence and its history differ"
        )  # type: ignore[arg-type, type-var]
        if c.status in VERDICT_NAMES:
            assert evidence.get(c.id) and [h for h in entries if h.kind == "status"][-1].note, c.id


def commands_work(db: str, claim_id: int | None) -> None:
    cli(db, "articles")
    cli(db, "claims", "--all", "--limit", "5")
    if claim_id is not None:
        assert f"History of claim {claim_id}:" in cli(db, "history", str(claim_id))
        cli(db, "show", str(claim_id))


def kill_once_open(proc: subprocess.Popen[bytes], db: str, after: float, fallback: float) -> tuple[int, bool | None]:
    """SIGKILL the process ``after`` seconds once it has opened the database (by the clock from its
    start, ``fallback`` seconds, where /proc cannot tell). Returns its exit status, and whether it
    had the database open when it was killed (None: not killed, or cannot tell)."""
    start = time.monotonic()
    kill_at = None
    while kill_at is None and proc.poll() is None:
        is_open = database_open(proc.pid, db)
        if is_open is None:
            kill_at = start + fallback
        elif is_open:
            kill_at = time.monotonic() + after
        else:
            assert time.monotonic() - start < WAIT, "the ingest never opened the database"
            time.sleep(0.002)
    try:
        return proc.wait(timeout=max((kill_at or 0) - time.monotonic(), 0)), None
    except subprocess.TimeoutExpired:
        opened = database_open(proc.pid, db)
        proc.send_signal(signal.SIGKILL)
        return proc.wait(timeout=WAIT), opened


def in_a_process(cwd: Path, db: str, *args: str) -> str:
    """A command as its own process (``python -m claimtrack``); it must succeed."""
    done = subprocess.run(claimtrack_args(db, *args), cwd=cwd, env=child_env(), capture_output=True, timeout=WAIT)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode()


def engine_of(db_url: str) -> str:
    return "postgres" if db_url.startswith("postgres") else "sqlite"


# --- ingest -----------------------------------------------------------------------------------


#: ``python -m claimtrack ARGS...``, started ahead: it imports what the ingest uses (and loads the
#: extractor's scorer), prints "ready", and runs the command when it reads "go" on stdin. So a
#: loaded machine's slow start-up is not on the clock, and the next run starts while this one is
#: checked.
CLAIMTRACK_WHEN_TOLD = r"""
import runpy, sys
import claimtrack.cli, claimtrack.cli.web, claimtrack.services.web_ingest  # noqa: E401
from claimtrack.extract import extract_claims
extract_claims("The minister said 3 ships sank.", default_claimant=None)
print("ready", flush=True)
if sys.stdin.readline().strip() != "go":
    sys.exit(0)
sys.argv = ["claimtrack", *sys.argv[1:]]
runpy.run_module("claimtrack", run_name="__main__", alter_sys=True)
"""


def claimtrack_when_told(db: str, cwd: Path, *args: str) -> Any:
    command = [sys.executable, "-c", CLAIMTRACK_WHEN_TOLD, "--db", db, "--user", INGEST_USER, *args]
    return started(command, cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def tell_to_go(proc: subprocess.Popen[bytes]) -> None:
    assert read_line(proc, WAIT).strip() == "ready", proc.stderr.read().decode()  # type: ignore[union-attr]
    proc.stdin.write(b"go\n")  # type: ignore[union-attr]
    proc.stdin.flush()  # type: ignore[union-attr]


def test_ingest_killed_at_random_moments_stores_whole_articles_or_nothing(db_url: str, tmp_path: Path) -> None:
    engine = engine_of(db_url)
    wanted = KILLS[engine]["ingest"]
    rng = random.Random(SEED)
    expected: dict[str, list[ClaimKey]] = {}
    digests: dict[Path, str] = {}

    def batch_of(number: int) -> list[Path]:
        paths = make_batch(tmp_path, number)
        for path in paths:
            digest, claims = proposed(path)
            expected[digest] = claims
            digests[path] = digest
        return paths

    # A clean run: it stores what the extractor proposes; and how long it has the database open
    # (watched in /proc) is the stretch, after it opens it, within which the kills come.
    clean = str(tmp_path / "clean.db") if engine == "sqlite" else db_url  # (PostgreSQL: emptied after)
    open_database(clean).close()
    batch = batch_of(0)
    samples: list[tuple[float, bool | None]] = []
    with claimtrack_when_told(clean, tmp_path, "ingest", *map(str, batch)) as proc:
        tell_to_go(proc)
        t0 = time.monotonic()
        while proc.poll() is None and time.monotonic() - t0 < WAIT:
            samples.append((time.monotonic() - t0, database_open(proc.pid, clean)))
            time.sleep(0.002)
        assert proc.wait(timeout=WAIT) == 0, proc.stderr.read().decode()  # type: ignore[union-attr]
        window = time.monotonic() - t0
    opens = [t for t, is_open in samples if is_open]
    span = opens[-1] - opens[0] if opens else 0.8 * window
    state = read_all(clean)
    assert len(state["articles"]) == ARTICLES_PER_BATCH
    check_consistent(state, expected)
    assert len(state["claims"]) == sum(len(claims) for claims in expected.values()) > 0
    if engine == "postgres":
        _empty_postgres(db_url)

    db = db_url
    open_database(db).close()
    kills, early, late, committed, attempt = 0, 0, 0, 0, 0
    low, high = 0.0, 1.0  # where in that stretch the kills come: moved when they land outside it
    stored: list[Path] = []
    with ExitStack() as processes:  # every process is killed and reaped on the way out
        batch = batch_of(1)
        proc = processes.enter_context(claimtrack_when_told(db, tmp_path, "ingest", *map(str, batch)))
        while kills < wanted:
            attempt += 1
            assert attempt <= 3 * wanted, f"only {kills} of {wanted} kills landed in {attempt - 1} runs"
            tell_to_go(proc)
            delay = rng.uniform(low, high) * span
            code, opened = kill_once_open(proc, db, delay, fallback=0.2 * window + delay)
            errors = proc.stderr.read().decode()  # type: ignore[union-attr]
            where = f"run {attempt} (seed {SEED}, kill {delay:.2f} s after it opened the database)"
            assert code in (0, -signal.SIGKILL), f"{where}: exit {code}: {errors}"

            # -- whole, after the kill --
            if engine == "sqlite":
                sqlite_checks(db)
            state = read_all(db)
            check_consistent(state, expected)
            present = {a.source for a in state["articles"]}
            in_batch = [str(p) in present for p in batch]
            assert all(in_batch) or not any(in_batch), f"{where}: part of the batch was stored: {in_batch}"
            assert all(str(p) in present for p in stored), f"{where}: an earlier article went missing"
            if code == 0 or (opened is False and all(in_batch)):  # it was done (or closing) first: not counted
                late += 1
                high = max(high - 0.1, low + 0.05)
            elif opened is False:  # killed after its first look at the database, before its transaction
                early += 1
                low = min(low + 0.1, high - 0.05)
            else:
                kills += 1
                committed += all(in_batch)
            if kills < wanted:  # the next run starts up while this one is checked
                next_batch = batch_of(attempt + 1)
                following = processes.enter_context(claimtrack_when_told(db, tmp_path, "ingest", *map(str, next_batch)))
            commands_work(db, state["claims"][-1].id if state["claims"] else None)

            # -- the same ingest again completes, and stores every article once --
            out = cli(db, "ingest", *map(str, batch))
            assert out.count("already ingested as article") == (ARTICLES_PER_BATCH if all(in_batch) else 0), out
            stored += batch
            state = read_all(db)
            assert sorted(a.source for a in state["articles"]) == sorted(map(str, stored)), where
            check_consistent(state, expected)
            assert len(state["claims"]) == sum(len(expected[digests[path]]) for path in stored)
            if kills < wanted:
                proc, batch = following, next_batch
    if engine == "sqlite":
        sqlite_checks(db)
    # Once more, everything, as a process of its own: nothing new.
    out = in_a_process(tmp_path, db, "ingest", *map(str, stored))
    assert out.count("already ingested as article") == len(stored), out
    summary = (
        f"[kills:{engine}] ingest: {kills}/{wanted} kills with the database open survived ({committed} after "
        f"the commit, {kills - committed} before it); not counted: {early} killed with the database "
        f"not open yet, {late} done first; {len(stored)} articles, {len(read_all(db)['claims'])} claims, each stored once"
    )
    print(summary)
    assert kills == wanted, summary


# --- verdicts ---------------------------------------------------------------------------------

#: Review commands one after another through the real CLI, until killed. Prints "ready" once
#: imported, waits for "go" on stdin, then one JSON line per command finished (after its commit).
VERDICT_CHILD = r"""
import json, random, sys
from typer.testing import CliRunner
from claimtrack.cli import app

db, user, seed, ids = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(x) for x in sys.argv[4].split(",")]
verdicts = sys.argv[5].split(",")
rng, runner = random.Random(seed), CliRunner()

def run(*args):
    result = runner.invoke(app, ["--db", db, "--user", user, *map(str, args)])
    if result.exit_code != 0:
        print("FAILED", args, result.stdout, result.stderr, repr(result.exception), file=sys.stderr, flush=True)
        sys.exit(3)
    return result.stdout

run("show", ids[0], "--json")  # warm: what the commands import on first use is imported now
import claimtrack.cli.web, claimtrack.services.evidence, claimtrack.services.workflow  # noqa: E401
print("ready", flush=True)
if sys.stdin.readline().strip() != "go":
    sys.exit(0)
n = 0
while True:
    n += 1
    cid, token = rng.choice(ids), f"[{user}#{n}]"
    claim = json.loads(run("show", cid, "--json"))
    v = claim["version"]
    if claim["status"] in verdicts:
        kind, args = "status", ("status", cid, "in_review", "--note", f"{token} reopened", "--expect-version", v)
    elif not claim["evidence"]:
        kind, args = "evidence", ("evidence", "add", cid, f"https://source.example/{user}/{n}", "--no-fetch",
                                  "--stance", rng.choice(["supports", "refutes"]), "--note", f"{token} a source")
    else:
        pick = rng.random()
        if pick < 0.6:
            verdict = rng.choice(verdicts)
            kind = "status"
            if verdict == "verified" and rng.random() < 0.5:
                args = ("verify", cid, "--note", f"{token} checked", "--expect-version", v)
            elif verdict == "disputed" and rng.random() < 0.5:
                args = ("dispute", cid, "--note", f"{token} checked", "--expect-version", v)
            else:
                args = ("status", cid, verdict, "--note", f"{token} checked", "--expect-version", v)
        elif pick < 0.8:
            kind = "assignment"
            who = rng.choice([u for u in ("alice", "bob", "carol") if u != claim["assignee"]])
            args = ("assign", cid, who, "--note", f"{token} over to {who}", "--expect-version", v)
        else:
            kind, args = "note", ("note", cid, f"{token} called the source")
    run(*args)
    print(json.dumps({"token": token, "n": n, "claim": cid, "kind": kind, "version": v + 1}), flush=True)
"""


def read_line(proc: subprocess.Popen[bytes], timeout: float) -> str:
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
    try:
        if not selector.select(timeout):
            raise AssertionError(f"no output from the process within {timeout:.0f} s")
        return proc.stdout.readline().decode()  # type: ignore[union-attr]
    finally:
        selector.close()


def test_verdicts_killed_at_random_moments_lose_nothing_finished(db_url: str, tmp_path: Path) -> None:
    engine = engine_of(db_url)
    wanted = KILLS[engine]["verdicts"]
    rng = random.Random(SEED + 1)
    db = db_url
    cli(db, "ingest", str(EXAMPLE))
    ids = [c.id for c in read_all(db)["claims"]]
    assert len(ids) > 10

    def child(round_: int) -> Any:  # started, not yet working: it waits for "go"
        args = [
            sys.executable,
            "-c",
            VERDICT_CHILD,
            db,
            f"k{round_}",
            str(SEED + round_),
            ",".join(map(str, ids)),
            ",".join(VERDICT_NAMES),
        ]
        return started(args, tmp_path, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    done_total, in_flight_saved = 0, 0
    with ExitStack() as processes:  # every process is killed and reaped on the way out
        # Each round's process starts while the one before works and is checked: its start-up is not waited for.
        proc = processes.enter_context(child(0))
        for round_ in range(wanted):
            assert read_line(proc, WAIT).strip() == "ready", proc.stderr.read().decode()  # type: ignore[union-attr]
            proc.stdin.write(b"go\n")  # type: ignore[union-attr]
            proc.stdin.flush()  # type: ignore[union-attr]
            following = processes.enter_context(child(round_ + 1)) if round_ + 1 < wanted else None
            delay = rng.uniform(0.05, 0.8)
            try:
                code = proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                code = proc.wait(timeout=WAIT)
            where = f"round {round_} (seed {SEED + 1}, kill after {delay:.2f} s)"
            assert code == -signal.SIGKILL, f"{where}: exit {code}: {proc.stderr.read().decode()}"  # type: ignore[union-attr]
            finished = [json.loads(line) for line in proc.stdout.read().decode().splitlines()]  # type: ignore[union-attr]

            # -- whole, after the kill --
            if engine == "sqlite":
                sqlite_checks(db)
            state = read_all(db)
            check_consistent(state, {})
            user = f"k{round_}"
            mine: dict[str, HistoryEntry] = {}
            for h in state["history"]:
                for m in _TOKEN.finditer(h.note or ""):
                    if m.group(1) == user:
                        assert m.group(0) not in mine, f"{where}: {m.group(0)} twice in the history"
                        mine[m.group(0)] = h
            for f in finished:  # every finished command is there, as it was made
                h = mine.pop(f["token"], None)
                assert h is not None, f"{where}: {f} finished, but is not in the history"
                assert (h.claim_id, h.kind, h.version, h.actor) == (f["claim"], f["kind"], f["version"], user), (f, h)
            # Besides, at most the command that was running when the kill came.
            last = finished[-1]["n"] if finished else 0
            assert set(mine) <= {f"[{user}#{last + 1}]"}, f"{where}: unexpected entries {sorted(mine)}"
            in_flight_saved += len(mine)
            done_total += len(finished)
            commands_work(db, finished[-1]["claim"] if finished else ids[0])
            if following is not None:
                proc = following

    # The database takes verdicts as before.
    state = read_all(db)
    target = next(
        c
        for c in state["claims"]
        if c.status not in VERDICT_NAMES and any(e.claim_id == c.id for e in state["evidence"])
    )
    in_a_process(
        tmp_path,
        db,
        "status",
        str(target.id),
        "misleading",
        "--note",
        "after the kills",
        "--expect-version",
        str(target.version),
    )
    assert "misleading" in in_a_process(tmp_path, db, "history", str(target.id))
    check_consistent(read_all(db), {})
    summary = (
        f"[kills:{engine}] verdicts: {wanted}/{wanted} kills survived; {done_total} commands finished "
        f"before them, all in the history; {in_flight_saved} killed after their commit"
    )
    print(summary)
