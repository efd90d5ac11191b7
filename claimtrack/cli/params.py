"""Typed command-line parameters shared by the commands.

Every id and count the database stores is an INTEGER column: 32 bits on PostgreSQL (64 on
SQLite). The same bound holds on both engines, so a number beyond it is refused by the option
parser with one line ("... is not in the range 1<=x<=2147483647") before any query runs,
instead of an overflow deep in a driver.
"""

from __future__ import annotations

from typing import Annotated

import typer

from claimtrack.limits import MAX_ID

ClaimId = Annotated[int, typer.Argument(metavar="ID", min=1, max=MAX_ID, help="Claim id.")]
ArticleOption = Annotated[int | None, typer.Option("--article", "-a", min=1, max=MAX_ID, help="Only this article id.")]


def at_most_max_id(value: int | None) -> int | None:
    """A count (``--limit``) beyond what the database holds means "all": capped, not refused."""
    return None if value is None else min(value, MAX_ID)
