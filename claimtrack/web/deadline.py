"""The fetch deadline at the network level: no connect, read or write may run past it.

httpx's timeouts are per operation, so a server that sends one byte a second never trips a read
timeout. :class:`~claimtrack.web.client.Fetcher` sets a deadline for the whole fetch
(:func:`fetch_deadline`); :class:`~claimtrack.web.safety.GuardedBackend` connects with
:func:`clamp`\\ ed timeouts and wraps each connection in :class:`DeadlineStream`, whose every read
and write is cut to the time left. When it is gone, :class:`DeadlineExceeded` is raised (the
fetcher turns it into a message naming the url).

The deadline is a context variable, so it belongs to the thread (and context) that fetches, and
a pooled connection reused by the next fetch obeys the next fetch's deadline.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore

from claimtrack.web.errors import FetchError

_deadline: ContextVar[float | None] = ContextVar("claimtrack_fetch_deadline", default=None)


class DeadlineExceeded(FetchError):
    """The fetch deadline passed during a connect, read or write."""

    def __init__(self) -> None:
        super().__init__("the fetch deadline passed")


@contextmanager
def fetch_deadline(seconds: float | None) -> Iterator[None]:
    """Within this block, network operations end ``seconds`` from now (``None``: no deadline)."""
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left() -> float | None:
    """Seconds until the current deadline (negative once passed), or ``None`` without one."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def clamp(timeout: float | None) -> float | None:
    """``timeout`` cut to the time left; :class:`DeadlineExceeded` if there is none left."""
    left = time_left()
    if left is None:
        return timeout
    if left <= 0:
        raise DeadlineExceeded()
    return left if timeout is None else min(timeout, left)


def cut_short(timeout: float | None, clamped: float | None) -> bool:
    """Whether the deadline, not the operation's own timeout, set ``clamped``."""
    return clamped is not None and (timeout is None or clamped < timeout)


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose reads and writes end at the fetch deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        limit = clamp(timeout)
        try:
            return self._inner.read(max_bytes, timeout=limit)
        except httpcore.ReadTimeout:
            if cut_short(timeout, limit):
                raise DeadlineExceeded() from None
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        limit = clamp(timeout)
        try:
            self._inner.write(buffer, timeout=limit)
        except httpcore.WriteTimeout:
            if cut_short(timeout, limit):
                raise DeadlineExceeded() from None
            raise

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        limit = clamp(timeout)
        try:
            return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname=server_hostname, timeout=limit))
        except httpcore.ConnectTimeout:
            if cut_short(timeout, limit):
                raise DeadlineExceeded() from None
            raise

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)
