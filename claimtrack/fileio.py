"""Reading input files and writing ``-o`` files, safely whatever the path names.

Reading: every reader counts the bytes as it reads them, in chunks, and stops one byte past the
limit. ``stat()`` says 0 bytes for a pipe, a device or ``/dev/stdin``, so a size check alone lets
``/dev/zero`` fill the memory; here the size is only a quick early refusal for regular files.

- :func:`open_input` opens a path (or ``-``, standard input) for reading, with one-line errors;
- :func:`read_limited` reads a whole stream, refusing more than ``limit`` bytes;
- :func:`iter_lines_limited` yields a stream's lines, refusing a line over ``limit`` bytes;
- :func:`read_input` is the two first together;
- :func:`loads_json` parses JSON text and refuses what a database cannot store the same way on
  both engines: ``NaN`` and ``Infinity`` (PostgreSQL's JSON refuses them, SQLite would keep
  them), and numbers too long to be numbers (Python refuses ints over 4,300 digits).

Writing: :func:`output_file` writes an output file the way its path asks. A regular file (or a
new one) is written through a temporary file beside it and renamed over it, so a write that
fails half way leaves the old file whole; it keeps the old file's mode. A symlink is followed
and its target replaced, the link kept. A device (``/dev/null``), a named pipe, a socket or a
standard stream (``/dev/stdout``, ``/dev/fd/N``) is written straight into, never replaced.

Every failure is an :class:`~claimtrack.errors.InputError`: one line for the user.
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, BinaryIO

from claimtrack.errors import InputError

STDIN = "-"
CHUNK = 1024 * 1024
_MAX_LINKS = 40


def label(name: str | Path) -> str:
    """How a user-given input is named in messages."""
    return "standard input" if str(name) == STDIN else str(name)


def _over(name: str, limit: int) -> InputError:
    return InputError(f"{name}: over the {limit:,}-byte limit (stopped reading there)")


# --- reading ---------------------------------------------------------------------------------


class _TextAsBytes(io.RawIOBase):
    """A text stream read as UTF-8 bytes, a chunk at a time (a stdin without ``.buffer``)."""

    def __init__(self, text: IO[str]) -> None:
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = self._text.read(64 * 1024)
            if not chunk:
                return 0
            self._pending = chunk.encode("utf-8", "surrogateescape")
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def binary_stdin() -> BinaryIO:
    """Standard input as bytes (re-encoded, a chunk at a time, when it is text only)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        return stream
    return io.BufferedReader(_TextAsBytes(sys.stdin))


@contextmanager
def open_input(
    name: str | Path, *, limit: int | None, what: str = "a text file", dash_is_stdin: bool = True
) -> Iterator[BinaryIO]:
    """The input ``name`` (a path, or ``-`` for standard input) open for reading as bytes.

    A regular file already larger than ``limit`` is refused before any of it is read (``None``:
    a stream of any length, read line by line); the reader bounds what it reads, whatever the
    input is (:func:`read_limited`, :func:`iter_lines_limited`). ``what`` names the expected input in the
    message for a folder. ``dash_is_stdin=False`` reads ``-`` as a file name."""
    text = str(name)
    if text == STDIN and dash_is_stdin:
        yield binary_stdin()
        return
    try:
        handle = open(text, "rb")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        raise InputError(f"{text}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{text}: a folder, not {what}") from None
    except PermissionError:
        raise InputError(f"{text}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{text}: cannot read ({exc.strerror or exc})") from None
    with handle:
        try:
            info = os.fstat(handle.fileno())
        except OSError as exc:
            raise InputError(f"{text}: cannot read ({exc.strerror or exc})") from None
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{text}: a folder, not {what}")
        if limit is not None and stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise InputError(f"{text}: {info.st_size:,} bytes, over the {limit:,}-byte limit")
        yield handle


