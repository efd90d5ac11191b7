"""Safe fetching: http(s) only, no local-network addresses unless allowed, on every hop."""

from __future__ import annotations

import ipaddress
import re
import socket

import httpx
import pytest

from claimtrack.web.client import Fetcher, FetchPolicy
from claimtrack.web.errors import FetchError
from claimtrack.web.safety import GuardedTransport, check_url, checked_addresses, redact, why_blocked
from tests.web.conftest import PUBLIC_IP, LocalServer, Route, local_fetcher, mock_fetcher


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "10.0.0.1",
        "10.255.255.255",
        "172.16.0.1",
        "172.31.255.254",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "::1",
        "::",
        "fc00::1",
        "fd12:3456::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::ffff:192.168.0.1",
        "::127.0.0.1",
        "2002:7f00:1::1",
        "100.64.0.1",
        "224.0.0.1",
        "ff02::1",
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
    "url",
    [
        "file:///etc/passwd",
        "data:text/html,<b>x</b>",
        "javascript:alert(1)",
        "ftp://example.org/x",
        "gopher://x",
        "example.org/x",
        "http:///nohost",
    ],
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

    with pytest.raises(
        FetchError, match=r"redirects to http://169\.254\.169\.254/latest/meta-data/: refusing.*link-local"
    ):
        mock_fetcher(handler).get("https://news.example/story")
    assert seen == ["https://news.example/story"]  # the private hop was never requested
    result = mock_fetcher(handler, allow_private=True).get("https://news.example/story")
    assert result.final_url == "http://169.254.169.254/latest/meta-data/" and result.redirects == [
        "https://news.example/story"
    ]


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


# -- the IANA special-purpose address registries ----------------------------------------------
# One address from every entry of the IPv4 and IPv6 special-purpose address registries that is
# not globally reachable (https://www.iana.org/assignments/iana-ipv4-special-registry/,
# .../iana-ipv6-special-registry/), written out here, not taken from the code under test.

IANA_NOT_GLOBAL = [
    ("0.0.0.0/8 this network", "0.1.2.3"),
    ("0.0.0.0/32 this host", "0.0.0.0"),
    ("10.0.0.0/8 private-use", "10.20.30.40"),
    ("100.64.0.0/10 shared address space", "100.127.255.254"),
    ("127.0.0.0/8 loopback", "127.0.0.1"),
    ("169.254.0.0/16 link local", "169.254.169.254"),
    ("172.16.0.0/12 private-use", "172.31.0.1"),
    ("192.0.0.0/24 IETF protocol assignments", "192.0.0.100"),
    ("192.0.0.0/29 DS-Lite", "192.0.0.1"),
    ("192.0.0.8/32 IPv4 dummy address", "192.0.0.8"),
    ("192.0.0.170/32 NAT64/DNS64 discovery", "192.0.0.170"),
    ("192.0.0.171/32 NAT64/DNS64 discovery", "192.0.0.171"),
    ("192.0.2.0/24 TEST-NET-1", "192.0.2.1"),
    ("192.88.99.0/24 deprecated 6to4 relay anycast", "192.88.99.1"),
    ("192.168.0.0/16 private-use", "192.168.1.1"),
    ("198.18.0.0/15 benchmarking", "198.19.0.1"),
    ("198.51.100.0/24 TEST-NET-2", "198.51.100.7"),
    ("203.0.113.0/24 TEST-NET-3", "203.0.113.9"),
    ("240.0.0.0/4 reserved", "250.1.2.3"),
    ("255.255.255.255/32 limited broadcast", "255.255.255.255"),
    ("::1/128 loopback", "::1"),
    ("::/128 unspecified", "::"),
    ("::ffff:0:0/96 IPv4-mapped", "::ffff:192.168.0.1"),
    ("64:ff9b:1::/48 local-use IPv4/IPv6 translation", "64:ff9b:1::a00:1"),
    ("64:ff9b:1::/48 local-use IPv4/IPv6 translation, public v4", "64:ff9b:1:ffff::808:808"),
    ("100::/64 discard-only", "100::1"),
    ("100:0:0:1::/64 dummy IPv6 prefix", "100:0:0:1::1"),
    ("2001::/23 IETF protocol assignments", "2001:1ff::1"),
    ("2001::/32 TEREDO", "2001:0:4136:e378:8000:63bf:3fff:fdd2"),
    ("2001:2::/48 benchmarking", "2001:2::1"),
    ("2001:10::/28 deprecated ORCHID", "2001:10::1"),
    ("2001:db8::/32 documentation", "2001:db8::1"),
    ("3fff::/20 documentation", "3fff:fff::1"),
    ("5f00::/16 segment routing (SRv6) SIDs", "5f00::1"),
    ("fc00::/7 unique-local", "fd00::1"),
    ("fe80::/10 link-local unicast", "fe80::1"),
]

