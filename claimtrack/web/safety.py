"""The safety rules of fetching: which urls and which addresses claimtrack may fetch.

- Only ``http`` and ``https`` urls (never ``file:``, ``data:``, ``javascript:``, ``ftp:``...).
- Never an address that is not globally reachable unless the user allows it (``--allow-private``
  or the ``allow_private`` setting): every block of the IANA IPv4 and IPv6 special-purpose address
  registries that is not globally reachable (:data:`REFUSED_IPV4`, :data:`REFUSED_IPV6`), plus
  multicast, every IPv6 address outside the global unicast range ``2000::/3``, and IPv6 forms that
  embed a refused IPv4 address (IPv4-mapped ``::ffff:10.0.0.1``, IPv4-compatible, NAT64
  ``64:ff9b::10.0.0.1``, 6to4 ``2002:0a00:0001::``). Python's ``ipaddress.is_global`` is checked
  too, but only as a second opinion: it calls NAT64 and several reserved blocks global.
  Every address a host name resolves to is checked, on every redirect hop, and again at connect
  time by :class:`GuardedBackend`, so a name that resolves differently the second time (DNS
  rebinding) is caught too.
- :class:`GuardedBackend` also holds every connect, read and write to the fetch deadline
  (:mod:`claimtrack.web.deadline`), so a server that trickles bytes cannot hold a fetch forever.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from claimtrack.limits import MAX_URL_LENGTH
from claimtrack.web.deadline import DeadlineExceeded, DeadlineStream, clamp, cut_short
from claimtrack.web.errors import FetchError

#: A resolver: host and port to the IP addresses (as strings) it resolves to.
Resolver = Callable[[str, int], Sequence[str]]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Refused:
    """A refused block of addresses: the network, its name in the IANA registry, and why."""

    network: ipaddress.IPv4Network | ipaddress.IPv6Network
    name: str
    reason: str


def _refused(*rows: tuple[str, str, str]) -> tuple[Refused, ...]:
    return tuple(Refused(ipaddress.ip_network(net), name, reason) for net, name, reason in rows)


#: IPv4 blocks refused unless private addresses are allowed: every entry of the IANA IPv4
#: special-purpose address registry that is not globally reachable, and multicast. (The
#: registry's globally reachable entries, 192.31.196.0/24 and 192.175.48.0/24 AS112 and
#: 192.52.193.0/24 AMT, are allowed.) The most specific block that matches gives the reason.
REFUSED_IPV4 = _refused(
    ("0.0.0.0/8", '"This network"', 'a "this network" address'),
    ("0.0.0.0/32", '"This host on this network"', "the unspecified address"),
    ("10.0.0.0/8", "Private-Use", "a private address"),
    ("100.64.0.0/10", "Shared Address Space (carrier-grade NAT)", "a shared (carrier-grade NAT) address"),
    ("127.0.0.0/8", "Loopback", "a loopback address"),
    ("169.254.0.0/16", "Link Local (cloud metadata lives here)", "a link-local address"),
    ("172.16.0.0/12", "Private-Use", "a private address"),
    (
        "192.0.0.0/24",
        "IETF Protocol Assignments (with DS-Lite 192.0.0.0/29, the dummy address 192.0.0.8, "
        "PCP and TURN anycast 192.0.0.9-10, NAT64/DNS64 discovery 192.0.0.170-171)",
        "an IETF protocol assignment address",
    ),
    ("192.0.2.0/24", "Documentation (TEST-NET-1)", "a documentation address"),
    ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "a 6to4 relay anycast address"),
    ("192.168.0.0/16", "Private-Use", "a private address"),
    ("198.18.0.0/15", "Benchmarking", "a benchmarking address"),
    ("198.51.100.0/24", "Documentation (TEST-NET-2)", "a documentation address"),
    ("203.0.113.0/24", "Documentation (TEST-NET-3)", "a documentation address"),
    ("224.0.0.0/4", "Multicast (not in the registry)", "a multicast address"),
    ("240.0.0.0/4", "Reserved", "a reserved address"),
    ("255.255.255.255/32", "Limited Broadcast", "the broadcast address"),
)

#: IPv6 blocks refused unless private addresses are allowed: every entry of the IANA IPv6
#: special-purpose address registry that is not globally reachable, multicast and deprecated
#: site-local. Anything outside ``2000::/3`` is refused as well (see :func:`why_blocked`); the
#: forms that embed an IPv4 address (:data:`EMBEDDING_IPV6`) are judged by that address.
#: 2001::/23 is refused whole, with the few anycast and identifier blocks inside it the registry
#: calls global (PCP, TURN, DNS-SD anycast, AMT, AS112, ORCHIDv2, drone ids): none serves pages.
REFUSED_IPV6 = _refused(
    ("::/128", "Unspecified Address", "the unspecified address"),
    ("::1/128", "Loopback Address", "a loopback address"),
    ("64:ff9b:1::/48", "IPv4-IPv6 Translation, local use", "a local-use NAT64 address"),
    ("100::/64", "Discard-Only Address Block", "a discard-only address"),
    ("100:0:0:1::/64", "Dummy IPv6 Prefix", "a dummy address"),
    ("2001::/23", "IETF Protocol Assignments", "an IETF protocol assignment address"),
    ("2001::/32", "TEREDO (it embeds IPv4 addresses; claimtrack does not fetch through Teredo)", "a Teredo address"),
    ("2001:2::/48", "Benchmarking", "a benchmarking address"),
    ("2001:10::/28", "Deprecated (previously ORCHID)", "an ORCHID address"),
    ("2001:db8::/32", "Documentation", "a documentation address"),
    ("3fff::/20", "Documentation", "a documentation address"),
    ("5f00::/16", "Segment Routing (SRv6) SIDs", "a segment routing (SRv6) address"),
    ("fc00::/7", "Unique-Local", "a unique-local (private) address"),
    ("fe80::/10", "Link-Local Unicast", "a link-local address"),
    ("fec0::/10", "Site-Local (deprecated; not in the registry)", "a site-local address"),
    ("ff00::/8", "Multicast (not in the registry)", "a multicast address"),
)

#: IPv6 forms that embed an IPv4 address, judged by that address (refused if it is refused).
EMBEDDING_IPV6 = _refused(
    ("::ffff:0:0/96", "IPv4-mapped Address", "IPv4-mapped"),
    ("::/96", "IPv4-compatible Address (deprecated; not in the registry)", "IPv4-compatible"),
    ("64:ff9b::/96", "IPv4-IPv6 Translation (NAT64, well-known prefix)", "NAT64"),
    ("2002::/16", "6to4", "6to4"),
)

#: IANA allocates global unicast IPv6 only from here; anything else is reserved or special.
GLOBAL_UNICAST_IPV6 = ipaddress.ip_network("2000::/3")

SCHEMES = ("http", "https")


def redact(url: str | httpx.URL) -> str:
    """A url for a message: no query string values that could be secrets (``key=``), no password."""
    try:
        parsed = httpx.URL(str(url))
    except Exception:
        return str(url)[:200]
    params = [
        (k, "…" if k.lower() in ("key", "api_key", "apikey", "token", "access_token") else v)
        for k, v in parsed.params.multi_items()
    ]
    parsed = parsed.copy_with(params=params or None)
    if parsed.password:
        parsed = parsed.copy_with(password="…")
    text = str(parsed)
    return text if len(text) <= 300 else text[:299] + "…"


def check_scheme(url: str) -> httpx.URL:
    """Parse ``url``; refuse anything but an absolute http(s) url with a host."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise FetchError(f"the url is {len(url):,} characters; the limit is {MAX_URL_LENGTH:,}: {url[:80]!r}...")
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise FetchError(f"not an http(s) url ({shown}): {url[:200]!r}")
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise FetchError(f"a url cannot contain spaces or control characters: {url[:200]!r}")
    try:
        parsed = httpx.URL(url)
    except Exception as exc:
        raise FetchError(f"not a valid url: {url[:200]!r} ({exc})") from None
    if not parsed.host:
        raise FetchError(f"the url has no host: {url[:200]!r}")
    return parsed


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    """The IPv4 address an IPv6 address stands for, and the name of the form, if it is one."""
    packed = ip.packed
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped, "IPv4-mapped"
    if packed[:12] == bytes(12) and int(ip) > 1:  # ::a.b.c.d, IPv4-compatible (deprecated)
        return ipaddress.IPv4Address(packed[12:]), "IPv4-compatible"
    if packed[:12] == ipaddress.IPv6Address("64:ff9b::").packed[:12]:  # NAT64, RFC 6052
        return ipaddress.IPv4Address(packed[12:]), "NAT64"
    if ip.sixtofour is not None:
        return ip.sixtofour, "6to4"
    return None


