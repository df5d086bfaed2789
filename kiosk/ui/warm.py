"""Slides made ready in idle turns of the event loop: laid out for the language and size
shown, and the shown one and the next snapshotted for their change, so a visitor's tap
finds the next slide ready instead of laying it out on the spot."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from kiosk.ui.stage import Stage

log = logging.getLogger(__name__)


class Warmer(QObject):
    def __init__(
        self,
        stage: Stage,
        lang: Callable[[], str],
        broken: Callable[[int], bool],
        mark_broken: Callable[[int], None],
        parent: QObject | None = None,
        left_out: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.stage, self.lang = stage, lang
        self.broken, self.mark_broken = broken, mark_broken
        self.left_out = left_out or mark_broken  # a page that a start left unbuilt fails
        self.allowed = False  # set once the window has painted its first frame
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.step)

    def isActive(self) -> bool:  # noqa: N802 — read as a timer's by kiosk.memory and bench
        return self.timer.isActive()

    def schedule(self) -> None:
        # Not before the first frame: a zero-interval timer would run ahead of the paint.
        if self.allowed:
            self.timer.start()

    def step(self) -> None:
        overlay, area, lang = self.stage.overlay, self.stage.rect(), self.lang()
        if overlay.isVisible():  # never compete with a change's frames
            self.timer.start(50)
            return
        self.timer.setInterval(0)
        views = self.stage.views
        unbuilt = next((i for i, view in enumerate(views) if not view.is_built), None)
        if unbuilt is not None:  # first the pages a start left unbuilt, one per turn
            try:
                views[unbuilt].ensure_built()
            except Exception:  # noqa: BLE001 — left out as at any start (logged then)
                self.left_out(unbuilt)
            return
        count = len(self.stage.views)
        here = self.stage.current()
        near = {(here + d) % count for d in (0, 1)} if count else set()
        pictures = sys.modules.get("kiosk.ui.pictures")  # imported by a deck with pictures
        for i, view in enumerate(self.stage.views):
            if self.broken(i):
                continue
            laid_out = view.lang == lang and view.size() == area.size()
            if laid_out and (i not in near or overlay.has(view)):
                continue
            if laid_out and not view.settled():
                if pictures is not None:
                    pictures.wake(view)  # let go while it was far
                continue  # its picture is decoding: the snapshot waits for it (pictures.watch)
            try:
                view.prepare(area, lang)  # the stack sizes only its current page
                if i in near and view.settled():
                    overlay.snapshot(view)
            except Exception:  # logged; the slide is skipped when shown
                log.exception("slide %s failed while prepared; skipped", view.slide.id)
                self.mark_broken(i)
                continue
            return
        self.timer.stop()
        if pictures is not None:  # all warm: the pages far from here let their pixels go
            kept = near | {(here - 1) % count}
            for i, view in enumerate(self.stage.views):
                if i not in kept and view.is_built:
                    pictures.release(view)
