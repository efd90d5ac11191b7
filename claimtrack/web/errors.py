"""The one error the web layer raises: something could not be fetched (or safely used)."""

from __future__ import annotations

from claimtrack.errors import ClaimtrackError


class FetchError(ClaimtrackError):
    """A fetch failed or was refused: DNS, timeout, HTTP error, unsafe address, too large...

    Like every :class:`ClaimtrackError` it is one line for the user; when it is raised, nothing
    has been stored. ``cli_advice`` is what to do about it on the command line ("use
    --allow-private..."): part of the message the CLI prints, left out by the desk
    (:attr:`message`), which never gives a command-line option as advice.
    """
