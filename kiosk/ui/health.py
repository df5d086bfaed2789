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
from typing import Any

from PySide6.QtCore import QObject, QTimer

from kiosk import __version__
from kiosk.logs import rss_mb

log = logging.getLogger(__name__)

HEALTH_NAME = "health.json"
INTERVAL_MS = 60_000


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def write_json_atomically(path: Path, data: dict[str, Any]) -> None:
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temp, "w", encoding="utf-8") as stream:
        json.dump(data, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    os.replace(temp, path)


class HealthWriter(QObject):
    def __init__(
        self,
        window: QObject,
        path: Path,
        reloader: QObject | None = None,
        content_sha256: str | None = None,
        interval_ms: int = INTERVAL_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else window)
        self.window, self.path, self.reloader = window, Path(path), reloader
        self.content_sha256 = content_sha256
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
        index = window.navigator.index if window.stage.views else None
        reloader = self.reloader
        return {
            "uptime_s": round(time.monotonic() - self.started, 1),
            "slide_id": slides[index].id if index is not None and index < len(slides) else None,
            "slide_index": index,
            "slide_count": len(slides),
            "language": window.lang,
            "last_slide_change": self.last_change,
            "content_sha256": getattr(reloader, "content_sha256", None) or self.content_sha256,
            "last_reload": getattr(reloader, "last_result", "none"),
            "rss_mb": rss_mb(),
            "pid": os.getpid(),
            "version": __version__,
            "written": utc_now(),
        }

    def write(self) -> bool:
        try:
            write_json_atomically(self.path, self.snapshot())
        except Exception:  # noqa: BLE001 — a full disk must not stop the slideshow
            log.exception("cannot write %s", self.path)
            return False
        return True
