"""Writing files so that a reader (or a crash) never sees half of one, and reading them so
that a special file swapped in (a FIFO, /dev/zero) can neither block nor flood. No Qt."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once: to a temporary file in the same folder, flushed
    to disk, then renamed over `path`. The folder must exist; errors (OSError) propagate,
    and the temporary file is removed when the write fails."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temp, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise


class RefusedFileError(OSError):
    """A path that is not a regular file of a sensible size: a FIFO (which would block the
    reader), a device such as /dev/zero (which never ends), a socket, a folder, or a file
    over the caller's limit. `strerror` says which, in words for a log or an error page."""

    def __init__(self, path: Path | str, reason: str, size: int | None = None) -> None:
        super().__init__(errno.EINVAL, reason, str(path))
        self.size = size


class NotRegularFileError(RefusedFileError):
    pass


class FileTooLargeError(RefusedFileError):
    pass


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the check never blocks the open
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _check(path: Path, info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(path, "is not a regular file (a FIFO, device or socket)")
    if info.st_size > limit:
        raise FileTooLargeError(
            path, f"is {info.st_size} bytes, over the limit of {limit}", info.st_size
        )


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes: the one way the kiosk reads
    content, assets, settings and catalogs.

    Symbolic links are followed (a link to a regular file is fine; one to /dev/zero is
    not); FIFOs, devices, sockets and folders are refused before opening, the open never
    blocks (O_NONBLOCK), the opened file is checked again (fstat: something may have been
    renamed over the path in between), and at most `limit` + 1 bytes are read. Raises
    OSError: FileNotFoundError, IsADirectoryError, NotRegularFileError, FileTooLargeError, or what
    the system reports (no access, a NUL byte in the path gives ValueError)."""
    path = Path(path)
    _check(path, os.stat(path), limit)
    fd = os.open(path, _OPEN_FLAGS)
    with os.fdopen(fd, "rb", closefd=True) as stream:
        info = os.fstat(stream.fileno())
        _check(path, info, limit)
        # Sized by the file, not the limit: read(n) reserves n bytes first (5 MB for an icon).
        want = min(limit, info.st_size) + 1
        data = stream.read(want)
        if len(data) == want <= limit:  # it grew since fstat: on, up to the limit
            data += stream.read(limit + 1 - want)
    if len(data) > limit:  # it grew after the check
        raise FileTooLargeError(path, f"is over the limit of {limit} bytes", len(data))
    return data


def open_regular(path: Path | str, limit: int) -> BinaryIO:
    """`path` opened for reading with the checks of `read_regular` (a regular file of at
    most `limit` bytes, no blocking open, checked again once open), for files read in
    parts rather than whole (a video clip's header). The caller closes it."""
    path = Path(path)
    _check(path, os.stat(path), limit)
    stream = os.fdopen(os.open(path, _OPEN_FLAGS), "rb", closefd=True)
    try:
        _check(path, os.fstat(stream.fileno()), limit)
    except BaseException:
        stream.close()
        raise
    return stream
