"""Logging for an unattended kiosk: a rotating log file, a logging excepthook, small probes.

Imports no Qt: the caller passes in the folder (the platform's application-data folder,
found through QStandardPaths by kiosk.ui.app) or the operator's --log-file path.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from kiosk.files import read_regular

LOG_NAME = "kiosk.log"
MAX_BYTES = 2_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_HASHED_BYTES = 50_000_000  # a content file's limit is far below

log = logging.getLogger("kiosk")
crash_log = logging.getLogger("kiosk.unhandled")


class _NotFileOnly(logging.Filter):
    """Keeps records marked `extra={"file_only": True}` off the console."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(record, "file_only", False)


class QuietFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file that reports a failing write (a full disk) once, in one line,
    instead of a 30-line traceback per record."""

    failed = False

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802
        if self.failed:
            return
        self.failed = True
        error = sys.exc_info()[1]
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.write(
                f"kiosk: cannot write the log file {self.baseFilename} ({error});"
                " further log records are lost until the kiosk restarts\n"
            )


def setup_logging(
    folder: Path | None,
    log_file: Path | None = None,
    level: int = logging.INFO,
    fallback: Path | None = None,
) -> Path | None:
    """Console plus a rotating file (`log_file`, else `folder`/kiosk.log); returns the file.

    Calling it again replaces the handlers it installed before. Without `log_file`, a
    `folder` that is None (no home folder) or whose log file cannot be opened gives way to
    `fallback`/kiosk.log, and the log says where it went. A log file that cannot be opened
    at all (read-only disk) is reported once and the kiosk logs to the console only:
    logging must never be the reason the kiosk does not start.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_kiosk", False)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    formatter = logging.Formatter(FORMAT)
    console = logging.StreamHandler(sys.stderr)
    console.setFormatter(formatter)
    console.addFilter(_NotFileOnly())
    console._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(console)
    path = Path(log_file) if log_file is not None else (folder / LOG_NAME if folder else None)
    spare = fallback / LOG_NAME if fallback is not None and log_file is None else None
    failed = "" if path is not None else "no home folder for the log file (HOME is not set)"
    opened = _open_log(path) if path is not None else None
    if isinstance(opened, OSError):
        failed = f"cannot write the log file {path} ({opened})"
    if not isinstance(opened, QuietFileHandler) and spare is not None and spare != path:
        path, opened = spare, _open_log(spare)
        if isinstance(opened, OSError):
            failed += f"; cannot write {spare} either ({opened})"
    if not isinstance(opened, QuietFileHandler):
        if failed:
            log.warning("%s; logging to the console only", failed)
        return None
    opened.setFormatter(formatter)
    opened._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(opened)
    if failed:  # in the file too: where the logs went, and why there
        log.warning("%s; the log file is %s", failed, path)
    return path


def _open_log(path: Path) -> QuietFileHandler | OSError:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return QuietFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as exc:
        return exc


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook() -> ExceptHook:
    """Log unhandled exceptions (Qt callbacks, timers, threads) instead of printing them.

    PySide reports an exception raised in a slot or an event handler through
    sys.excepthook and carries on; with this hook it lands in the log file with its
    traceback and the kiosk keeps running. Returns the previous hook.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, value, tb)
            return
        crash_log.error("unhandled exception (the kiosk carries on)", exc_info=(kind, value, tb))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            crash_log.error(
                "unhandled exception in thread %s",
                getattr(args.thread, "name", "?"),
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )

    sys.excepthook = hook
    threading.excepthook = thread_hook
    return previous


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(read_regular(path, MAX_HASHED_BYTES)).hexdigest()
    except (OSError, ValueError):
        return None


def rss_mb() -> float | None:
    """Resident memory of this process in MB: /proc on Linux, else the peak from getrusage."""
    try:
        with open("/proc/self/statm", "rb") as stream:  # bytes: no codec to look up
            pages = int(stream.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 1048576, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KB on Linux, B on macOS
        return round(peak / (1048576 if sys.platform == "darwin" else 1024), 1)
    except (ImportError, OSError, ValueError):
        return None
