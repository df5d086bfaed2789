"""The kiosk window: the chrome and the page area, laid out; the loop's pages shown in it
(kiosk.loop through kiosk.ui.loopview; pages, touch, language, overview, charts, warming,
schedule and window state each in their own kiosk.ui module)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QPoint, QSize, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPainter, QPaintEvent, QPixmap, QScreen
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from kiosk import schedule
from kiosk.content import Content
from kiosk.loop import Loop
from kiosk.navigation import NavigationConfig
from kiosk.settings import Settings
from kiosk.ui import frame, heap, theme
from kiosk.ui.charts import ChartsMode
from kiosk.ui.chrome import ChromeButton, LanguageBar, Position
from kiosk.ui.cue import AttractCue
from kiosk.ui.detail import Details
from kiosk.ui.display import Blackout
from kiosk.ui.language import show_language
from kiosk.ui.loopview import LoopModel
from kiosk.ui.overview import Overview, OverviewMode
from kiosk.ui.pages import Pages, build_views, pages_of
from kiosk.ui.stage import Stage, paint_background
from kiosk.ui.timetable import Timetable
from kiosk.ui.touch import TouchRules
from kiosk.ui.warm import Warmer
from kiosk.ui.watch import WindowWatch
from kiosk.ui.widgets import Icon, TextLabel, localized

log = logging.getLogger(__name__)
TICK_MS = 50  # drives the progress bar; the loop itself needs no fixed rate


def wall_clock() -> datetime:
    return datetime.now(UTC)


class KioskWindow(QWidget):
    slide_changed = Signal(int)
    language_changed = Signal(str)
    state_changed = Signal()  # window_state() changed, or a page broke
    language_chosen = Signal(str)  # a visitor tapped a language (counted by kiosk.ui.metrics)
    touched = Signal()  # one visitor input: a press, a touch or a key (kiosk.ui.metrics)
    chart_shown = Signal(str)  # a chart's id, as it comes on screen (kiosk.ui.metrics)
    logo: Icon  # the chrome, built by kiosk.ui.frame
    park_name: TextLabel
    languages: LanguageBar
    previous_button: ChromeButton
    next_button: ChromeButton
    overview_button: ChromeButton
    position: Position

    def __init__(
        self,
        content: Content,
        content_path: Path,
        settings: Settings,
        clock: Callable[[], float] = time.monotonic,
        live: bool = True,
        now: Callable[[], datetime] | None = wall_clock,
        defer_views: bool = False,
        size: QSize | None = None,
    ) -> None:
        super().__init__()
        if size is not None:  # the size it will be shown at: laid out once (app.start_size)
            self.resize(size)
        # The slides' widgets: at a start, only the first page's before the first frame
        # (the others by the warmer after it, see SlideView.ensure_built); else all at once.
        self.defer_views = defer_views
        self.setWindowTitle("Park Kiosk")
        self.now = now  # for the content's schedule; None: every page, unscheduled (render)
        self.settings, self.live = settings, live
        self.allow_close = False
        self.painted = False  # the slides are prepared in idle turns after the first frame
        self.content, self.folder = content, content_path.parent
        self.shown_lang = ""  # the language the widgets show (the loop's, once applied)
        self.outgoing: QPixmap | None = None  # what was on screen before the stage (charts)
        interval = settings.interval or content.default_duration
        config = NavigationConfig(interval, settings.idle_resume, settings.idle_home)
        self.loop = Loop([], [], settings.lang or content.default_language, config, clock)
        self.navigator = self.loop  # the name the tests and tools have always read
        self.model = LoopModel(self.loop, self)
        self.scale = theme.Scale.for_size(self.size())
        self.background = QPixmap()  # painted for the real size, in resizeEvent
        self.build()
        self.cue = AttractCue(self)  # "Touch to explore" until a touch (fault 8)
        self.model.went_home.connect(self.cue.invite)
        self.blackout = Blackout(self)  # the display-off hours
        self.timetable = Timetable(self)  # the content's schedule, followed as it runs
        self.schedule_timer = self.timetable.timer
        self.rules.asleep = lambda: self.blackout.off
        self.set_content(content, content_path)
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self.tick)
        self.watch = WindowWatch(self, live)  # shown, exposed, covering its screen
        self.watch.changed.connect(self.state_changed)
        if live:
            self.check_schedule()
            self.ticker.start()

    def build(self) -> None:
        model = self.model
        self.pages = Pages(self)  # the loop's pages on screen, and the broken-page guard
        model.language_changed.connect(lambda code: show_language(self, code))
        self.rules = TouchRules(self, model, self.settings.cursor_hide, self.live)
        self.rules.touched.connect(self.touched)
        self.rules.quit.connect(lambda: self.watch.quit())
        self.top = frame.build_top(self)
        self.stage = Stage(self)
        self.stage.tapped.connect(lambda x, y: self.rules.tap(x, y, self.pages.takes_slide_tap))
        self.stage.swiped.connect(self.rules.swipe)
        self.details = Details(self, self.stage)  # a tapped element's longer text
        self.details.opened.connect(model.open_detail)
        self.details.closed.connect(lambda: model.close() if model.mode == "detail" else None)
        self.warmer = Warmer(
            self.stage, lambda: self.lang, self.loop.is_broken, self.pages.unready, self,
            left_out=lambda _index: self.set_content(self.source, self.source_path),
        )  # fmt: skip
        self.overviews = OverviewMode(self, self.stage, model)
        self.bottom = frame.build_bottom(self)
        self.charts = ChartsMode(self, model)  # the charts view shares the stage's place
        self.bottom.addWidget(self.charts.button)
        self.rules.pages.append((self.charts.shown_view, self.pages.takes_chart_tap))
        self.root = QVBoxLayout(self)
        # The window's size is its screen's, never its children's minimum: text that does
        # not fit is wrapped or elided (TextLabel, ChromeButton), never allowed to widen it.
        self.root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.root.addLayout(self.top)
        self.root.addWidget(self.charts.pages, 1)
        self.root.addLayout(self.bottom)

    def set_content(self, content: Content, content_path: Path) -> None:
        """Show a (new) deck; the page shown stays if its id still exists."""
        # The whole deck is kept; what shows is what its schedule picks from it now.
        self.source, self.source_path = content, content_path
        now = self.now() if self.now else None
        self.scheduled = schedule.at(content, now) if now else schedule.unscheduled(content)
        content = self.scheduled.content
        if self.scheduled.fallback:  # never dark: see kiosk.schedule
            log.warning("no slide is in its schedule now: every page shows, unscheduled")
        views = build_views(content, content_path.parent, self.defer_views and not self.painted)
        if len(views) != len(content.slides):  # the deck shown is the slides that built
            content = replace(content, slides=[v.slide for v in views])
        self.content, self.folder = content, content_path.parent
        self.park_name.source = localized(content.park.short_name)  # the full one: welcome page
        self.logo.path = self.folder / "art" / "logo-mark.svg"
        self.logo.set_side(0)  # drops its picture: a changed logo file shows after a reload
        frame.set_languages(self, content)
        self.stage.set_views(views)
        self.details.close()
        self.details.decorate(views)
        self.overviews.make([slide.title for slide in content.slides])
        self.charts.set_content(content)
        codes = [content.default_language, *content.language_codes]
        self.shown_lang = ""
        self.model.replace_pages(pages_of(content, self.folder), list(dict.fromkeys(codes)))
        self.loop.set_home_language(self.timetable.home_language())
        frame.restyle(self)
        if self.shown_lang != self.lang:
            show_language(self, self.lang)
        self.pages.show_current()
        self.blackout.set_off(self.scheduled.display_off)

    # --- language ------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.loop.lang

    def set_language(self, code: str) -> None:
        self.model.set_language(code)

    # --- pages ---------------------------------------------------------------------------
    @property
    def overview(self) -> Overview | None:
        return self.overviews.widget

    @property
    def broken(self) -> set[str]:
        """The pages skipped for a fault (slide ids, chart:<id>), for health.json."""
        return self.loop.broken

    def current_slide_id(self) -> str:
        return self.content.slides[min(self.loop.last_slide, len(self.content.slides) - 1)].id

    def current_index(self) -> int | None:
        """The loop's page (slides first); None while no slide could be built."""
        return self.loop.index if self.stage.views else None

    def go_to(self, index: int) -> None:
        self.model.go_to(index)

    def tick(self) -> None:
        if not self.blackout.off:  # the loop rests while the display is off
            self.model.tick()
        self.pages.update_position()

    def check_schedule(self) -> None:
        self.timetable.check()

    # --- input and the window's life -------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        self.rules.key(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.allow_close:
            self.rules.stop()
            self.ticker.stop()
        event.setAccepted(self.allow_close)  # a window manager's close request does nothing

    def keep_on_screen(self, screen: QScreen) -> None:
        self.watch.keep_on_screen(screen)

    def window_state(self) -> dict[str, object]:
        return self.watch.state()

    def is_healthy(self) -> bool:
        """Shown, exposed and (in kiosk mode) covering its screen: what a watchdog checks."""
        return bool(self.watch.state()["healthy"])

    # --- geometry and paint --------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001
        self.scale = theme.Scale.for_size(self.size())
        self.background = paint_background(self.size())
        frame.restyle(self)
        super().resizeEvent(event)
        self.warmer.schedule()
        if self.overviews.isVisible():  # after the layout has the new size
            QTimer.singleShot(0, lambda: self.overviews.refresh(self.scale))
        QTimer.singleShot(0, self.details.relayout)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).drawPixmap(QPoint(0, 0), self.background)
        if not self.painted:
            self.painted = self.warmer.allowed = True
            self.warmer.schedule()
            QTimer.singleShot(0, heap.trim)  # what start-up's imports left behind
