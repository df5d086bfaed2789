"""The charts' place in the window: a button in the bottom bar, the view in place of the
stage, and the attract loop's visit.

The loop: when the navigator wraps from the last slide to the first, the charts view comes
up instead, and each further auto-advance shows the next chart; after the last chart the
loop goes on at slide 1. The navigator keeps the time (pausing on a touch, resuming, going
home), so while charts are shown its durations are swapped for the charts' own.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractAnimation, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QStackedWidget

from kiosk.i18n import _
from kiosk.navigation import Change
from kiosk.ui import theme
from kiosk.ui.chrome import ChromeButton
from kiosk.ui.motion import direction_of

if TYPE_CHECKING:
    from kiosk.content import Content
    from kiosk.content.charts import Chart
    from kiosk.ui.charts.view import ChartsView
    from kiosk.ui.window import KioskWindow


log = logging.getLogger(__name__)


class ChartsButton(ChromeButton):
    """A text button marked with three small bars, so it reads as "charts" at a glance;
    unmarked while it leads back to the slides."""

    marked = True

    def icon_width(self) -> int:
        return self.scale.px(26) if self.marked else 0

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        extra = self.icon_width() + self.scale.px(12) if self.marked else 0
        return QSize(hint.width() + extra, hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        p.setPen(QPen(theme.TEAL, 2))  # a teal rim: the one way into the charts
        p.setBrush(theme.SURFACE if self.isDown() else theme.BACKGROUND_2)
        p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        icon, gap = self.icon_width(), self.scale.px(12) if self.marked else 0
        text = self.fontMetrics().horizontalAdvance(self.text())
        left = rect.center().x() - (icon + gap + text) / 2
        bar, base = icon / 4, rect.center().y() + icon / 2
        p.setPen(Qt.PenStyle.NoPen)
        for i, share in enumerate((0.45, 1.0, 0.7) if self.marked else ()):
            p.setBrush(theme.ACCENT if i == 1 else theme.TEAL)
            p.drawRect(QRectF(left + i * bar * 1.5, base - icon * share, bar, icon * share))
        p.setPen(theme.TEXT)
        p.setFont(self.font())
        text_rect = QRectF(left + icon + gap, rect.top(), text + 2, rect.height())
        p.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.text()
        )


class ChartsMode:
    def __init__(self, window: KioskWindow) -> None:
        self.window = window
        self._view: ChartsView | None = None  # made on first use: not before the first frame
        self._charts: list[Chart] = []
        self._lang = ""
        self.pages = QStackedWidget()  # the stage, or the charts in its place
        self.pages.addWidget(window.stage)
        self.button = ChartsButton()
        self.button.setObjectName("charts")
        self.button.clicked.connect(self.toggle)
        self.active = False
        self.return_to = 0  # the slide a visitor left for the charts
        self.preparer = QTimer(self.button)  # builds the plots one per idle turn
        self.preparer.setInterval(0)
        self.preparer.timeout.connect(self._prepare_step)
        self.prepared = False
        self._grow = False  # a chart crossing in grows once the motion is over
        window.stage.overlay.finished.connect(self._moved)
        self._label()

    @property
    def view(self) -> ChartsView:
        """The charts view, made (and given the content's charts and the language) when
        first asked for: the start-up's first frame neither shows nor needs it."""
        if self._view is None:
            from kiosk.ui.charts.view import ChartsView

            self._view = ChartsView()
            self._view.failed.connect(self._failed)
            self.pages.addWidget(self._view)
            self._view.set_charts(self._charts)
            if self._lang:
                self._view.set_language(self._lang)
        return self._view

    # --- driven by the window ------------------------------------------------------------
    def set_content(self, content: Content) -> None:
        self.active = False
        self.pages.setCurrentWidget(self.window.stage)
        self._charts = content.charts
        if self._view is not None:
            self._view.set_charts(content.charts)
        self.button.setVisible(bool(content.charts))
        self._label()
        if self.prepared:  # new content: its plots are built ahead again
            self.prepare()

    def prepare(self) -> None:
        """Build the shown chart's plot and the next one in idle time, so no visit to the
        charts waits for one (the others are released: see ChartsView.near)."""
        self.prepared = True
        self.preparer.start()

    def _prepare_step(self) -> None:
        window = self.window
        running = self.view.animation.state() == QAbstractAnimation.State.Running
        # After the slides are ready, and never during a transition's frames. Not before the
        # window's first frame either: a plot built then makes PySide 6.12 crash in a later
        # render of a slide (a segfault in an event handler lookup, reproduced offscreen).
        busy = window.warmer.isActive() or window.stage.overlay.isVisible() or running
        if busy or not window.painted:
            self.preparer.start(50)
            return
        self.preparer.setInterval(0)
        view = self.view
        building = next((i for i in view.near() if i not in view.plots), None)
        try:
            more = view.prepare_next()
        except Exception:  # logged once by _mark_broken; skipped when shown
            if building is None or self.is_broken(building):
                log.exception("charts could not be prepared")
                self.preparer.stop()
                return
            self._mark_broken(building, "building it")
            more = True
        if not more:
            self.preparer.stop()
            log.info("charts ready: %d plots built ahead", len(self.view.plots))

    def set_language(self, code: str) -> None:
        self._lang = code
        if self._view is not None:
            self._view.set_language(code)
        self.button.restyle(self.button.scale, code)  # the label's face follows the language
        self._label()

    def restyle(self, scale: theme.Scale, lang: str) -> None:
        self.button.restyle(scale, lang)

    def position(self) -> tuple[int, int] | None:
        """(index, count) for the position dots while the charts are shown."""
        return (self.view.index, self.view.count) if self.active else None

    def route(self, change: Change) -> Change | None:
        """Take the moves meant for the charts; return what the stage should still show."""
        nav = self.window.navigator
        if not self.active:
            wrapped = change.reason == "auto" and change.index == 0 and change.previous > 0
            if wrapped and self.view.count and change.previous == nav.count - 1:
                return None if self.open(0) else change  # no chart can show: slide 1
            return change
        if change.reason == "auto":  # the next good chart, or after the last one slide 1
            if self._show(range(self.view.index + 1, self.view.count), self.window.live):
                self._time()
                return None
            return self.leave(0)
        if change.reason == "user" and change.direction:
            view, step = self.view, change.direction
            order = [(view.index + step * k) % view.count for k in range(1, view.count + 1)]
            if self._show(order, self.window.live, step):
                self._time()
                return None
            return self.leave(self.return_to, step)
        # home, a jump, first or last slide; the Charts button back to the slides: back
        return self.leave(change.index, -1 if change.reason == "user" else 1)

    # --- moves -----------------------------------------------------------------------------
    def toggle(self) -> None:
        if self.active:
            self.window._apply(self.window.navigator.go_to(self.return_to))
        else:
            self.open(0)

    def open(self, index: int, animate: bool | None = None) -> bool:
        """Show the charts from chart `index` on (or the next good one); False if none can."""
        if not self.view.count:
            return False
        if self.window.overview is not None:
            self.window.overview.hide()  # the charts come up in view, not behind it
        if not self.active:
            self.return_to = self.window.navigator.index
        if self.window.live if animate is None else animate:  # the change starts from it
            self.window.outgoing = self.window.outgoing or self._on_screen()
        was_active, self.active = self.active, True
        self.pages.setCurrentWidget(self.view)
        self.view.set_language(self.window.lang)
        order = [(index + k) % self.view.count for k in range(self.view.count)]
        if not self._show(order, self.window.live if animate is None else animate):
            self.active = was_active
            if not was_active:
                self.pages.setCurrentWidget(self.window.stage)
            self._label()
            return False
        self._time()
        self._label()
        self.window._update_position()
        return True

    # --- broken charts: skipped like broken slides (window.broken, health.json) ------------
    def is_broken(self, index: int) -> bool:
        return f"chart:{self.view.charts[index].id}" in self.window.broken

    def _show(self, order: list[int] | range, animate: bool, step: int = 1) -> bool:
        """Show the first chart of `order` that is not broken and draws; False if none.
        Animated: in motion (kiosk.ui.motion) from what was on screen, towards `step`."""
        before = (self.window.outgoing or self._on_screen()) if animate else None
        for i in order:
            if self.is_broken(i):
                continue
            try:
                self.view.show_chart(i, animate=animate)
            except Exception:  # noqa: BLE001 — _mark_broken logs it; the chart is skipped
                self._mark_broken(i, "drawing it")
                continue
            self.window.outgoing = None
            if before is not None:
                self._cross(before, step)
            return True
        return False

    # --- motion: charts come and go through kiosk.ui.motion ---------------------------------
    def _on_screen(self) -> QPixmap:
        return self.window.stage.overlay.shown()

    def _cross(self, before: QPixmap, step: int) -> None:
        layer, view = self.window.stage.overlay, self.view
        if layer.duration_ms <= 0 or not view.isVisible():
            return
        # The motion ends on the chart as it starts to grow; it grows once in place.
        self._grow = view.animation.state() == QAbstractAnimation.State.Running
        view.animation.stop()
        layer.cross(before, layer.live(), direction_of(step), layer.duration_ms)
        QTimer.singleShot(0, layer.settle)  # the plot's axes are laid out in the next turn

    def _moved(self) -> None:
        if self._grow and self.active and self._view is not None:
            self._view.animation.start()
        self._grow = False

    def _failed(self, index: int) -> None:
        """A frame of the shown chart's growth failed: skip it as if it had failed at once."""
        self._mark_broken(index, "drawing it")
        if not self.active:
            return
        view = self.view
        if self._show([(index + k) % view.count for k in range(1, view.count)], self.window.live):
            self._time()
            self.window._update_position()
        else:
            self.window._apply(self.leave(0))

    def _mark_broken(self, index: int, doing: str) -> None:
        chart = self.view.charts[index]
        log.exception("chart %s failed while %s; skipped from now on", chart.id, doing)
        self.view.animation.stop()
        self.window.broken.add(f"chart:{chart.id}")  # health.json lists it; reload clears it
        self.window.state_changed.emit()
        self.button.setVisible(not all(map(self.is_broken, range(self.view.count))))

    def leave(self, index: int, step: int = 1) -> Change:
        if self.active and self.view.isVisible() and self.window.outgoing is None:
            self.window.outgoing = self._on_screen()  # the slide's change starts from it
        self.active, self._grow = False, False
        self.view.animation.stop()
        self.pages.setCurrentWidget(self.window.stage)
        slides = self.window.content.slides
        self.window.navigator.replace_slides([s.duration for s in slides], index)
        self._label()
        return Change(index, -1, step, "home" if index == 0 else "user")  # -1: always redrawn

    def _time(self) -> None:
        """Let the navigator time the chart shown; index 1, so going home is a real move.
        The next chart's plot is then built in idle time (only it and the shown one stay)."""
        chart = self.view.charts[self.view.index]
        self.window.chart_shown.emit(chart.id)  # every move onto a chart comes through here
        count = max(2, len(self.window.content.slides))
        self.window.navigator.replace_slides([chart.duration] * count, 1)
        if self.prepared:
            self.preparer.start()

    def _label(self) -> None:
        self.button.marked = not self.active
        self.button.setText(_("Slides") if self.active else _("Charts"))
        self.button.setAccessibleName(self.button.text())
        self.button.updateGeometry()
        self.button.update()
        if (layout := self.window.layout()) is not None:  # now: renders grab at once
            layout.activate()