def _most_specific(ip: IPAddress, table: Sequence[Refused]) -> Refused | None:
    matches = [entry for entry in table if ip in entry.network]
    return max(matches, key=lambda entry: entry.network.prefixlen, default=None)


def why_blocked(address: str | IPAddress) -> str | None:
    """Why ``address`` is refused (a short reason), or ``None`` if it is globally reachable."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a scoped (link-local) address"
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner, form = embedded
            reason = why_blocked(inner)
            return f"the {form} form of {inner}, {reason}" if reason else None
        entry = _most_specific(ip, REFUSED_IPV6)
        if entry is not None:
            return entry.reason
        if ip not in GLOBAL_UNICAST_IPV6:
            return "a reserved address (outside 2000::/3)"
    else:
        entry = _most_specific(ip, REFUSED_IPV4)
        if entry is not None:
            return entry.reason
    if not ip.is_global:  # a second opinion; the tables above are the rule
        return "an address that is not globally reachable"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, by ``getaddrinfo``."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        if family == socket.AF_INET6 and len(sockaddr) == 4 and sockaddr[3] and "%" not in address:
            address = f"{address}%{sockaddr[3]}"  # scoped: refused unless private is allowed
        if address not in seen:
            seen.append(address)
    return seen


def _parse_ip(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None


def checked_addresses(host: str, port: int, *, allow_private: bool, resolver: Resolver | None = None) -> list[str]:
    """Resolve ``host`` and check every address; return them, or raise :class:`FetchError`.

    One address on the local network is enough to refuse the host (a name that resolves to both
    a public and a private address could be answered by either).
    """
    literal = _parse_ip(host)
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = list((resolver or system_resolver)(host, port))
        except (socket.gaierror, UnicodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or "no such host"
            raise FetchError(f"cannot resolve host {host!r}: {reason}") from None
        except OSError as exc:
            raise FetchError(f"cannot resolve host {host!r}: {exc.strerror or exc}") from None
        if not addresses:
            raise FetchError(f"cannot resolve host {host!r}: no addresses")
    if not allow_private:
        for address in addresses:
            ip = _parse_ip(address.split("%")[0])
            reason = "not an IP address" if ip is None else why_blocked(ip)
            if "%" in address:
                reason = "a scoped (link-local) address"
            if reason:
                shown = host if host == address else f"{host} ({address})"
                raise FetchError(
                    f"refusing to fetch from {shown}: {reason} on the local network",
                    cli_advice="use --allow-private, or the allow_private setting, to allow it",
                )
    return addresses


def check_url(url: str | httpx.URL, *, allow_private: bool, resolver: Resolver | None = None) -> httpx.URL:
    """The whole check for one hop: scheme, host, and every address the host resolves to."""
    parsed = check_scheme(str(url))
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    checked_addresses(parsed.host, port, allow_private=allow_private, resolver=resolver)
    return parsed


class GuardedBackend(httpcore.NetworkBackend):
    """A network backend that checks the address it actually connects to.

    The host is resolved here once more and the connection is made to a checked IP address, so
    the address that was checked is the address that is used. Connects, reads and writes end at
    the fetch deadline (:mod:`claimtrack.web.deadline`), when the fetcher has set one.
    """

    def __init__(self, *, allow_private: bool, resolver: Resolver | None = None) -> None:
        self._inner = httpcore.SyncBackend()
        self._allow_private = allow_private
        self._resolver = resolver

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        addresses = checked_addresses(host, port, allow_private=self._allow_private, resolver=self._resolver)
        error: Exception | None = None
        for address in addresses:
            limit = clamp(timeout)  # the fetch deadline, if there is one, bounds the connect too
            try:
                stream = self._inner.connect_tcp(
                    address, port, timeout=limit, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectTimeout as exc:
                if cut_short(timeout, limit):
                    raise DeadlineExceeded() from None
                error = exc
            except httpcore.ConnectError as exc:
                error = exc
            else:
                return DeadlineStream(stream)
        assert error is not None
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        raise FetchError("claimtrack does not fetch over unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport, connecting through :class:`GuardedBackend`; no proxies from the
    environment (the address checks would be meaningless behind one)."""

    def __init__(self, *, allow_private: bool, resolver: Resolver | None = None) -> None:
        # The context httpx builds by default, built here: certifi's roots, verification on, no
        # SSL_CERT_FILE / SSL_CERT_DIR from the environment (as trust_env=False).
        ssl_context = httpx.create_ssl_context(trust_env=False)
        super().__init__(verify=ssl_context, trust_env=False, retries=0)
        # httpx takes no network backend, so the pool is replaced by one over GuardedBackend.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=10,
            max_keepalive_connections=5,
            keepalive_expiry=5.0,
            http1=True,
            http2=False,
            retries=0,
            network_backend=GuardedBackend(allow_private=allow_private, resolver=resolver),
        )
