"""One count on its way to an aim ("49 of about 150"), drawn as a ring.

The ring is the way to the aim: a faint track, circled by a dashed amber line (the deck's
colour for a target, as on a bars chart's aim); the count runs round it in teal (what is
achieved), its figure with its unit in the middle.
What is counted and how the aim is put stand beside the ring (below it in portrait). Both
of the plot's coordinates are pixels here: nothing is plotted against a scale.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainterPath, QPen, QTextOption
from PySide6.QtWidgets import QGraphicsPathItem

from kiosk.content.charts import Progress
from kiosk.formatting import format_quantity
from kiosk.ui import theme
from kiosk.ui.charts.base import ChartPlot, text_item


def arc(centre: QPointF, radius: float, turn: float) -> QPainterPath:
    """An arc from twelve o'clock, clockwise, `turn` of the way round (0..1)."""
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    path = QPainterPath()
    path.arcMoveTo(box, 90)
    path.arcTo(box, 90, -360 * min(max(turn, 0.0), 1.0))
    return path


class ProgressPlot(ChartPlot):
    chart: Progress

    def build(self) -> None:
        self.centre, self.radius, self.thickness = QPointF(0, 0), 0.0, 1.0
        self.track = QGraphicsPathItem()
        self.count = QGraphicsPathItem()
        self.aim = QGraphicsPathItem()
        for item in (self.track, self.count, self.aim):
            self.addItem(item)
        self.figure = text_item((0, 0))
        self.figure.kiosk_role = "chart-figure"  # at the figure size (kiosk.ui.layout_report)
        self.label = text_item((0, 0))
        self.aim_label = text_item((0, 0), theme.PLANNED)
        for item in (self.figure, self.label, self.aim_label):
            self.addItem(item, ignoreBounds=True)

    def words(self) -> str | None:
        return self.chart.unit_label.get(self.lang) if self.chart.unit_label else None

    def value_text(self, value: float, exact: bool = False) -> str:
        c = self.chart
        style = "decimal" if exact and c.style == "compact" else c.style
        return format_quantity(value, self.lang, style, c.unit, words=self.words())

    def languages_changed(self) -> None:
        c = self.chart
        self.figure.setText(self.value_text(c.value))
        self.label.setText(c.label.get(self.lang, ""))
        self.aim_label.setText(c.target_label.get(self.lang, "") if c.target_label else "")
        self.aim_label.setVisible(c.target_label is not None)

    def x_range(self) -> tuple[float, float]:
        return 0.0, self.width_px

    def place(self, width: float, height: float) -> None:
        px = self.scale.px
        edge = px(24)  # round the ring, for the aim's dashed circle outside it
        if self.scale.portrait:
            diameter = min(width * 0.72, height * 0.55)
            self.centre = QPointF(width / 2, diameter / 2 + edge)
            left, top, room = 0.0, diameter + 2 * edge + px(40), width
        else:
            diameter = min(height - 2 * edge, width * 0.42)
            self.centre = QPointF(diameter / 2 + edge, height / 2)
            left = diameter + 2 * edge + px(64)
            top, room = -1.0, width - left  # top: centred on the ring, once measured
        self.thickness = max(px(28), diameter * 0.11)
        self.radius = (diameter - self.thickness) / 2
        inner = 2 * self.radius - self.thickness
        figure = self.font("figure", 1.0, QFont.Weight.Bold)
        centred = QTextOption(Qt.AlignmentFlag.AlignHCenter)
        self.figure.textItem.document().setDefaultTextOption(centred)
        size = self.set_lines(self.figure, figure, inner * 0.8)
        wide = math.ceil(size.width()) + 2
        self.figure.setTextWidth(wide)
        # whole pixels: a text at a fractional place is antialiased differently by the first
        # paint of a render than by the later paints of the live screen
        self.figure.setPos(
            round(self.centre.x() - wide / 2), round(self.centre.y() - size.height() / 2)
        )
        body, heading = self.font("body"), self.font("heading", 1.0, QFont.Weight.Bold)
        label = self.set_lines(self.label, heading, room)
        aim = self.set_lines(self.aim_label, body, room) if self.chart.target_label else QRectF()
        gap = px(28) if self.chart.target_label else 0
        if top < 0:
            top = max(0.0, (height - label.height() - gap - aim.height()) / 2)
        for item in (self.label, self.aim_label):
            item.setTextWidth(room + 2)  # its lines are set: never wrapped again
        self.label.setPos(left, top)
        self.aim_label.setPos(left, top + label.height() + gap)
        self.track.setPen(QPen(theme.SURFACE, self.thickness))
        count = QPen(theme.ACHIEVED, self.thickness)
        count.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.count.setPen(count)
        self.aim.setPen(QPen(theme.PLANNED, px(4), Qt.PenStyle.DashLine))
        self.track.setPath(arc(self.centre, self.radius, 1.0))
        self.aim.setPath(arc(self.centre, self.radius + self.thickness / 2 + px(10), 1.0))
        ring = QRectF(
            self.centre.x() - diameter / 2, self.centre.y() - diameter / 2, diameter, diameter
        )
        self.targets = [(ring, self.callout_text)]

    def callout_text(self) -> str:
        c = self.chart
        exact = self.value_text(c.value, exact=True)
        aim = c.target_label.get(self.lang, "") if c.target_label else ""
        aim = aim or self.value_text(c.target, exact=True)
        return f"{c.label.get(self.lang, '')}\n{exact} · {aim}"

    def grow(self, t: float) -> None:
        c = self.chart
        self.count.setPath(arc(self.centre, self.radius, c.value / c.target * t))
        self.figure.setOpacity(t)
        self.track.setOpacity(1.0)
