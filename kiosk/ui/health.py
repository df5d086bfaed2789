"""health.json: a small file a monitoring script can read to see that the kiosk is alive.

Written before the content even loads (`state: "starting"`, see write_starting), then by
the HealthWriter at start, within 2 s of every change of state (a reload's result, a slide
that broke, the window unmapped or not covering its screen) and every minute; always
atomically (a temporary file renamed over the old one), so a reader never sees half a file.
"""

from __future__ import annotations

import json
import logging
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer, SignalInstance

from kiosk import __version__
from kiosk.files import write_atomic
from kiosk.logs import rss_mb

if TYPE_CHECKING:
    from kiosk.content import Content

log = logging.getLogger(__name__)

HEALTH_NAME = "health.json"
INTERVAL_MS = 60_000
CHANGE_MS = 300  # a burst of changes (a reload and the slides it rebuilds) is one write


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class ShowsSlides(Protocol):
    """What the health file reads of the window: the deck, the slide and the language shown."""

    @property
    def slide_changed(self) -> SignalInstance: ...
    @property
    def content(self) -> Content: ...
    @property
    def lang(self) -> str: ...
    def current_index(self) -> int | None: ...


def write_json(path: Path, data: dict[str, Any], make_folder: bool = False) -> bool:
    """Write `data` atomically; False (and logged) when it cannot be written."""
    try:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if make_folder:
            path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except Exception:  # a full disk must not stop the slideshow
        log.exception("cannot write %s", path)
        return False
    return True


def write_starting(path: Path) -> bool:
    """The first health.json of a start, before the content loads: a start-up that hangs
    leaves this behind (with this process's pid), never a dead process's file."""
    return write_json(
        Path(path),
        {"state": "starting", "pid": os.getpid(), "version": __version__, "written": utc_now()},
        make_folder=True,
    )


class ReportsReloads(Protocol):
    """What the health file reads of the content reloader."""

    @property
    def content_sha256(self) -> str | None: ...
    @property
    def last_result(self) -> str: ...
    @property
    def content_state(self) -> str: ...
    @property
    def content_problem(self) -> str | None: ...


class ReportsSync(Protocol):
    """What the health file reads of a bundle URL's sync (kiosk.ui.remote)."""

    def status(self) -> dict[str, Any]: ...


class HealthWriter(QObject):
    def __init__(
        self,
        window: ShowsSlides,
        path: Path,
        reloader: ReportsReloads | None = None,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
        sync: ReportsSync | None = None,
    ) -> None:
        if parent is None and isinstance(window, QObject):
            parent = window  # the window owns its writer
        super().__init__(parent)
        self.window, self.path, self.reloader = window, Path(path), reloader
        self.started = time.monotonic()
        self.last_change: str | None = None
        window.slide_changed.connect(self._slide_changed)
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.write)
        self.soon = QTimer(self)  # a change of state reaches the file within CHANGE_MS
        self.soon.setSingleShot(True)
        self.soon.setInterval(CHANGE_MS)
        self.soon.timeout.connect(self.write)
        self.sync = sync
        for source in (reloader, window, sync):
            for name in ("reloaded", "state_changed", "synced"):
                signal = getattr(source, name, None)
                if isinstance(signal, SignalInstance):
                    signal.connect(self.changed)

    def changed(self, *_args: object) -> None:
        """Something a monitor cares about changed: write soon (once for a burst)."""
        if not self.soon.isActive():
            self.soon.start()

    def start(self) -> None:
        self.last_change = self.last_change or utc_now()  # the first slide shows at start
        self.write()
        self.timer.start()

    def _slide_changed(self, _index: int) -> None:
        self.last_change = utc_now()

    def snapshot(self) -> dict[str, Any]:
        window = self.window
        slides = window.content.slides
        index = window.current_index()
        slide = index if index is not None and index < len(slides) else None
        page = getattr(getattr(window, "loop", None), "page", None) if index is not None else None
        reloader = self.reloader
        state = getattr(window, "window_state", None)
        shown: dict[str, Any] | None = state() if callable(state) else None
        broken = sorted(getattr(window, "broken", ()) or ())
        scheduled = getattr(window, "scheduled", None)
        healthy = (shown is None or shown.get("healthy", True)) and not broken
        return {
            "state": "running" if healthy else "degraded",  # the screen, not the file
            "window": shown,
            "broken_slides": broken,
            "uptime_s": round(time.monotonic() - self.started, 1),
            # the page on screen, a slide or a chart (the loop: every slide, then every chart)
            "page_kind": page.kind if page is not None else None,
            "page_id": page.id if page is not None else None,
            # the slide on screen; null while a chart shows
            "slide_id": slides[slide].id if slide is not None else None,
            "slide_index": slide,
            "slide_count": len(slides),
            "language": window.lang,
            # the content's schedule: its display-off hours, the delegation being greeted
            "display_off": bool(scheduled and scheduled.display_off),
            "visit": scheduled.visit.id if scheduled and scheduled.visit else None,
            "last_slide_change": self.last_change,
            "content_sha256": reloader.content_sha256 if reloader is not None else None,
            "last_reload": reloader.last_result if reloader is not None else "none",
            # "good", or "last-good": the file is broken, the last good content shows
            "content_state": reloader.content_state if reloader is not None else "good",
            "content_problem": reloader.content_problem if reloader is not None else None,
            # --content URL: url, result ("ok", "not modified", "error: ..."), bundle, folder
            "sync": self.sync.status() if self.sync is not None else None,
            "rss_mb": rss_mb(),
            "pid": os.getpid(),
            "version": __version__,
            "written": utc_now(),
        }

    def write_stopped(self, reason: str) -> bool:
        """The last write of a clean stop: a monitor reads a stop, not a hang or a crash."""
        self.timer.stop()
        self.soon.stop()
        try:
            data = {**self.snapshot(), "state": "stopped", "stop_reason": reason}
        except Exception:  # health must never stop the slideshow (nor its stop)
            log.exception("cannot write %s", self.path)
            return False
        return write_json(self.path, data)

    def write(self) -> bool:
        self.soon.stop()
        try:
            data = self.snapshot()
        except Exception:  # health must never stop the slideshow
            log.exception("cannot write %s", self.path)
            return False
        return write_json(self.path, data)
