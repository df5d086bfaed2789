"""Slide transitions composited from cached pixmaps, never by repainting widget trees.

The old slide fades out over the background; then the new slide's elements (title, cards,
figures…) rise into place one after another. Each frame is one copy of the background and
blends of pixmap pieces that together cover at most one screen.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QEasingCurve, QPoint, QRect, QSize, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QWidget

from kiosk.ui import heap
from kiosk.ui.slides import SlideView

FADE_OUT = 0.3  # share of the transition in which the old slide fades out
STAGGER = 0.08  # delay between two elements' entrances, as a share of the entrance
RISE = 0.03  # how far an element rises while it fades in, as a share of the stage height
# Snapshots kept: the shown slide and the next one, the outgoing and incoming pages of the
# loop's next move, never the whole deck (each is a stage-sized picture: 6 MB at 1920x1080).
# A tap back to the previous slide takes its snapshot then, before the first frame.
CACHE_SIZE = 2


class Transition(QWidget):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.background = QPixmap()  # the window's, set by the window
        self.before = self.after = QPixmap()
        self.elements: list[QRect] = []
        self.cache: OrderedDict[tuple[int, str, int, int], QPixmap] = OrderedDict()
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.valueChanged.connect(self.update)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    # --- snapshots -----------------------------------------------------------------------
    def clear_cache(self) -> None:
        self.cache.clear()
        self.release()

    def release(self) -> None:
        """Let go of the pictures a finished transition used (they stay cached if near)."""
        self.before = self.after = QPixmap()

    @staticmethod
    def key(view: SlideView) -> tuple[int, str, int, int]:
        return (id(view), view.lang, view.width(), view.height())

    def has(self, view: SlideView) -> bool:
        return self.key(view) in self.cache

    def snapshot(self, view: SlideView) -> QPixmap:
        """The slide without background, as it is now (least recently used ones dropped)."""
        key = self.key(view)
        if key in self.cache:
            self.cache.move_to_end(key)
            return self.cache[key]
        stale = [k for k in self.cache if k[1] != view.lang or k[2:] != key[2:]]
        if stale:  # another language or size: those pictures will not be shown again
            for old in stale:
                del self.cache[old]
            QTimer.singleShot(0, heap.trim)  # once the freed pictures are gone
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(view.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        view.render(pixmap, QPoint(), renderFlags=QWidget.RenderFlag.DrawChildren)
        self.cache[key] = pixmap
        while len(self.cache) > CACHE_SIZE:
            self.cache.popitem(last=False)
        return pixmap

    # --- playing -------------------------------------------------------------------------
    def play(self, before: SlideView, after: SlideView, duration_ms: int) -> None:
        self.before, self.after = self.snapshot(before), self.snapshot(after)
        self.elements = sorted(after.entrance_rects(), key=lambda r: (r.top() // 8, r.left()))
        self.animation.stop()
        self.animation.setDuration(duration_ms)
        if (stage := self.parentWidget()) is not None:
            self.setGeometry(stage.rect())
        self.show()
        self.raise_()
        self.update()  # new pixmaps: the first frame must be painted even at t = 0
        self.animation.start()

    def stop(self) -> None:
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
        self.hide()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        self.release()  # the live page is shown again: no picture of it is needed
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        t = float(self.animation.currentValue() or 0.0)
        p = QPainter(self)
        ratio = self.background.devicePixelRatio()
        origin = self.mapTo(self.window(), QPoint(0, 0))
        p.drawPixmap(QPoint(0, 0), self.background, QRect(origin * ratio, self.size() * ratio))
        if t < FADE_OUT:
            fade = QEasingCurve(QEasingCurve.Type.InQuad).valueForProgress(t / FADE_OUT)
            p.setOpacity(1.0 - fade)
            p.drawPixmap(QPoint(0, 0), self.before)
            return
        entrance = (t - FADE_OUT) / (1.0 - FADE_OUT)
        n = len(self.elements)
        span = 1.0 - STAGGER * (n - 1) if n > 1 else 1.0
        span = max(span, 0.35)  # many elements: a shorter stagger, not a cut-off entrance
        step = (1.0 - span) / (n - 1) if n > 1 else 0.0
        ease = QEasingCurve(QEasingCurve.Type.OutCubic)
        pixmap_ratio = self.after.devicePixelRatio()
        for k, rect in enumerate(self.elements):
            local = min(max((entrance - k * step) / span, 0.0), 1.0)
            if local <= 0.0:
                continue
            eased = ease.valueForProgress(local)
            p.setOpacity(eased)
            lift = round((1.0 - eased) * RISE * self.height())
            source = QRect(rect.topLeft() * pixmap_ratio, rect.size() * pixmap_ratio)
            p.drawPixmap(rect.topLeft() + QPoint(0, lift), self.after, source)


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
