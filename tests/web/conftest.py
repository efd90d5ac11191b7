"""Web tests: a real HTTP server on 127.0.0.1 (in a thread), mock transports, and fast settings.

Nothing here reaches beyond this machine: the real server listens on 127.0.0.1 and is fetched
with private addresses allowed; everything else goes through ``httpx.MockTransport`` with a
resolver that answers public addresses without asking DNS.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner, Result

from claimtrack.cli import app
from claimtrack.config import Settings, get_settings
from claimtrack.extract.types import ProposedClaim
from claimtrack.web import client as web_client
from claimtrack.web.client import Fetcher, FetchPolicy
from tests.clicheck import fails, ok  # noqa: F401  (re-exported for the tests beside this file)

PUBLIC_IP = "93.184.216.34"


def public_resolver(host: str, port: int) -> list[str]:
    """Every name is a public address (no DNS is asked)."""
    return [PUBLIC_IP]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    delay: float = 0.0
    chunked: bool = False
    """Send the body in chunks without a Content-Length."""
    trickle: float = 0.0
    """Send the body one byte every ``trickle`` seconds (a slow-loris server)..."""
    trickle_head: bool = False
    """...and the status line and headers too."""
    trickle_for: float = 3.0
    """...but for at most this long, then the rest at once: the server thread always ends soon,
    whatever the client does, and a client without a deadline gets the whole answer."""


class LocalServer:
    """A ThreadingHTTPServer on 127.0.0.1 serving ``routes`` (path → Route or a list of Routes,
    answered in turn, the last one repeated). ``requests`` records (path, headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path) or server.routes.get(self.path.split("?")[0])
                if isinstance(route, list):
                    route = route.pop(0) if len(route) > 1 else route[0]
                if route is None:
                    route = Route(404, b"<html><body>not found</body></html>")
                if route.delay:
                    time.sleep(route.delay)
                if route.trickle:
                    self.trickle(route)
                    return
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if route.chunked:
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for start in range(0, len(route.body), 4096):
                        piece = route.body[start : start + 4096]
                        try:
                            self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                        except (BrokenPipeError, ConnectionResetError):
                            return
                    try:
                        self.wfile.write(b"0\r\n\r\n")
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def trickle(self, route: Route) -> None:
                head = f"HTTP/1.1 {route.status} Trickle\r\n".encode()
                for key, value in {**route.headers, "Content-Length": str(len(route.body))}.items():
                    head += f"{key}: {value}\r\n".encode()
                head += b"\r\n"
                data = head + route.body
                start = 0 if route.trickle_head else len(head)
                stop = time.monotonic() + route.trickle_for
                try:
                    self.wfile.write(data[:start])
                    for n in range(start, len(data)):
                        if time.monotonic() >= stop:
                            self.wfile.write(data[n:])
                            break
                        self.wfile.write(data[n : n + 1])
                        time.sleep(route.trickle)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hung up early (a refused body) is expected, not news

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    yield srv
    srv.close()


def said_extractor(body: str, *, default_claimant: str | None = None) -> list[ProposedClaim]:
    """A stand-in for the real extractor (these tests are about the web, not extraction): every
    sentence with "said" in it is a claim."""
    from claimtrack.extract.sentences import split_sentences

    found = []
    offset = 0
    for line in body.split("\n"):
        for start, end in split_sentences(line):
            sentence = line[start:end]
            if " said" in sentence:
                found.append(
                    ProposedClaim(
                        text=sentence,
                        start=offset + start,
                        end=offset + end,
                        sentence=sentence,
                        sentence_start=offset + start,
                        sentence_end=offset + end,
                        claimant=default_claimant,
                        cue="said",
                        score=0.7,
                    )
                )
        offset += len(line) + 1
    return found


@pytest.fixture(autouse=True)
def stand_in_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    import claimtrack.extract as extract

    monkeypatch.setattr(extract, "extract_claims", said_extractor)
    monkeypatch.setattr(extract, "score_sentence", lambda sentence: 0.5)


