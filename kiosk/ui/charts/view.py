"""The charts view: one chart at a time under its title, its source line below it.

Only Qt here. A chart's plot is built the first time that chart is shown, or before that in
idle time (prepare_next), and only then is pyqtgraph (with numpy) imported, so the kiosk
starts as fast as it did without charts.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEasingCurve, QSize, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QStackedLayout, QVBoxLayout, QWidget

from kiosk.ui import heap, theme
from kiosk.ui.widgets import TextLabel

if TYPE_CHECKING:  # at run time base.py is imported with the first plot: it loads pyqtgraph
    from kiosk.content.charts import Chart
    from kiosk.ui.charts.base import ChartPlot

log = logging.getLogger(__name__)
GROW_MS = 700  # bars grow and the timeline draws in within this; the brief allows 800


def plot_for(chart: Chart) -> ChartPlot:
    """The plot widget for a chart. Imports here, not at the top: they load pyqtgraph."""
    if chart.kind == "bars":
        from kiosk.ui.charts.bars import BarsPlot

        return BarsPlot(chart)
    if chart.kind == "parts":
        from kiosk.ui.charts.parts import PartsPlot

        return PartsPlot(chart)
    if chart.kind == "progress":
        from kiosk.ui.charts.progress import ProgressPlot

        return ProgressPlot(chart)
    from kiosk.ui.charts.timeline import TimelinePlot

    return TimelinePlot(chart)


class ChartsView(QWidget):
    failed = Signal(int)  # a chart's drawing failed in a frame of its growth (in the except)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.charts: list[Chart] = []
        self.plots: dict[int, ChartPlot] = {}
        self.index, self.lang = 0, ""
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.setMinimumSize(1, 1)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.title = TextLabel(
            self._title, "title", QFont.Weight.Bold, parent=self, part="chart-title"
        )
        self.source = TextLabel(
            self._source, "small", color=theme.MUTED, parent=self, part="chart-source"
        )
        self.stack = QStackedLayout()
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(0, 0, 0, 0)
        self.root.addWidget(self.title)
        self.root.addLayout(self.stack, 1)
        self.root.addWidget(self.source)
        self.animation = QVariantAnimation(self)
        self.animation.setStartValue(0.0)
        self.animation.setEndValue(1.0)
        self.animation.setDuration(GROW_MS)
        self.animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self.animation.valueChanged.connect(self._grow)

    def _grow(self, t: float) -> None:
        try:
            self.current().set_progress(float(t))
        except Exception:  # noqa: BLE001 — ChartsMode logs it and skips the chart
            self.animation.stop()
            self.failed.emit(self.index)

    def _title(self, lang: str) -> str:
        return self.charts[self.index].title.get(lang, "") if self.charts else ""

    def _source(self, lang: str) -> str:
        return self.charts[self.index].source.get(lang, "") if self.charts else ""

    # --- charts --------------------------------------------------------------------------
    def set_charts(self, charts: list[Chart]) -> None:
        self.animation.stop()
        for index in list(self.plots):
            self.release(index)
        self.charts, self.plots, self.index = list(charts), {}, 0

    def release(self, index: int) -> None:
        """Delete a built plot (its pyqtgraph items first); it is built again when needed."""
        plot = self.plots.pop(index, None)
        if plot is not None:
            self.stack.removeWidget(plot)
            plot.clear_items()
            plot.deleteLater()
            QTimer.singleShot(0, heap.trim)  # once the deferred delete is done

    def near(self) -> list[int]:
        """The plots kept built: the shown chart and the next one (a visit's next move)."""
        return sorted({self.index, (self.index + 1) % self.count}) if self.count else []

    @property
    def count(self) -> int:
        return len(self.charts)

    def current(self) -> ChartPlot:
        return self.plot(self.index)

    def plot(self, index: int) -> ChartPlot:
        if index not in self.plots:
            if not self.plots:  # after the first plot's imports (pyqtgraph, numpy)
                QTimer.singleShot(0, heap.trim)
            plot = plot_for(self.charts[index])
            plot.setObjectName(f"chart-{self.charts[index].id}")
            self.plots[index] = plot
            self.stack.addWidget(plot)
        return self.plots[index]

    def prepare_next(self) -> bool:
        """Build one plot of near() not built yet; False once all are. Called in idle time
        (the first call imports pyqtgraph, ~0.5 s), so that showing a chart only has to
        paint it. Only these two are built ahead (the five plots together hold ~8 MB);
        a plot once built stays until the next reload. Releasing the plots outside near()
        on every visit was measured (#13, 2026-12-01, GraphicsView plots): no crash in
        6,000 page changes, but steady RSS rose (177.6 vs 175.2 MB at 1080p) and kept
        creeping (~0.2 MB per 1,000 changes): rebuilding costs more than keeping."""
        missing = [i for i in self.near() if i not in self.plots]
        if missing:
            self.plot(missing[0])
        return len(missing) > 1

    def show_chart(self, index: int, animate: bool = True) -> None:
        """Show chart `index` (wrapping), growing it in or, for renders, finished."""
        if not self.charts:
            return
        self.animation.stop()
        self.index = index % self.count
        log.info("chart %d/%d %s", self.index + 1, self.count, self.charts[self.index].id)
        plot = self.current()
        plot.set_language(self.lang or "en")
        plot.restyle(self.scale)
        plot.callout.hide()
        self.stack.setCurrentWidget(plot)
        self._texts()
        self.root.activate()  # the title may now wrap to more lines: lay out before drawing
        plot.settle()
        plot.set_progress(0.0 if animate else 1.0)
        if animate:
            self.animation.start()
        heap.trim_when_idle()  # what the last chart's visit freed, once the visitor pauses

    def finish(self) -> None:
        """Jump to the end of the growing animation (what `kiosk render` shows)."""
        self.animation.stop()
        if self.index in self.plots:
            self.plots[self.index].set_progress(1.0)

    # --- language and size -------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.lang = lang
        if not self.isVisible():  # show_chart() brings the plot and texts up to date
            return
        if self.index in self.plots:  # built plots only: building one loads pyqtgraph
            self.plots[self.index].set_language(lang)  # the others follow when shown
        if self.charts:
            self._texts()

    def _texts(self) -> None:
        for label in (self.title, self.source):
            label.show_language(self.lang)
            label.restyle(self.lang, self.scale, 1.0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        window = self.window()
        new = theme.Scale.for_size(window.size() if window else event.size())
        if new != self.scale:
            self.scale = new
            self.root.setSpacing(new.px(20))
            if self.charts and self.lang:
                self._texts()
                plot = self.plots.get(self.index)
                if plot is not None and plot.lang:  # one never shown is styled when shown
                    plot.restyle(new)
        super().resizeEvent(event)
