"""One motion system for every page change: slides, charts, the overview, a detail panel.

A change is drawn from two opaque pictures of the page area (the part of the window the
pages share): `before`, the pixels on screen when the change starts, and `after`, the
new page over the window's background. Every frame is `before` with `after` laid over it,
shifted and faded:

- cross: `after` comes in from the side it travels from (a short shift, SHIFT of the area)
  while it fades in over `before`: forward comes from the right, back from the left, a panel
  rises from below. A frame is a blend of the two pages, never the bare background.
- slide: a finger drags the page; `before` follows it and `after` sits beside it, edge to
  edge, as on a strip; on release the strip completes the move or springs back.

The live page is changed under the motion, which hides at the end to reveal it.

For other modules (the overview, a detail panel):

    from kiosk.ui import motion
    motion.change(window, panel.show, motion.UP)   # what `panel.show` changes, in motion
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QCoreApplication,
    QEasingCurve,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    Qt,
    QTimer,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QHideEvent, QMouseEvent, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

Direction = tuple[int, int]  # where the new page comes from, as a unit step (x, y)
FORWARD: Direction = (1, 0)  # from the right: the next page
BACK: Direction = (-1, 0)  # from the left: the previous page
UP: Direction = (0, 1)  # from below: a panel or the overview opening
DOWN: Direction = (0, -1)  # from above: a panel closing
NONE: Direction = (0, 0)  # in place
SHIFT = 0.06  # how far a crossing page travels, as a share of the area's width or height
SPRING_MS = 220  # a released drag springs back (or completes) within this
# The window's widgets that stay over any change (the cue would blink at every page):
# the display-off black is raised over the motion; the attract cue is drawn into its frames
# from a picture (raised over it, it was painted again at every frame: +2.5 ms at 4K).
ABOVE = ("cue", "blackout")
ON_TOP = "blackout"
DRAWN = "cue"


def drag_step(press: QPointF, at: QPointF, width: int, dragging: bool) -> int | None:
    """Where a finger pressed at `press` and now at `at` drags the page: 1 (it moves left:
    the next page comes in from the right) or -1; None while it is a tap, or a move more
    up or down than sideways, and not yet a drag."""
    dx, dy = at.x() - press.x(), at.y() - press.y()
    if not dragging and (abs(dx) < 0.03 * width or abs(dx) <= abs(dy)):
        return None
    return 1 if dx < 0 else -1


def direction_of(step: int) -> Direction:
    """A navigator's step (+1 next, -1 previous, 0 a jump) as a direction of travel."""
    return FORWARD if step > 0 else BACK if step < 0 else NONE


