"""health.json: a small file a monitoring script can read to see that the kiosk is alive.

Rewritten at start and every minute, atomically (a temporary file renamed over the old
one), so a reader never sees half a file.
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


class ReportsReloads(Protocol):
    """What the health file reads of the content reloader."""

    @property
    def content_sha256(self) -> str | None: ...
    @property
    def last_result(self) -> str: ...


class HealthWriter(QObject):
    def __init__(
        self,
        window: ShowsSlides,
        path: Path,
        reloader: ReportsReloads | None = None,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
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
        reloader = self.reloader
        return {
            "uptime_s": round(time.monotonic() - self.started, 1),
            "slide_id": slides[index].id if index is not None and index < len(slides) else None,
            "slide_index": index,
            "slide_count": len(slides),
            "language": window.lang,
            "last_slide_change": self.last_change,
            "content_sha256": reloader.content_sha256 if reloader is not None else None,
            "last_reload": reloader.last_result if reloader is not None else "none",
            "rss_mb": rss_mb(),
            "pid": os.getpid(),
            "version": __version__,
            "written": utc_now(),
        }

    def write(self) -> bool:
        try:
            text = json.dumps(self.snapshot(), ensure_ascii=False, indent=2) + "\n"
            write_atomic(self.path, text.encode("utf-8"))
        except Exception:  # a full disk must not stop the slideshow
            log.exception("cannot write %s", self.path)
            return False
        return True
