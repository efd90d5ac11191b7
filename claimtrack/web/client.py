"""The one way claimtrack fetches from the web: :class:`Fetcher`, built by :func:`make_fetcher`.

Every request goes through the same rules (see ``docs/web.md``):

- a clear User-Agent, a timeout for connecting and for each read;
- http(s) only, and no address on the local network unless allowed (:mod:`claimtrack.web.safety`);
- redirects followed here, one hop at a time, each hop checked, at most ``max_redirects``, loops
  refused;
- bodies over ``max_bytes`` refused: by ``Content-Length`` before reading, else while streaming
  (the running count is of the decoded bytes, so a small compressed bomb is caught too);
- retries with exponential backoff on 429 and 5xx answers and on timeouts, honouring
  ``Retry-After`` up to ``max_retry_after`` seconds;
- one deadline for the whole fetch, ``deadline`` seconds, redirects and retries included: every
  connect, read and write is cut to the time left (:mod:`claimtrack.web.deadline`), and a retry
  whose wait would pass the deadline is not made.

Every failure is a :class:`~claimtrack.web.errors.FetchError` with a one-line message.
"""

from __future__ import annotations

import email.utils
import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from claimtrack.web.deadline import DeadlineExceeded, fetch_deadline
from claimtrack.web.errors import FetchError
from claimtrack.web.safety import GuardedTransport, Resolver, check_url, redact

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
RETRY_CODES = frozenset({429, 500, 502, 503, 504})

#: Seconds before the first retry (doubling after); tests set it tiny.
DEFAULT_BACKOFF = 0.5


@dataclass
class FetchPolicy:
    """The limits of one :class:`Fetcher` (built from the settings by :func:`make_fetcher`)."""

    user_agent: str = "claimtrack"
    timeout: float = 20.0
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    allow_private: bool = False
    backoff: float = DEFAULT_BACKOFF
    """Seconds before the first retry; doubles with each retry."""
    max_backoff: float = 30.0
    max_retry_after: float = 60.0
    """The longest ``Retry-After`` honoured; a server asking for more is a failure."""
    deadline: float = 60.0
    """Seconds the whole fetch may take: every redirect, retry and wait between retries."""


