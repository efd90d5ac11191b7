"""Dates as web pages and feeds give them."""

from __future__ import annotations

from datetime import date


def iso_date(value: str | None) -> date | None:
    """The date a value starts with, ISO style (``2024-03-01``, ``2024-03-01T09:30:00Z``,
    ``2024-03-01 09:30``); ``None`` when there is none or it is not a real date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
