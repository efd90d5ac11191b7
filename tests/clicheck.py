"""Assertions on a CLI run: success, or one clear line on stderr and exit status 2."""

from __future__ import annotations

from typer.testing import Result


def ok(result: Result) -> str:
    """Exit status 0; returns stdout."""
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def fails(result: Result, message: str) -> str:
    """Exit status 2 and exactly one line on stderr, containing ``message``, and no traceback."""
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]
