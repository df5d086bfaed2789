"""Details on tap (#14 item 5): a card, figure or milestone with a `detail` text opens it
in a panel over the page; a tap outside it, Back/Escape, a move or the idle closes it.

The slide views are not changed for this: the targets are found from what every view
already exposes (a cards view's `cards`, a figures view's `tiles`, a timeline's `events`,
each in the order of its content), and the marks that tell a visitor an element opens are
small children laid over those widgets. The window asks `Details.tap` first when the
stage is tapped; an element takes its tap (so a tap on a card never turns the page). The
panel comes and goes through kiosk.ui.motion, like the overview.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.formatting import format_figure, format_month
from kiosk.frozen import frozen
from kiosk.ui import motion, theme
from kiosk.ui.slides import SlideView
from kiosk.ui.slides.cards import CardsView
from kiosk.ui.slides.figures import FiguresView
from kiosk.ui.slides.timeline import Stop, TimelineView
from kiosk.ui.widgets import Source, TextLabel, localized

MARK = 30  # units: the side of the mark on an element that opens
SCRIM_ALPHA = 190  # the page under an open panel stays visible, dimmed
CLOSE_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_Back, Qt.Key.Key_Backspace}  # Back, as on a remote


@frozen
class Target:
    """An element of a page that takes a tap: where it is drawn and what it opens."""

    key: str  # e.g. "tiles/cards[0]": the slide's id and the element in its content
    parts: tuple[QWidget, ...]  # the widgets it is drawn with (their union is hit)
    host: QWidget  # the widget its mark sits on
    title: Source
    detail: dict[str, str] | None
    eyebrow: Source | None = None  # a figure's number, a milestone's date: above the title

    def rect_in(self, view: QWidget) -> QRect:
        rect = QRect()
        for part in self.parts:
            if not part.isHidden():
                rect = rect.united(QRect(part.mapTo(view, QPoint(0, 0)), part.size()))
        return rect


def targets(view: SlideView) -> list[Target]:
    """The elements of `view` that take a tap, with or without a detail."""
    found, sid = [], view.slide.id
    if isinstance(view, CardsView):
        for i, (card, (panel, _box)) in enumerate(zip(view.slide.cards, view.cards, strict=False)):
            title = localized(card.title)
            found.append(Target(f"{sid}/cards[{i}]", (panel,), panel, title, card.detail))
    elif isinstance(view, FiguresView):
        pairs = zip(view.slide.figures, view.tiles, strict=False)
        for i, (figure, (tile, _box)) in enumerate(pairs):
            key, title = f"{sid}/figures[{i}]", localized(figure.label)
            number = partial(format_figure, figure)
            found.append(Target(key, (tile,), tile, title, figure.detail, number))
    elif isinstance(view, TimelineView):
        for i, (event, parts) in enumerate(zip(view.slide.events, view.events, strict=False)):
            key, title = f"{sid}/events[{i}]", localized(event.text)
            date = partial(format_month, event.date)
            found.append(Target(key, tuple(parts), parts[1], title, event.detail, date))
    return found


# --- the mark ------------------------------------------------------------------------------


class Mark(QWidget):
    """A small ringed "+" on an element that opens a detail; on a milestone it sits on the
    milestone's dot. It follows its host's size (an event filter), never takes a tap."""

    def __init__(self, host: QWidget, scale: Callable[[], theme.Scale]) -> None:
        super().__init__(host)
        self.host, self.scale = host, scale
        self.setObjectName("detail-mark")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        host.installEventFilter(self)
        self.place()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # getattr: while Qt tears the window down, the filter can be called for an object
        # whose Python side is gone, and an exception here must never reach Qt.
        host = getattr(self, "host", None)
        kind = event.type()
        if host is not None and watched is host and kind in (QEvent.Type.Resize, QEvent.Type.Show):
            self.place()
        return False

    def on_dot(self) -> bool:
        return isinstance(self.host, Stop)  # a timeline's stop draws the milestone's dot

    def place(self) -> None:
        s, host = self.scale(), self.host
        w, h = host.width(), host.height()
        if isinstance(host, Stop):  # where Stop.paintEvent draws the dot, at the dot's size
            vertical = host.vertical
            r = min(w, h) * 0.32 if vertical else h * 0.32
            centre = QPointF(w / 2, r * 1.6) if vertical else QPointF(w / 2, h / 2)
            side = max(4, round(r * 2))
            self.setGeometry(round(centre.x() - side / 2), round(centre.y() - side / 2), side, side)
        else:
            side, inset = s.px(MARK), s.px(14)
            self.setGeometry(w - side - inset, inset, side, side)
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = float(min(self.width(), self.height()))
        stroke = max(1.5, side / 12)
        box = QRectF(stroke / 2, stroke / 2, side - stroke, side - stroke)
        if self.on_dot():  # the dot stays; the plus is cut into it
            colour = theme.BACKGROUND
        else:
            p.setPen(QPen(theme.TEAL, stroke))
            p.drawEllipse(box)
            colour = theme.TEAL
        p.setPen(_round_pen(colour, stroke * (1.4 if self.on_dot() else 1.0)))
        c, arm = box.center(), side * 0.22
        p.drawLine(QPointF(c.x() - arm, c.y()), QPointF(c.x() + arm, c.y()))
        p.drawLine(QPointF(c.x(), c.y() - arm), QPointF(c.x(), c.y() + arm))


def _round_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


# --- the panel -----------------------------------------------------------------------------


class DetailPanel(QWidget):
    """The open detail: the window dimmed, and a card with the element's title and text."""

    tapped_outside = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("detail")
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.lang = ""
        self.card = QWidget(self)
        self.card.setObjectName("detail-card")
        box = QVBoxLayout(self.card)
        self.box = box
        self.eyebrow = TextLabel(
            lambda lang: "", "body", QFont.Weight.Bold, theme.TEAL, self.card, one_line=True
        )
        self.eyebrow.part = "detail-eyebrow"
        self.heading = TextLabel(lambda lang: "", "heading", QFont.Weight.Bold, parent=self.card)
        self.heading.part = "detail-title"
        self.text = TextLabel(lambda lang: "", "body", parent=self.card)
        self.text.part = "detail"
        box.addWidget(self.eyebrow)
        box.addWidget(self.heading)
        box.addWidget(self.text)
        box.addStretch(1)
        self.hide()

    def show_target(self, target: Target) -> None:
        self.eyebrow.source = target.eyebrow or (lambda lang: "")
        self.heading.source = target.title
        self.text.source = localized(target.detail)

    def set_language(self, lang: str, scale: theme.Scale, area: QRect) -> None:
        self.lang, self.scale = lang, scale
        for label in (self.eyebrow, self.heading, self.text):
            label.lang = ""
            label.show_language(lang)
            label.restyle(lang, scale, 1.0)
        self.place(area)

    def place(self, area: QRect) -> None:
        """Over the whole window (the chrome dims too: a tap there closes the panel, as
        anywhere outside the card), the card centred on `area`, the page's place."""
        s = self.scale
        if (window := self.parentWidget()) is not None:
            self.setGeometry(window.rect())
        pad = s.px(44)
        self.box.setContentsMargins(pad, pad, pad + s.px(MARK), pad)
        self.box.setSpacing(s.px(18))
        width = min(round(area.width() * (0.9 if s.portrait else 0.62)), s.px(1180))
        width = max(width, min(area.width(), s.px(480)))
        # As tall as its text at this width (a wrapped label's minimum size is its height
        # at a few characters' width: no measure of the card), never taller than the area.
        self.box.invalidate()
        height = min(self.box.totalHeightForWidth(width), area.height())
        self.card.setGeometry(
            area.x() + (area.width() - width) // 2,
            area.y() + (area.height() - height) // 2,
            width,
            height,
        )

    def close_rect(self) -> QRectF:
        """The "×" in the card's corner (drawn by the panel; a tap there closes, as outside)."""
        side, inset = self.scale.px(MARK), self.scale.px(18)
        r = self.card.geometry()
        return QRectF(r.right() - inset - side, r.top() + inset, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        scrim = QColor(theme.BACKGROUND)
        scrim.setAlpha(SCRIM_ALPHA)
        p.fillRect(self.rect(), scrim)
        s = self.scale
        radius, stroke = 18 * s.unit, max(1.0, 2 * s.unit)
        card = QRectF(self.card.geometry()).adjusted(
            stroke / 2, stroke / 2, -stroke / 2, -stroke / 2
        )
        p.setPen(QPen(theme.TEAL, stroke))  # the open element's colour: it is what was tapped
        p.setBrush(theme.SURFACE)
        p.drawRoundedRect(card, radius, radius)
        x = self.close_rect()
        p.setPen(_round_pen(theme.MUTED, max(1.5, x.width() / 12)))
        arm = x.width() * 0.3
        c = x.center()
        p.drawLine(QPointF(c.x() - arm, c.y() - arm), QPointF(c.x() + arm, c.y() + arm))
        p.drawLine(QPointF(c.x() - arm, c.y() + arm), QPointF(c.x() + arm, c.y() - arm))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        event.accept()  # the page under the panel never sees it

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        where = event.position()
        if not QRectF(self.card.geometry()).contains(where) or self.close_rect().contains(where):
            self.tapped_outside.emit()
        event.accept()


# --- the controller ------------------------------------------------------------------------


class Details(QObject):
    """Finds the tapped element, opens and closes the panel, keeps the marks."""

    opened = Signal(str)  # the element's key, e.g. "tiles/cards[0]"
    closed = Signal()

    def __init__(self, window: QWidget, area: QWidget) -> None:
        super().__init__(window)
        self.window, self.area = window, area  # the panel covers `area` (the stage)
        self.panel = DetailPanel(window)
        self.panel.tapped_outside.connect(self.close)
        self.open_key: str | None = None
        self.lang = ""
        self.marks: list[Mark] = []
        area.installEventFilter(self)  # the page goes (the charts come up): so does the panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        area = getattr(self, "area", None)  # see Mark.eventFilter
        if area is not None and watched is area and event.type() == QEvent.Type.Hide:
            self.close()
        return False

    def decorate(self, views: list[SlideView]) -> None:
        """A mark on every element of `views` that has a detail."""
        self.marks = []  # held here too, so that their Python side lives as long as they do
        for view in views:
            if view.is_built:
                self._mark(view)
            else:  # its widgets come later (SlideView.ensure_built)
                view.built.connect(partial(self._mark, view))

    def _mark(self, view: SlideView) -> None:
        for target in targets(view):
            if target.detail and target.host.findChild(Mark) is None:
                self.marks.append(Mark(target.host, partial(_scale_of, view)))

    def tap(self, view: SlideView | None, x: float, y: float) -> bool:
        """A tap at (x, y), fractions of the page area: True if an element took it (its
        detail opens; one without a detail does nothing), False for the page's tap zones."""
        if view is None or self.is_open():
            return False
        point = QPoint(round(x * view.width()), round(y * view.height()))
        for target in targets(view):
            if target.rect_in(view).contains(point):
                if target.detail:
                    self.open(target)
                return True
        return False

    def open(self, target: Target) -> None:
        self.open_key = target.key
        self.panel.show_target(target)
        self.panel.set_language(self.lang, theme.Scale.for_size(self.window.size()), self._area())

        def show() -> None:
            self.panel.show()
            self.panel.raise_()

        # Rises from below like the overview, over the whole window: the chrome dims with it.
        motion.change(self.window, show, motion.UP, over=self.window)
        self.opened.emit(target.key)

    def close(self) -> None:
        if self.is_open():
            self.open_key = None
            # A move that closes it starts its own change from this one's first frame.
            motion.change(self.window, self.panel.hide, motion.DOWN, over=self.window)
            self.closed.emit()

    def is_open(self) -> bool:
        return self.open_key is not None

    def set_language(self, lang: str) -> None:
        self.lang = lang
        if self.is_open():
            self.panel.set_language(lang, theme.Scale.for_size(self.window.size()), self._area())

    def relayout(self) -> None:
        """The window's size changed: the open panel follows."""
        if self.is_open():
            self.set_language(self.lang)

    def _area(self) -> QRect:
        return QRect(self.area.mapTo(self.window, QPoint(0, 0)), self.area.size())


def _scale_of(view: SlideView) -> theme.Scale:
    return view.scale
