"""Milestones on a time axis: dots on a line, each label on a stem above or below it.

Labels are stacked in levels so that none overlaps another, which is what lets close
events (April and November 2024) and a narrow portrait screen share one line.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTextOption

from kiosk.formatting import format_month, parse_month
from kiosk.ui import theme
from kiosk.ui.charts.base import ChartPlot, text_item


def position(text: str) -> float:
    """A month as a fractional year; a bare year sits mid-year ("some time in 2026")."""
    day, has_month = parse_month(text)
    return day.year + ((day.month - 1) / 12 if has_month else 0.5)


class TimelinePlot(ChartPlot):
    def build(self) -> None:
        c = self.chart
        self.xs = [position(d) for d in c.dates]
        self.line_y = 0.0
        self.boxes: list[QRectF] = []  # each label's place, x in years and y in pixels
        self.line = pg.PlotCurveItem()
        self.stems = pg.PlotCurveItem(connect="pairs")
        self.dots = pg.ScatterPlotItem()
        self.addItem(self.line)
        self.addItem(self.stems)
        self.addItem(self.dots)
        self.dots.setZValue(2)
        self.labels = [text_item((0.5, 0)) for _ in c.labels]
        for item in self.labels:
            item.textItem.document().setDefaultTextOption(
                QTextOption(Qt.AlignmentFlag.AlignHCenter)
            )
            self.addItem(item, ignoreBounds=True)
        self.axis.setTickSpacing(levels=[(1.0, 0.0)])  # one tick per year

    def tick_text(self, value: float) -> str:
        return format_month(str(round(value)), self.lang)

    def languages_changed(self) -> None:
        for item, text in zip(self.labels, self.chart.labels, strict=True):
            item.setText(text.get(self.lang, ""))

    def x_range(self) -> tuple[float, float]:
        # from the start of the first year, so its tick shows
        return min(min(self.xs) - 0.3, int(min(self.xs)) - 0.05), max(self.xs) + 0.45

    def place(self, width: float, height: float) -> None:
        px, per_x = self.scale.px, self.x_per_pixel()
        low = self.x_range()[0]
        body = self.font("body")
        wrap = min(px(340), width * (0.36 if self.scale.portrait else 0.24))
        sizes = [self.text_size(item.toPlainText(), body, wrap) for item in self.labels]
        levels = self.stack(
            [((x - low) / per_x, s.width()) for x, s in zip(self.xs, sizes, strict=True)], width
        )
        tallest = max(s.height() for s in sizes)
        stem, pitch = px(44), tallest + px(28)
        above = max([lv for lv in levels if lv > 0], default=0)
        below = max([-lv for lv in levels if lv < 0], default=0)
        need_above = stem + (above - 1) * pitch + tallest if above else px(20)
        need_below = stem + (below - 1) * pitch + tallest if below else px(20)
        self.line_y = need_above + max(0.0, (height - need_above - need_below) / 2)
        self.boxes = []
        for i, (item, size, level) in enumerate(zip(self.labels, sizes, levels, strict=True)):
            item.setFont(body)
            item.setTextWidth(wrap)
            centre = min(
                max((self.xs[i] - low) / per_x, size.width() / 2), width - size.width() / 2
            )
            reach = stem + (abs(level) - 1) * pitch
            top = self.line_y - reach - size.height() if level > 0 else self.line_y + reach
            item.setAnchor((0.5, 0))
            item.setPos(low + centre * per_x, top)
            half = wrap / 2 * per_x  # the text is centred in a box of the wrap width
            self.boxes.append(QRectF(low + centre * per_x - half, top, 2 * half, size.height()))
        self.targets = []
        r = px(16)
        for i, box in enumerate(self.boxes):
            dot = QRectF(self.xs[i] - r * per_x, self.line_y - r, 2 * r * per_x, 2 * r)
            text = lambda lang, i=i: self.callout_text(i)  # noqa: E731
            self.targets += [(dot, text), (box, text)]

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
        if not self.boxes:
            return
        px = self.scale.px
        low, high = self.x_range()
        head = low + (high - low) * t
        self.line.setData([low, head], [self.line_y, self.line_y])
        self.line.setPen(pg.mkPen(theme.SURFACE_LINE, width=px(6)))
        shown = [i for i, x in enumerate(self.xs) if x <= head]
        last = len(self.xs) - 1
        self.dots.setData(
            [self.xs[i] for i in shown],
            [self.line_y] * len(shown),
            size=px(32),
            brush=[theme.ACCENT if i == last else theme.TEAL for i in shown],
            pen=pg.mkPen(theme.BACKGROUND, width=px(5)),
        )
        xs, ys = [], []
        for i in shown:
            box = self.boxes[i]
            end = box.bottom() if box.bottom() <= self.line_y else box.top()
            xs += [self.xs[i], self.xs[i]]
            ys += [self.line_y, end]
        self.stems.setData(xs, ys)
        self.stems.setPen(pg.mkPen(theme.SURFACE_LINE, width=px(3)))
        for i, item in enumerate(self.labels):
            item.setOpacity(1.0 if i in shown else 0.0)
