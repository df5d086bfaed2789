"""Horizontal bars, one per category: its label above it, its value with its unit at its end.

An aim (`target`) is drawn as an amber dashed line with a faint track up to it, so a
single bar reads as "this far of the way". A lower bound ("40+") is drawn as more than its
value: the bar runs on past it and fades out, open-ended, with its figure after the fade.
"""

from __future__ import annotations

from functools import partial

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QLinearGradient

from kiosk.content.charts import Bars
from kiosk.formatting import format_quantity
from kiosk.ui import theme
from kiosk.ui.charts.base import ChartPlot, text_item

OPEN_END = 0.16  # how far past its value a lower bound's bar fades out, as a share of the range


class BarsPlot(ChartPlot):
    chart: Bars

    def build(self) -> None:
        c = self.chart
        self.rows: list[tuple[float, float]] = []  # (top, bottom) of each bar, in pixels
        self.track = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0], brush=theme.SURFACE)
        self.bars = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0], brush=theme.ACHIEVED)
        self.fades = pg.BarGraphItem(x0=[0], y=[0], width=[0], height=[0])  # open ends
        for item in (self.track, self.bars, self.fades):
            item.setOpts(pen=pg.mkPen(None))
            self.addItem(item)
        self.colors = [theme.TONES[self.tone(i)] for i in range(len(c.values))]
        self.labels = [text_item((0, 1)) for _ in c.labels]
        self.values = [text_item((0, 0.5)) for _ in c.values]
        for item in self.labels + self.values:
            self.addItem(item, ignoreBounds=True)
        self.aim = pg.InfiniteLine(angle=90, movable=False)
        self.aim_label = text_item((1, 0), theme.PLANNED)
        if c.target is not None:
            self.addItem(self.aim, ignoreBounds=True)
            self.aim_label.setZValue(5)
            self.addItem(self.aim_label, ignoreBounds=True)

    def tone(self, i: int) -> str:
        return self.chart.tones[i] if self.chart.tones else "achieved"

    def open_ended(self, i: int) -> bool:
        return bool(self.chart.at_least and self.chart.at_least[i])

    # --- texts ---------------------------------------------------------------------------
    def value_text(self, i: int, exact: bool = False) -> str:
        c = self.chart
        style = "decimal" if exact and c.style == "compact" else c.style
        words = c.unit_label.get(self.lang) if c.unit_label else None
        return format_quantity(c.values[i], self.lang, style, c.unit, self.open_ended(i), words)

    def languages_changed(self) -> None:
        c = self.chart
        for i, item in enumerate(self.labels):
            item.setText(c.labels[i].get(self.lang, ""))
        for i, item in enumerate(self.values):
            item.setText(self.value_text(i))
        if c.target_label is not None:
            self.aim_label.setText(c.target_label.get(self.lang, ""))

    # --- layout --------------------------------------------------------------------------
    def ends(self) -> list[float]:
        """Where each bar's drawing ends (data): its value, or past it for an open end."""
        top = max([*self.chart.values, self.chart.target or 0.0, 1e-9])
        return [
            v + (OPEN_END * top if self.open_ended(i) else 0.0)
            for i, v in enumerate(self.chart.values)
        ]

    def x_range(self) -> tuple[float, float]:
        c = self.chart
        top = max([*c.values, c.target or 0.0, 1e-9])
        # room right of each bar for its value label: the widest end of a bar and its label
        value_font = self.font("heading", 1.0, QFont.Weight.Bold)
        metrics = QFontMetricsF(value_font)
        pad = self.scale.px(40)
        width = max(self.width_px, 1.0)
        high = top * 1.04
        for end, item in zip(self.ends(), self.values, strict=True):
            room = min(0.6, (metrics.horizontalAdvance(item.toPlainText()) + pad) / width)
            high = max(high, end / (1 - room))
        return 0.0, high

    def place(self, width: float, height: float) -> None:
        c, px = self.chart, self.scale.px
        n = len(c.values)
        label_font = self.font("body")
        value_font = self.font("heading", 1.0, QFont.Weight.Bold)
        aim_font = self.font("body")  # a label, in the aim's colour: the scale's body size
        label_h = max(self.set_lines(t, label_font, width).height() for t in self.labels)
        aim_h = self.text_size("0", aim_font).height() + px(28) if c.target is not None else 0
        free = (height - aim_h - px(24)) / n - label_h - px(12)
        bar_h = min(px(190 if self.scale.portrait else 140), max(px(44), free * 0.55))
        row = label_h + px(12) + bar_h
        gap = min(px(64), max(px(28), (height - aim_h - n * row) / (n + 1)))
        top = aim_h + max(px(12), (height - aim_h - n * row - (n - 1) * gap) / 2)
        self.rows = []
        for i in range(n):
            bar_top = top + i * (row + gap) + label_h + px(12)
            self.rows.append((bar_top, bar_top + bar_h))
            self.labels[i].setFont(label_font)
            self.labels[i].setTextWidth(width + 2)  # its lines are set: never wrapped again
            self.labels[i].setPos(0, bar_top - px(12))
            self.values[i].setFont(value_font)
            self.values[i].setColor(theme.TEXT)
        centres = [(a + b) / 2 for a, b in self.rows]
        if c.target is not None:
            self.track.setOpts(x0=[0] * n, y=centres, width=[c.target] * n, height=[bar_h] * n)
            self.aim.setPos(c.target)
            self.aim.setPen(
                pg.mkPen(theme.PLANNED, width=px(4), style=pg.QtCore.Qt.PenStyle.DashLine)
            )
            self.aim_label.setFont(aim_font)
            # just left of the dashed line, clear of it
            self.aim_label.setPos(c.target - px(14) * self.x_per_pixel(), px(8))
        self.targets = [
            (QRectF(0, a, end, b - a), partial(self.callout_text, i))
            for i, (end, (a, b)) in enumerate(zip(self.ends(), self.rows, strict=True))
        ]
        if c.target is not None:
            self.targets += [(QRectF(0, a, c.target, b - a), self.aim_text) for a, b in self.rows]

    def callout_text(self, i: int) -> str:
        return f"{self.chart.labels[i].get(self.lang, '')}\n{self.value_text(i, exact=True)}"

    def aim_text(self) -> str:
        c = self.chart
        if c.target is None:  # then there is no aim to tap either
            return ""
        label = c.target_label.get(self.lang, "") if c.target_label else ""
        words = c.unit_label.get(self.lang) if c.unit_label else None
        exact = format_quantity(c.target, self.lang, "decimal", c.unit, words=words)
        return f"{label}\n{exact}" if label else exact

    def fade(self, i: int, start: float, end: float) -> QBrush:
        """The open end of bar i: its colour fading out from start to end (data x)."""
        gradient = QLinearGradient(QPointF(start, 0), QPointF(end, 0))
        gradient.setColorAt(0.0, self.colors[i])
        gradient.setColorAt(1.0, QColor(self.colors[i].red(), self.colors[i].green(),
                                        self.colors[i].blue(), 0))  # fmt: skip
        return QBrush(gradient)

    def grow(self, t: float) -> None:
        if not self.rows:
            return
        c, n = self.chart, len(self.rows)
        centres = [(a + b) / 2 for a, b in self.rows]
        heights = [b - a for a, b in self.rows]
        self.bars.setOpts(
            x0=[0] * n, y=centres, width=[v * t for v in c.values], height=heights,
            brushes=self.colors,
        )  # fmt: skip
        ends = self.ends()
        fading = [i for i in range(n) if self.open_ended(i)]
        self.fades.setOpts(
            x0=[c.values[i] * t for i in fading],
            y=[centres[i] for i in fading],
            width=[(ends[i] - c.values[i]) * t for i in fading],
            height=[heights[i] for i in fading],
            brushes=[self.fade(i, c.values[i] * t, ends[i] * t) for i in fading],
        )
        self.fades.setVisible(bool(fading))
        pad = self.scale.px(16) * self.x_per_pixel()
        for i, item in enumerate(self.values):
            item.setPos(ends[i] * t + pad, centres[i])
            item.setOpacity(t)
        self.track.setOpacity(t)
        self.aim.setOpacity(t)
        self.aim_label.setOpacity(t)