class Motion(QWidget):
    """The motion layer over the page area (see the module's docstring)."""

    finished = Signal()  # a change (or a spring back) is over: the live page shows

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.background = QPixmap()  # the window's, set by the window
        self.area: QWidget = parent  # the widget whose place the pages share
        self.over: QWidget | None = None  # what a change covers, if more than the area
        self.duration_ms = 0  # a change's length (the window's transition_ms; 0: none)
        self.before = self.after = QPixmap()
        self.direction: Direction = NONE
        self.sliding = False  # a drag's strip, not a cross
        self.start_x = self.end_x = 0  # the strip's offset at t = 0 and t = 1
        self.pending: Direction | None = None  # a released drag waiting for its move
        self.peeking = False  # hidden for a moment to see the live page under it
        self.cue, self.cue_at = QPixmap(), QPoint()  # the attract cue over the frames
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.valueChanged.connect(self.update)
        self.animation.finished.connect(self._done)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    # --- the page area -------------------------------------------------------------------
    def area_rect(self) -> QRect:
        """Where the pages are, in the window's coordinates."""
        area, window = self.area, self.window()
        if area is window:
            return window.rect()
        return QRect(area.mapTo(window, QPoint(0, 0)), area.size())

    def lift(self) -> None:
        """Over the pages, the overview and panels, but under the display-off black; the
        attract cue, if shown, is drawn over the frames as it was when the change began."""
        self.raise_()
        window = self.window()
        black = getattr(window, ON_TOP, None)
        if isinstance(black, QWidget) and black.parentWidget() is window:
            black.raise_()
        cue = getattr(window, DRAWN, None)
        self.cue = QPixmap()
        if isinstance(cue, QWidget) and cue.isVisible() and cue.parentWidget() is window:
            ratio = cue.devicePixelRatioF()
            self.cue = QPixmap(cue.size() * ratio)
            self.cue.setDevicePixelRatio(ratio)
            self.cue.fill(Qt.GlobalColor.transparent)  # its own pixels only, no background
            cue.render(self.cue, QPoint(), renderFlags=QWidget.RenderFlag.DrawChildren)
            self.cue_at = cue.pos() - self.pos()

    def rect_of(self, over: QWidget | None) -> QRect:
        """Where `over` is in the window's coordinates (None: the page area)."""
        window = self.window()
        if over is None:
            return self.area_rect()
        if over is window:
            return window.rect()
        return QRect(over.mapTo(window, QPoint(0, 0)), over.size())

    def _place(self) -> None:
        window = self.window()
        if self.parentWidget() is not window and window is not self:
            self.setParent(window)  # over the overview and panels too, not only the stage
        self.setGeometry(self.rect_of(self.over))

    def shown(self, over: QWidget | None = None) -> QPixmap:
        """The pixels the page area (or `over`) shows now, the motion's frame included."""
        rect = self.rect_of(over)
        if self.isVisible() and self.geometry().contains(rect):
            return self.grab(rect.translated(-self.pos()))
        return self.window().grab(rect)

    def live(self, over: QWidget | None = None) -> QPixmap:
        """The page area (or `over`) as the live widgets draw it, without the motion."""
        shown, self.peeking = self.isVisible(), True
        self.hide()
        # What a page just shown still has to lay out (a chart's axes) before it is drawn.
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        picture = self.window().grab(self.rect_of(over))
        self.setVisible(shown)
        self.peeking = False
        return picture

    def settle(self) -> None:
        """Take the incoming page's picture again, once the event loop has had a turn: a
        chart lays its axes out only then (the frames so far were few and faint)."""
        if self.isVisible() and (not self.sliding or self.end_x != 0):  # not springing back
            self.after = self.live(self.over)
            self.update()

    def backdrop(self) -> QPixmap:
        """A picture of the window's background behind the page area, to draw a page on."""
        rect = self.area_rect()
        ratio = self.devicePixelRatioF()
        picture = QPixmap(rect.size() * ratio)
        picture.setDevicePixelRatio(ratio)
        bg = self.background
        if bg.isNull():
            picture.fill(Qt.GlobalColor.black)
            return picture
        p = QPainter(picture)
        source_ratio = bg.devicePixelRatio()
        p.drawPixmap(
            QPoint(0, 0), bg, QRect(rect.topLeft() * source_ratio, rect.size() * source_ratio)
        )
        p.end()
        return picture

    def on_backdrop(self, page: QWidget) -> QPixmap:
        """`page` drawn over the background, as it would show in the page area."""
        picture = self.backdrop()
        page.render(picture, QPoint(), renderFlags=QWidget.RenderFlag.DrawChildren)
        return picture

    # --- changes -------------------------------------------------------------------------
    def cross(
        self,
        before: QPixmap,
        after: QPixmap,
        direction: Direction,
        duration_ms: int,
        over: QWidget | None = None,
    ) -> None:
        """Show a change from `before` to `after`, both pictures of the page area (or of
        `over`, e.g. the whole window for a panel that dims the chrome too)."""
        if self.pending is not None and self.pending == direction and self.sliding:
            self.pending = None  # the released drag's move: the strip goes on to its end
            self.after = after
            self._run(self.offset(), -direction[0] * self.width(), duration_ms)
            return
        self.pending = None
        self.animation.stop()
        self.before, self.after, self.direction = before, after, direction
        self.sliding, self.over = False, over
        if duration_ms <= 0:
            self.stop()
            return
        self._place()
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.setDuration(duration_ms)
        self.show()
        self.lift()
        self.update()  # new pictures: the first frame is painted even at t = 0
        self.animation.start()

    def stop(self) -> None:
        """End what runs now: the live page shows (finished is emitted if one ran)."""
        self.pending = None
        if self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
        if self.isVisible():
            self.hide()
            self.sliding = False
            self.finished.emit()

    def running(self) -> bool:
        return self.isVisible()

    def _done(self) -> None:
        self.sliding = False
        self.hide()
        self.finished.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        if not self.peeking:
            self.release()  # the live page is shown again: no picture of it is needed
        super().hideEvent(event)

    def release(self) -> None:
        self.before = self.after = self.cue = QPixmap()

    # --- drags ---------------------------------------------------------------------------
    def drag(self, before: QPixmap, after: QPixmap, direction: Direction, dx: int) -> None:
        """The page follows a finger `dx` pixels from where it went down; `after` is the
        page that comes in from `direction` if the drag completes."""
        if not self.sliding or self.animation.state() == QVariantAnimation.State.Running:
            self.animation.stop()
            self.over = None
            self._place()
            self.sliding = True
        self.before, self.after, self.direction = before, after, direction
        self.start_x = self.end_x = dx
        self.pending = None
        if not self.isVisible():
            self.show()
            self.lift()
        self.update()

    def dragging(self) -> bool:
        return self.sliding and self.isVisible()

    def drop(self, direction: Direction | None, duration_ms: int = SPRING_MS) -> None:
        """The finger lifted. A move in `direction` is expected now (its change completes
        the strip, see cross); without one, the page springs back to its place."""
        if not self.dragging():
            return
        self.pending = direction
        if direction is None:
            self._run(self.offset(), 0, duration_ms)
        else:  # the move comes in this turn of the event loop, or never: spring back then
            QTimer.singleShot(0, lambda: self._spring_back_if_pending(duration_ms))

    def _spring_back_if_pending(self, duration_ms: int) -> None:
        if self.pending is not None and self.dragging():
            self.pending = None
            self._run(self.offset(), 0, duration_ms)

    def _run(self, start_x: int, end_x: int, duration_ms: int) -> None:
        self.animation.stop()
        self.sliding = True
        self.start_x, self.end_x = start_x, end_x
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.setDuration(max(1, duration_ms))
        self.show()
        self.lift()
        self.animation.start()

    def offset(self) -> int:
        """The strip's offset now (x of `before`), in pixels."""
        t = self.progress()
        return round(self.start_x + (self.end_x - self.start_x) * t)

    def progress(self) -> float:
        if self.animation.state() == QVariantAnimation.State.Stopped and self.sliding:
            return 0.0 if self.isVisible() else 1.0
        return float(self.animation.currentValue() or 0.0)

    # --- frames --------------------------------------------------------------------------
    def layout_now(self) -> tuple[QPoint, QPoint, float]:
        """Where `before` and `after` are drawn now, and `after`'s opacity."""
        if self.sliding:
            x = self.offset()
            side = 1 if x < 0 else -1 if x > 0 else self.direction[0] or 1
            return QPoint(x, 0), QPoint(x + side * self.width(), 0), 1.0
        t = self.progress()
        dx, dy = self.direction
        rest = 1.0 - t
        shift = QPoint(
            round(dx * SHIFT * self.width() * rest), round(dy * SHIFT * self.height() * rest)
        )
        return QPoint(0, 0), shift, t

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        at_before, at_after, opacity = self.layout_now()
        p = QPainter(self)
        # Both pictures are opaque: copied, not blended (a third less time at 4K), except
        # the incoming page while it fades in.
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        p.drawPixmap(at_before, self.before)
        if opacity >= 1.0:
            p.drawPixmap(at_after, self.after)
        elif opacity > 0.0:
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            p.setOpacity(opacity)
            p.drawPixmap(at_after, self.after)
        if not self.cue.isNull():
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            p.setOpacity(1.0)
            p.drawPixmap(self.cue_at, self.cue)


