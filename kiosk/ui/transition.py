"""Slide changes through the motion system (kiosk.ui.motion), from cached pictures.

A slide's picture (the slide over the window's background, the size of the page area) is
taken once and kept while it is near: the shown slide and the next one. A tap then costs
one composited frame, never a repaint of a slide's widget tree.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.ui import heap
from kiosk.ui.motion import ABOVE, Motion
from kiosk.ui.slides import SlideView

# Snapshots kept: the shown slide and the next one, the outgoing and incoming pages of the
# loop's next move, never the whole deck (each is an area-sized picture: 6 MB at 1920x1080).
# A tap back to the previous slide takes its snapshot then, before the first frame.
CACHE_SIZE = 2


class Transition(Motion):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.cache: OrderedDict[tuple[int, str, int, int, int, int], QPixmap] = OrderedDict()

    def shown(self, over: QWidget | None = None) -> QPixmap:
        """What the page area shows now; while it is the stage's slide, uncovered, its
        cached picture (a grab of the window lays out and draws the slide again: ~20 ms at
        1920x1080, more at 4K, on the tap that leaves it)."""
        page = getattr(self.area, "page", lambda: None)()
        quiet = over is None and not self.isVisible() and self.area.isVisible()
        if quiet and isinstance(page, SlideView) and page.isVisible() and not self.covered():
            return self.snapshot(page)
        return super().shown(over)

    def covered(self) -> bool:
        """Whether a widget of the window (the overview, a panel) is over the page area;
        the attract cue does not count (it is drawn over every change: Motion.lift)."""
        window, rect = self.window(), self.area_rect()
        keep = [getattr(window, name, None) for name in ABOVE]
        for child in window.children():
            if not isinstance(child, QWidget) or child is self or child in keep:
                continue
            over_area = child.geometry().intersects(rect)
            if over_area and child.isVisible() and not child.isAncestorOf(self.area):
                return True
        return False

    def clear_cache(self) -> None:
        self.cache.clear()
        self.release()

    def key(self, view: SlideView) -> tuple[int, str, int, int, int, int]:
        at = self.area_rect().topLeft()  # the background behind it depends on the place
        return (id(view), view.lang, view.width(), view.height(), at.x(), at.y())

    def has(self, view: SlideView) -> bool:
        return self.key(view) in self.cache

    def snapshot(self, view: SlideView) -> QPixmap:
        """The slide over the background, as it is now (least recently used ones dropped)."""
        key = self.key(view)
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        stale = [k for k in self.cache if k[1] != view.lang or k[2:] != key[2:]]
        if stale:  # another language or size: those pictures will not be shown again
            for old in stale:
                del self.cache[old]
            QTimer.singleShot(0, heap.trim)  # once the freed pictures are gone
        picture = self.on_backdrop(view)
        if not view.settled():  # a picture of it still decoding: taken again once it is in
            return picture
        self.cache[key] = picture
        while len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)
        return picture


def render_thumbnail(view: SlideView, width: int) -> QPixmap:
    """A small picture of the slide (no background), drawn straight at its final size."""
    size = view.size()
    height = max(1, round(width * size.height() / max(1, size.width())))
    pixmap = QPixmap(QSize(width, height))
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    p.scale(width / max(1, size.width()), height / max(1, size.height()))
    view.render(p, QPoint(), renderFlags=QWidget.RenderFlag.DrawChildren)
    p.end()
    return pixmap
