"""The stage: slide views in a stack, the background, taps and swipes; transitions are
drawn by `kiosk.ui.transition` on top of it."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import (
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
    qVersion,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QStackedLayout, QWidget

from kiosk.resources import resource_path, user_cache
from kiosk.ui import heap, theme
from kiosk.ui.motion import direction_of, drag_step
from kiosk.ui.slides import SlideView
from kiosk.ui.transition import Transition

log = logging.getLogger(__name__)

MOTIF = resource_path("assets", "content", "art", "motif.svg")
BACKGROUNDS = "backgrounds"  # the user's cache folder for painted backgrounds
KEEP_BACKGROUNDS = 4  # sizes kept: a kiosk has one screen, a developer a few windows
PAINT_VERSION = b"1"  # change with paint(): cached backgrounds are keyed by it


def paint_background(size: QSize) -> QPixmap:
    """The window's background at `size`: read from the user's cache if it was painted
    before (same size, motif, colours and Qt), else painted and kept there.

    Painting it is part of the first frame (13 ms at 1280x720, 38 ms at 1920x1080, 90 ms
    at 4K, most of it the motif SVG); reading the raw pixels back costs a few ms."""
    path = background_path(size)
    pixmap = read_background(path, size) if path is not None else None
    if pixmap is None:
        pixmap = paint(size)
        if path is not None:
            keep_background(path, pixmap)
    return pixmap


def background_path(size: QSize) -> Path | None:
    """Where the background for `size` is cached; None without a motif to key it by."""
    try:
        motif = MOTIF.read_bytes()
    except OSError:
        return None  # painted without it, each time (see paint)
    digest = hashlib.sha256(PAINT_VERSION + motif + qVersion().encode())
    for color in (theme.BACKGROUND, theme.BACKGROUND_2, theme.TEAL):
        digest.update(color.name(QColor.NameFormat.HexArgb).encode())
    name = f"{size.width()}x{size.height()}-{digest.hexdigest()[:24]}.rgb32"
    return user_cache(BACKGROUNDS) / name


def read_background(path: Path, size: QSize) -> QPixmap | None:
    """The cached pixels (raw RGB32 rows, nothing else), or None if absent or not whole."""
    image = QImage(size, QImage.Format.Format_RGB32)
    try:
        with open(path, "rb") as stream:
            if os.fstat(stream.fileno()).st_size != image.sizeInBytes():
                return None
            if stream.readinto(image.bits()) != image.sizeInBytes():
                return None
    except OSError:
        return None
    # Opaque pixels have alpha 255: a file zero-filled by a power cut (it is written without
    # fsync, see keep_background) fails this and is painted again.
    bits = image.constBits()  # QImage.pixel() would report alpha 255 whatever is stored
    for at in (0, len(bits) - 4):  # the first and the last pixel
        if int.from_bytes(bits[at : at + 4], sys.byteorder) >> 24 != 0xFF:
            return None
    return QPixmap.fromImage(image)


def keep_background(path: Path, pixmap: QPixmap) -> None:
    """Write the pixels to the cache and drop the oldest sizes. Renamed into place whole;
    not flushed to disk (an fsync of 8 MB cost ~40 ms, each time a size is new)."""
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(image.constBits())
        os.replace(temp, path)
        kept = sorted(path.parent.glob("*.rgb32"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP_BACKGROUNDS]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        log.info("background not cached (%s); painted again at the next start", exc)


def paint(size: QSize) -> QPixmap:
    # Imported here: with the background cached, a start needs no gradient, and the first
    # use of these types builds PySide's QGradient enums (~1.5 ms).
    from PySide6.QtGui import QLinearGradient, QRadialGradient

    pixmap = QPixmap(size)
    p = QPainter(pixmap)  # no antialiasing for the fills: it triples their cost at 4K
    w, h = size.width(), size.height()
    gradient = QLinearGradient(0, 0, w, h)
    gradient.setColorAt(0, theme.BACKGROUND)
    gradient.setColorAt(1, theme.BACKGROUND_2)
    p.fillRect(pixmap.rect(), gradient)
    glow = QRadialGradient(QPointF(w * 0.92, h * 0.12), max(w, h) * 0.55)
    teal = QColor(theme.TEAL)
    teal.setAlpha(38)
    glow.setColorAt(0, teal)
    glow.setColorAt(1, QColor(0, 0, 0, 0))
    p.fillRect(pixmap.rect(), glow)
    renderer = QSvgRenderer(str(MOTIF)) if MOTIF.is_file() else None
    if renderer is not None and renderer.isValid():
        view = renderer.defaultSize()
        side = max(w / view.width(), h / view.height())  # cover, anchored at the right
        rw, rh = view.width() * side, view.height() * side
        # Drawn opaque into a layer that is then laid on at the opacity: an SVG with
        # gradients drawn at an opacity costs four times as much (150 ms at 4K).
        layer = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        layer.fill(Qt.GlobalColor.transparent)
        lp = QPainter(layer)
        lp.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(lp, QRectF(w - rw, (h - rh) / 2, rw, rh))
        lp.end()
        p.setOpacity(0.45 if h > w else 0.8)  # portrait text runs over the motif: calmer
        p.drawImage(0, 0, layer)
    p.end()
    return pixmap


class Stage(QWidget):
    tapped = Signal(float, float)  # position as fractions of the stage, for tap zones
    swiped = Signal(int)  # -1: towards the previous slide, +1: towards the next

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stack = QStackedLayout(self)
        self.stack.setStackingMode(QStackedLayout.StackingMode.StackOne)
        self.views: list[SlideView] = []
        self.target = -1
        self.overlay = Transition(self)  # the motion layer (kiosk.ui.motion)
        self.overlay.finished.connect(self._finish)
        self._press: QPointF | None = None
        self._drag: tuple[int, QPixmap, QPixmap] | None = None  # step, before, after
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        # No area until the window's layout gives it one (Qt's default is 640x480): the
        # slides are not fitted before that, for an area they never have (SlideView.fit).
        self.resize(0, 0)

    # --- views -------------------------------------------------------------------------
    def set_views(self, views: list[SlideView]) -> None:
        self.overlay.stop()
        for old in self.views:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.views = views
        for view in views:
            # No area until laid out (see __init__): built without a parent, a view has Qt's
            # default window size, 640x480, and its language was fitted to that first (five
            # steps of the type scale, a third of the window's start-up, and a false warning).
            view.resize(0, 0)
            self.stack.addWidget(view)
        self.overlay.clear_cache()
        self.target = self.stack.currentIndex()
        # After the old views' deferred deletes (and the rest of the reload) are done.
        heap.collect_soon()
        heap.trim_when_idle()

    def current(self) -> int:
        """The slide shown, or being faded in."""
        return self.target

    def page(self) -> SlideView | None:
        """The view on the stack's current page (not one still being faded in), if any."""
        index = self.stack.currentIndex()
        return self.views[index] if 0 <= index < len(self.views) else None

    def show_view(
        self, index: int, direction: int, duration_ms: int, before: QPixmap | None = None
    ) -> None:
        """Show slide `index`; in motion from `before` (what was on screen in the page
        area, e.g. the overview or a chart) or else from the slide shown now."""
        old, self.target = self.target, index
        moved = 0 <= old != index or before is not None
        if not (duration_ms > 0 and moved and self.isVisible()):
            self.overlay.stop()
            self._finish()
            return
        overlay = self.overlay
        if before is None:  # the pixels on screen: a running change's frame, or the slide
            before = overlay.shown()
        overlay.cross(
            before, overlay.snapshot(self.views[index]), direction_of(direction), duration_ms
        )

    def _finish(self) -> None:
        # The page switch (show/hide events, layout) waits until the fade has ended, under
        # the overlay, so that the tap itself only costs one composited frame.
        if 0 <= self.target < len(self.views):
            self.stack.setCurrentIndex(self.target)
        self.overlay.hide()
        heap.trim_when_idle()  # what the page change freed, once the visitor pauses

    # --- geometry and paint ------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self.overlay.stop()  # its pictures are of the old size (it is placed at each change)
        self.overlay.clear_cache()
        super().resizeEvent(event)

    # --- input: taps and swipes, by mouse or by touch ------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802, ANN001
        self._press = event.position()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802, ANN001
        self._follow(event.position())

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802, ANN001
        if self._press is not None:
            self._gesture(self._press, event.position())
        self._press = None

    def event(self, event) -> bool:  # noqa: ANN001
        kind = event.type()
        if kind == event.Type.TouchBegin:
            self._press = event.points()[0].position()
            event.accept()
            return True
        if kind == event.Type.TouchUpdate:
            if event.points():
                self._follow(event.points()[0].position())
            event.accept()
            return True
        if kind == event.Type.TouchCancel:
            self._press = None
            self._drop(None)
            event.accept()
            return True
        if kind == event.Type.TouchEnd:
            if self._press is not None and event.points():
                self._gesture(self._press, event.points()[0].position())
            self._press = None
            event.accept()
            return True
        return super().event(event)

    def _follow(self, at: QPointF) -> None:
        """A finger (or the mouse) dragging sideways takes the page with it; the slide
        it goes towards comes in beside it (kiosk.ui.motion, Motion.drag)."""
        if self._press is None or not self.views or not 0 <= self.target < len(self.views):
            return
        step = drag_step(self._press, at, self.width(), self._drag is not None)
        if step is None:
            return
        if self._drag is None or self._drag[0] != step:
            overlay = self.overlay
            before = self._drag[1] if self._drag is not None else overlay.shown()
            view = self.views[(self.target + step) % len(self.views)]
            try:
                view.prepare(self.rect(), self.views[self.target].lang)
                after = overlay.snapshot(view)
            except Exception:  # noqa: BLE001 — a broken slide is skipped when it is shown
                return
            self._drag = (step, before, after)
        step, before, after = self._drag
        self.overlay.drag(before, after, direction_of(step), round(at.x() - self._press.x()))

    def _drop(self, step: int | None) -> None:
        if self._drag is not None:
            self._drag = None
            self.overlay.drop(direction_of(step) if step else None)

    def _gesture(self, start: QPointF, end: QPointF) -> None:
        dx, dy = end.x() - start.x(), end.y() - start.y()
        # A dragged page completes with the move the swipe makes, or springs back.
        self._drop(1 if dx < 0 else -1)
        if abs(dx) > 0.06 * self.width() and abs(dx) > abs(dy):
            self.swiped.emit(1 if dx < 0 else -1)  # finger moves left: the next slide comes in
        elif abs(dx) < 0.03 * self.width() and abs(dy) < 0.03 * self.height():
            self.tapped.emit(end.x() / max(1, self.width()), end.y() / max(1, self.height()))
