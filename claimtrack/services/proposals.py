"""Proposing the claims of an article: the extraction step of an ingest, which touches no database.

Light on purpose (the domain and the extractor, no SQL): ``ingest --jobs N`` imports it in each
worker process (``services.parallel``), which then starts in a fraction of a second.
"""

from __future__ import annotations

import inspect
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import replace

from claimtrack.domain import ParsedArticle
from claimtrack.extract.types import ProposedClaim

Extractor = Callable[..., list[ProposedClaim]]

#: How much lower a worker's CPU priority is than the writer's (``nice`` steps).
WORKER_NICENESS = 5


def _takes_title(extractor: Extractor) -> bool:
    try:
        return "title" in inspect.signature(extractor).parameters
    except (TypeError, ValueError):
        return False


def propose_claims(parsed: ParsedArticle, extractor: Extractor | None = None) -> list[ProposedClaim]:
    """The claims ``extractor`` (default: the built-in one) proposes for ``parsed``, scores rounded
    as they are stored. Touches no database: the slow part of an ingest, run outside any transaction."""
    if extractor is None:
        from claimtrack.extract import extract_claims

        extractor = extract_claims  # looked up now: tests and plug-ins may replace it
    own = parsed.outlet or (parsed.authors[0] if parsed.authors else None)
    if _takes_title(extractor):
        title = None if parsed.title_from_body else (parsed.title or None)  # (else it is in the body)
        proposals = extractor(parsed.body, default_claimant=own, title=title)
    else:  # an extractor written before titles were proposed (the LLM one, a plug-in)
        proposals = extractor(parsed.body, default_claimant=own)
    return [replace(proposal, score=round(float(proposal.score), 4)) for proposal in proposals]


# --- in a worker process (services.parallel) --------------------------------------------------

_worker_extractor: Extractor | None = None


def start_worker(extractor: Extractor) -> None:
    """A worker process's start: the extractor it runs, Ctrl-C left to the main process, and
    an exit as soon as the main process is gone."""
    global _worker_extractor
    _worker_extractor = extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles it
    _yield_to_writer()
    _exit_with_parent()


def _yield_to_writer() -> None:
    """A lower CPU priority than the main process: it is the one writer, which every batch
    waits for, while the workers have work queued ahead; with as many workers as cores, it
    would otherwise get a share of a core, not a whole one."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # pragma: no cover  (Windows; a limit that forbids it)
        pass


def _exit_with_parent() -> None:
    """Exit when the main process ends, even killed with SIGKILL: a worker waiting for work
    would otherwise wait for ever."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover  (always a child here)
        return
    sentinel = parent.sentinel

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="claimtrack-parent-watch", daemon=True).start()


def worker_propose(articles: list[ParsedArticle]) -> list[list[ProposedClaim]]:
    """:func:`propose_claims` in a worker, with the extractor it was started with, for a few
    articles at a time (fewer round trips through the main process, which is busy storing)."""
    return [propose_claims(parsed, _worker_extractor) for parsed in articles]


def warm_worker() -> None:
    """Load the built-in scorer's weights in a worker before the first article comes."""
    from claimtrack.extract import score_sentence

    score_sentence("The minister said that 12 people died.")
