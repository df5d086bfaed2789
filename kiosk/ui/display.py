"""The display-off hours: a black screen over the window, and the display's power saving.

During the content's `display_off` windows the kiosk covers its window in black and asks
the display to sleep through DPMS where the platform has it (X11 with `xset`, a server
with the DPMS extension); elsewhere (Wayland, Windows, Xvfb, offscreen) it logs once that
power saving is not available and just shows black. A touch at night does not wake it:
the blackout takes the press, the loop stays where it is, and the next schedule check asks
the display to sleep again (an X server wakes the panel on any input). At the end of the
window DPMS is turned off again, as the kiosk's session sets it (docs/deploy.md:
`xset s off s noblank -dpms`), so the screen does not blank during the day.
"""

from __future__ import annotations

import logging
import shutil

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
XSET_TIMEOUT_S = 5


class PowerSave:
    """Asks the display to sleep or wake: `xset dpms force off|on` on X11, else nothing."""

    def __init__(self, platform: str | None = None) -> None:
        self.platform = platform  # Qt's platform plugin; None: the running application's
        self.checked = False  # xset is found once, and "not available" said once
        self.xset: str | None = None

    def command(self) -> str | None:
        """The xset to run, or None (said once in the log) where power saving is missing."""
        if self.checked:
            return self.xset
        import subprocess  # here, not at the start: only the display-off hours use it

        self.checked = True
        platform = self.platform or QGuiApplication.platformName()
        xset = shutil.which("xset") if platform == "xcb" else None
        why = "no xset" if platform == "xcb" else f"platform {platform!r}, not X11"
        if xset is not None:
            try:  # a server without DPMS (Xvfb, some VNC servers) takes `force` silently
                query = subprocess.run(
                    [xset, "q"], timeout=XSET_TIMEOUT_S, capture_output=True, text=True
                ).stdout
            except (OSError, subprocess.SubprocessError) as exc:
                query = str(exc)
            if "DPMS is" not in query:
                xset, why = None, "the X server has no DPMS extension"
        if xset is None:
            log.info("display power saving (DPMS) not available (%s): display off is black", why)
        self.xset = xset
        return xset

    def set_asleep(self, asleep: bool) -> None:
        xset = self.command()
        if xset is None:
            return
        import subprocess

        steps = [["dpms", "force", "off"]] if asleep else [["dpms", "force", "on"], ["-dpms"]]
        for step in steps:
            try:
                subprocess.run(
                    [xset, *step], timeout=XSET_TIMEOUT_S, check=True, capture_output=True
                )
            except (OSError, subprocess.SubprocessError) as exc:
                log.warning("xset %s failed (%s); the screen shows black", " ".join(step), exc)
                return


class Blackout(QWidget):
    """Black over the whole window while the display is off; it takes every press."""

    def __init__(self, window: QWidget, power: PowerSave | None = None) -> None:
        super().__init__(window)
        self.setObjectName("blackout")
        self.window_widget = window
        self.off = False
        self.power = power or PowerSave()
        self.hide()
        window.installEventFilter(self)  # to follow the window's size

    def set_off(self, off: bool) -> None:
        """Show black and put the display to sleep (again: input may have woken it), or wake."""
        if off:
            if not self.off:
                log.info("display off (the content's display_off hours)")
            self.setGeometry(self.window_widget.rect())
            self.show()
            self.raise_()
            self.power.set_asleep(True)
        elif self.off:
            log.info("display on")
            self.hide()
            self.power.set_asleep(False)
        self.off = off

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.setGeometry(watched.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), Qt.GlobalColor.black)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()  # a touch at night changes nothing behind the black

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()
