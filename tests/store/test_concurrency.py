"""Four checkers at once, as four OS processes, on SQLite and PostgreSQL: no lost update.

Each process (``multiprocessing``, 'spawn') changes a small shared set of claims a few hundred
times through the services, as the CLI and the desk do: it reads the claim, then changes its
status, assigns it, adds a note or a piece of evidence, most often saying which version it read
(``--expect-version``). A :class:`ConflictError` is an allowed outcome (someone else got there
first); any other error ("database is locked", a deadlock, an integrity error, a workflow rule
broken by a stale read) fails the test.

Afterwards, from the database:

- every change reported as saved is in the history exactly once, with its actor, kind, claim and
  the version it reported; no change refused with a conflict is there at all;
- every claim's ``version`` is its number of history rows (ingest writes version 1 with its
  ``created`` entry, and version 2 with the extractor's ``evidence`` entry for an in-article
  denial; every later change goes through ``workflow.begin_change`` and ``record_change``), and
  its history's versions are 1..n, no gaps, no duplicates;
- what the claim says now (status, assignee, evidence) is what its history says.

Every note carries a token ``[wW#N]`` (worker W, operation N), which is how a history row is
matched to the operation that wrote it.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import re
import time
import traceback
from collections import Counter, defaultdict
from typing import Any

import pytest

from claimtrack.store.models import VERDICTS, ClaimStatus

pytestmark = pytest.mark.slow

WORKERS = 4
OPS_PER_WORKER = 300
SHARED_CLAIMS = 6
SEED = 20240305
STALE_SHARE = 0.05  # of the operations that give a version: give an older one, on purpose
DEADLINE = 600.0  # seconds for the whole run: generous, it takes 5-15 s here

_TOKEN = re.compile(r"\[w(\d+)#(\d+)\]")
_NON_VERDICTS = [ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.UNVERIFIABLE, ClaimStatus.DISMISSED]
_CHECKERS = ["alice", "bob", "carol", "dave", None]


def _worker(db_url: str, worker: int, seed: int, claim_ids: list[int], ops: int, barrier: Any, results: Any) -> None:
    """One checker: ``ops`` changes to random claims of ``claim_ids``; puts its records on ``results``."""
    records: list[dict[str, Any]] = []
    try:
        from claimtrack.errors import ConflictError
        from claimtrack.services import workflow
        from claimtrack.store import open_database

        rng = random.Random(seed)
        user = f"checker{worker}"
        db = open_database(db_url)
        try:
            barrier.wait(timeout=300)
            for n in range(ops):
                cid = rng.choice(claim_ids)
                token = f"[w{worker}#{n}]"
                with db.session() as s:  # what the checker sees before deciding
                    seen = workflow.get_claim(s, cid)
                    seen_version, seen_status, seen_assignee = seen.version, seen.status, seen.assignee
                    has_evidence = workflow.evidence_count(s, cid) > 0
                kind = rng.choices(["status", "assign", "note", "evidence"], weights=[4, 3, 3, 1])[0]
                # The CLI's `note` and `evidence add` have no --expect-version: half of those go
                # without one (the service then checks against the version it reads itself).
                expect = seen_version if kind in ("status", "assign") or rng.random() < 0.5 else None
                # Now and then a checker acts on a screen they loaded a while ago: that must conflict.
                stale = expect is not None and seen_version > 1 and rng.random() < STALE_SHARE
                if stale:
                    expect = seen_version - 1
                record: dict[str, Any] = {
                    "token": token,
                    "claim": cid,
                    "kind": kind,
                    "actor": user,
                    "expect": expect,
                    "stale": stale,
                    "outcome": None,
                    "version": None,
                }
                try:
                    with db.session() as s:
                        if kind == "status":
                            choices = [st.value for st in _NON_VERDICTS]
                            if has_evidence:  # evidence is never removed here, so it is still there
                                choices += [st.value for st in VERDICTS]
                            target = rng.choice([st for st in choices if st != seen_status])
                            record["to"] = target
                            claim = workflow.set_status(
                                s, cid, target, user=user, note=f"{token} why {target}", expected_version=expect
                            )
                            version = claim.version
                        elif kind == "assign":
                            target = rng.choice([c for c in _CHECKERS if c != seen_assignee])
                            record["to"] = target
                            claim = workflow.assign(
                                s, cid, target, user=user, note=f"{token} over to {target}", expected_version=expect
                            )
                            version = claim.version
                        elif kind == "note":
                            entry = workflow.add_note(
                                s, cid, f"{token} called the source", user=user, expected_version=expect
                            )
                            version = entry.version
                        else:
                            workflow.add_evidence(
                                s,
                                cid,
                                f"https://evidence.example/{worker}/{n}",
                                user=user,
                                stance=rng.choice(["supports", "refutes", "context"]),
                                note=f"{token} a source",
                                expected_version=expect,
                            )
                            version = workflow.get_claim(s, cid).version
                    record["outcome"], record["version"] = "ok", version
                except ConflictError as exc:
                    record["outcome"] = "conflict"
                    record["conflict"] = (exc.expected_version, exc.current_version, exc.changed_by)
                except Exception as exc:
                    record["outcome"] = "error"
                    record["error"] = f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"
                records.append(record)
        finally:
            db.close()
        results.put((worker, records, None))
    except BaseException:
        results.put((worker, records, traceback.format_exc()))


def _run_workers(db_url: str, claim_ids: list[int]) -> list[dict[str, Any]]:
    """Four processes at once; every record of every operation, or a failure with the reason."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    results = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker,
            args=(db_url, w, SEED + w, claim_ids, OPS_PER_WORKER, barrier, results),
            name=f"checker{w}",
            daemon=True,
        )
        for w in range(WORKERS)
    ]
    collected: dict[int, list[dict[str, Any]]] = {}
    failures: list[str] = []
    try:
        for p in procs:
            p.start()
        deadline = time.monotonic() + DEADLINE
        while len(collected) + len(failures) < WORKERS:
            try:
                worker, records, failure = results.get(timeout=1.0)
            except queue.Empty:
                dead = [p for p in procs if p.exitcode is not None and p.exitcode != 0]
                if dead:
                    raise AssertionError(f"worker processes died: {[(p.name, p.exitcode) for p in dead]}") from None
                if time.monotonic() > deadline:
                    raise AssertionError(f"the workers did not finish within {DEADLINE:.0f} s") from None
                continue
            collected[worker] = records
            if failure:
                failures.append(f"worker {worker} failed:\n{failure}")
        for p in procs:
            p.join(timeout=60)
    finally:
        for p in procs:
            if p.is_alive():
                p.kill()
                p.join(timeout=30)
        results.close()
    assert not failures, "\n".join(failures)
    return [r for w in sorted(collected) for r in collected[w]]


