"""Start the kiosk: the Qt application, the content, the window in kiosk mode."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from kiosk.content import ContentError, load_content
from kiosk.settings import Settings
from kiosk.ui.fonts import register_fonts


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("park-kiosk")
    app.setOrganizationName("park-kiosk")
    register_fonts()
    return app


def run(settings: Settings) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        content = load_content(settings.content)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print(
            "kiosk: the content file has problems; run 'kiosk validate' for details",
            file=sys.stderr,
        )
        return 1
    app = application()
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(content, settings.content, settings)
    screens = QGuiApplication.screens()
    screen = (
        screens[settings.screen]
        if settings.screen is not None and 0 <= settings.screen < len(screens)
        else QGuiApplication.primaryScreen()
    )
    if settings.windowed:
        window.resize(1280, 720)
        window.show()
    else:
        window.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        window.setScreen(screen)
        # Without a window manager (a bare X kiosk session) only the geometry makes it fill
        # the screen; with one, showFullScreen() asks for the full-screen state.
        window.setGeometry(screen.geometry())
        window.showFullScreen()
    window.activateWindow()
    window.setFocus()
    return app.exec()
