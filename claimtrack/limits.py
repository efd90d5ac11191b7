"""Every bound claimtrack puts on what it stores, in one place (docs/configuration.md lists them).

Each is checked where the value comes in, with a one-line error naming the limit; text that
comes from elsewhere (a page's title) is cut with an ellipsis instead.
"""

from __future__ import annotations

#: The largest id, version or count: PostgreSQL's INTEGER (SQLite's is 64-bit; the same bound
#: holds on both engines, so a dump moves between them).
MAX_ID = 2**31 - 1
#: The longest url fetched or stored (the sitemap protocol's limit; browsers keep about 2,000).
MAX_URL_LENGTH = 2_048
#: An evidence title, an article's headline.
MAX_TITLE_LENGTH = 1_000
#: A note on a change or on evidence.
MAX_NOTE_LENGTH = 20_000
#: A claimant or a cue typed by a checker.
MAX_LABEL_LENGTH = 300
#: A user name (``--user``, an assignee).
MAX_USER_LENGTH = 100