def read_limited(stream: IO[bytes], name: str, limit: int) -> bytes:
    """All of ``stream``, read in chunks; more than ``limit`` bytes is an error (read stops at
    ``limit + 1`` bytes, whatever the stream is)."""
    data = bytearray()
    try:
        while len(data) <= limit:
            chunk = stream.read(min(CHUNK, limit + 1 - len(data)))
            if not chunk:
                return bytes(data)
            data += chunk
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    raise _over(name, limit)


def iter_lines_limited(stream: IO[bytes], name: str, limit: int) -> Iterator[bytes]:
    """The lines of ``stream`` (with their line ends), one at a time: a stream of any length,
    but a line over ``limit`` bytes is an error (read stops at ``limit + 1`` bytes)."""
    n = 0
    while True:
        try:
            line = stream.readline(limit + 1)
        except OSError as exc:
            raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
        if not line:
            return
        n += 1
        if len(line) > limit:
            raise InputError(f"{name}: line {n} is over the {limit:,}-byte limit (stopped reading there)")
        yield line


def read_input(name: str | Path, *, limit: int, what: str = "a text file", dash_is_stdin: bool = True) -> bytes:
    """The whole input ``name`` (a path, or ``-``), at most ``limit`` bytes."""
    with open_input(name, limit=limit, what=what, dash_is_stdin=dash_is_stdin) as stream:
        return read_limited(stream, label(name) if dash_is_stdin else str(name), limit)


# --- writing ---------------------------------------------------------------------------------

_FD_PATH = re.compile(r"^/(?:proc/(?P<pid>self|thread-self|\d+)(?:/task/\d+)?|dev)/fd/(?P<fd>\d+)$")
_STD_PATH = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def _fd_of(path: str) -> int | None:
    """The file descriptor of this process a path names (/dev/stdout, /dev/fd/N,
    /proc/self/fd/N), if it names one."""
    if path in _STD_PATH:
        return _STD_PATH[path]
    m = _FD_PATH.match(path)
    if m is None:
        return None
    pid = m["pid"]
    if pid is not None and pid.isdigit() and int(pid) != os.getpid():
        return None
    return int(m["fd"])


def _resolve(path: str) -> tuple[str, int | None]:
    """``path`` with its symlinks followed: the final path, and the file descriptor of ours it
    names on the way (/dev/stdout, /proc/self/fd/1...), if any: that one is written straight."""
    current = os.path.abspath(path)
    for _ in range(_MAX_LINKS):
        if (fd := _fd_of(current)) is not None:
            return current, fd
        # the folders first (so a relative link resolves where the kernel resolves it)
        folder, base = os.path.split(current)
        current = os.path.join(os.path.realpath(folder), base)
        if (fd := _fd_of(current)) is not None:
            return current, fd
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return current, None
        if not stat.S_ISLNK(info.st_mode):
            return current, None
        current = os.path.join(os.path.dirname(current), os.readlink(current))
    raise InputError(f"cannot write {path}: too many levels of symbolic links")


