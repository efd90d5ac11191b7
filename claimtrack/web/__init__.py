"""claimtrack on the web: safe fetching, page and feed reading, fact-check look-ups, ClaimReview.

- :mod:`claimtrack.web.client`: the shared fetcher (:func:`make_fetcher`) and its limits;
- :mod:`claimtrack.web.safety`: http(s) only, no local-network addresses unless allowed;
- :mod:`claimtrack.web.pages`: decoding, page titles, article extraction (trafilatura);
- :mod:`claimtrack.web.feeds`: RSS and Atom (feedparser);
- :mod:`claimtrack.web.factcheck`: the Google Fact Check Tools API;
- :mod:`claimtrack.web.claimreview`: ClaimReview JSON-LD;
- :mod:`claimtrack.web.ratings`: ratings to claimtrack statuses;
- :mod:`claimtrack.web.archive`: the Internet Archive's Save Page Now;
- :mod:`claimtrack.web.compress`: how stored bodies are compressed;
- :mod:`claimtrack.web.dates`: the dates pages and feeds give.

Nothing here touches the database; the services in ``claimtrack.services.web_ingest`` and
``claimtrack.services.evidence`` do.
"""

from claimtrack.web.client import Fetcher, FetchPolicy, FetchResult, make_fetcher
from claimtrack.web.errors import FetchError

__all__ = ["FetchError", "FetchPolicy", "FetchResult", "Fetcher", "make_fetcher"]
