"""The review desk: claimtrack's terminal UI, a front end on :class:`~claimtrack.services.desk.Desk`.

It never talks to the database itself (no SQLModel, no SQL): every read and write is a ``Desk``
call, made in a thread worker.
"""

from __future__ import annotations

from claimtrack.tui.app import ClaimtrackApp, run_tui

__all__ = ["ClaimtrackApp", "run_tui"]