#: Not in the special-purpose registries, and not globally reachable either.
OTHER_NOT_GLOBAL = [
    ("224.0.0.0/4 IPv4 multicast", "239.255.255.250"),
    ("ff00::/8 IPv6 multicast", "ff02::1"),
    ("fec0::/10 deprecated site-local", "fec0::1"),
    ("outside 2000::/3, reserved by IETF", "4000::1"),
    ("::ffff:0:0:0/96 IPv4-translated (SIIT), in reserved ::/8", "::ffff:0:a00:1"),
]

#: Globally reachable in the registries, but inside a block claimtrack refuses whole (192.0.0.0/24,
#: 2001::/23): anycast service addresses and identifiers, none of them a web server.
REFUSED_THOUGH_GLOBAL = [
    ("192.0.0.9/32 PCP anycast", "192.0.0.9"),
    ("192.0.0.10/32 TURN anycast", "192.0.0.10"),
    ("2001:1::1/128 PCP anycast", "2001:1::1"),
    ("2001:1::2/128 TURN anycast", "2001:1::2"),
    ("2001:1::3/128 DNS-SD SRP anycast", "2001:1::3"),
    ("2001:3::/32 AMT", "2001:3::1"),
    ("2001:4:112::/48 AS112-v6", "2001:4:112::1"),
    ("2001:20::/28 ORCHIDv2", "2001:20::1"),
    ("2001:30::/28 drone remote ID", "2001:30::1"),
]


@pytest.mark.parametrize(
    "entry,address",
    IANA_NOT_GLOBAL + OTHER_NOT_GLOBAL + REFUSED_THOUGH_GLOBAL,
    ids=[entry for entry, _ in IANA_NOT_GLOBAL + OTHER_NOT_GLOBAL + REFUSED_THOUGH_GLOBAL],
)
def test_every_special_purpose_block_that_is_not_globally_reachable_is_refused(entry: str, address: str) -> None:
    assert why_blocked(address) is not None, entry
    with pytest.raises(FetchError, match="refusing to fetch from .*--allow-private"):
        checked_addresses(address, 80, allow_private=False)
    with pytest.raises(FetchError, match="refusing"):  # as a name's address, too
        checked_addresses("host.example", 443, allow_private=False, resolver=lambda h, p: [PUBLIC_IP, address])
    assert checked_addresses(address, 80, allow_private=True) == [str(ipaddress.ip_address(address))]


@pytest.mark.parametrize(
    "address,inner,reason",
    [
        ("64:ff9b::10.0.0.1", "10.0.0.1", "a private address"),
        ("64:ff9b::7f00:1", "127.0.0.1", "a loopback address"),
        ("64:ff9b::a9fe:a9fe", "169.254.169.254", "a link-local address"),
        ("64:ff9b::192.168.0.1", "192.168.0.1", "a private address"),
        ("64:ff9b::100.64.0.1", "100.64.0.1", "carrier-grade NAT"),
        ("64:ff9b::0.0.0.0", "0.0.0.0", "the unspecified address"),
        ("::ffff:127.0.0.1", "127.0.0.1", "a loopback address"),
        ("::ffff:7f00:1", "127.0.0.1", "a loopback address"),
        ("::ffff:169.254.169.254", "169.254.169.254", "a link-local address"),
        ("::10.0.0.1", "10.0.0.1", "a private address"),
        ("2002:7f00:1::1", "127.0.0.1", "a loopback address"),
        ("2002:a00:1::", "10.0.0.1", "a private address"),
        ("2002:c0a8:101:1::1", "192.168.1.1", "a private address"),
        ("2002:a9fe:a9fe::1", "169.254.169.254", "a link-local address"),
    ],
)
def test_ipv6_forms_of_a_refused_ipv4_address_are_refused(address: str, inner: str, reason: str) -> None:
    why = why_blocked(address)
    assert why is not None and inner in why and reason in why
    with pytest.raises(
        FetchError, match=rf"refusing to fetch from \S+( \(\S+\))?: the \w+(-\w+)? form of {re.escape(inner)}"
    ):
        checked_addresses(address, 80, allow_private=False)


