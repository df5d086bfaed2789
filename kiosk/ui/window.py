"""The kiosk window: chrome, stage and the attract loop, wired to the navigator."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QHideEvent,
    QInputDevice,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QScreen,
    QShowEvent,
    QWindow,
)
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk import i18n, schedule
from kiosk.content import Content
from kiosk.i18n import _
from kiosk.navigation import Change, Event, NavigationConfig, Navigator
from kiosk.settings import Settings
from kiosk.ui import heap, motion, theme
from kiosk.ui.charts import ChartsMode
from kiosk.ui.chrome import ChromeButton, LanguageBar, Position
from kiosk.ui.detail import CLOSE_KEYS, Details
from kiosk.ui.display import Blackout
from kiosk.ui.overview import Overview
from kiosk.ui.slides import SlideView, view_for
from kiosk.ui.stage import Stage, paint_background
from kiosk.ui.transition import render_thumbnail
from kiosk.ui.widgets import Icon, TextLabel, localized

NEXT_KEYS = {Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_Down}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
}
log = logging.getLogger(__name__)
TICK_MS = 50  # drives the progress bar; the navigator itself needs no fixed rate
STATE_MS = 1000  # how often the window checks it is shown, exposed and on its screen
RECOVER_MAX_S = 60.0  # the longest pause between tries to show an unhealthy window again
SCHEDULE_MAX_S = 30.0  # the schedule is read again at least this often (see check_schedule)
SCHEDULE_LATE_MS = 200  # a timer armed for a change fires after it, never just before


def wall_clock() -> datetime:
    return datetime.now(UTC)


QUIT_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def is_quit_key(event: QKeyEvent) -> bool:
    """Ctrl+Shift+Q, the operator's way out; seen by the application-wide filter."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_Q and modifiers == QUIT_MODIFIERS


def from_touch(event: QEvent) -> bool:
    """A mouse event Qt made up from a touch (whose TouchBegin was counted already)."""
    device = event.device() if isinstance(event, QMouseEvent) else None
    return device is not None and device.type() == QInputDevice.DeviceType.TouchScreen


