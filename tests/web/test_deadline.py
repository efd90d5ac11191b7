"""One deadline for a whole fetch: slow-loris servers are cut off, retries stay within it.

The real-server tests use a server on 127.0.0.1 that trickles bytes for at most 3 s (then sends
the rest), with a 0.5 s deadline and a 5 s read timeout: with the deadline they fail after about
0.5 s; without it they would get the page after 3 s, so they cannot pass by accident and always
end on their own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest
from pydantic import ValidationError

from claimtrack.config import Settings
from claimtrack.web.client import Fetcher, FetchPolicy, make_fetcher
from claimtrack.web.errors import FetchError
from tests.conftest import EXAMPLE
from tests.web.conftest import LocalServer, Route, Run, fails, local_fetcher, ok, public_resolver

PAGE = b"<html><head><title>Slow</title></head><body>" + b"x" * 200 + b"</body></html>"
DEADLINE = 0.5


def timed(call: Callable[[], object]) -> tuple[BaseException | None, float]:
    start = time.monotonic()
    try:
        call()
    except FetchError as exc:
        return exc, time.monotonic() - start
    return None, time.monotonic() - start


class FakeClock:
    """A clock that only moves when the fetcher sleeps or a request says it took time."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def clocked_fetcher(handler: Callable[[httpx.Request], httpx.Response], clock: FakeClock, **policy: object) -> Fetcher:
    return Fetcher(
        FetchPolicy(user_agent="claimtrack-test", **policy),  # type: ignore[arg-type]
        transport=httpx.MockTransport(handler),
        resolver=public_resolver,
        sleep=clock.sleep,
        clock=clock,
    )


# -- the setting ------------------------------------------------------------------------------


def test_the_deadline_setting_defaults_to_60_s_and_reaches_the_fetcher() -> None:
    assert Settings().fetch_deadline == 60.0
    with make_fetcher(Settings()) as fetcher:
        assert fetcher.policy.deadline == 60.0
    with make_fetcher(Settings(fetch_deadline=7.5)) as fetcher:
        assert fetcher.policy.deadline == 7.5
    for bad in (0, -1):
        with pytest.raises(ValidationError):
            Settings(fetch_deadline=bad)


def test_the_deadline_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_FETCH_DEADLINE", "12")
    assert Settings().fetch_deadline == 12.0


# -- a real server that trickles --------------------------------------------------------------


def test_a_trickling_body_is_cut_off_at_the_deadline(server: LocalServer) -> None:
    server.routes["/slow"] = Route(200, PAGE, trickle=0.02)
    fetcher = local_fetcher(timeout=5.0, deadline=DEADLINE)
    error, elapsed = timed(lambda: fetcher.get(server.url("/slow")))
    assert error is not None
    assert str(error) == f"{server.url('/slow')}: took longer than the 0.5 s fetch deadline"
    assert DEADLINE - 0.05 <= elapsed < DEADLINE + 1.0
    assert len(server.requests) == 1  # a deadline that ran out is not retried


def test_trickling_headers_are_cut_off_at_the_deadline(server: LocalServer) -> None:
    """The status line and headers trickle: the deadline holds below httpx, on every read."""
    server.routes["/slow"] = Route(200, PAGE, trickle=0.02, trickle_head=True)
    fetcher = local_fetcher(timeout=5.0, deadline=DEADLINE)
    error, elapsed = timed(lambda: fetcher.get(server.url("/slow")))
    assert error is not None and "took longer than the 0.5 s fetch deadline" in str(error)
    assert DEADLINE - 0.05 <= elapsed < DEADLINE + 1.0
    assert len(server.requests) == 1


def test_a_slow_page_within_the_deadline_is_fetched(server: LocalServer) -> None:
    server.routes["/slow"] = Route(200, PAGE[:20], trickle=0.01, trickle_head=True)
    result = local_fetcher(timeout=5.0, deadline=5.0).get(server.url("/slow"))
    assert result.status == 200 and result.body == PAGE[:20]


def test_the_deadline_covers_the_whole_fetch_not_each_try(server: LocalServer) -> None:
    """Each answer comes after 0.2 s, well within the read timeout; the third is past the 0.5 s
    deadline for the fetch, so the fetch fails there instead of taking 0.2 s per try forever."""
    server.routes["/busy"] = Route(503, b"", delay=0.2)
    fetcher = local_fetcher(timeout=5.0, retries=10, deadline=DEADLINE)
    error, elapsed = timed(lambda: fetcher.get(server.url("/busy")))
    assert error is not None and "fetch deadline" in str(error)
    assert elapsed < DEADLINE + 1.0
    assert 1 <= len(server.requests) <= 3  # about 0.2 s a try: never a fourth