@pytest.mark.parametrize(
    "address",
    [
        "2001:0:808:404::f7f7:f7f7",  # Teredo: server 8.8.4.4, client 8.8.8.8, both public
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo, client 10.0.0.1
    ],
)
def test_teredo_is_refused_whatever_it_embeds(address: str) -> None:
    assert why_blocked(address) == "a Teredo address"


def test_nat64_is_judged_by_its_ipv4_address_not_by_is_global() -> None:
    """Python's ipaddress calls every NAT64 address global; claimtrack does not take its word."""
    assert why_blocked("64:ff9b::7f00:1") is not None
    assert why_blocked(ipaddress.ip_address("64:ff9b::7f00:1")) is not None
    assert why_blocked("64:ff9b::8.8.8.8") is None  # DNS64 on an IPv6-only network: a real site


def test_a_name_resolving_to_nat64_loopback_is_refused_at_connect_time() -> None:
    """The check the transport makes when connecting knows NAT64 too (DNS64 can hand out
    64:ff9b::7f00:1 for a name whose A record is 127.0.0.1)."""
    connects: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        connects.append(host)
        return ["64:ff9b::7f00:1"]

    with httpx.Client(transport=GuardedTransport(allow_private=False, resolver=resolver)) as plain:
        with pytest.raises(
            FetchError,
            match=r"intranet\.example \(64:ff9b::7f00:1\): the NAT64 form of 127\.0\.0\.1, a loopback address",
        ):
            plain.get("http://intranet.example/")
    assert connects == ["intranet.example"]
    with pytest.raises(FetchError, match="NAT64 form of 127.0.0.1"):
        Fetcher(FetchPolicy(retries=0), resolver=resolver).get("http://intranet.example/")


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::8.8.8.8",
        "64:ff9b::5db8:d822",
        "2002:808:808::1",
        "::ffff:93.184.216.34",
        "192.31.196.1",
        "192.52.193.1",
        "192.175.48.1",
        "2620:4f:8000::1",
        "2a00:1450:4001:80b::200e",
        "1.1.1.1",
        "100.63.255.255",
        "100.128.0.0",
        "192.0.1.1",
        "198.17.255.255",
        "198.20.0.0",
        "2001:200::1",
        "2003::1",
        "3ffe::1",
    ],
)
def test_globally_reachable_addresses_pass(address: str) -> None:
    assert why_blocked(address) is None
    assert checked_addresses(address, 443, allow_private=False) == [str(ipaddress.ip_address(address))]


def test_the_docs_list_every_refused_block() -> None:
    from pathlib import Path

    from claimtrack.web.safety import EMBEDDING_IPV6, REFUSED_IPV4, REFUSED_IPV6

    text = (Path(__file__).resolve().parents[2] / "docs" / "web.md").read_text(encoding="utf-8")
    section = text[text.index("### Refused addresses") :]
    rows = [line for line in section.splitlines() if line.startswith(("| `", "| outside"))]
    first_cells = " ".join(row.split("|")[1] for row in rows)
    for entry in REFUSED_IPV4 + REFUSED_IPV6 + EMBEDDING_IPV6:
        if entry.network.with_prefixlen == "0.0.0.0/32":
            continue  # the unspecified address, named in the 0.0.0.0/8 row
        assert f"`{entry.network.with_prefixlen}`" in first_cells, entry.network
    assert "outside `2000::/3`" in first_cells
