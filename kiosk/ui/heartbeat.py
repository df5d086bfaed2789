"""The heartbeat timer on the GUI thread: feeds systemd's watchdog and `kiosk supervise`.

On the GUI thread on purpose: a GUI thread that hangs (a paint that never ends, a blocking
read) stops the timer, the watchdog sees no heartbeat and restarts the kiosk. A window that
is not healthy stops the heartbeat too.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.notify import Heartbeat

log = logging.getLogger(__name__)

FIRST_FRAME_POLL_MS = 100  # until the first frame is painted
WINDOW_FACTS = ("visible", "exposed", "covers_screen")  # of window_state(), to say what is wrong


def window_health(window: QWidget) -> tuple[bool, str]:
    """(healthy, what is wrong). Uses the window's is_healthy() where it has one (visible,
    exposed, covering its screen), else whether it is visible."""
    check = getattr(window, "is_healthy", None)
    try:
        if callable(check):
            if check():
                return True, ""
            state = getattr(window, "window_state", None)
            facts = state() if callable(state) else {}
            wrong = [f"not {key.replace('_', ' ')}" for key in WINDOW_FACTS if not facts.get(key)]
            return (
                False,
                f"window not healthy ({', '.join(wrong)})" if wrong else "window not healthy",
            )
        return window.isVisible(), "" if window.isVisible() else "window not visible"
    except RuntimeError:  # the C++ window is gone
        return False, "window destroyed"


def page_status(window: QWidget) -> str:
    """The page shown, for systemd's STATUS= and the supervisor's log."""
    try:
        index = window.current_index()  # type: ignore[attr-defined]
        slides = window.content.slides  # type: ignore[attr-defined]
        lang = window.lang  # type: ignore[attr-defined]
        page = window.loop.page  # type: ignore[attr-defined]
        if index is not None and index >= len(slides) and page is not None:
            charts = window.content.charts  # type: ignore[attr-defined]
            number = index - len(slides) + 1
            return f"chart {number}/{len(charts)} {page.id} ({lang})"
        if index is None or index >= len(slides):
            return f"no slide shown ({lang})"
        return f"slide {index + 1}/{len(slides)} {slides[index].id} ({lang})"
    except (AttributeError, RuntimeError):  # not the kiosk window: the content-problem page
        return window.objectName() or "showing"


class HeartbeatTimer(QObject):
    """Beats every `heartbeat.interval_s` once the window has painted its first frame."""

    def __init__(self, window: QWidget, env: Mapping[str, str] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.heartbeat = Heartbeat(env)
        self.healthy: bool | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)

    def start(self) -> bool:
        """Start beating if anyone listens; False when no watchdog is there."""
        if not self.heartbeat.wanted:
            return False
        self.timer.start(FIRST_FRAME_POLL_MS)
        return True

    def tick(self) -> None:
        if not getattr(self.window, "painted", True):
            return  # READY=1 only after the first frame
        if self.timer.interval() == FIRST_FRAME_POLL_MS:
            self.timer.setInterval(round(self.heartbeat.interval_s * 1000))
            log.info("heartbeat every %.1f s", self.heartbeat.interval_s)
        healthy, why = window_health(self.window)
        if healthy != self.healthy:
            if not healthy:
                log.error("%s: heartbeat withheld, the watchdog will restart the kiosk", why)
            elif self.healthy is False:
                log.info("window healthy again: heartbeat resumed")
            self.healthy = healthy
        self.heartbeat.beat(healthy, page_status(self.window) if healthy else why)

    def stop(self) -> None:
        self.timer.stop()
        self.heartbeat.stopping()