class KioskWindow(QWidget):
    slide_changed = Signal(int)
    language_changed = Signal(str)
    state_changed = Signal()  # window_state() changed, or a slide broke
    language_chosen = Signal(str)  # a visitor tapped a language (counted by kiosk.ui.metrics)
    touched = Signal()  # one visitor input: a press, a touch or a key (kiosk.ui.metrics)
    chart_shown = Signal(str)  # a chart's id, as it comes on screen (kiosk.ui.metrics)

    def __init__(
        self,
        content: Content,
        content_path: Path,
        settings: Settings,
        clock: Callable[[], float] = time.monotonic,
        live: bool = True,
        now: Callable[[], datetime] | None = wall_clock,
    ) -> None:
        super().__init__()
        self.setWindowTitle("Park Kiosk")
        self.now = now  # for the content's schedule; None: every page, unscheduled (render)
        self.settings, self.live = settings, live
        self.allow_close = False
        self.painted = False  # the slides are prepared in idle turns after the first frame
        self.content, self.folder = content, content_path.parent
        self.lang = ""
        self.outgoing: QPixmap | None = None  # what was on screen before the stage (screen_of)
        self.navigator = Navigator(
            [s.duration for s in content.slides],
            NavigationConfig(
                default_duration=settings.interval or content.default_duration,
                idle_resume=settings.idle_resume,
                idle_home=settings.idle_home,
            ),
            clock,
        )
        self.scale = theme.Scale.for_size(self.size())
        self.background = QPixmap()  # painted for the real size, in resizeEvent
        self._build()
        self.blackout = Blackout(self)  # the display-off hours
        self.set_content(content, content_path)
        self.set_language(settings.lang or self.content.default_language)

        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.cursor_timer = QTimer(self)
        self.cursor_timer.setSingleShot(True)
        self.cursor_timer.setInterval(round(settings.cursor_hide * 1000))
        self.cursor_timer.timeout.connect(self.hide_cursor)
        # Whether another X client unmapped, hid or moved the window: see window_state().
        self.kiosk_screen: QScreen | None = None  # set by keep_on_screen() in kiosk mode
        self.last_state: dict[str, object] | None = None
        self.recover_pause, self.recover_at = 1.0, 0.0
        self.state_timer = QTimer(self)
        self.state_timer.setInterval(STATE_MS)
        self.state_timer.timeout.connect(self.check_state)
        self.schedule_timer = QTimer(self)  # armed for the schedule's next change
        self.schedule_timer.setSingleShot(True)
        self.schedule_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.schedule_timer.timeout.connect(self.check_schedule)
        if live:
            self.state_timer.start()
            self.check_schedule()
            self.ticker.start()
            self.cursor_timer.start()
            if (app := QApplication.instance()) is not None:
                app.installEventFilter(self)

    # --- building ------------------------------------------------------------------------
    def _build(self) -> None:
        # Prepares hidden slides (fit, snapshot) one per idle turn of the event loop, so a
        # visitor's tap finds the next slide ready instead of laying it out on the spot.
        self.warmer = QTimer(self)
        self.warmer.setInterval(0)
        self.warmer.timeout.connect(self._warm_step)
        self.logo = Icon(self.folder / "art" / "logo-mark.svg")
        self.park_name = TextLabel(lambda lang: "", "chrome", part="park-name")
        self.languages = LanguageBar([])
        self.top = QGridLayout()  # one row in landscape; the languages get a row in portrait
        self.top.addWidget(self.logo, 0, 0)
        self.top.addWidget(self.park_name, 0, 1)
        self.top.setColumnStretch(1, 1)

        self.stage = Stage()
        self.stage.tapped.connect(self._tapped)
        self.stage.swiped.connect(lambda d: self.next() if d > 0 else self.previous())
        self.details = Details(self, self.stage)  # a tapped element's longer text

        self.previous_button = ChromeButton(arrow=-1)
        self.previous_button.setObjectName("previous")
        self.previous_button.clicked.connect(self.previous)
        self.next_button = ChromeButton(arrow=1)
        self.next_button.setObjectName("next")
        self.next_button.clicked.connect(self.next)
        self.position = Position(0)
        self.overview_button = ChromeButton(_("All slides"))
        self.overview_button.setObjectName("overview")
        self.overview_button.clicked.connect(self.toggle_overview)
        self.overview: Overview | None = None
        self.bottom = QHBoxLayout()
        self.bottom.addWidget(self.previous_button)
        self.bottom.addWidget(self.overview_button)
        self.bottom.addWidget(self.position, 1)
        self.bottom.addWidget(self.next_button)
        self.charts = ChartsMode(self)  # the charts view shares the stage's place
        self.bottom.addWidget(self.charts.button)

        self.root = QVBoxLayout(self)
        # The window's size is its screen's, never its children's minimum: text that does
        # not fit is wrapped or elided (TextLabel, ChromeButton), never allowed to widen it.
        self.root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.root.addLayout(self.top)
        self.root.addWidget(self.charts.pages, 1)
        self.root.addLayout(self.bottom)

    def set_content(self, content: Content, content_path: Path) -> None:
        """Show a (new) deck; the current slide stays if its id still exists."""
        # The whole deck is kept; what shows is what its schedule picks from it now.
        self.source, self.source_path = content, content_path
        now = self.now() if self.now else None
        self.scheduled = schedule.at(content, now) if now else schedule.unscheduled(content)
        content = self.scheduled.content
        if self.scheduled.fallback:  # never dark: see kiosk.schedule
            log.warning("no slide is in its schedule now: every page shows, unscheduled")
        current_id = self.current_slide_id() if self.stage.views else None
        views = self._build_views(content, content_path.parent)
        if len(views) != len(content.slides):  # the deck shown is the slides that built
            content = replace(content, slides=[v.slide for v in views])
        self.broken: set[str] = set()
        self.content, self.folder = content, content_path.parent
        self.park_name.source = localized(content.park.name)
        self.logo.path = self.folder / "art" / "logo-mark.svg"
        self.logo._cache = None  # a changed logo file shows after a reload
        self.logo.update()
        self.languages.deleteLater()
        self.languages = LanguageBar([(lang.code, lang.label) for lang in content.languages])
        self.languages.chosen.connect(self.choose_language)
        self._place_languages()
        self.stage.set_views(views)
        self.details.close()
        self.details.decorate(views)
        self._make_overview()
        self.charts.set_content(content)
        keep = content.slide_index(current_id) if current_id else None
        self.navigator.replace_slides([s.duration for s in content.slides], keep)
        self.position.count = len(content.slides)
        if self.lang and self.lang not in content.language_codes:
            self.lang = content.default_language
        lang, self.lang = self.lang, ""
        self._restyle()
        if lang:
            self.set_language(lang)
        self._show(self.navigator.index, 0, animate=False)
        self.blackout.set_off(self.scheduled.display_off)

    def _build_views(self, content: Content, folder: Path) -> list[SlideView]:
        """A view per slide; one that fails to build is logged and left out, never fatal."""
        views: list[SlideView] = []
        for slide in content.slides:
            try:
                views.append(view_for(slide, folder))
            except Exception:  # one broken slide must not take the deck down
                log.exception("slide %s (%s) could not be built; skipped", slide.id, slide.kind)
        return views

    # --- language ------------------------------------------------------------------------
    def choose_language(self, code: str) -> None:
        """A visitor tapped a language: counts as an interaction."""
        self.navigator.interact()
        self.language_chosen.emit(code)
        self.set_language(code)

    def set_language(self, code: str) -> None:
        if code not in self.content.language_codes:
            code = self.content.default_language
        if code == self.lang:
            return
        self.lang = code
        self.thumbnails.clear()  # pictures of the old language's slides: not shown again
        # No QFont.cleanup() here to drop the old language's glyph caches: it is Qt's
        # internal tear-down and corrupted the heap of a running kiosk (soak tests).
        QTimer.singleShot(0, heap.trim)
        log.info("language %s", code)
        i18n.set_language(code)
        QLocale.setDefault(QLocale(code.replace("_", "-")))
        self.languages.set_current(code)
        self.park_name.show_language(code)
        self.park_name.restyle(code, self.scale, 1.0)
        self.overview_button.setText(_("All slides"))
        self.overview_button.updateGeometry()
        if self.overview is not None and self.overview.isVisible():
            self._refresh_overview()
        self.previous_button.setAccessibleName(_("Previous slide"))
        self.next_button.setAccessibleName(_("Next slide"))
        # Only the visible slide is re-read now; the others follow when they are shown.
        view = self.stage.page()
        if view is not None:
            try:
                view.set_language(code)
            except Exception:  # noqa: BLE001 — skip the slide rather than stop the kiosk
                self._skip_broken(view, "changing its language")
        self.charts.set_language(code)
        self.details.set_language(code)
        self.language_changed.emit(code)
        self._schedule_warm()

    def _schedule_warm(self) -> None:
        # Not before the first frame: a zero-interval timer would run ahead of the paint.
        if self.live and self.painted:
            self.warmer.start()

    def _warm_step(self) -> None:
        """Get one slide ready in the current language and size: every slide laid out, and
        the shown one and the next also snapshotted for their transition."""
        overlay, area = self.stage.overlay, self.stage.rect()
        if overlay.isVisible():  # never compete with a transition's frames
            self.warmer.start(50)
            return
        self.warmer.setInterval(0)
        count = len(self.stage.views)
        here = self.stage.current()
        near = {(here + d) % count for d in (0, 1)} if count else set()
        for i, view in enumerate(self.stage.views):
            if view.slide.id in self.broken:
                continue
            laid_out = view.lang == self.lang and view.size() == area.size()
            if laid_out and (i not in near or overlay.has(view)):
                continue
            try:
                # The stack sizes only its current page; size hidden ones here.
                view.prepare(area, self.lang)
                if i in near:
                    overlay.snapshot(view)
            except Exception:  # logged; the slide is skipped when shown
                log.exception("slide %s failed while prepared; skipped", view.slide.id)
                self.broken.add(view.slide.id)
                continue
            return
        self.warmer.stop()

    # --- overview ------------------------------------------------------------------------
    def _make_overview(self) -> None:
        if self.overview is not None:
            self.overview.deleteLater()
        self.overview = Overview([slide.title for slide in self.content.slides], self)
        self.thumbnails: dict[tuple[int, str, int, int], QPixmap] = {}
        self.overview.chosen.connect(self._overview_chosen)
        self.overview.hide()

    def toggle_overview(self) -> None:
        self.details.close()
        if self.overview is None:
            return
        overview = self.overview
        if overview.isVisible():
            motion.change(self, overview.hide, motion.DOWN)
            return
        self._refresh_overview()

        def open_it() -> None:
            overview.show()
            overview.raise_()

        motion.change(self, open_it, motion.UP)

    def _refresh_overview(self) -> None:
        if self.overview is None:
            return
        self.overview.setGeometry(QRect(self.stage.mapTo(self, QPoint(0, 0)), self.stage.size()))
        current = -1 if self.charts.active else self.navigator.index  # a chart: no slide
        self.overview.refresh(self.lang, self.scale, current, self._picture)

    def _picture(self, index: int) -> QPixmap:
        view = self.stage.views[index]
        key = (index, self.lang, self.stage.width(), self.stage.height())
        if key in self.thumbnails:
            return self.thumbnails[key]
        try:
            view.prepare(self.stage.rect(), self.lang)
            picture = render_thumbnail(view, self.scale.px(360))
            self.thumbnails[key] = picture
            return picture
        except Exception:  # a blank thumbnail, not a dead overview
            log.exception("no thumbnail for slide %d", index + 1)
            return QPixmap()

    def _overview_chosen(self, index: int) -> None:
        if self.overview is not None:
            self.outgoing = self.screen_of(self.overview)
            self.overview.hide()
        self.go_to(index)

    def screen_of(self, widget: QWidget) -> QPixmap:
        """The pixels `widget` shows now: the next slide's transition starts from them."""
        return self.grab(QRect(widget.mapTo(self, QPoint(0, 0)), widget.size()))

    # --- schedule ------------------------------------------------------------------------
    def check_schedule(self) -> None:
        """Show what the schedule says now: pages come and go, a visit starts or ends, the
        display sleeps or wakes, on time and without a restart. The timer is armed for the
        next change, but never more than SCHEDULE_MAX_S ahead: Qt's timers follow the
        monotonic clock, so a wall clock set late (NTP after boot, a suspend) is caught."""
        if self.now is None:
            return
        before, now = self.scheduled, self.now()
        if schedule.at(self.source, now).key != before.key:
            self.set_content(self.source, self.source_path)
            self._schedule_changed(before)
        elif before.display_off:
            self.blackout.set_off(True)  # a touch may have woken the display: sleep again
        wait = SCHEDULE_MAX_S
        if self.scheduled.next_change is not None:
            wait = min(wait, (self.scheduled.next_change - now).total_seconds())
        self.schedule_timer.start(max(0, round(wait * 1000)) + SCHEDULE_LATE_MS)

    def _schedule_changed(self, before: schedule.Scheduled) -> None:
        after = self.scheduled
        if after.visit != before.visit:
            guests = after.visit and f"{after.visit.id} in {after.visit.language}"
            log.info("visit %s", guests or "over")
        if (after.visit, after.display_off) == (before.visit, before.display_off):
            return
        self.state_changed.emit()
        if self.navigator.paused and not after.display_off:
            return  # a visitor is using it: the idle reset goes home later
        # A visit starts or ends, a night begins or ends: the loop starts over, at home.
        self.navigator.replace_slides([s.duration for s in self.content.slides], 0)
        self.set_language(self.content.default_language)
        self._show(0, 0, animate=False)

    # --- navigation ----------------------------------------------------------------------
    def current_slide_id(self) -> str:
        return self.content.slides[self.navigator.index].id

    def current_index(self) -> int | None:
        """The navigator's slide; None while no slide could be built."""
        return self.navigator.index if self.stage.views else None

    def next(self) -> None:
        self._apply(self.navigator.next())

    def previous(self) -> None:
        self._apply(self.navigator.previous())

    def go_to(self, index: int) -> None:
        self._apply(self.navigator.go_to(index))

    def tick(self) -> None:
        if self.blackout.off:
            return  # the loop rests while the display is off
        for item in self.navigator.tick():
            if item in (Event.RESUMED, Event.WENT_HOME):
                self.details.close()  # the idle closes an open detail
            if isinstance(item, Change):
                self._apply(item)
            elif item is Event.RESUMED and self.overview is not None:
                self.overview.hide()  # the loop goes on in view, not behind a stale overview
            elif item is Event.WENT_HOME:
                if self.overview is not None:
                    self.overview.hide()
                self.set_language(self.home_language())
        self._update_position()

    def home_language(self) -> str:
        """The long idle's language: a visit's, else --lang / the settings' lang, else the
        content's default (set_language falls back to it for a code the deck lacks)."""
        if self.scheduled.visit is None and self.settings.lang:
            return self.settings.lang
        return self.content.default_language

    def _apply(self, change: Change) -> None:
        self.details.close()  # a move is never made behind a detail
        if self.overview is not None and self.overview.isVisible():
            self.outgoing = self.screen_of(self.overview)  # the move starts from it
            self.overview.hide()  # a move is seen, never made behind the overview
        routed = self.charts.route(change)  # the charts view takes the moves meant for it
        if routed is None:
            self._update_position()
            return
        change = routed
        if change.index != change.previous or self.stage.current() != change.index:
            self._show(change.index, change.direction, animate=True)
        self._update_position()

    def _show(self, index: int, direction: int, animate: bool) -> None:
        if not self.stage.views:
            return
        count = len(self.stage.views)
        for step in range(count):  # a slide that fails to show is skipped and logged
            i = (index + step * (direction or 1)) % count
            if self.content.slides[i].id in self.broken:
                continue
            view = self.stage.views[i]
            try:
                view.prepare(self.stage.rect(), self.lang)  # the stack sizes only its page
                duration = self.settings.transition_ms if animate and self.live else 0
                self.stage.show_view(i, direction, duration, self.outgoing)
                self.outgoing = None
            except Exception:  # noqa: BLE001 — _mark_broken logs it; the slide is skipped
                self._mark_broken(i, "showing it")
                animate = False  # no transition out of a half-shown slide
                continue
            if i != index:  # the navigator follows, without counting it as an interaction
                self.navigator.replace_slides([s.duration for s in self.content.slides], i)
            log.info("slide %d/%d %s", i + 1, count, self.content.slides[i].id)
            self.slide_changed.emit(i)
            self._schedule_warm()  # the new neighbours' snapshots
            return
        log.error("no slide of %d can be shown", count)

    def _mark_broken(self, index: int, doing: str) -> None:
        slide = self.content.slides[index]
        log.exception("slide %s failed while %s; skipped from now on", slide.id, doing)
        self.broken.add(slide.id)
        self.state_changed.emit()
        self.stage.overlay.stop()

    def _skip_broken(self, view: SlideView, doing: str) -> None:
        index = self.stage.views.index(view)
        self._mark_broken(index, doing)
        self._show(index, 1, animate=False)

    def _update_position(self) -> None:
        index, count = self.charts.position() or (self.navigator.index, self.navigator.count)
        self.position.set_state(index, count, self.navigator.progress())

    def _tapped(self, x: float, y: float) -> None:
        if self.details.tap(self.stage.page(), x, y):
            return  # an element took it: its detail opens (or nothing, if it has none)
        if x >= 0.5:
            self.next()
        else:
            self.previous()

    # --- input ---------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if self.details.is_open() and key in CLOSE_KEYS:
            self.details.close()
        elif key in NEXT_KEYS:
            self.next()
        elif key in PREVIOUS_KEYS:
            self.previous()
        elif key == Qt.Key.Key_Home:
            self._apply(self.navigator.first())
        elif key == Qt.Key.Key_End:
            self._apply(self.navigator.last())
        # Escape, Alt+F4 and everything else are swallowed: visitors cannot leave the kiosk.
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if isinstance(event, QKeyEvent) and kind == QEvent.Type.KeyPress and is_quit_key(event):
            self.operator_quit()
            return True
        if kind in INPUT_EVENTS and self.blackout.off:
            return True  # display-off hours: no key, tap or wheel moves the loop behind the black
        if kind in INPUT_EVENTS:
            self.navigator.interact()
            self.show_cursor()
            # Counted once, where it first arrives (the window, before its widgets and their
            # parents see it), and not again as the mouse press Qt makes of a touch.
            if isinstance(watched, QWindow) and kind != QEvent.Type.Wheel and not from_touch(event):
                self.touched.emit()
        elif kind == QEvent.Type.MouseMove:
            self.show_cursor()
        return False

    def show_cursor(self) -> None:
        if self.cursor().shape() == Qt.CursorShape.BlankCursor:
            self.unsetCursor()
        self.cursor_timer.start()

    def hide_cursor(self) -> None:
        self.setCursor(Qt.CursorShape.BlankCursor)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.allow_close:
            if (app := QApplication.instance()) is not None:
                app.removeEventFilter(self)
            self.ticker.stop()
            event.accept()
        else:
            event.ignore()  # window-close requests (Alt+F4 from a window manager) do nothing

    def operator_quit(self) -> None:
        self.allow_close = True
        self.close()
        QApplication.quit()

    # --- window state --------------------------------------------------------------------
    def keep_on_screen(self, screen: QScreen) -> None:
        """Kiosk mode: the window must cover `screen`; it is shown again when it does not."""
        self.kiosk_screen = screen
        self.check_state()

    def window_state(self) -> dict[str, object]:
        """Visible (mapped), exposed (drawn on screen), covering its screen; for health.json.
        Covering the screen counts towards `healthy` only in kiosk mode (keep_on_screen)."""
        handle = self.windowHandle()
        visible = bool(self.isVisible() and handle is not None and handle.isVisible())
        exposed = bool(handle is not None and handle.isExposed())
        screen = self.kiosk_screen or self.screen()
        where = QRect(self.mapToGlobal(QPoint(0, 0)), self.size())
        covers = screen is not None and where == screen.geometry()
        healthy = visible and exposed and (covers or self.kiosk_screen is None)
        return {
            "visible": visible,
            "exposed": exposed,
            "covers_screen": covers,
            "geometry": [where.x(), where.y(), where.width(), where.height()],
            "healthy": healthy,
        }

    def is_healthy(self) -> bool:
        """Shown, exposed and (in kiosk mode) covering its screen: what a watchdog checks."""
        return bool(self.window_state()["healthy"])

    def check_state(self) -> None:
        """Log and signal a change of the window's state; try to recover an unhealthy one."""
        state = self.window_state()
        if state != self.last_state:
            healthy = state["healthy"]
            level = logging.INFO if healthy or self.last_state is None else logging.WARNING
            log.log(level, "window %s: %s", "healthy" if healthy else "NOT healthy", state)
            if healthy:
                self.recover_pause = 1.0
            self.last_state = state
            self.state_changed.emit()
        if not state["healthy"] and self.kiosk_screen is not None and not self.allow_close:
            now = time.monotonic()
            if now >= self.recover_at:  # 1, 2, 4 ... 60 s between tries
                self.recover_at = now + self.recover_pause
                self.recover_pause = min(RECOVER_MAX_S, self.recover_pause * 2)
                self.recover()

    def recover(self) -> None:
        """Show the window full screen on its screen again (after an unmap, a move)."""
        screen = self.kiosk_screen
        if screen is None:
            return
        log.warning("showing the window full screen on %s again", screen.name())
        handle = self.windowHandle()
        if handle is not None and handle.isVisible() and not handle.isExposed():
            self.hide()  # Qt still takes an unmapped window for shown: map it anew
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()
        self.raise_()
        self.activateWindow()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.live:
            QTimer.singleShot(0, self, self.check_state)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        if self.live:
            QTimer.singleShot(0, self, self.check_state)

    # --- geometry and paint --------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        self.scale = theme.Scale.for_size(self.size())
        self.background = paint_background(self.size())
        self._restyle()
        super().resizeEvent(event)
        self._schedule_warm()
        if self.overview is not None and self.overview.isVisible():
            QTimer.singleShot(0, self._refresh_overview)  # after the layout has the new size
        QTimer.singleShot(0, self.details.relayout)

    def _place_languages(self) -> None:
        self.top.removeWidget(self.languages)
        if self.scale.portrait:
            self.top.addWidget(self.languages, 1, 0, 1, 2, Qt.AlignmentFlag.AlignLeft)
        else:
            self.top.addWidget(self.languages, 0, 2)

    def _restyle(self) -> None:
        s = self.scale
        self._place_languages()
        side = s.px(96 if s.portrait else 80)
        self.root.setContentsMargins(side, s.px(36), side, s.px(30))
        self.root.setSpacing(s.px(28))
        self.top.setHorizontalSpacing(s.px(18))
        self.top.setVerticalSpacing(s.px(24))
        self.logo.set_side(s.px(56))
        if self.lang:
            self.park_name.restyle(self.lang, s, 1.0)
        self.languages.restyle(s)
        self.position.restyle(s)
        self.charts.restyle(s, self.lang or "en")
        for button in (self.previous_button, self.next_button, self.overview_button):
            button.restyle(s, self.lang or "en")
        self.root.activate()
        self.stage.overlay.background = self.background
        self.stage.overlay.duration_ms = self.settings.transition_ms if self.live else 0

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).drawPixmap(QPoint(0, 0), self.background)
        if not self.painted:
            self.painted = True
            self._schedule_warm()
            QTimer.singleShot(0, heap.trim)  # what start-up's imports left behind
