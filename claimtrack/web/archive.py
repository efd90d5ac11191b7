"""The Internet Archive's "Save Page Now": ask it to keep a copy of an evidence page."""

from __future__ import annotations

import re

import httpx

from claimtrack.web.client import Fetcher

SAVE_ENDPOINT = "https://web.archive.org/save/"
_SNAPSHOT_PATH = re.compile(r"^/web/\d{8,14}")


def save_page_now(fetcher: Fetcher, url: str, *, endpoint: str = SAVE_ENDPOINT) -> str:
    """Ask the Archive to save ``url``; the url of its copy (``https://web.archive.org/web/<time>/<url>``).

    The Archive answers with a redirect to the copy, or names it in ``Content-Location``; a
    :class:`~claimtrack.web.errors.FetchError` when it does not.
    """
    from claimtrack.web.errors import FetchError

    result = fetcher.get(endpoint + url)
    base = httpx.URL(endpoint)
    for candidate in (result.headers.get("content-location"), result.final_url, result.headers.get("location")):
        if not candidate:
            continue
        absolute = base.join(candidate)
        if _SNAPSHOT_PATH.match(absolute.path):
            return str(absolute)
    raise FetchError(f"the Internet Archive did not say where it saved {url[:200]}")
