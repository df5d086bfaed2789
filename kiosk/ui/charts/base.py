"""What every chart shares: a styled pyqtgraph plot, growth and a callout.

No chart has an axis (#16): every figure is written on the data it belongs to, with its
unit, so nothing floats apart from what it labels. The y of every chart is in pixels (the
view box's range is set to its own height), so rows, bar thickness and label stacks are
laid out in the design system's units; x carries the data (values or years). Imported only
when the first chart is shown: it pulls in pyqtgraph and numpy.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QApplication, QFrame, QSizePolicy, QWidget

from kiosk import linebreak
from kiosk.content.charts import Chart
from kiosk.ui import fonts, theme

pg.setConfigOptions(antialias=True, background=None, foreground=theme.MUTED)
TapTarget = tuple[QRectF, Callable[[], str]]  # where (data coords), its callout text (now)


def text_item(anchor: tuple[float, float], color: QColor = theme.TEXT) -> pg.TextItem:
    item = pg.TextItem(anchor=anchor, color=color)
    item.textItem.document().setDocumentMargin(0)
    return item


def adopt_windows(plot: QWidget, before: set[QWidget]) -> None:
    """Widgets pyqtgraph builds as windows of their own for a plot (the kiosk never opens
    them): as hidden children of the plot they are no top-level windows (#14 item 8) and
    go when the plot goes."""
    for widget in set(QApplication.topLevelWidgets()) - before - {plot}:
        widget.setParent(widget.parentWidget() or plot, Qt.WindowType.Widget)
        widget.hide()


def plot_frame(box: pg.ViewBox) -> pg.GraphicsLayout:
    """The view box alone in a layout, without a PlotItem: its axes, options form and menus
    (~90 widgets and ~1 MB per plot, #13) are never shown in a kiosk."""
    frame = pg.GraphicsLayout()
    frame.layout.setContentsMargins(1, 1, 1, 1)
    frame.addItem(box, 0, 0)
    return frame


class Callout(pg.TextItem):
    """A tapped item's exact figure, in a panel like every other panel of the kiosk
    (kiosk.ui.detail): the card's radius and surface, a teal outline of the card's stroke."""

    def __init__(self) -> None:
        super().__init__(anchor=(0.5, 1.0), color=theme.TEXT)
        self.radius, self.stroke = 18.0, 2.0

    def restyle(self, scale: theme.Scale) -> None:
        self.radius, self.stroke = scale.radius(), scale.stroke()
        self.update()

    def paint(self, p: QPainter, *args: Any) -> None:
        super().paint(p, *args)  # places the text; draws no box (no border, no fill)
        half = self.stroke / 2
        rect = self.boundingRect().adjusted(half, half, -half, -half)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(theme.TEAL, self.stroke))  # what was tapped, as in the detail panel
        p.setBrush(theme.SURFACE)
        p.drawRoundedRect(rect, self.radius, self.radius)


class ChartPlot(pg.GraphicsView):
    """A chart on the deck's background; subclasses add items and lay them out."""

    chart: Chart  # each plot narrows it to its own kind's model

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        before = set(QApplication.topLevelWidgets())
        super().__init__(parent, background=None)
        self.box = pg.ViewBox(enableMenu=False)
        self.added: list[Any] = []  # what addItem put in the view box (items(): the scene's)
        self.frame = plot_frame(self.box)
        self.setCentralItem(self.frame)
        self.enableMouse(False)
        adopt_windows(self, before)
        self.chart, self.lang, self.progress = chart, "", 1.0  # texts come with set_language
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.targets: list[TapTarget] = []
        self.width_px = self.height_px = 1000.0  # the plot area's size, known once laid out
        self.setFrameShape(QFrame.Shape.NoFrame)
        # pyqtgraph caches the (transparent) background as a plot-sized picture: 5.5 MB per
        # shown plot at 1920x1080, for nothing to draw.
        self.setCacheMode(pg.GraphicsView.CacheModeFlag.CacheNone)
        self.setStyleSheet("background: transparent;")
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.box.setMouseEnabled(False, False)
        self.box.invertY(True)  # y is pixels from the top, like the rest of the screen
        self.box.sigResized.connect(self.relayout)
        self.callout = Callout()
        self.callout.setZValue(10)
        self.callout.hide()
        self.addItem(self.callout, ignoreBounds=True)
        self.scene().sigMouseClicked.connect(self._clicked)
        self.build()

    def addItem(self, item: Any, ignoreBounds: bool = False) -> None:  # noqa: N802, N803
        """Put an item in the view box (the PlotWidget call the subclasses use)."""
        self.added.append(item)
        self.box.addItem(item, ignoreBounds=ignoreBounds)

    def clear_items(self) -> None:
        for item in self.added:
            self.box.removeItem(item)
        self.added.clear()

    # --- for subclasses ----------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def x_range(self) -> tuple[float, float]:
        """The data shown across self.width_px pixels."""
        raise NotImplementedError

    def y_range(self) -> tuple[float, float]:
        """The data shown down self.height_px pixels: the pixels themselves, unless a
        subclass puts data on y."""
        return 0.0, self.height_px

    def place(self, width: float, height: float) -> None:
        """Lay the items out for a plot area of width x height pixels."""

    def grow(self, t: float) -> None:
        """Draw the chart t of the way in (0: nothing yet, 1: finished)."""

    def languages_changed(self) -> None:
        """Re-read every text for self.lang."""

    # --- driven by the view ------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.callout.hide()
            self.languages_changed()
            self.restyle(self.scale)

    def restyle(self, scale: theme.Scale) -> None:
        self.scale = scale
        self.callout.restyle(scale)
        self.callout.setFont(self.font("body", 1.0, QFont.Weight.Bold))
        self.callout.textItem.document().setDocumentMargin(scale.px(14))
        self.relayout()

    def settle(self) -> None:
        """Lay the plot out for its size now. Its graphics layout is otherwise laid out in a
        later turn of the event loop (a posted LayoutRequest): `kiosk render` grabs at once
        and drew the plot laid out for its previous size (without the axis ticks the live
        screen showed a moment later, when charts had axes; #16)."""
        self.frame.layout.activate()

    def set_progress(self, t: float) -> None:
        self.progress = min(max(t, 0.0), 1.0)
        self.grow(self.progress)

    def relayout(self) -> None:
        rect = self.box.rect()
        w, h = rect.width(), rect.height()
        if w < 2 or h < 2:
            return
        self.width_px, self.height_px = w, h
        self.box.setRange(xRange=self.x_range(), yRange=self.y_range(), padding=0, update=True)
        self.place(w, h)
        self.grow(self.progress)

    # --- helpers -------------------------------------------------------------------------
    def font(
        self, role: str, factor: float = 1.0, weight: QFont.Weight = QFont.Weight.Normal
    ) -> QFont:
        return fonts.font(self.lang, self.scale.text(role, factor), weight)

    def x_per_pixel(self) -> float:
        low, high = self.x_range()
        return (high - low) / max(self.width_px, 1.0)

    def y_per_pixel(self) -> float:
        low, high = self.y_range()
        return (high - low) / max(self.height_px, 1.0)

    def set_lines(self, item: pg.TextItem, font: QFont, width: float) -> QRectF:
        """Breaks the item's text into lines of at most `width` with kiosk.linebreak, as every
        wrapped text of the kiosk is (Qt's own wrapping breaks inside phrases), sets them,
        and returns the text's size. The item keeps its unbroken text for the next call."""
        text = self.unbroken(item)
        metrics = QFontMetricsF(font)
        paragraphs = linebreak.break_text(text, self.lang, width, metrics.horizontalAdvance)
        item.setFont(font)
        # U+2028 ends a line inside its paragraph, so the lines stay one text in the item
        item.setText("\n".join("\u2028".join(lines) for lines in paragraphs))
        item.setTextWidth(-1)  # no wrapping of Qt's own; callers widen it as they need
        item.kiosk_lines = (item.toPlainText(), text)
        return self.text_size(item.toPlainText(), font)

    @staticmethod
    def unbroken(item: pg.TextItem) -> str:
        """The item's text as set, without the line breaks set_lines put in."""
        kept = getattr(item, "kiosk_lines", None)
        shown = item.toPlainText()
        return kept[1] if kept is not None and kept[0] == shown else shown

    def text_size(self, text: str, font: QFont, wrap: float = 0.0) -> QRectF:
        metrics = QFontMetricsF(font)
        if wrap <= 0:
            return metrics.boundingRect(QRectF(0, 0, 1e6, 1e6), 0, text)
        return metrics.boundingRect(QRectF(0, 0, wrap, 1e6), Qt.TextFlag.TextWordWrap, text)

    # --- taps ----------------------------------------------------------------------------
    def _clicked(self, event: Any) -> None:
        point = self.box.mapSceneToView(event.scenePos())
        self.tap(point)
        event.accept()

    def tap(self, point: QPointF) -> str | None:
        """Show the exact figure of what is under `point` (data coords); None if nothing."""
        target = self.target_at(point)
        if target is None:
            self.callout.hide()
            return None
        rect, text = target
        self.show_callout(text(), point.x(), rect)
        return self.callout.textItem.toPlainText()

    def target_at(self, point: QPointF) -> TapTarget | None:
        """The bar, part or milestone under `point` (data coords): it takes the tap."""
        reach = self.scale.px(24)  # fingers are wider than a cursor
        slack_x, slack_y = reach * self.x_per_pixel(), reach * self.y_per_pixel()
        for rect, text in self.targets:
            if rect.adjusted(-slack_x, -slack_y, slack_x, slack_y).contains(point):
                return rect, text
        return None

    def takes_tap_at(self, at: QPoint) -> bool:
        """Whether a tap at `at` (the plot widget's pixels) lands on a bar, part or milestone."""
        if not self.rect().contains(at):
            return False
        scene = self.mapToScene(self.viewport().mapFrom(self, at))
        return self.target_at(self.box.mapSceneToView(scene)) is not None

    def show_callout(self, text: str, x: float, rect: QRectF) -> None:
        """Above the tapped item, or below it when there is no room above; never off screen."""
        self.callout.setText(text)
        size = self.callout.textItem.boundingRect()
        half = size.width() / 2 * self.x_per_pixel()
        low, high = self.x_range()
        x = min(max(x, low + half), high - half) if high - low > 2 * half else (low + high) / 2
        gap = self.scale.px(12) * self.y_per_pixel()
        if rect.top() - gap - size.height() * self.y_per_pixel() >= self.y_range()[0]:
            self.callout.setAnchor((0.5, 1.0))
            self.callout.setPos(x, rect.top() - gap)
        else:
            self.callout.setAnchor((0.5, 0.0))
            self.callout.setPos(x, rect.bottom() + gap)
        self.callout.show()
