"""One set of touch rules for every page (slides and charts alike).

* A tap on the right half goes next, on the left half back; a swipe left goes next, right
  back; the arrows, the keys and presenter clickers (Right, Space, PageDown, Down; Left,
  PageUp, Up, Backspace; Home, End) do the same.
* Elements that do something take their tap first: buttons and the dots (they answer the
  press themselves), a chart's bars and milestones, and a card, figure or milestone of a
  slide (kiosk.ui.detail: one with a longer text opens it, the loop's "detail" mode).
* Escape or Back closes the overview or a detail panel; nothing lets a visitor leave.
* Every press, touch, key or wheel is an interaction: the loop pauses (application-wide
  filter), and the mouse cursor shows until it has been still for a while.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QInputDevice, QKeyEvent, QMouseEvent, QWindow
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.loopview import LoopModel

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
CLOSE_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Back, Qt.Key.Key_Backspace}  # Back, as on a remote
INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}
# A second tap soon after the first comes as a double click: a press all the same.
PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
QUIT_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
SWIPE = 0.06  # of the page's width: a release this far sideways from the press is a swipe
TAP = 0.03  # of the page's size: a release this close to the press is a tap
Taker = Callable[[float, float], bool]  # (x, y) fractions of a page: True if an element took it


def is_quit_key(event: QKeyEvent) -> bool:
    """Ctrl+Shift+Q, the operator's way out; seen by the application-wide filter."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_Q and modifiers == QUIT_MODIFIERS


def from_touch(event: QEvent) -> bool:
    """A mouse event Qt made up from a touch (whose TouchBegin was counted already)."""
    device = event.device() if isinstance(event, QMouseEvent) else None
    return device is not None and device.type() == QInputDevice.DeviceType.TouchScreen


def gesture(page: QWidget, start: QPointF, end: QPointF) -> tuple[str, float, float]:
    """("swipe", ±1, 0), ("tap", x, y) in fractions of `page`, or ("", 0, 0)."""
    dx, dy = end.x() - start.x(), end.y() - start.y()
    w, h = max(1, page.width()), max(1, page.height())
    if abs(dx) > SWIPE * w and abs(dx) > abs(dy):
        return "swipe", (1.0 if dx < 0 else -1.0), 0.0  # finger moves left: the next page
    if abs(dx) < TAP * w and abs(dy) < TAP * h:
        local = page.mapFromGlobal(end)
        return "tap", local.x() / w, local.y() / h
    return "", 0.0, 0.0


class TouchRules(QObject):
    touched = Signal()  # one visitor input: a press, a touch or a key (kiosk.ui.metrics)
    quit = Signal()  # Ctrl+Shift+Q

    def __init__(self, window: QWidget, model: LoopModel, cursor_hide_s: float, live: bool) -> None:
        super().__init__(window)
        self.window, self.model = window, model
        self.asleep: Callable[[], bool] = lambda: False  # the display-off hours: no moves
        # Pages that do not tell taps and swipes themselves (the charts view), each with
        # what takes a tap on it first; the stage signals its own (kiosk.ui.stage).
        self.pages: list[tuple[Callable[[], QWidget | None], Taker]] = []
        self.press: tuple[QWidget, Taker, QPointF] | None = None
        self.cursor_timer = QTimer(self)
        self.cursor_timer.setSingleShot(True)
        self.cursor_timer.setInterval(round(cursor_hide_s * 1000))
        self.cursor_timer.timeout.connect(self.hide_cursor)
        self.app_wide = False
        if live:
            self.cursor_timer.start()
            # Application-wide once the window paints (see eventFilter): the ~1,700 events
            # of building and showing it (each a Python call here, the first of each object
            # type building PySide's wrapper type and its enums: the style's, ~6 ms) were
            # part of every start. Until then the window's own events, and from its showing
            # those of its QWindow, where every input arrives first.
            window.installEventFilter(self)
        self.handle: QWindow | None = None

    def stop(self) -> None:
        self.window.removeEventFilter(self)
        if self.handle is not None:
            self.handle.removeEventFilter(self)
        if (app := QApplication.instance()) is not None:
            app.removeEventFilter(self)

    # --- the rules ---------------------------------------------------------------------
    def tap(self, x: float, y: float, taker: Taker | None = None) -> None:
        """A tap on a page at (x, y), fractions of it: its element first, else a half."""
        if taker is not None and taker(x, y):
            return
        if self.model.mode in ("overview", "detail"):
            self.model.close()  # a tap outside the panel closes it
        else:
            self.model.step(1 if x >= 0.5 else -1)

    def swipe(self, direction: int) -> None:
        self.model.step(direction)

    def _page_input(self, watched: QObject, event: QEvent) -> None:
        """Taps and swipes on the pages in `self.pages`, as their widgets see the mouse
        (Qt makes mouse events of a touch there): watched, never taken."""
        if not isinstance(event, QMouseEvent) or not isinstance(watched, QWidget):
            return
        if event.type() in PRESSES and self.press is None:
            for shown, taker in self.pages:
                page = shown()
                if page is not None and (watched is page or page.isAncestorOf(watched)):
                    self.press = (page, taker, watched.mapToGlobal(event.position()))
        elif event.type() == QEvent.Type.MouseButtonRelease and self.press is not None:
            (page, taker, start), self.press = self.press, None
            kind, x, y = gesture(page, start, watched.mapToGlobal(event.position()))
            if kind == "swipe":
                self.swipe(round(x))
            elif kind == "tap":
                self.tap(x, y, taker)

    def key(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in CLOSE_KEYS and self.model.mode in ("overview", "detail"):
            self.model.close()  # Back closes what is open before it turns a page
        elif key in NEXT_KEYS:
            self.model.next()
        elif key in PREVIOUS_KEYS:
            self.model.previous()
        elif key == Qt.Key.Key_Home:
            self.model.first()
        elif key == Qt.Key.Key_End:
            self.model.last()
        # Escape, Alt+F4 and everything else are swallowed: visitors cannot leave the kiosk.
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if not self.app_wide and watched is self.window:
            if kind == QEvent.Type.Show and self.window.windowHandle() is not None:
                self.handle = self.window.windowHandle()  # a visitor's input, from now on
                self.handle.installEventFilter(self)
            elif kind == QEvent.Type.Paint:
                self.app_wide = True  # on screen: from now on every event comes here
                self.stop()
                if (app := QApplication.instance()) is not None:
                    app.installEventFilter(self)
        if isinstance(event, QKeyEvent) and kind == QEvent.Type.KeyPress and is_quit_key(event):
            self.quit.emit()
            return True
        if kind in INPUT_EVENTS and self.asleep():
            return True  # display-off hours: no key, tap or wheel moves the loop behind the black
        if kind in INPUT_EVENTS:
            self.model.interact()
            self.show_cursor()
            # Counted once, where it first arrives (the window, before its widgets and their
            # parents see it), and not again as the mouse press Qt makes of a touch.
            if isinstance(watched, QWindow) and kind != QEvent.Type.Wheel and not from_touch(event):
                self.touched.emit()
        elif kind == QEvent.Type.MouseMove:
            self.show_cursor()
        if kind in (*PRESSES, QEvent.Type.MouseButtonRelease):
            self._page_input(watched, event)
        return False

    # --- the cursor --------------------------------------------------------------------
    def show_cursor(self) -> None:
        if self.window.cursor().shape() == Qt.CursorShape.BlankCursor:
            self.window.unsetCursor()
        self.cursor_timer.start()

    def hide_cursor(self) -> None:
        self.window.setCursor(Qt.CursorShape.BlankCursor)
