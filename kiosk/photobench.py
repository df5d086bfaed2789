"""`kiosk bench`'s photo figures: from a change to the first frame of a photo page.

The bundled content's first photo page is reached by a key press in the real window at
1920x1080, as a visitor's clicker would, with the kiosk's transition:

* photo_page_first_frame_ms: from the key press to the first frame painted that shows the
  page with its picture. The page before it was shown first, as in the loop, where a page
  shows for seconds: the warmer laid the photo page out then, which asked for its picture,
  decoded off the GUI thread, and took the change's snapshot once it was in;
* photo_page_cold_first_frame_ms: the same with nothing decoded before (the picture's
  cache emptied, a jump straight to the page): the decode at the screen's size and the
  frame, what a first visit right after a start costs.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from kiosk.resources import default_content_path

WAIT_S = 10.0  # for a picture that never comes: the figure is then missing, not wrong


def photo_figures(quick: bool) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QEvent, Qt
    from PySide6.QtTest import QTest

    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    path = default_content_path()
    content = load_content(path)
    photo = next((i for i, s in enumerate(content.slides) if s.kind == "photo"), None)
    if photo is None or photo == 0:
        return {"photo_note": "no photo page after the first slide in the content"}
    window = KioskWindow(content, path, Settings(content=path), clock=lambda: 0.0)
    window.resize(1920, 1080)
    window.show()
    view, overlay = window.stage.views[photo], window.stage.overlay
    animation = overlay.animation

    def run_until(done: Any) -> bool:
        deadline = time.perf_counter() + WAIT_S
        while not done():
            if time.perf_counter() > deadline:
                return False
            QCoreApplication.processEvents()
        return True

    def flush() -> None:
        QCoreApplication.sendPostedEvents(window, QEvent.Type.UpdateRequest)

    def to_photo() -> float | None:
        """Key press to the first frame with the picture, in ms."""
        started = time.perf_counter()
        QTest.keyClick(window, Qt.Key.Key_Right)
        if not run_until(view.settled):
            return None
        flush()
        elapsed = (time.perf_counter() - started) * 1000
        animation.setCurrentTime(animation.duration())
        flush()
        return elapsed

    warm, cold = [], []
    for _ in range(3 if quick else 10):
        window.go_to(photo - 1)
        ready = run_until(lambda: view.settled() and overlay.has(view) and not overlay.isVisible())
        if not ready:
            break
        shown = to_photo()
        if shown is not None:
            warm.append(shown)
    from kiosk.ui import pictures

    for _ in range(2 if quick else 5):
        window.go_to(photo - 1)
        run_until(lambda: not window.warmer.isActive() and view.settled())
        pictures.decoder().images.clear()  # nothing decoded: as right after a start
        view.picture.image, view.picture.key = None, None  # type: ignore[attr-defined]
        overlay.clear_cache()
        shown = to_photo()
        if shown is not None:
            cold.append(shown)
    window.allow_close = True
    window.close()
    window.deleteLater()
    out: dict[str, Any] = {}
    if warm:
        out["photo_page_first_frame_ms"] = statistics.median(warm)
    if cold:
        out["photo_page_cold_first_frame_ms"] = statistics.median(cold)
    return out
