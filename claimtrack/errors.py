"""The exceptions claimtrack raises on purpose.

Every one of them is a user-facing condition: the CLI prints ``str(exc)`` as one line on stderr
and exits with status 2, the TUI shows it in a notification. Anything else is a bug.

    ClaimtrackError
    ├── InputError        bad input: unreadable file, unknown status, malformed value
    ├── NotFoundError     no claim / article / evidence with that id
    ├── WorkflowError     the review rules forbid it (a verdict without evidence or note...)
    └── ConflictError     someone else changed the claim since you read it

    Notice (a warning)    done, but the user should know: "removed 1 NUL character..."
"""

from __future__ import annotations


class ClaimtrackError(Exception):
    """Base class: a condition to report to the user in one line.

    ``cli_advice`` is what to do about it on the command line (``add it: claimtrack evidence
    add 12 URL``, ``use --allow-private``): ``str(exc)`` ends with it, in brackets, for the CLI;
    :attr:`message` is the reason alone, which the desk shows (it never gives a command as
    advice: :class:`claimtrack.services.desk.Desk` raises its errors without it).
    """

    def __init__(self, message: str = "", *, cli_advice: str | None = None) -> None:
        super().__init__(f"{message} ({cli_advice})" if cli_advice else message)
        self.message = message
        """The message without the command-line advice."""
        self.cli_advice = cli_advice

    def without_cli_advice(self) -> ClaimtrackError:
        """The same error, said without the command-line advice (itself if it has none)."""
        if not self.cli_advice:
            return self
        plain = type(self).__new__(type(self), self.message)  # any subclass, whatever its __init__
        plain.__dict__.update(self.__dict__, cli_advice=None)
        return plain


class InputError(ClaimtrackError):
    """The input cannot be used (missing, binary, not UTF-8, malformed)."""


class NotFoundError(ClaimtrackError):
    """The id names nothing in the database."""


class WorkflowError(ClaimtrackError):
    """The review workflow's rules refuse the change."""


class ConflictError(ClaimtrackError):
    """The claim changed since the caller read it; nothing was written.

    ``changed_by``, ``changed_at`` and ``change`` describe the newest change, so the caller can
    show who got there first and what they did.
    """

    def __init__(
        self,
        message: str,
        *,
        claim_id: int,
        expected_version: int,
        current_version: int,
        changed_by: str | None = None,
        change: str | None = None,
    ) -> None:
        super().__init__(message)
        self.claim_id = claim_id
        self.expected_version = expected_version
        self.current_version = current_version
        self.changed_by = changed_by
        self.change = change


class Notice(UserWarning):
    """Something was done, with a change the user should hear about (``warnings.warn``).

    The CLI prints it as ``claimtrack: notice: ...`` on stderr and goes on. The TUI does not show
    it yet (it is a plain Python warning there); what it reports has been done either way.
    """
