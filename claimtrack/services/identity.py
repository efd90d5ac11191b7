"""Who is at the keyboard: ``--user``, else the ``user`` setting (``CLAIMTRACK_USER``, else the
config file), else the login name."""

from __future__ import annotations

import getpass

from claimtrack.errors import InputError
from claimtrack.limits import MAX_USER_LENGTH


def current_user(explicit: str | None = None) -> str:
    if explicit is not None:
        name: str | None = explicit
    else:
        from claimtrack.config import get_settings

        name = get_settings().user
    if name is None:
        try:
            name = getpass.getuser()
        except Exception:  # no login name (a container without /etc/passwd entry)
            name = "unknown"
    return check_user_name(name)


def check_user_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InputError("a user name cannot be empty")
    if len(name) > MAX_USER_LENGTH or any(not ch.isprintable() for ch in name):
        raise InputError(f"not a usable user name: {name[:40]!r}")
    return name
