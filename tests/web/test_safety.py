"""Safe fetching: http(s) only, no local-network addresses unless allowed, on every hop."""

from __future__ import annotations

import socket

import httpx
import pytest

from claimtrack.web.client import FetchPolicy, Fetcher
from claimtrack.web.errors import FetchError
from claimtrack.web.safety import GuardedTransport, check_url, checked_addresses, redact, why_blocked
from tests.web.conftest import PUBLIC_IP, LocalServer, Route, local_fetcher, mock_fetcher


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "127.8.9.10", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254",
        "192.168.1.1", "169.254.169.254", "0.0.0.0", "::1", "::", "fc00::1", "fd12:3456::1",
        "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:192.168.0.1",
        "::127.0.0.1", "2002:7f00:1::1", "100.64.0.1", "224.0.0.1", "ff02::1",
    ],
)
def test_local_network_addresses_are_refused(address: str) -> None:
    assert why_blocked(address) is not None
    with pytest.raises(FetchError, match="local network.*--allow-private"):
        checked_addresses(address, 80, allow_private=False)
    assert checked_addresses(address, 80, allow_private=True)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "172.32.0.1"])
def test_public_addresses_pass(address: str) -> None:
    assert why_blocked(address) is None


def test_a_name_resolving_to_any_private_address_is_refused() -> None:
    with pytest.raises(FetchError, match=r"intranet\.example \(10\.1\.2\.3\)"):
        checked_addresses("intranet.example", 80, allow_private=False, resolver=lambda h, p: [PUBLIC_IP, "10.1.2.3"])


def test_the_system_resolver_is_used_for_names() -> None:
    # "localhost" resolves on this machine without any network.
    with pytest.raises(FetchError, match="localhost.*loopback"):
        check_url("http://localhost:9/", allow_private=False)


def test_dns_failure_is_one_line() -> None:
    def no_such_host(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(FetchError, match="cannot resolve host 'nowhere.example': Name or service not known"):
        check_url("https://nowhere.example/x", allow_private=False, resolver=no_such_host)


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "data:text/html,<b>x</b>", "javascript:alert(1)", "ftp://example.org/x", "gopher://x", "example.org/x", "http:///nohost"]
)
def test_only_http_and_https(url: str) -> None:
    fetcher = mock_fetcher(lambda request: httpx.Response(200))
    with pytest.raises(FetchError):
        fetcher.get(url)


def test_a_redirect_to_a_private_address_is_refused_and_allowed_when_asked() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
        return httpx.Response(200, text="<html>secret</html>")

    with pytest.raises(FetchError, match=r"redirects to http://169\.254\.169\.254/latest/meta-data/: refusing.*link-local"):
        mock_fetcher(handler).get("https://news.example/story")
    assert seen == ["https://news.example/story"]  # the private hop was never requested
    result = mock_fetcher(handler, allow_private=True).get("https://news.example/story")
    assert result.final_url == "http://169.254.169.254/latest/meta-data/" and result.redirects == ["https://news.example/story"]


def test_a_redirect_to_a_name_that_resolves_privately_is_refused() -> None:
    def resolver(host: str, port: int) -> list[str]:
        return ["192.168.0.10"] if host == "router.lan" else [PUBLIC_IP]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "http://router.lan/admin"})

    fetcher = Fetcher(FetchPolicy(), transport=httpx.MockTransport(handler), resolver=resolver)
    with pytest.raises(FetchError, match=r"router\.lan \(192\.168\.0\.10\)"):
        fetcher.get("https://news.example/")


def test_the_local_server_itself_is_refused_unless_allowed(server: LocalServer) -> None:
    server.routes["/go"] = Route(200, b"<html>internal</html>")
    with pytest.raises(FetchError, match=r"127\.0\.0\.1: a loopback address.*--allow-private"):
        local_fetcher(allow_private=False).get(server.url("/go"))
    assert server.requests == []  # refused before connecting
    assert local_fetcher(allow_private=True).get(server.url("/go")).body == b"<html>internal</html>"


def test_the_transport_checks_the_address_it_connects_to(server: LocalServer) -> None:
    """DNS rebinding: the name looked public when checked, but the connection would go to
    127.0.0.1; the guarded transport checks again at connect time and refuses."""
    server.routes["/"] = Route(200, b"<html>internal</html>")
    answers = iter([[PUBLIC_IP]])

    def rebinding(host: str, port: int) -> list[str]:
        return next(answers, ["127.0.0.1"])

    fetcher = Fetcher(FetchPolicy(retries=0), resolver=rebinding)
    with pytest.raises(FetchError, match="loopback"):
        fetcher.get(f"http://rebind.example:{server.port}/")
    assert server.requests == []
    with httpx.Client(transport=GuardedTransport(allow_private=False)) as plain:
        with pytest.raises(FetchError, match="127.0.0.1: a loopback address"):
            plain.get(server.url("/"))
    assert server.requests == []


def test_messages_hide_api_keys() -> None:
    assert "secret" not in redact("https://api.example/x?query=a&key=secret")
    assert "query=a" in redact("https://api.example/x?query=a&key=secret")
