"""Writing files so that a reader (or a crash) never sees half of one. No Qt."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


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
