"""Extraction on every core: ``claimtrack ingest --jobs N``.

Extraction (:func:`~claimtrack.services.ingest.propose_claims`) is pure CPU and touches no
database, so it can run in worker processes while the main process, the one writer, stores what
they return in input order: the database and the printed lines are those of an in-process ingest
(``--jobs 1``), article ids included, since the batches and the order of storing are the same.

The workers are forked from a ``forkserver`` process, never from this one: the main process may hold
database connections and threads, which a forked child would share. They start on first use
only (an ingest of one article starts none), ignore Ctrl-C (the main process handles it, and
nothing is stored in part: each batch is one transaction), and exit when the main process dies,
even from SIGKILL. An error raised by the extractor in a worker is raised again in the main
process, the same error as in-process.

An extractor that cannot be sent to another process (the language-model one holds an HTTP
client; a closure) runs in-process: :attr:`ExtractionPool.parallel` is then false.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any

from claimtrack.domain import ParsedArticle
from claimtrack.errors import ClaimtrackError
from claimtrack.extract.types import ProposedClaim
from claimtrack.services.proposals import Extractor, propose_claims, start_worker, warm_worker, worker_propose

if TYPE_CHECKING:  # light to import: ``ingest`` starts the workers before it loads the rest
    from claimtrack.services.ingest import PendingArticle

#: The most articles sent to a worker in one task.
CHUNK = 8


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1: ``--jobs``' default."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if count is not None:
        return max(1, count() or 1)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover  (macOS, Windows)
        return max(1, os.cpu_count() or 1)


# --- in the main process ---------------------------------------------------------------------


class ExtractionPool:
    """Up to ``jobs`` worker processes extracting claims with ``extractor`` (default: the built-in
    one, as it is when the pool is made). Not parallel (everything in-process, as without a
    pool) with ``jobs`` 1 or an extractor that cannot be sent to a worker. A context manager:
    leaving it stops the workers."""

    def __init__(self, jobs: int, extractor: Extractor | None = None) -> None:
        if extractor is None:
            from claimtrack import extract

            extractor = extract.extract_claims  # looked up now: tests and plug-ins may replace it
        self.extractor: Extractor = extractor
        self.jobs = max(1, jobs)
        self.parallel = self.jobs > 1 and _can_send(extractor)
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        self.close(abandon=kind is not None)

    def start(self) -> None:
        """Start the workers now (when parallel), while this process does something else (opens
        the database, reads the first batch): each imports the extractor and loads its weights."""
        if self.parallel and self._executor is None:
            executor = self._started()
            for _ in range(self.jobs):
                executor.submit(warm_worker)

    def submit(self, articles: Sequence[ParsedArticle]) -> list[Future[list[ProposedClaim]]]:
        """Extraction of ``articles`` started in the workers (started on first use), a few
        articles to a task: one future per article, in order."""
        executor = self._started()
        size = max(1, min(CHUNK, len(articles) // (self.jobs * 4)))
        futures: list[Future[list[ProposedClaim]]] = []
        for i in range(0, len(articles), size):
            chunk = list(articles[i : i + size])
            task = executor.submit(worker_propose, chunk)
            futures.extend(_part(task, k) for k in range(len(chunk)))
        return futures

    def propose_all(self, items: Sequence[PendingArticle]) -> list[list[ProposedClaim]]:
        """The proposals for each of ``items``, in order: in the workers when parallel and there
        is more than one, in-process otherwise. The first error, in input order, is raised."""
        if not self.parallel or len(items) < 2:
            return [propose_claims(item.parsed, self.extractor) for item in items]
        futures = self.submit([item.parsed for item in items])
        try:
            return [result(future) for future in futures]
        finally:
            for future in futures:
                future.cancel()

    def _started(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=_context(),
                initializer=start_worker,
                initargs=(self.extractor,),
            )
        return self._executor

    def close(self, *, abandon: bool = False) -> None:
        """Stop the workers: once their work is done, or (``abandon``) now, dropping it."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if not abandon:
            executor.shutdown(wait=True)
            return
        processes: dict[Any, Any] = dict(getattr(executor, "_processes", None) or {})
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes.values():  # an article may take minutes: do not wait for it
            if process.is_alive():
                process.terminate()
        for process in processes.values():
            process.join(timeout=10)


def _context() -> Any:
    """The ``forkserver`` start method: a server process started afresh (never a fork of this
    one, which may hold database connections and threads), which imports the extractor once;
    each worker is a fork of it, started in milliseconds. ``__main__`` is imported there too, as
    it would be in each worker otherwise (the ``claimtrack`` script, a test runner)."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover  (not on Linux, macOS)
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["__main__", "claimtrack.services.proposals", "claimtrack.extract"])
    return context


def _part(task: Future[list[list[ProposedClaim]]], index: int) -> Future[list[ProposedClaim]]:
    """The future of one article of a task's chunk: its proposals, or the task's error."""
    part: Future[list[ProposedClaim]] = Future()

    def done(task: Future[list[list[ProposedClaim]]]) -> None:
        if task.cancelled():
            part.cancel()
            return
        error = task.exception()
        if error is not None:
            part.set_exception(error)
        else:
            part.set_result(task.result()[index])

    task.add_done_callback(done)
    return part


def result(future: Future[list[ProposedClaim]]) -> list[ProposedClaim]:
    """A worker's proposals, or its error raised again (a worker that died: a one-line error)."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise ClaimtrackError(
            "an extraction worker process stopped unexpectedly; nothing of this batch was stored (try --jobs 1)"
        ) from None


def _can_send(extractor: Extractor) -> bool:
    try:
        pickle.dumps(extractor)
    except Exception:  # anything pickle refuses: run it in-process
        return False
    return True