@pytest.fixture(autouse=True)
def fast_and_clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> Iterator[None]:
    """Tiny backoff, no config file or web settings from the environment, fresh settings."""
    monkeypatch.setattr(web_client, "DEFAULT_BACKOFF", 0.001)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in (
        "CLAIMTRACK_CONFIG",
        "CLAIMTRACK_ALLOW_PRIVATE",
        "CLAIMTRACK_ARCHIVE",
        "CLAIMTRACK_FACTCHECK_API_KEY",
        "CLAIMTRACK_FETCH_MAX_BYTES",
        "CLAIMTRACK_FETCH_RETRIES",
        "CLAIMTRACK_FETCH_TIMEOUT",
        "CLAIMTRACK_FETCH_DEADLINE",
    ):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def local_fetcher(**policy: Any) -> Fetcher:
    """A fetcher for the local server: private addresses allowed, tiny backoff."""
    settings = {"allow_private": True, "backoff": 0.001, "retries": 2, "timeout": 5.0, **policy}
    return Fetcher(FetchPolicy(user_agent="claimtrack-test", **settings))


def mock_fetcher(
    handler: Callable[[httpx.Request], httpx.Response], *, sleeps: list[float] | None = None, **policy: Any
) -> Fetcher:
    """A fetcher over ``httpx.MockTransport(handler)``; every host resolves to a public address."""
    settings = {"backoff": 0.001, "retries": 2, **policy}
    return Fetcher(
        FetchPolicy(user_agent="claimtrack-test", **settings),
        transport=httpx.MockTransport(handler),
        resolver=public_resolver,
        sleep=(sleeps.append if sleeps is not None else (lambda s: None)),
    )


Run = Callable[..., Result]


@pytest.fixture
def cli(db_url: str) -> Run:
    runner = CliRunner()

    def run(*args: str, user: str = "alice", env: dict[str, str] | None = None) -> Result:
        get_settings.cache_clear()
        return runner.invoke(app, list(args), env={"CLAIMTRACK_DB": db_url, "CLAIMTRACK_USER": user, **(env or {})})

    return run


@pytest.fixture
def mock_web(monkeypatch: pytest.MonkeyPatch) -> Callable[[Callable[[httpx.Request], httpx.Response]], None]:
    """Route the CLI's fetcher through a MockTransport handler (public resolver, no sleeping)."""

    def install(handler: Callable[[httpx.Request], httpx.Response]) -> None:
        real = web_client.make_fetcher

        def fake(settings: Settings | None = None, **kwargs: Any) -> Fetcher:
            kwargs.update(transport=httpx.MockTransport(handler), resolver=public_resolver, sleep=lambda s: None)
            return real(settings, **kwargs)

        monkeypatch.setattr(web_client, "make_fetcher", fake)

    return install


ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Bridge collapse: mayor denies | Daily Test</title>
<meta property="og:title" content="Bridge collapse: mayor denies">
<meta property="og:site_name" content="Daily Test">
<meta name="author" content="Ann Writer">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<link rel="canonical" href="https://news.example/bridge">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Bridge collapse: mayor denies</h1>
<p>The ministry said 40 people were hurt when the old bridge gave way on Tuesday morning, according to officials at the scene.</p>
<p>A local paper reported that the bridge collapsed at noon, but the mayor denied it in a statement released later that day.</p>
<p>Prices rose 5% last year, the statistics office said, adding that repairs would cost far more than the council expected.</p>
</article>
<section id="comments" class="comments"><div class="comment"><p>Reader comment: the council knew about the cracks for years and did nothing!</p></div></section>
<footer>Copyright Daily Test</footer></body></html>"""


def article_html(title: str = "Bridge collapse: mayor denies", extra: str = "") -> bytes:
    html = ARTICLE_HTML.replace("Bridge collapse: mayor denies", title)
    return html.replace("</article>", (f"<p>{extra}</p>" if extra else "") + "</article>").encode("utf-8")
