"""Live reload: watch the content file and its assets; show valid changes, log broken ones.

The watcher follows the file *and* its folder: editors save by writing a new file and
renaming it over the old one, which silently drops a watch on the file itself, so the
file watch is re-added after every event. Events are debounced (an editor's save is
several events) and compared by a digest of the file's bytes and the assets' sizes and
times, so a touch or a rewrite with the same bytes does nothing.

A broken edit never reaches the screen: the validator's full report is logged at
WARNING and the window keeps the last good content until the file is fixed.
A slow poll backs the watcher up, for file systems where change events do not arrive.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from kiosk.content import Content, ContentError, asset_paths
from kiosk.content.cache import load_content_cached, remember_good
from kiosk.content.validate import MAX_FILE_BYTES
from kiosk.files import read_regular

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300
POLL_MS = 1500  # with the debounce, under 2 s even where change events never come
PROBLEM_LINES = 5  # of a validation report, in health.json's content_problem


def used_assets(content: Content, folder: Path) -> list[Path]:
    """The asset files the content names, plus the logo the window shows."""
    paths = {folder / "art" / "logo-mark.svg"}
    paths.update(folder / rel for _where, rel in asset_paths(content) if "\x00" not in rel)
    return sorted(paths)


def _stat_key(path: Path) -> str:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return f"{path}:missing"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}"


class ShowsContent(Protocol):
    """What the reloader needs of the window: the content it shows and a way to swap it."""

    @property
    def content(self) -> Content: ...
    def set_content(self, content: Content, content_path: Path) -> None: ...


class ContentReloader(QObject):
    """Keeps a window's content in step with its file. `reloaded` carries the result."""

    reloaded = Signal(str)  # "ok" or "error: <first line of the report>"

    def __init__(
        self,
        window: ShowsContent,
        path: Path,
        debounce_ms: int = DEBOUNCE_MS,
        poll_ms: int = POLL_MS,
        parent: QObject | None = None,
        *,
        shown_sha256: str | None = None,
        problem: str | None = None,
    ) -> None:
        """`problem`: the window shows the last good content, not the file's, because of
        this (the first lines of its validation report); `shown_sha256` is that content's."""
        if parent is None and isinstance(window, QObject):
            parent = window  # the window owns its reloader
        super().__init__(parent)
        self.window, self.path = window, Path(path)
        self.folder = self.path.parent
        # the whole deck (`source`), not only the pages its schedule shows now
        deck = getattr(window, "source", window.content)
        self.assets: list[Path] = used_assets(deck, self.folder)
        self.last_result = "none"
        self.content_sha256 = self._file_sha256()
        # "good": the file's content shows; "last-good": the file is broken and the last
        # good content shows, `content_problem` says why
        self.content_state = "good"
        self.content_problem: str | None = None
        if problem is not None:
            self.content_state, self.content_problem = "last-good", problem
            self.content_sha256 = shown_sha256
            self.last_result = "error: " + (problem.splitlines() or ["?"])[0]
        self.digest = self._digest()
        self._stats = self._stat_signature()
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(debounce_ms)
        self.debounce.timeout.connect(self.check)
        self.poll = QTimer(self)
        self.poll.setInterval(poll_ms)
        self.poll.timeout.connect(self._poll)
        self._watch()
        if poll_ms > 0:
            self.poll.start()

    # --- watching ------------------------------------------------------------------------
    def _watch(self) -> None:
        """(Re-)add every path that exists and is not watched yet."""
        wanted_files = [self.path, *self.assets]
        wanted_dirs = {self.folder, *(p.parent for p in self.assets)}
        files, dirs = set(self.watcher.files()), set(self.watcher.directories())
        add = [str(p) for p in wanted_files if str(p) not in files and p.is_file()]
        add += [str(d) for d in wanted_dirs if str(d) not in dirs and d.is_dir()]
        if add:
            self.watcher.addPaths(add)
        stale = [f for f in files if Path(f) not in wanted_files]
        if stale:
            self.watcher.removePaths(stale)

    def _changed(self, _path: str) -> None:
        self.debounce.start()  # restarts: one check after the burst of events settles

    def _poll(self) -> None:
        stats = self._stat_signature()
        if stats != self._stats and not self.debounce.isActive():
            self.debounce.start()

    # --- checking ------------------------------------------------------------------------
    def _file_bytes(self) -> bytes | None:
        try:
            return read_regular(self.path, MAX_FILE_BYTES)  # never a FIFO or /dev/zero
        except (OSError, ValueError):
            return None

    def _file_sha256(self) -> str | None:
        data = self._file_bytes()
        return hashlib.sha256(data).hexdigest() if data is not None else None

    def _digest(self) -> str:
        digest = hashlib.sha256(self._file_bytes() or b"<unreadable>")
        for asset in self.assets:
            digest.update(_stat_key(asset).encode("utf-8", "backslashreplace"))
        return digest.hexdigest()

    def _stat_signature(self) -> str:
        return "|".join(_stat_key(p) for p in [self.path, *self.assets])

    def check(self) -> str | None:
        """Reload if the file or an asset changed; returns the result, None if unchanged."""
        self._watch()
        self._stats = self._stat_signature()
        digest = self._digest()
        if digest == self.digest:
            return None
        self.digest = digest
        data = self._file_bytes()
        try:
            content = load_content_cached(self.path)  # new files: in a child process
        except ContentError as exc:
            report = exc.report()
            log.warning("content reload failed; still showing the last good content:\n%s", report)
            self.content_state = "last-good"
            self.content_problem = "\n".join(report.splitlines()[:PROBLEM_LINES]) or "?"
            return self._result("error: " + (report.splitlines() or ["?"])[0])
        except Exception as exc:  # whatever it is, the kiosk keeps showing
            log.exception("content reload failed unexpectedly; keeping the last good content")
            return self._result(f"error: {type(exc).__name__}: {exc}".splitlines()[0])
        try:
            self.window.set_content(content, self.path)
        except Exception as exc:
            log.exception("showing the reloaded content failed")
            return self._result(f"error: {type(exc).__name__}: {exc}".splitlines()[0])
        self.assets = used_assets(content, self.folder)
        self._watch()
        self.digest, self._stats = self._digest(), self._stat_signature()
        self.content_sha256 = self._file_sha256()
        self.content_state, self.content_problem = "good", None
        remember_good(self.path, content, data)  # for a start on a broken file
        log.info(
            "content reloaded from %s (%d slides, sha256 %s)",
            self.path,
            len(content.slides),
            self.content_sha256,
        )
        return self._result("ok")

    def follow(self, path: Path) -> str | None:
        """Show and watch the content file at `path` from now on (a new content bundle's
        folder, kiosk.ui.remote): the same check, log and health as an edited file."""
        self.path, self.folder = Path(path), Path(path).parent
        return self.check()

    def _result(self, result: str) -> str:
        self.last_result = result
        self.reloaded.emit(result)
        return result
