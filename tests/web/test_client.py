"""The shared fetcher: timeouts, size limit, redirects, retries, user agent; one line per failure."""

from __future__ import annotations

import httpx
import pytest

from claimtrack.config import Settings
from claimtrack.web.client import make_fetcher, parse_retry_after
from claimtrack.web.errors import FetchError
from tests.web.conftest import LocalServer, Route, local_fetcher, mock_fetcher


def test_the_factory_follows_the_settings() -> None:
    settings = Settings(
        user_agent="desk-bot/1", fetch_timeout=3, fetch_max_bytes=1000, fetch_max_redirects=2, fetch_retries=1
    )
    with make_fetcher(settings) as fetcher:
        p = fetcher.policy
        assert (p.user_agent, p.timeout, p.max_bytes, p.max_redirects, p.retries, p.allow_private) == (
            "desk-bot/1",
            3,
            1000,
            2,
            1,
            False,
        )
        assert fetcher.client.headers["User-Agent"] == "desk-bot/1"
    with make_fetcher(settings, allow_private=True) as fetcher:
        assert fetcher.policy.allow_private
    with make_fetcher(Settings(allow_private=True), allow_private=False) as fetcher:
        assert fetcher.policy.allow_private  # the flag only widens the setting


def test_a_page_over_the_real_server_with_its_user_agent(server: LocalServer) -> None:
    server.routes["/a"] = Route(200, b"<html>hello</html>")
    result = local_fetcher().get(server.url("/a"))
    assert result.status == 200 and result.body == b"<html>hello</html>" and result.content_type == "text/html"
    assert result.final_url == server.url("/a") and result.redirects == []
    assert server.requests[0][1]["User-Agent"] == "claimtrack-test"


def test_redirects_are_followed_hop_by_hop(server: LocalServer) -> None:
    server.routes["/1"] = Route(301, b"", {"Location": "/2"})
    server.routes["/2"] = Route(307, b"", {"Location": server.url("/3")})
    server.routes["/3"] = Route(200, b"<html>end</html>")
    result = local_fetcher().get(server.url("/1"))
    assert result.final_url == server.url("/3") and result.redirects == [server.url("/1"), server.url("/2")]
    assert [path for path, _ in server.requests] == ["/1", "/2", "/3"]


def test_a_redirect_loop_is_refused(server: LocalServer) -> None:
    server.routes["/a"] = Route(302, b"", {"Location": "/b"})
    server.routes["/b"] = Route(302, b"", {"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop"):
        local_fetcher().get(server.url("/a"))


def test_too_many_redirects(server: LocalServer) -> None:
    for n in range(10):
        server.routes[f"/{n}"] = Route(302, b"", {"Location": f"/{n + 1}"})
    with pytest.raises(FetchError, match=r"too many redirects \(more than 3\)"):
        local_fetcher(max_redirects=3).get(server.url("/0"))
    assert len(server.requests) == 4


@pytest.mark.parametrize("status", [404, 410, 403])
def test_http_errors(server: LocalServer, status: int) -> None:
    server.routes["/x"] = Route(status, b"no")
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        local_fetcher().get(server.url("/x"))
    assert len(server.requests) == 1  # 4xx is not retried


def test_500_is_retried_then_fails(server: LocalServer) -> None:
    server.routes["/x"] = Route(500, b"boom")
    with pytest.raises(FetchError, match="HTTP 500 Internal Server Error"):
        local_fetcher(retries=2).get(server.url("/x"))
    assert len(server.requests) == 3


def test_503_then_success(server: LocalServer) -> None:
    server.routes["/x"] = [Route(503, b""), Route(502, b""), Route(200, b"<html>ok</html>")]
    result = local_fetcher(retries=3).get(server.url("/x"))
    assert result.body == b"<html>ok</html>" and len(server.requests) == 3


def test_backoff_doubles_and_retry_after_is_honoured() -> None:
    answers = iter(
        [
            httpx.Response(503),
            httpx.Response(429, headers={"Retry-After": "2"}),
            httpx.Response(500),
            httpx.Response(200, text="ok"),
        ]
    )
    sleeps: list[float] = []
    result = mock_fetcher(lambda r: next(answers), sleeps=sleeps, retries=3, backoff=0.25).get("https://api.example/")
    assert result.body == b"ok"
    assert sleeps == [0.25, 2.0, 1.0]


def test_a_retry_after_too_long_is_a_failure_not_a_wait() -> None:
    sleeps: list[float] = []
    fetcher = mock_fetcher(lambda r: httpx.Response(429, headers={"Retry-After": "3600"}), sleeps=sleeps)
    with pytest.raises(FetchError, match="asks to wait 3600 s"):
        fetcher.get("https://api.example/")
    assert sleeps == []


def test_retry_after_as_a_date() -> None:
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("soon") is None


def test_timeout_is_one_line_after_retries(server: LocalServer) -> None:
    server.routes["/slow"] = Route(200, b"<html>late</html>", delay=0.3)
    with pytest.raises(FetchError, match=r"timed out \(2 tries\)"):
        local_fetcher(timeout=0.05, retries=1).get(server.url("/slow"))


def test_connection_refused() -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    with pytest.raises(FetchError, match="cannot connect"):
        local_fetcher().get(f"http://127.0.0.1:{port}/")


def test_an_oversized_body_is_refused_by_its_content_length_without_reading_it() -> None:
    reads: list[int] = []

    class Body(httpx.SyncByteStream):
        def __iter__(self):
            for _ in range(100):
                reads.append(1)
                yield b"x" * 1000

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Length": "100000"}, stream=Body())

    with pytest.raises(FetchError, match=r"100,000 bytes, over the 10,000-byte limit"):
        mock_fetcher(handler, max_bytes=10_000).get("https://big.example/")
    assert reads == []


def test_an_oversized_body_without_content_length_is_cut_while_streaming(server: LocalServer) -> None:
    server.routes["/big"] = Route(200, b"x" * 200_000, chunked=True)
    with pytest.raises(FetchError, match=r"over the 50,000-byte limit"):
        local_fetcher(max_bytes=50_000).get(server.url("/big"))


def test_a_gzip_bomb_is_counted_decompressed() -> None:
    import gzip

    packed = gzip.compress(b"\0" * 1_000_000)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip", "Content-Type": "text/html"}, content=packed)

    assert len(packed) < 10_000
    with pytest.raises(FetchError, match="over the 100,000-byte limit"):
        mock_fetcher(handler, max_bytes=100_000).get("https://bomb.example/")


def test_broken_compression() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=b"not gzip at all")

    with pytest.raises(FetchError, match="compression"):
        mock_fetcher(handler).get("https://broken.example/")


def test_status_can_be_returned_for_apis() -> None:
    result = mock_fetcher(lambda r: httpx.Response(403, json={"error": {"message": "nope"}})).get(
        "https://api.example/", check_status=False
    )
    assert result.status == 403 and not result.ok
