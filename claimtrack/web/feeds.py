"""RSS and Atom feeds, parsed by feedparser from the bytes claimtrack fetched (feedparser is
never given a url, so it fetches nothing itself)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from claimtrack.web.client import FetchResult
from claimtrack.web.errors import FetchError
from claimtrack.web.safety import redact

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        "text/plain",
        "",
    }
)


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: its link, and the key it is remembered by."""

    link: str
    guid: str | None
    title: str | None

    @property
    def key(self) -> str:
        """SHA-256 of the guid, else of the link: the item's identity within its feed."""
        return hashlib.sha256((self.guid or self.link).encode("utf-8")).hexdigest()


@dataclass
class Feed:
    title: str | None
    entries: list[FeedEntry]


def parse_feed(result: FetchResult) -> Feed:
    """The items of an RSS or Atom feed, in the feed's order, each once, links made absolute."""
    import feedparser  # type: ignore[import-untyped]  # feedparser ships no type information
    import httpx

    where = redact(result.final_url)
    if result.content_type not in FEED_TYPES and not result.content_type.endswith("+xml"):
        raise FetchError(f"{where}: not a feed ({result.content_type})")
    # feedparser.parse on a bytes object parses it; given a str that looks like a url it would
    # fetch it, so only bytes are passed.
    parsed = feedparser.parse(
        bytes(result.body),
        response_headers={
            "content-location": result.final_url,
            **({"content-type": result.raw_content_type} if result.raw_content_type else {}),
        },
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    version = getattr(parsed, "version", "")
    if not version and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        detail = f" ({str(reason).splitlines()[0][:120]})" if reason else ""
        raise FetchError(f"{where}: not an RSS or Atom feed{detail}")
    base = httpx.URL(result.final_url)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        link = (item.get("link") or "").strip()
        if not link:
            for candidate in item.get("links", []) or []:
                if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                    link = candidate["href"].strip()
                    break
        if not link:
            continue
        try:
            link = str(base.join(link))
        except Exception:
            continue
        guid = (item.get("id") or item.get("guid") or "").strip() or None
        entry = FeedEntry(link=link, guid=guid, title=(item.get("title") or "").strip() or None)
        if entry.key in seen:
            continue
        seen.add(entry.key)
        entries.append(entry)
    title = (parsed.feed.get("title") or "").strip() or None if hasattr(parsed, "feed") else None
    return Feed(title=title, entries=entries)