def _seed_claims(db_url: str) -> list[int]:
    """The example article, ingested for real; the shared claims include its disputed one (version 2)."""
    from claimtrack.services.queries import ClaimFilter, Triage, list_claims
    from claimtrack.services.web_ingest import ingest_sources
    from claimtrack.store import open_database
    from tests.conftest import EXAMPLE

    db = open_database(db_url)
    try:
        ingest_sources(db, [EXAMPLE], user="ingester")
        with db.session() as s:
            claims = [c for c, _ in list_claims(s, ClaimFilter.build(triage=Triage.ALL))]
    finally:
        db.close()
    disputed = [c.id for c in claims if c.disputed_by]
    assert disputed, "the example article has an in-article denial"
    assert all(c.version == 2 for c in claims if c.disputed_by)
    others = sorted(c.id for c in claims if not c.disputed_by)
    return sorted(disputed[:1] + others[: SHARED_CLAIMS - 1])  # type: ignore[operator]


def _read_back(db_url: str) -> tuple[dict[int, Any], dict[int, list[Any]], dict[int, list[Any]]]:
    from sqlmodel import col, select

    from claimtrack.store import Claim, Evidence, HistoryEntry, open_database

    db = open_database(db_url)
    try:
        with db.session() as s:
            claims = {c.id: c for c in s.exec(select(Claim))}
            history: dict[int, list[Any]] = defaultdict(list)
            for h in s.exec(select(HistoryEntry).order_by(col(HistoryEntry.id))):
                history[h.claim_id].append(h)
            evidence: dict[int, list[Any]] = defaultdict(list)
            for e in s.exec(select(Evidence).order_by(col(Evidence.id))):
                evidence[e.claim_id].append(e)
    finally:
        db.close()
    return claims, history, evidence  # type: ignore[return-value]


