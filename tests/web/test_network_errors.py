"""The commands that need the network, when it fails: one line naming the reason and the host.

``evidence add``, ``lookup``, ``ingest URL`` and ``import-claimreview URL`` against a real server
on 127.0.0.1 (a 404, a 500, a server too slow to answer), a closed port (connection refused), a
name that does not resolve, and the Fact Check Tools API through ``httpx.MockTransport``. Never
a traceback; nothing stored.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from claimtrack.config import Settings
from claimtrack.store import open_database
from claimtrack.web import client as web_client
from claimtrack.web.client import Fetcher
from tests.builders import seed
from tests.web.conftest import LocalServer, Route, Run, article_html, fails, ok, public_resolver

PAGE = b"<html><head><title>Embassy statement</title></head><body><p>No citizens were hurt.</p></body></html>"
NO_FETCH = "(add it without a copy: --no-fetch)"
FAST = {"CLAIMTRACK_FETCH_RETRIES": "0", "CLAIMTRACK_FETCH_TIMEOUT": "0.3"}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def no_such_host(host: str, port: int) -> list[str]:
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


Install = Callable[..., None]


@pytest.fixture
def network(monkeypatch: pytest.MonkeyPatch) -> Install:
    """The CLI's fetcher with another resolver and, if given, a MockTransport handler."""

    def install(*, resolver: Callable[[str, int], list[str]], handler: Callable[..., Any] | None = None) -> None:
        real = web_client.make_fetcher

        def fake(settings: Settings | None = None, **kwargs: Any) -> Fetcher:
            kwargs.update(resolver=resolver, sleep=lambda s: None)
            if handler is not None:
                kwargs["transport"] = httpx.MockTransport(handler)
            return real(settings, **kwargs)

        monkeypatch.setattr(web_client, "make_fetcher", fake)

    return install


@pytest.fixture
def claim_id(db_url: str) -> str:
    db = open_database(db_url)
    try:
        return str(seed(db)[0])
    finally:
        db.close()


# -- evidence add: the way round is --no-fetch ------------------------------------------------


def test_evidence_add_that_cannot_fetch_suggests_no_fetch(
    cli: Run, server: LocalServer, claim_id: str, network: Install
) -> None:
    server.routes["/statement"] = Route(200, PAGE)
    before = ok(cli("history", claim_id))
    gone = fails(cli("evidence", "add", claim_id, server.url("/gone"), "--allow-private"), "HTTP 404 Not Found")
    assert gone == f"claimtrack: error: {server.url('/gone')}: HTTP 404 Not Found {NO_FETCH}"
    offline = f"http://127.0.0.1:{closed_port()}/statement"
    line = fails(cli("evidence", "add", claim_id, offline, "--allow-private"), f"{offline}: cannot connect (")
    assert line.endswith(NO_FETCH)
    refused = fails(cli("evidence", "add", claim_id, server.url("/statement")), "refusing to fetch from 127.0.0.1")
    assert refused.endswith(
        "a loopback address on the local network "
        "(use --allow-private, or the allow_private setting, to allow it; or add it without a copy: --no-fetch)"
    )
    assert ok(cli("history", claim_id)) == before, "nothing stored"
    # as it says: the link without a copy
    out = ok(cli("evidence", "add", claim_id, server.url("/gone"), "--no-fetch"))
    assert f"added to claim {claim_id}" in out and "not captured" in out
    # a url that is not one is bad input, not a failed fetch: no --no-fetch advice
    assert NO_FETCH not in fails(cli("evidence", "add", claim_id, "ftp://example.org/x"), "not an http(s) url")
    # nor is a claim that does not exist
    assert NO_FETCH not in fails(cli("evidence", "add", "999", server.url("/statement")), "no claim with id 999")


def test_evidence_add_name_that_does_not_resolve(cli: Run, claim_id: str, network: Install) -> None:
    network(resolver=no_such_host)
    line = fails(cli("evidence", "add", claim_id, "https://gone.example/page"), "cannot resolve host 'gone.example'")
    assert line.endswith(NO_FETCH)


# -- lookup ---------------------------------------------------------------------------------


def test_lookup_without_a_key_names_the_variable(cli: Run, claim_id: str) -> None:
    line = fails(cli("lookup", claim_id), "")
    assert line == (
        "claimtrack: error: lookup needs a Google Fact Check Tools API key: set CLAIMTRACK_FACTCHECK_API_KEY "
        "(or factcheck_api_key in the config file)"
    )


def _raises(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


@pytest.mark.parametrize(
    ("handler", "resolver", "reason"),
    [
        (
            _raises(httpx.ConnectError("[Errno 111] Connection refused")),
            public_resolver,
            "cannot be reached: cannot connect ([Errno 111] Connection refused)",
        ),
        (_raises(httpx.ReadTimeout("timed out")), public_resolver, "cannot be reached: the server timed out"),
        (None, no_such_host, "cannot be reached: cannot resolve host 'factchecktools.googleapis.com'"),
        (lambda request: httpx.Response(503, text="busy"), public_resolver, "answered HTTP 503"),
        (
            lambda request: httpx.Response(403, json={"error": {"message": "The caller does not have permission"}}),
            public_resolver,
            "answered HTTP 403: The caller does not have permission",
        ),
    ],
    ids=["refused", "timeout", "dns", "http-503", "http-403"],
)
def test_lookup_network_failures_are_one_line_naming_the_host(
    cli: Run, claim_id: str, network: Install, handler: Any, resolver: Any, reason: str
) -> None:
    network(resolver=resolver, handler=handler or _raises(AssertionError("no request without an address")))
    env = {"CLAIMTRACK_FACTCHECK_API_KEY": "secret-key-123"}
    line = fails(cli("lookup", claim_id, env=env), reason)
    assert line.startswith("claimtrack: error: the Fact Check Tools API")
    assert "factchecktools.googleapis.com" in line
    assert "secret-key-123" not in line and "hurt" not in line, "neither the key nor the claim (the query)"


# -- ingest URL and import-claimreview URL ------------------------------------------------------


@pytest.mark.parametrize("command", ["ingest", "import-claimreview"])
def test_fetching_commands_fail_in_one_line(
    cli: Run, server: LocalServer, network: Install, command: str, db_url: str
) -> None:
    server.routes["/slow"] = Route(200, article_html(), delay=1.5)
    server.routes["/broken"] = Route(500, b"oops")
    offline = f"http://127.0.0.1:{closed_port()}/story"
    cases = [
        (server.url("/gone"), f"{server.url('/gone')}: HTTP 404 Not Found"),
        (server.url("/broken"), f"{server.url('/broken')}: HTTP 500 Internal Server Error"),
        (server.url("/slow"), f"{server.url('/slow')}: the server timed out"),
        (offline, f"{offline}: cannot connect ("),
    ]
    for url, reason in cases:
        line = fails(cli(command, url, "--allow-private", env=FAST), reason)
        assert NO_FETCH not in line, "only evidence can be added without a copy"
    network(resolver=no_such_host)
    fails(cli(command, "https://news.example/story"), "cannot resolve host 'news.example': Name or service not known")
    assert "no articles yet" in ok(cli("articles")), "nothing stored"
