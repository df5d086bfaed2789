"""Milestones on a time line, spaced by time: across the screen in landscape, down it in portrait.

Each label carries its date on its first line, so the dates read without a tap and no axis
of years floats apart from the line (#16). Each dot takes its tone's colour: achieved in
teal, planned (what is still to come) in amber.

Across, labels sit on stems above and below the line, stacked in levels so that none
overlaps another (April and November 2024 are close). Down, labels sit to the right of
the line, pushed apart where events are close, each joined to its dot by a short leader.
"""

from __future__ import annotations

import math
from functools import partial

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPen, QTextOption

from kiosk.content.charts import Timeline
from kiosk.formatting import format_month, parse_month
from kiosk.ui import theme
from kiosk.ui.charts.base import ChartPlot, text_item


def position(text: str) -> float:
    """A month as a fractional year; a bare year sits mid-year ("some time in 2026")."""
    day, has_month = parse_month(text)
    return day.year + ((day.month - 1) / 12 if has_month else 0.5)


class TimelinePlot(ChartPlot):
    chart: Timeline

    def build(self) -> None:
        c = self.chart
        self.years = [position(d) for d in c.dates]
        self.dots_at: list[QPointF] = []  # data coordinates of each event's dot
        self.ends: list[QPointF] = []  # where each event's stem or leader meets its label
        self.boxes: list[QRectF] = []  # each label's place, in data coordinates
        self.line = pg.PlotCurveItem()
        self.stems = pg.PlotCurveItem(connect="pairs")
        self.dots = pg.ScatterPlotItem()
        # The same pen and brush objects on every frame: pyqtgraph keys its symbol atlas on
        # their identity, so new ones per frame of the growth added a symbol per frame (the
        # atlas reached 9 MB before pyqtgraph rebuilt it, and the kiosk's RSS swung with it).
        self.dot_brushes = {tone: pg.mkBrush(color) for tone, color in theme.TONES.items()}
        self.dot_pens: dict[int, QPen] = {}  # by width in pixels
        for item in (self.line, self.stems, self.dots):
            self.addItem(item)
        self.dots.setZValue(2)
        self.labels = [text_item((0.5, 0)) for _ in c.labels]
        for item in self.labels:
            self.addItem(item, ignoreBounds=True)

    def tone(self, i: int) -> str:
        return self.chart.tones[i] if self.chart.tones else "achieved"

    @property
    def down(self) -> bool:
        return self.scale.portrait

    def languages_changed(self) -> None:
        c = self.chart
        for item, text, date in zip(self.labels, c.labels, c.dates, strict=True):
            item.setText(f"{format_month(date, self.lang, short=True)}\n{text.get(self.lang, '')}")

    def span(self) -> tuple[float, float]:
        # a margin before the first event and after the last, for their labels' halves
        return int(min(self.years)) - 0.3, max(self.years) + 0.45

    def x_range(self) -> tuple[float, float]:
        return (0.0, self.width_px) if self.down else self.span()

    def y_range(self) -> tuple[float, float]:
        return self.span() if self.down else (0.0, self.height_px)

    def place(self, width: float, height: float) -> None:
        align = Qt.AlignmentFlag.AlignLeft if self.down else Qt.AlignmentFlag.AlignHCenter
        for item in self.labels:
            item.setFont(self.font("body"))
            item.textItem.document().setDefaultTextOption(QTextOption(align))
        if self.down:
            self.place_down(width, height)
        else:
            self.place_across(width, height)
        r, per_x, per_y = self.scale.px(18), self.x_per_pixel(), self.y_per_pixel()
        self.targets = []
        for i, (dot, box) in enumerate(zip(self.dots_at, self.boxes, strict=True)):
            hit = QRectF(dot.x() - r * per_x, dot.y() - r * per_y, 2 * r * per_x, 2 * r * per_y)
            text = partial(self.callout_text, i)
            self.targets += [(hit, text), (box, text)]

    def place_across(self, width: float, height: float) -> None:
        px, per_x = self.scale.px, self.x_per_pixel()
        low = self.x_range()[0]
        wrap = min(px(340), width * 0.24)
        font = self.labels[0].textItem.font()
        sizes = [self.set_lines(item, font, wrap) for item in self.labels]
        centres = [(x - low) / per_x for x in self.years]
        levels = self.stack([(c, s.width()) for c, s in zip(centres, sizes, strict=True)], width)
        tallest = max(s.height() for s in sizes)
        stem, pitch = px(44), tallest + px(28)
        need = {
            side: stem + (most - 1) * pitch + tallest if most else px(20)
            for side, most in (
                (1, max([lv for lv in levels if lv > 0], default=0)),
                (-1, max([-lv for lv in levels if lv < 0], default=0)),
            )
        }
        line_y = need[1] + max(0.0, (height - need[1] - need[-1]) / 2)
        self.dots_at, self.ends, self.boxes = [], [], []
        for i, (item, size, level) in enumerate(zip(self.labels, sizes, levels, strict=True)):
            item.setTextWidth(math.ceil(size.width()) + 2)  # as wide as its longest line
            centre = min(max(centres[i], size.width() / 2), width - size.width() / 2)
            reach = stem + (abs(level) - 1) * pitch
            top = line_y - reach - size.height() if level > 0 else line_y + reach
            item.setAnchor((0.5, 0))
            item.setPos(low + centre * per_x, top)
            half = (math.ceil(size.width()) + 2) / 2 * per_x
            self.boxes.append(QRectF(low + centre * per_x - half, top, 2 * half, size.height()))
            self.dots_at.append(QPointF(self.years[i], line_y))
            self.ends.append(QPointF(self.years[i], top + size.height() if level > 0 else top))

    def place_down(self, width: float, height: float) -> None:
        px, per_y = self.scale.px, self.y_per_pixel()
        low = self.y_range()[0]
        line_x, indent = px(36), px(88)
        wrap = width - indent - px(8)
        font = self.labels[0].textItem.font()
        sizes = [self.set_lines(item, font, wrap) for item in self.labels]
        gap = px(16)
        tops, bottom = [], 0.0
        for year, size in zip(self.years, sizes, strict=True):  # centred on the dot, or below
            top = max((year - low) / per_y - size.height() / 2, bottom + gap)
            tops.append(top)
            bottom = top + size.height()
        shift = max(0.0, bottom - height)  # ran off the bottom: push back up, keeping gaps
        for i in range(len(tops) - 1, -1, -1):
            limit = height if i == len(tops) - 1 else tops[i + 1] - gap
            tops[i] = min(tops[i], limit - sizes[i].height()) if shift else tops[i]
        self.dots_at, self.ends, self.boxes = [], [], []
        for i, (item, size, top) in enumerate(zip(self.labels, sizes, tops, strict=True)):
            item.setTextWidth(wrap + 2)  # its lines are set (set_lines): never wrapped again
            item.setAnchor((0, 0))
            item.setPos(indent, low + top * per_y)
            middle = low + (top + min(size.height(), self.text_size("0", item.textItem.font())
                                      .height()) / 2) * per_y  # fmt: skip
            self.boxes.append(QRectF(indent, low + top * per_y, wrap, size.height() * per_y))
            self.dots_at.append(QPointF(line_x, self.years[i]))
            self.ends.append(QPointF(indent - px(10), middle))

    def stack(self, spans: list[tuple[float, float]], width: float) -> list[int]:
        """A level per label (+1, -1, +2, -2, …: above or below the line) with no overlaps."""
        gap = self.scale.px(24)
        taken: dict[int, list[tuple[float, float]]] = {}
        out = []
        for i, (x, w) in enumerate(spans):
            left = min(max(x - w / 2, 0.0), max(width - w, 0.0))
            span = (left - gap / 2, left + w + gap / 2)
            first = 1 if i % 2 == 0 else -1
            for level in (k * s for k in range(1, 2 * len(spans) + 1) for s in (first, -first)):
                if all(span[1] <= a or span[0] >= b for a, b in taken.get(level, [])):
                    taken.setdefault(level, []).append(span)
                    out.append(level)
                    break
        return out

    def callout_text(self, i: int) -> str:
        c = self.chart
        return f"{format_month(c.dates[i], self.lang)}\n{c.labels[i].get(self.lang, '')}"

    def grow(self, t: float) -> None:
        if not self.dots_at:
            return
        px = self.scale.px
        low, high = self.span()
        head = low + (high - low) * t
        along = [low, head]
        across = [self.dots_at[0].x() if self.down else self.dots_at[0].y()] * 2
        self.line.setData(*((across, along) if self.down else (along, across)))
        self.line.setPen(pg.mkPen(theme.SURFACE_LINE, width=px(6)))
        shown = [i for i, year in enumerate(self.years) if year <= head]
        pen = self.dot_pens.get(px(5))
        if pen is None:
            pen = self.dot_pens[px(5)] = pg.mkPen(theme.BACKGROUND, width=px(5))
        self.dots.setData(
            [self.dots_at[i].x() for i in shown],
            [self.dots_at[i].y() for i in shown],
            size=px(32),
            brush=[self.dot_brushes[self.tone(i)] for i in shown],
            pen=pen,
        )
        xs, ys = [], []
        for i in shown:
            xs += [self.dots_at[i].x(), self.ends[i].x()]
            ys += [self.dots_at[i].y(), self.ends[i].y()]
        self.stems.setData(xs, ys)
        self.stems.setPen(pg.mkPen(theme.SURFACE_LINE, width=px(3)))
        for i, item in enumerate(self.labels):
            item.setOpacity(1.0 if i in shown else 0.0)