def test_a_retry_after_past_the_deadline_is_not_waited_for(server: LocalServer) -> None:
    server.routes["/busy"] = Route(503, b"", {"Retry-After": "2"})
    fetcher = local_fetcher(deadline=DEADLINE, retries=3)
    error, elapsed = timed(lambda: fetcher.get(server.url("/busy")))
    assert str(error) == (
        f"{server.url('/busy')}: HTTP 503 Service Unavailable; waiting 2 s to try again would pass "
        "the 0.5 s fetch deadline"
    )
    assert elapsed < DEADLINE and len(server.requests) == 1


def test_evidence_add_stops_at_the_fetch_deadline(cli: Run, server: LocalServer) -> None:
    """The reported case: `evidence add` held by a server sending a byte at a time."""
    ok(cli("ingest", str(EXAMPLE)))
    before = ok(cli("history", "1"))
    server.routes["/statement"] = Route(200, PAGE, trickle=0.02)
    env = {"CLAIMTRACK_FETCH_DEADLINE": "0.5", "CLAIMTRACK_FETCH_TIMEOUT": "5"}
    start = time.monotonic()
    fails(
        cli("evidence", "add", "1", server.url("/statement"), "--allow-private", env=env),
        f"{server.url('/statement')}: took longer than the 0.5 s fetch deadline",
    )
    assert time.monotonic() - start < 2.5
    assert ok(cli("history", "1")) == before  # nothing stored


# -- the retry budget, on a mock transport with a fake clock ----------------------------------


def test_retries_stop_when_the_next_wait_would_pass_the_deadline() -> None:
    clock = FakeClock()
    requests: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        return httpx.Response(503)

    fetcher = clocked_fetcher(handler, clock, retries=10, backoff=2.0, max_backoff=100.0, deadline=10.0)
    with pytest.raises(FetchError) as caught:
        fetcher.get("https://busy.example/")
    # waits 2 and 4 (6 s in all); the next, 8 s, would end at 14 s, past the 10 s deadline
    assert clock.sleeps == [2.0, 4.0] and len(requests) == 3
    assert str(caught.value) == (
        "https://busy.example/: HTTP 503 Service Unavailable; waiting 8 s to try again would pass "
        "the 10 s fetch deadline"
    )


def test_timeouts_are_retried_only_within_the_deadline() -> None:
    clock = FakeClock()

    def handler(request: httpx.Request) -> httpx.Response:
        clock.now += 3.0  # each try takes 3 s, then times out
        raise httpx.ReadTimeout("slow", request=request)

    fetcher = clocked_fetcher(handler, clock, retries=10, backoff=1.0, max_backoff=1.0, deadline=10.0)
    with pytest.raises(
        FetchError,
        match=r"the server timed out \(3 tries\); waiting 1 s to try again would pass the 10 s fetch deadline",
    ):
        fetcher.get("https://slow.example/")
    assert clock.sleeps == [1.0, 1.0]  # 3 + 1 + 3 + 1 + 3 = 11 s: no room for a fourth try


def test_redirects_share_the_deadline() -> None:
    clock = FakeClock()
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        clock.now += 4.0
        n = int(request.url.path.strip("/") or 0)
        return httpx.Response(302, headers={"Location": f"/{n + 1}"})

    fetcher = clocked_fetcher(handler, clock, max_redirects=20, deadline=10.0)
    with pytest.raises(FetchError) as caught:
        fetcher.get("https://hops.example/")
    assert seen == ["/", "/1", "/2"]  # 12 s after three hops: no fourth
    assert str(caught.value) == "https://hops.example/3: took longer than the 10 s fetch deadline"


def test_a_body_streamed_past_the_deadline_is_cut_off() -> None:
    clock = FakeClock()
    sent: list[int] = []

    class Trickle(httpx.SyncByteStream):
        def __iter__(self):
            for n in range(100):
                clock.now += 1.0  # one byte a second
                sent.append(n)
                yield b"x"

    fetcher = clocked_fetcher(lambda request: httpx.Response(200, stream=Trickle()), clock, deadline=10.0)
    with pytest.raises(FetchError, match=r"^https://loris\.example/: took longer than the 10 s fetch deadline$"):
        fetcher.get("https://loris.example/")
    assert len(sent) == 10


def test_within_the_deadline_nothing_changes() -> None:
    clock = FakeClock()
    answers = iter([httpx.Response(503), httpx.Response(200, content=b"ok")])
    fetcher = clocked_fetcher(lambda request: next(answers), clock, backoff=2.0, deadline=10.0)
    assert fetcher.get("https://fine.example/").body == b"ok"
    assert clock.sleeps == [2.0]
