"""Whether the window is on screen: shown (mapped), exposed (drawn), covering its screen.

Another X client may unmap, hide or move the kiosk's window; this notices it once a
second, logs and signals the change (health.json, the heartbeat) and, in kiosk mode,
shows the window full screen on its screen again, backing off from 1 s to a minute.
"""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QTimer, Signal
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)
STATE_MS = 1000  # how often the window checks it is shown, exposed and on its screen
# A window is shown a moment before the X server first exposes it: not a fault to recover
# from (it logged "NOT healthy" and showed the window again at every start).
FIRST_EXPOSE_S = 5.0
RECOVER_MAX_S = 60.0  # the longest pause between tries to show an unhealthy window again


class WindowWatch(QObject):
    changed = Signal()

    def __init__(self, window: QWidget, live: bool) -> None:
        super().__init__(window)
        self.window = window
        self.kiosk_screen: QScreen | None = None  # set by keep_on_screen() in kiosk mode
        self.last_state: dict[str, object] | None = None
        self.recover_pause, self.recover_at = 1.0, 0.0
        self.stopped = False  # the operator quits: no more recovering
        self.created, self.ever_exposed = time.monotonic(), False
        self.timer = QTimer(self)
        self.timer.setInterval(STATE_MS)
        self.timer.timeout.connect(self.check)
        if live:
            self.timer.start()
            window.installEventFilter(self)  # shown or hidden: looked at once it settles

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            QTimer.singleShot(0, self, self.check)
        return False

    def quit(self) -> None:
        """Ctrl+Shift+Q, the operator's way out: no more recovering; the window closes."""
        self.stopped = True
        self.window.allow_close = True  # type: ignore[attr-defined]
        self.window.close()
        QApplication.quit()

    def keep_on_screen(self, screen: QScreen) -> None:
        """Kiosk mode: the window must cover `screen`; it is shown again when it does not."""
        self.kiosk_screen = screen
        self.check()

    def state(self) -> dict[str, object]:
        """Visible (mapped), exposed (drawn on screen), covering its screen; for health.json.
        Covering the screen counts towards `healthy` only in kiosk mode (keep_on_screen)."""
        window = self.window
        handle = window.windowHandle()
        visible = bool(window.isVisible() and handle is not None and handle.isVisible())
        exposed = bool(handle is not None and handle.isExposed())
        self.ever_exposed = self.ever_exposed or exposed
        screen = self.kiosk_screen or window.screen()
        where = QRect(window.mapToGlobal(QPoint(0, 0)), window.size())
        covers = screen is not None and where == screen.geometry()
        healthy = visible and exposed and (covers or self.kiosk_screen is None)
        return {
            "visible": visible,
            "exposed": exposed,
            "covers_screen": covers,
            "geometry": [where.x(), where.y(), where.width(), where.height()],
            "healthy": healthy,
        }

    def check(self) -> None:
        """Log and signal a change of the window's state; try to recover an unhealthy one."""
        state = self.state()
        self.ever_exposed = self.ever_exposed or bool(state["exposed"])
        waiting = time.monotonic() - self.created < FIRST_EXPOSE_S
        if not self.ever_exposed and waiting and state["visible"]:
            return  # shown, its first frame on its way
        if state != self.last_state:
            healthy = state["healthy"]
            level = logging.INFO if healthy else logging.WARNING  # a start waits: see check
            log.log(level, "window %s: %s", "healthy" if healthy else "NOT healthy", state)
            if healthy:
                self.recover_pause = 1.0
            self.last_state = state
            self.changed.emit()
        if not state["healthy"] and self.kiosk_screen is not None and not self.stopped:
            now = time.monotonic()
            if now >= self.recover_at:  # 1, 2, 4 ... 60 s between tries
                self.recover_at = now + self.recover_pause
                self.recover_pause = min(RECOVER_MAX_S, self.recover_pause * 2)
                self.recover()

    def recover(self) -> None:
        """Show the window full screen on its screen again (after an unmap, a move)."""
        screen, window = self.kiosk_screen, self.window
        if screen is None:
            return
        log.warning("showing the window full screen on %s again", screen.name())
        handle = window.windowHandle()
        if handle is not None and handle.isVisible() and not handle.isExposed():
            window.hide()  # Qt still takes an unmapped window for shown: map it anew
        window.setScreen(screen)
        window.setGeometry(screen.geometry())
        window.showFullScreen()
        window.raise_()
        window.activateWindow()
