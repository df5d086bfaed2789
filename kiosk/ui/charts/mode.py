"""The charts' place in the window: a button in the bottom bar and the view in place of
the stage.

Which chart shows, and for how long, is the loop's (kiosk.loop: the charts are pages of its
playlist after the slides); this shows the chart the loop lands on, in motion, and says
when one cannot be drawn so that the window's guard marks it broken and the loop skips it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractAnimation, QPoint, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QStackedWidget

from kiosk.i18n import _
from kiosk.ui import theme
from kiosk.ui.chrome import ChromeButton
from kiosk.ui.motion import Dragger, direction_of

if TYPE_CHECKING:
    from kiosk.content import Content
    from kiosk.content.charts import Chart
    from kiosk.ui.charts.view import ChartsView
    from kiosk.ui.loopview import LoopModel
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
            p.setBrush(theme.TEAL)  # amber means planned in the charts: not for decoration
            p.drawRect(QRectF(left + i * bar * 1.5, base - icon * share, bar, icon * share))
        p.setPen(theme.TEXT)
        p.setFont(self.font())
        text_rect = QRectF(left + icon + gap, rect.top(), text + 2, rect.height())
        p.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.text()
        )


class ChartsMode:
    def __init__(self, window: KioskWindow, model: LoopModel) -> None:
        self.window, self.model = window, model
        self._view: ChartsView | None = None  # made on first use: not before the first frame
        self._charts: list[Chart] = []
        self._lang = ""
        self.pages = QStackedWidget()  # the stage, or the charts in its place
        self.pages.addWidget(window.stage)
        self.button = ChartsButton()
        self.button.setObjectName("charts")
        self.button.clicked.connect(model.toggle_charts)
        self.active = False
        self.preparer = QTimer(self.button)  # builds the plots one per idle turn
        self.preparer.setInterval(0)
        self.preparer.timeout.connect(self._prepare_step)
        self.prepared = False
        self._grow = False  # a chart crossing in grows once the motion is over
        window.stage.overlay.finished.connect(self._moved)
        self.dragger = Dragger(window.stage.overlay, self.shown_view, self.peek)
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
        except Exception:  # logged once by the window's guard; skipped when shown
            if building is None or self.is_broken(building):
                log.exception("charts could not be prepared")
                self.preparer.stop()
                return
            self.window.pages.mark_broken(self.page_of(building), "building it")
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

    # --- the loop's pages ------------------------------------------------------------------
    def page_of(self, index: int) -> int:
        """The loop's page index of chart `index`."""
        keys = [p.key for p in self.model.loop.pages]
        return keys.index(f"chart:{self._charts[index].id}")

    def index_of(self, chart_id: str) -> int:
        return next(i for i, c in enumerate(self._charts) if c.id == chart_id)

    def is_broken(self, index: int) -> bool:
        return f"chart:{self._charts[index].id}" in self.model.loop.broken

    def open(self, index: int, animate: bool | None = None) -> bool:
        """Show chart `index` (or the next good one) through the loop; False if none shows."""
        if not self._charts:
            return False
        self.model.go_to(self.page_of(index), +1)
        return self.active

    def toggle(self) -> None:
        self.model.toggle_charts()

    def show(self, index: int, step: int, animate: bool) -> bool:
        """Show chart `index`, in motion from what was on screen towards `step`; False if
        it cannot be drawn (the caller marks it broken)."""
        before = (self.window.outgoing or self._on_screen()) if animate else None
        was_active = self.active
        self.pages.setCurrentWidget(self.view)
        self.view.set_language(self._lang)
        try:
            self.view.show_chart(index, animate=animate)
        except Exception:  # noqa: BLE001 — the window's guard logs it; the chart is skipped
            self.view.animation.stop()
            if not was_active:
                self.pages.setCurrentWidget(self.window.stage)
            return False
        self.active, self.window.outgoing = True, None
        self.dragger.watch()  # the plots take the mouse: the dragger follows it from now on
        if before is not None:
            self._cross(before, step or 1)
        self._label()
        if self.prepared:  # the next chart's plot, in idle time
            self.preparer.start()
        return True

    def leave(self) -> None:
        """The stage comes back; the slide's change starts from the chart on screen."""
        if not self.active:
            return
        if self.view.isVisible() and self.window.outgoing is None:
            self.window.outgoing = self._on_screen()
        self.active, self._grow = False, False
        self.view.animation.stop()
        self.pages.setCurrentWidget(self.window.stage)
        self._label()

    def shown_view(self) -> ChartsView | None:
        """The charts view while it is on screen (its taps and swipes are the loop's)."""
        return self._view if self.active else None

    def takes_tap(self, x: float, y: float) -> bool:
        """Whether a tap at (x, y), fractions of the charts view, lands on a bar, a part or
        a milestone: those take it (their figure shows), not the page's halves."""
        view = self.view
        if not view.count:
            return False
        plot = view.current()
        at = plot.mapFrom(view, QPoint(round(x * view.width()), round(y * view.height())))
        return plot.takes_tap_at(at)

    def broken(self, index: int) -> None:
        """Chart `index` was marked broken: hide the button once no chart is left."""
        self.view.animation.stop()
        self.button.setVisible(not all(map(self.is_broken, range(len(self._charts)))))

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
        QTimer.singleShot(0, layer.settle)  # once what the change posted (layouts) is done

    def peek(self, step: int) -> QPixmap | None:
        """The chart a swipe towards `step` brings, as it comes in (at the start of its
        growth), for a drag: drawn in the view for a moment, then the shown one is back."""
        view, layer = self.view, self.window.stage.overlay
        if not self.active or view.count < 2:
            return None
        here = view.index
        order = [(here + step * k) % view.count for k in range(1, view.count)]
        target = next((i for i in order if not self.is_broken(i)), None)
        if target is None or target == here:
            return None
        growing = view.animation.state() == QAbstractAnimation.State.Running
        at, progress = view.animation.currentTime(), view.current().progress
        quiet = logging.getLogger(view.__module__)  # not "chart 2/4" in the log: not shown
        level = quiet.level
        quiet.setLevel(logging.WARNING)
        try:
            view.show_chart(target, animate=False)
            view.current().set_progress(0.0)
            return layer.live()
        except Exception:  # noqa: BLE001 — it fails again when shown, and is skipped then
            return None
        finally:
            view.show_chart(here, animate=False)
            view.current().set_progress(progress)
            quiet.setLevel(level)
            if growing:
                view.animation.start()
                view.animation.setCurrentTime(at)

    def _moved(self) -> None:
        if self._grow and self.active and self._view is not None:
            self._view.animation.start()
        self._grow = False

    def _failed(self, index: int) -> None:
        """A frame of the shown chart's growth failed: skip it as if it had failed at once."""
        self.window.pages.mark_broken(self.page_of(index), "drawing it")

    def _label(self) -> None:
        self.button.marked = not self.active
        self.button.setText(_("Slides") if self.active else _("Charts"))
        self.button.setAccessibleName(self.button.text())
        self.button.updateGeometry()
        self.button.update()
        if (layout := self.window.layout()) is not None:  # now: renders grab at once
            layout.activate()