class Dragger(QObject):
    """Drags a page that does not follow a finger itself (the charts view, whose plots take
    the mouse): an application-wide filter that watches the mouse over `page()` (Qt makes
    mouse events of a touch there) and moves it on the motion's strip, `peek(step)` beside
    it. It never takes an event: taps and swipes stay the touch rules' (kiosk.ui.touch);
    the swipe's move completes the strip (Motion.cross), else it springs back."""

    def __init__(
        self,
        layer: Motion,
        page: Callable[[], QWidget | None],
        peek: Callable[[int], QPixmap | None],
    ) -> None:
        super().__init__(layer)
        self.layer, self.page, self.peek = layer, page, peek
        self.press: QPointF | None = None  # where the finger went down, globally
        self.drag: tuple[int, QPixmap, QPixmap] | None = None  # step, before, after
        self.watching = False

    def watch(self) -> None:
        """Watch the mouse from now on: called when its page first shows. Not from the
        start: an application-wide filter is a Python call for every event of building and
        showing the window, and made PySide build wrapper types (the style's) for them."""
        if not self.watching and (app := QApplication.instance()) is not None:
            self.watching = True
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if not isinstance(event, QMouseEvent) or not isinstance(watched, QWidget):
            return False
        try:
            self._watch(watched, event)
        except RuntimeError:  # a page or the layer gone (a window torn down): not ours
            self.press = self.drag = None
        return False

    def _watch(self, watched: QWidget, event: QMouseEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and self.press is None:
            page = self.page()
            if page is not None and (watched is page or page.isAncestorOf(watched)):
                self.press, self.drag = event.globalPosition(), None
        elif kind == QEvent.Type.MouseMove and self.press is not None:
            if event.buttons() & Qt.MouseButton.LeftButton:
                self.follow(event.globalPosition())
        elif kind == QEvent.Type.MouseButtonRelease and self.press is not None:
            start, self.press = self.press, None
            if self.drag is not None:
                self.drag = None
                step = 1 if event.globalPosition().x() < start.x() else -1
                self.layer.drop(direction_of(step))

    def follow(self, at: QPointF) -> None:
        page = self.page()
        if page is None or self.press is None:
            self.press = None
            return
        step = drag_step(self.press, at, page.width(), self.drag is not None)
        if step is None:
            return
        if self.drag is None or self.drag[0] != step:
            before = self.drag[1] if self.drag is not None else self.layer.shown()
            after = self.peek(step)
            if after is None:
                return
            self.drag = (step, before, after)
        step, before, after = self.drag
        self.layer.drag(before, after, direction_of(step), round(at.x() - self.press.x()))


def motion_of(widget: QWidget) -> Motion | None:
    """The motion layer of `widget`'s window, if it has one."""
    window = widget.window()
    return window.findChild(Motion)


def change(
    widget: QWidget,
    swap: Callable[[], object],
    direction: Direction = NONE,
    over: QWidget | None = None,
) -> None:
    """Run `swap` (which shows or hides something over the page area: the overview, a
    panel) and show the change in motion: from the pixels on screen to the new look.
    `over`: the widget whose place the change covers, if more than the page area (the
    window, for a panel that dims the chrome too)."""
    layer = motion_of(widget)
    duration = layer.duration_ms if layer is not None else 0
    if layer is None or duration <= 0 or not widget.window().isVisible():
        swap()
        return
    before = layer.shown(over)
    layer.stop()
    swap()
    layer.cross(before, layer.live(over), direction, duration, over)