def is_standard_stream(path: str | Path) -> bool:
    """Does ``path`` name this process's stdout or stderr (/dev/stdout, /dev/fd/1...)?"""
    try:
        _final, fd = _resolve(str(path))
    except (InputError, OSError):
        return False
    return fd in (1, 2)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def output_file(
    path: str | Path, *, binary: bool = False, newline: str | None = None, encoding: str = "utf-8"
) -> Iterator[IO[Any]]:
    """``path`` open for writing (text, or bytes with ``binary``), the way its kind asks (see
    the module's docstring). An error opening or writing is an ``InputError`` naming the path."""
    name = str(path)
    try:
        final, fd = _resolve(name)
        info = None if fd is not None else _stat_or_none(final)
    except OSError as exc:
        raise InputError(f"cannot write {name}: {exc.strerror or exc}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise InputError(f"cannot write {name}: it is a folder")
    if fd is not None or (info is not None and not stat.S_ISREG(info.st_mode)):
        with _write_straight(name, final, fd, binary=binary, newline=newline, encoding=encoding) as handle:
            yield handle
        return
    with _write_replacing(name, final, info, binary=binary, newline=newline, encoding=encoding) as handle:
        yield handle


def _stat_or_none(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _fdopen(fd: int, *, binary: bool, newline: str | None, encoding: str) -> IO[Any]:
    if binary:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding=encoding, newline=newline)


@contextmanager
def _write_straight(
    name: str, final: str, own_fd: int | None, *, binary: bool, newline: str | None, encoding: str
) -> Iterator[IO[Any]]:
    """Into a device, a named pipe, a socket or one of our own file descriptors: opened as it
    is (no creating, no truncating, no renaming; our descriptor is duplicated, so it keeps its
    offset and append mode), written, closed."""
    try:
        if own_fd is not None:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
            fd = os.dup(own_fd)
        else:
            fd = os.open(final, os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot write {name}: {exc.strerror or exc}") from None
    try:
        with _fdopen(fd, binary=binary, newline=newline, encoding=encoding) as handle:
            yield handle
    except BrokenPipeError:
        if own_fd is not None:
            raise  # our stdout's reader went away (`-o /dev/stdout | head`): as for stdout itself
        raise InputError(f"cannot write {name}: the reader went away (broken pipe)") from None
    except OSError as exc:
        raise InputError(f"cannot write {name}: {exc.strerror or exc}") from None


@contextmanager
def _write_replacing(
    name: str, final: str, info: os.stat_result | None, *, binary: bool, newline: str | None, encoding: str
) -> Iterator[IO[Any]]:
    """A regular file (or a new one): written beside it under a temporary name, then renamed
    over it with the old file's mode (and owner, where allowed); a new file gets 0666 less the
    umask, as the shell's ``>`` gives it. A file we may not write stays as it is."""
    if info is not None and not os.access(final, os.W_OK):
        raise InputError(f"cannot write {name}: permission denied")
    folder, base = os.path.split(final)
    if not os.path.isdir(folder or "."):
        raise InputError(f"cannot write {name}: folder {folder} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{base}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write {name}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with _fdopen(fd, binary=binary, newline=newline, encoding=encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            try:
                os.chown(tmp, info.st_uid, info.st_gid)
            except OSError:
                pass  # not ours to give away: the file becomes the writer's
            os.chmod(tmp, stat.S_IMODE(info.st_mode))
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, final)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {name}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class JSONValueError(ValueError):
    """JSON that parses but holds a value claimtrack refuses (NaN, Infinity, a huge number)."""


_MAX_NUMBER_DIGITS = 100


def _refuse_constant(name: str) -> Any:
    raise JSONValueError(f"{name} is not a number JSON allows")


def _int(text: str) -> int:
    if len(text) > _MAX_NUMBER_DIGITS:
        raise JSONValueError(f"a number of {len(text.lstrip('-'))} digits (at most {_MAX_NUMBER_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    if len(text) > _MAX_NUMBER_DIGITS:
        raise JSONValueError(f"a number of {len(text)} characters (at most {_MAX_NUMBER_DIGITS})")
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise JSONValueError(f"{text[:20]} is too large a number")
    return value


def loads_json(text: str | bytes, *, strict: bool = True) -> Any:
    """``json.loads`` that raises :class:`JSONValueError` for NaN, Infinity and huge numbers.

    Malformed JSON raises ``json.JSONDecodeError`` as usual (both are ``ValueError``).
    """
    import json

    return json.loads(text, strict=strict, parse_constant=_refuse_constant, parse_int=_int, parse_float=_float)


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]+):")


def is_url(source: str) -> bool:
    """``source`` names a url rather than a file (``C:\\file`` is a file: one-letter scheme)."""
    return bool(_SCHEME.match(source.strip())) or source.strip().startswith("//")
