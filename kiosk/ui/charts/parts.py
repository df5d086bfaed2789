"""Parts of a whole: one stacked bar, values inside, each part's name below, the total above.

The parts take the deck's colour meanings (kiosk.ui.theme): the part a chart is about, or
what is achieved, in teal; what is planned in amber; the rest in grey, for context.
"""

from __future__ import annotations

from functools import partial

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont

from kiosk.content.charts import Parts
from kiosk.formatting import format_number, format_quantity
from kiosk.ui import theme
from kiosk.ui.charts.base import ChartPlot, text_item

# The legend keys' brushes, made once: pyqtgraph keys its symbol atlas on the brush object,
# so a new brush per restyle added symbols until it rebuilt the atlas.
KEY_BRUSHES = {tone: pg.mkBrush(color) for tone, color in theme.TONES.items()}


class PartsPlot(ChartPlot):
    chart: Parts

    def build(self) -> None:
        c = self.chart
        self.total = sum(c.values)
        self.band = (0.0, 0.0)  # top and bottom of the bar, in pixels
        self.inside = [True for _ in c.values]  # whether each value fits inside its part
        self.segments = []
        self.tones = [self.tone(i) for i in range(len(c.values))]
        for tone in self.tones:
            bar = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0], brush=theme.TONES[tone])
            bar.setOpts(pen=pg.mkPen(theme.BACKGROUND, width=2))
            self.addItem(bar)
            self.segments.append(bar)
        self.insides = [text_item((0.5, 0.5), theme.BACKGROUND) for _ in c.values]
        self.legend = [text_item((0, 0.5)) for _ in c.labels]
        self.keys = pg.ScatterPlotItem(symbol="s", pen=None)
        self.addItem(self.keys)
        self.total_label = text_item((1, 1))
        for item in [*self.insides, *self.legend, self.total_label]:
            self.addItem(item, ignoreBounds=True)

    def tone(self, i: int) -> str:
        """Its tone from the content; without one, the first part is what the chart is about."""
        c = self.chart
        return c.tones[i] if c.tones else ("achieved" if i == 0 else "other")

    def share(self, i: int) -> float:
        return self.chart.values[i] / self.total

    def value_text(self, value: float, exact: bool = False) -> str:
        c = self.chart
        style = "decimal" if exact and c.style == "compact" else c.style
        words = c.unit_label.get(self.lang) if c.unit_label else None
        return format_quantity(value, self.lang, style, c.unit, words=words)

    def languages_changed(self) -> None:
        c = self.chart
        for i, item in enumerate(self.insides):
            item.setText(self.value_text(c.values[i]))
        for i, item in enumerate(self.legend):
            item.setText(c.labels[i].get(self.lang, ""))
        total = self.value_text(self.total)
        name = c.total_label.get(self.lang, "") if c.total_label else ""
        self.total_label.setText(f"{name}  {total}" if name else "")
        self.total_label.setVisible(bool(name))

    def x_range(self) -> tuple[float, float]:
        return 0.0, self.total

    def place(self, width: float, height: float) -> None:
        c, px = self.chart, self.scale.px
        big = self.font("heading", 1.0, QFont.Weight.Bold)
        body = self.font("body")
        key = px(30)
        indent = key + px(20)
        total_h = self.text_size("0", big).height() + px(16) if c.total_label else 0
        per_x = self.x_per_pixel()
        # A part too narrow for its value shows it in its legend row instead: a value wider
        # than its part would run over its neighbours or out of the plot.
        self.inside = [
            self.text_size(t.toPlainText(), big).width() + px(16) <= value / per_x
            for t, value in zip(self.insides, c.values, strict=True)
        ]
        for i, item in enumerate(self.legend):
            label = c.labels[i].get(self.lang, "")
            value = self.insides[i].toPlainText()
            item.setText(label if self.inside[i] or not value else f"{label} · {value}")
        rows = [self.set_lines(t, body, width - indent).height() for t in self.legend]
        bar_h = min(px(240 if self.scale.portrait else 170), max(px(80), height * 0.24))
        block = total_h + bar_h + px(48) + sum(rows) + px(18) * (len(rows) - 1)
        top = max(px(8), (height - block) / 2)
        self.band = (top + total_h, top + total_h + bar_h)
        self.total_label.setFont(big)
        self.total_label.setPos(self.total, self.band[0] - px(16))
        y = self.band[1] + px(48)
        spots = []
        for i, item in enumerate(self.legend):
            item.setFont(body)
            item.setTextWidth(width - indent + 2)  # its lines are set: never wrapped again
            item.setPos(indent * per_x, y + rows[i] / 2)
            first_line = self.text_size("0", body).height() / 2
            spots.append(
                {"pos": (key / 2 * per_x, y + first_line), "brush": KEY_BRUSHES[self.tones[i]]}
            )
            y += rows[i] + px(18)
        self.keys.setData(spots, size=key)
        for item in self.insides:
            item.setFont(big)
        self.targets = []
        start = 0.0
        for i, value in enumerate(c.values):
            rect = QRectF(start, self.band[0], value, bar_h)
            self.targets.append((rect, partial(self.callout_text, i)))
            start += value
        # the legend rows are tap targets too: a finger finds the words easier than a thin part
        y = self.band[1] + px(48)
        for i, h in enumerate(rows):
            self.targets.append((QRectF(0, y, self.total, h), partial(self.callout_text, i)))
            y += h + px(18)

    def callout_text(self, i: int) -> str:
        c = self.chart
        label = c.labels[i].get(self.lang, "")
        exact = self.value_text(c.values[i], exact=True)
        if c.style != "percent":
            exact += " · " + format_number(round(self.share(i), 2), self.lang, "percent")
        return f"{label}\n{exact}"

    def grow(self, t: float) -> None:
        top, bottom = self.band
        if bottom <= top:
            return
        reach, start = self.total * t, 0.0
        for i, (bar, value) in enumerate(zip(self.segments, self.chart.values, strict=True)):
            shown = min(max(reach - start, 0.0), value)
            bar.setOpts(x0=[start], y=[(top + bottom) / 2], width=[shown], height=[bottom - top])
            self.insides[i].setPos(start + value / 2, (top + bottom) / 2)
            self.insides[i].setOpacity(1.0 if shown >= value and self.inside[i] else 0.0)
            start += value
        self.total_label.setOpacity(t)