def test_four_processes_changing_the_same_claims_lose_nothing(db_url: str) -> None:
    started = time.monotonic()
    engine = "postgresql" if db_url.startswith("postgres") else "sqlite"
    shared = _seed_claims(db_url)
    records = _run_workers(db_url, shared)
    claims, history, evidence = _read_back(db_url)

    # -- only conflicts; nothing else went wrong --
    errors = [r for r in records if r["outcome"] == "error"]
    assert not errors, f"{len(errors)} operations failed otherwise than by a conflict; the first:\n{errors[0]['error']}"
    assert len(records) == WORKERS * OPS_PER_WORKER
    saved = {r["token"]: r for r in records if r["outcome"] == "ok"}
    conflicts = [r for r in records if r["outcome"] == "conflict"]
    for r in conflicts:  # a conflict names a newer version than the one the writer expected
        expected, current, _by = r["conflict"]
        assert current > expected, r
    stale = [r for r in records if r["stale"]]
    assert stale and all(r["outcome"] == "conflict" for r in stale), [r for r in stale if r["outcome"] != "conflict"]

    # -- every saved change is in the history exactly once, as reported; no refused one is --
    in_history: Counter[str] = Counter()
    for cid, entries in history.items():
        for h in entries:
            for match in _TOKEN.finditer(h.note or ""):
                token = match.group(0)
                in_history[token] += 1
                r = saved.get(token)
                assert r is not None, (
                    f"claim {cid} v{h.version}: {token} is in the history but was refused or never made"
                )
                assert (h.claim_id, h.actor, h.version) == (r["claim"], r["actor"], r["version"]), (token, h, r)
                assert (
                    h.kind
                    == {"status": "status", "assign": "assignment", "note": "note", "evidence": "evidence"}[r["kind"]]
                )
                if r["kind"] in ("status", "assign"):
                    assert h.to_value == r["to"], (token, h)
    assert [t for t, n in in_history.items() if n != 1] == []
    lost = sorted(set(saved) - set(in_history))
    assert not lost, f"{len(lost)} changes reported as saved are not in the history (lost updates): {lost[:10]}"
    for r in saved.values():
        if r["expect"] is not None:
            assert r["version"] == r["expect"] + 1, r

    # -- version == number of history rows, and the history's versions are 1..n, on every claim --
    for cid, claim in claims.items():
        versions = sorted(h.version for h in history[cid])
        assert versions == list(range(1, len(versions) + 1)), f"claim {cid}: history versions {versions}"
        assert claim.version == len(versions), f"claim {cid}: version {claim.version}, {len(versions)} history rows"
        entries = sorted(history[cid], key=lambda h: h.version)
        assert entries[0].kind == "created"

        # -- and the claim now is what its history says --
        statuses = [h.to_value for h in entries if h.kind in ("created", "status")]
        assert claim.status == statuses[-1], cid
        assignments = [h.to_value for h in entries if h.kind == "assignment"]
        assert claim.assignee == (assignments[-1] if assignments else None), cid
        added = [h.evidence_id for h in entries if h.kind == "evidence" and h.to_value is not None]
        assert sorted(e.id for e in evidence[cid]) == sorted(added), cid
        if claim.status in {v.value for v in VERDICTS}:  # a verdict rests on evidence and says why
            assert evidence[cid], cid
            assert [h for h in entries if h.kind == "status"][-1].note, cid
        if len(entries) > 1 and entries[-1].actor.startswith("checker"):
            assert claim.updated_by == entries[-1].actor, cid

    # -- figures --
    by_kind = Counter((r["kind"], r["outcome"]) for r in records)
    raced = [r for r in conflicts if not r["stale"]]
    unexpected = sum(1 for r in raced if r["expect"] is None)
    assert unexpected == 0, [r for r in raced if r["expect"] is None][:3]  # no version given: never refused
    summary = (
        f"[concurrency:{engine}] {WORKERS} processes x {OPS_PER_WORKER} ops on {len(shared)} claims: "
        f"{len(saved)} saved, {len(conflicts)} conflicts ({len(stale)} stale on purpose, {len(raced)} lost races, "
        f"{unexpected} of them without --expect-version), 0 other errors; "
        + ", ".join(
            f"{k} {by_kind[(k, 'ok')]}/{by_kind[(k, 'ok')] + by_kind[(k, 'conflict')]}"
            for k in ("status", "assign", "note", "evidence")
        )
        + f"; {time.monotonic() - started:.1f} s"
    )
    print(summary)
