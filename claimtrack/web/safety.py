"""The safety rules of fetching: which urls and which addresses claimtrack may fetch.

- Only ``http`` and ``https`` urls (never ``file:``, ``data:``, ``javascript:``, ``ftp:``...).
- Never an address on the local network unless the user allows it (``--allow-private`` or the
  ``allow_private`` setting): loopback, private ranges, link-local, unique-local, unspecified,
  multicast and reserved addresses, and IPv6 forms that embed one of those (IPv4-mapped
  ``::ffff:10.0.0.1``, IPv4-compatible, 6to4, Teredo). Every address a host name resolves to is
  checked, on every redirect hop, and again at connect time by :class:`GuardedBackend`, so a
  name that resolves differently the second time (DNS rebinding) is caught too.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from claimtrack.web.errors import FetchError

#: A resolver: host and port to the IP addresses (as strings) it resolves to.
Resolver = Callable[[str, int], Sequence[str]]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Always refused unless private addresses are allowed (on top of ``not is_global``, so the rule
#: does not depend on the Python version's idea of "private").
_BLOCKED_NETWORKS = [
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    )
]

SCHEMES = ("http", "https")


def redact(url: str | httpx.URL) -> str:
    """A url for a message: no query string values that could be secrets (``key=``), no password."""
    try:
        parsed = httpx.URL(str(url))
    except Exception:  # noqa: BLE001 — a url too broken to parse is shown cut, as given
        return str(url)[:200]
    params = [(k, "…" if k.lower() in ("key", "api_key", "apikey", "token", "access_token") else v)
              for k, v in parsed.params.multi_items()]
    parsed = parsed.copy_with(params=params or None)
    if parsed.password:
        parsed = parsed.copy_with(password="…")
    text = str(parsed)
    return text if len(text) <= 300 else text[:299] + "…"


def check_scheme(url: str) -> httpx.URL:
    """Parse ``url``; refuse anything but an absolute http(s) url with a host."""
    url = url.strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise FetchError(f"not an http(s) url ({shown}): {url[:200]!r}")
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise FetchError(f"a url cannot contain spaces or control characters: {url[:200]!r}")
    try:
        parsed = httpx.URL(url)
    except Exception as exc:  # noqa: BLE001 — httpx raises several kinds for a bad url
        raise FetchError(f"not a valid url: {url[:200]!r} ({exc})") from None
    if not parsed.host:
        raise FetchError(f"the url has no host: {url[:200]!r}")
    return parsed


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    packed = ip.packed
    if packed[:12] == b"\x00" * 12 and int(ip) > 1:  # IPv4-compatible ::a.b.c.d (deprecated)
        return ipaddress.IPv4Address(packed[12:])
    return None


def why_blocked(address: str | IPAddress) -> str | None:
    """Why ``address`` is on the local network (a short reason), or ``None`` if it is public."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "a scoped (link-local) address"
        inner = _embedded_ipv4(ip)
        if inner is not None:
            reason = why_blocked(inner)
            return f"an IPv6 form of {inner}, {reason}" if reason else None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if any(ip in net for net in _BLOCKED_NETWORKS) or ip.is_private or not ip.is_global:
        return "a private address"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, by ``getaddrinfo``."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: list[str] = []
    for family, _type, _proto, _name, sockaddr in infos:
        address = str(sockaddr[0])
        if family == socket.AF_INET6 and sockaddr[3] and "%" not in address:
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
                    f"refusing to fetch from {shown}: {reason} on the local network "
                    "(use --allow-private, or the allow_private setting, to allow it)"
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
    the address that was checked is the address that is used.
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
            try:
                return self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        assert error is not None
        raise error

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> httpcore.NetworkStream:
        raise FetchError("claimtrack does not fetch over unix sockets")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport, connecting through :class:`GuardedBackend`; no proxies from the
    environment (the address checks would be meaningless behind one)."""

    def __init__(self, *, allow_private: bool, resolver: Resolver | None = None) -> None:
        super().__init__(trust_env=False, retries=0)
        ssl_context = self._pool._ssl_context  # the context httpx built (certifi, verification on)
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
