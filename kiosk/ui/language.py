"""A language change on screen: the loop's language (kiosk.loop) shown by every part of
the window that has text. Only the visible slide is re-read now; the others follow when
they are shown (kiosk.ui.warm prepares them in idle time)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QTimer

from kiosk import i18n
from kiosk.i18n import _
from kiosk.ui import heap

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


def show_language(window: KioskWindow, code: str) -> None:
    window.shown_lang = code
    # No QFont.cleanup() here to drop the old language's glyph caches: it is Qt's
    # internal tear-down and corrupted the heap of a running kiosk (soak tests).
    if window.painted:  # the first frame trims once it is on screen (KioskWindow.paintEvent)
        QTimer.singleShot(0, heap.trim)
    log.info("language %s", code)
    i18n.set_language(code)
    QLocale.setDefault(QLocale(code.replace("_", "-")))
    window.languages.set_current(code)
    window.park_name.show_language(code)
    window.park_name.restyle(code, window.scale, 1.0)
    window.overview_button.setText(_("All slides"))
    window.overview_button.updateGeometry()
    if window.overviews.isVisible():
        window.overviews.refresh(window.scale)
    window.previous_button.setAccessibleName(_("Previous slide"))
    window.next_button.setAccessibleName(_("Next slide"))
    view = window.stage.page()
    if view is not None and view in window.stage.views:
        try:
            view.set_language(code)
        except Exception:  # noqa: BLE001 — skip the slide rather than stop the kiosk
            window.pages.mark_broken(window.stage.views.index(view), "changing its language")
    window.charts.set_language(code)
    window.details.set_language(code)
    window.language_changed.emit(code)
    window.warmer.schedule()  # the other slides follow in idle time
