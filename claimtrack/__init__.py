"""claimtrack: a fact-checking desk's claim tracker.

Ingest articles, extract the check-worthy claims with their claimants and cues, review them,
and report where things stand. The Python API is the product; the CLI and the TUI are thin
layers over :mod:`claimtrack.services`.
"""

__version__ = "0.1.0"
