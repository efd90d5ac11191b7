"""The ``claimtrack`` command: a thin layer over :mod:`claimtrack.services`."""

from claimtrack.cli.main import app, main

__all__ = ["app", "main"]