@dataclass
class FetchResult:
    """What a fetch brought back: the body and how it was got."""

    requested_url: str
    final_url: str
    status: int
    headers: httpx.Headers
    body: bytes
    fetched_at: datetime
    redirects: list[str] = field(default_factory=list)
    """The urls that redirected, in order (not counting ``final_url``)."""

    @property
    def content_type(self) -> str:
        """The media type, lower case, without parameters (``text/html``); ``""`` if none."""
        return str(self.headers.get("content-type", "")).split(";")[0].strip().lower()

    @property
    def raw_content_type(self) -> str | None:
        value = self.headers.get("content-type")
        return None if value is None else str(value)

    @property
    def charset(self) -> str | None:
        for part in str(self.headers.get("content-type", "")).split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'").lower()
        return None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class Fetcher:
    """Fetches urls under a :class:`FetchPolicy`. Use it as a context manager, or ``close()`` it.

    ``transport`` replaces the network (tests pass an ``httpx.MockTransport``); ``resolver``
    replaces ``getaddrinfo`` for the address checks; ``sleep`` replaces ``time.sleep`` between
    retries; ``clock`` replaces ``time.monotonic`` for the fetcher's own deadline checks (between
    tries and between chunks of a body; the network level always uses the real clock).
    """

    def __init__(
        self,
        policy: FetchPolicy,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver | None = None,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.policy = policy
        self._resolver = resolver
        self._sleep = sleep or time.sleep
        self._clock = clock or time.monotonic
        if transport is None:
            transport = GuardedTransport(allow_private=policy.allow_private, resolver=resolver)
        self.client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            timeout=httpx.Timeout(policy.timeout),
            headers={"User-Agent": policy.user_agent},
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # -- the public call -------------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        check_status: bool = True,
    ) -> FetchResult:
        """GET ``url`` under the policy. With ``check_status`` (the default) an answer other than
        2xx is a :class:`FetchError`; without, it is returned (an API's error body, say).

        The whole call, redirects and retries included, ends within ``policy.deadline`` seconds
        (a :class:`FetchError` "took longer than the N s fetch deadline" if it cannot)."""
        with fetch_deadline(self.policy.deadline):
            return self._get(url, params, headers, check_status, self._clock() + self.policy.deadline)

    def _get(
        self,
        url: str,
        params: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        check_status: bool,
        deadline_at: float,
    ) -> FetchResult:
        current = check_url(url, allow_private=self.policy.allow_private, resolver=self._resolver)
        if params:
            current = current.copy_merge_params({k: v for k, v in params.items() if v is not None})
        requested = str(current)
        seen = {requested}
        redirects: list[str] = []
        while True:
            response, body = self._get_with_retries(current, headers, deadline_at)
            if response.status_code in REDIRECT_CODES and "location" in response.headers:
                location = response.headers["location"]
                try:
                    target = current.join(location.strip())
                except Exception:
                    raise FetchError(f"{redact(current)}: redirect to an invalid url {location[:200]!r}") from None
                if len(redirects) >= self.policy.max_redirects:
                    raise FetchError(f"{redact(requested)}: too many redirects (more than {self.policy.max_redirects})")
                if str(target) in seen:
                    raise FetchError(f"{redact(requested)}: redirect loop at {redact(target)}")
                redirects.append(str(current))
                seen.add(str(target))
                try:
                    current = check_url(target, allow_private=self.policy.allow_private, resolver=self._resolver)
                except FetchError as exc:
                    raise FetchError(
                        f"{redact(requested)} redirects to {redact(target)}: {exc.message}", cli_advice=exc.cli_advice
                    ) from None
                continue
            result = FetchResult(
                requested_url=requested,
                final_url=str(current),
                status=response.status_code,
                headers=response.headers,
                body=body,
                fetched_at=datetime.now(UTC),
                redirects=redirects,
            )
            if check_status and not result.ok:
                reason = response.reason_phrase or "error"
                raise FetchError(f"{redact(current)}: HTTP {response.status_code} {reason}")
            return result

    # -- the machinery ---------------------------------------------------------------------

    def _too_long(self, url: httpx.URL) -> FetchError:
        return FetchError(f"{redact(url)}: took longer than the {self.policy.deadline:g} s fetch deadline")

    def _wait_to_retry(self, delay: float, deadline_at: float, url: httpx.URL, failure: str) -> None:
        """Sleep ``delay`` before the next try, unless that would pass the deadline: then the
        fetch fails now, with ``failure`` (what went wrong with the last try)."""
        if self._clock() + delay >= deadline_at:
            raise FetchError(
                f"{redact(url)}: {failure}; waiting {delay:g} s to try again would pass the "
                f"{self.policy.deadline:g} s fetch deadline"
            )
        self._sleep(delay)

    def _get_with_retries(
        self, url: httpx.URL, headers: Mapping[str, str] | None, deadline_at: float
    ) -> tuple[httpx.Response, bytes]:
        attempt = 0
        while True:
            if self._clock() >= deadline_at:
                raise self._too_long(url)
            try:
                response, body = self._get_once(url, headers, deadline_at)
            except (httpx.TimeoutException, httpx.RemoteProtocolError) as exc:
                what = "timed out" if isinstance(exc, httpx.TimeoutException) else "closed the connection"
                tries = f" ({attempt + 1} tries)" if attempt else ""
                if attempt >= self.policy.retries:
                    raise FetchError(f"{redact(url)}: the server {what}{tries}") from None
                self._wait_to_retry(self._backoff(attempt), deadline_at, url, f"the server {what}{tries}")
                attempt += 1
                continue
            if response.status_code in RETRY_CODES and attempt < self.policy.retries:
                failure = f"HTTP {response.status_code} {response.reason_phrase or 'error'}"
                self._wait_to_retry(self._retry_delay(response, attempt, url), deadline_at, url, failure)
                attempt += 1
                continue
            return response, body

    def _backoff(self, attempt: int) -> float:
        return float(min(self.policy.backoff * (2**attempt), self.policy.max_backoff))

    def _retry_delay(self, response: httpx.Response, attempt: int, url: httpx.URL) -> float:
        delay = self._backoff(attempt)
        value = response.headers.get("retry-after")
        if value:
            wait = parse_retry_after(value)
            if wait is not None:
                if wait > self.policy.max_retry_after:
                    raise FetchError(
                        f"{redact(url)}: HTTP {response.status_code}; the server asks to wait "
                        f"{wait:.0f} s, longer than the {self.policy.max_retry_after:.0f} s claimtrack waits"
                    )
                delay = max(delay, wait)
        return delay

    def _get_once(
        self, url: httpx.URL, headers: Mapping[str, str] | None, deadline_at: float
    ) -> tuple[httpx.Response, bytes]:
        limit = self.policy.max_bytes
        try:
            with self.client.stream("GET", url, headers=dict(headers or {})) as response:
                if response.status_code in REDIRECT_CODES or response.status_code in RETRY_CODES:
                    return response, b""
                declared = response.headers.get("content-length")
                if declared and declared.strip().isdigit() and int(declared) > limit:
                    raise FetchError(
                        f"{redact(url)}: the body is {int(declared):,} bytes, over the {limit:,}-byte limit"
                    )
                chunks: list[bytes] = []
                total = 0
                for chunk in response.iter_bytes():
                    total += len(chunk)
                    if total > limit:
                        raise FetchError(f"{redact(url)}: the body is over the {limit:,}-byte limit")
                    chunks.append(chunk)
                    if self._clock() >= deadline_at:
                        raise self._too_long(url)
                return response, b"".join(chunks)
        except DeadlineExceeded:  # from the network level (GuardedBackend)
            raise self._too_long(url) from None
        except FetchError:
            raise
        except httpx.TimeoutException:
            raise
        except httpx.RemoteProtocolError:
            raise
        except httpx.DecodingError:
            raise FetchError(f"{redact(url)}: the body's compression (Content-Encoding) is broken") from None
        except httpx.TooManyRedirects:  # pragma: no cover — redirects are not followed by httpx
            raise FetchError(f"{redact(url)}: too many redirects") from None
        except httpx.ConnectError as exc:
            raise FetchError(f"{redact(url)}: cannot connect ({_reason(exc)})") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{redact(url)}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def parse_retry_after(value: str) -> float | None:
    """``Retry-After`` as seconds from now: a number of seconds, or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - datetime.now(UTC)).total_seconds(), 0.0)


def policy_from_settings(settings: Any = None, *, allow_private: bool | None = None) -> FetchPolicy:
    """The policy the settings describe; ``allow_private`` (the command-line flag) can only
    widen what the setting allows."""
    if settings is None:
        from claimtrack.config import get_settings

        settings = get_settings()
    return FetchPolicy(
        user_agent=settings.user_agent,
        timeout=settings.fetch_timeout,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        retries=settings.fetch_retries,
        allow_private=bool(settings.allow_private or allow_private),
        backoff=DEFAULT_BACKOFF,
        deadline=settings.fetch_deadline,
    )


def make_fetcher(
    settings: Any = None,
    *,
    allow_private: bool | None = None,
    transport: httpx.BaseTransport | None = None,
    resolver: Resolver | None = None,
    sleep: Callable[[float], None] | None = None,
) -> Fetcher:
    """The shared client factory: a :class:`Fetcher` configured from the settings."""
    return Fetcher(
        policy_from_settings(settings, allow_private=allow_private),
        transport=transport,
        resolver=resolver,
        sleep=sleep,
    )
