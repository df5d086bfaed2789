"""Start the kiosk: the Qt application, the content, the window in kiosk mode."""

from __future__ import annotations

import builtins
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# Qt-free modules before PySide6: once it is imported, its import hook reads the source
# of every module imported after it, looking for "PySide6" (shibokensupport.feature,
# PYSIDE-2029): 12 ms of the start for ~130 modules, 6.5 ms with these imported first. The
# window's own Qt-free modules are imported here for that reason alone.
import kiosk.formatting
import kiosk.i18n
import kiosk.linebreak
import kiosk.notify
import kiosk.schedule
import kiosk.textfit  # noqa: F401
from kiosk import __version__
from kiosk.content import ContentError
from kiosk.content.cache import load_content_cached, remember_good
from kiosk.environment import display_problem, fallback_folder, no_home_reason
from kiosk.logs import file_sha256, install_excepthook, rss_mb, setup_logging
from kiosk.settings import Settings
from kiosk.ui import heap

# isort: split
_IMPORT = builtins.__import__  # as it is before PySide6 replaces it (see below)
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, QStandardPaths, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication, QScreen  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

# PySide6 puts the hook of its opt-in __feature__ switches (`from __feature__ import
# snake_case, true_property`, never used here) in place of builtins.__import__: from then
# on every import statement runs through it, and every new module's source is read (see
# above). The import it replaced goes back: ~15 ms of each start, whose window modules all
# come after PySide6. Where PySide6 was imported before this module (tests, tools), it stays.
if builtins.__import__ is not _IMPORT:
    builtins.__import__ = _IMPORT

from kiosk.ui.fonts import families, register_fonts  # noqa: E402

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


def application(tune_heap: bool = True) -> QApplication:
    if tune_heap:  # `run` tunes it after the first frame: ctypes is not needed for it
        heap.tune()  # full-screen pictures mapped and unmapped, not left as holes in the heap
    existing = QApplication.instance()  # typed QCoreApplication; a test's is a QApplication
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("park-kiosk")
    app.setOrganizationName("park-kiosk")
    register_fonts()
    # The bundled faces for every widget, including those that never set a font: the
    # system's default face (a 20 MB CJK collection on some machines) is then never loaded.
    default = app.font()
    default.setFamilies(families("en"))
    app.setFont(default)
    return app


log = logging.getLogger(__name__)


def data_folder() -> Path | None:
    """The platform's application-data folder for park-kiosk (logs, health.json); None
    without a home (HOME unset: Qt would answer //.local/...), see fallback_folder()."""
    if no_home_reason():
        return None
    QCoreApplication.setApplicationName("park-kiosk")  # as application() sets them
    QCoreApplication.setOrganizationName("park-kiosk")
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else None


def exit_after_first_frame(window: KioskWindow) -> None:
    """Print 'first-frame <RSS MB>' once the window has painted its first frame, then quit.

    Here rather than in kiosk.bench, whose imports would be counted in the start-up it times.
    """

    class Watch(QObject):
        done = False

        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True  # the rest of this frame's children paint before the timer
                QTimer.singleShot(0, report)
            return False

    def report() -> None:
        print(f"first-frame {rss_mb() or 0:.1f}", flush=True)
        window.allow_close = True  # Qt 6 quits only if every window agrees to close
        QApplication.quit()

    window.installEventFilter(Watch(window))


def log_settings_problem(log_file: Path | None, problem: str) -> None:
    """Bad settings stop the start: said on stderr (by the caller) and in kiosk.log too,
    where an unattended kiosk's operator looks. The log file is --log-file if given (the
    settings file's own log_file cannot be trusted), else the default one."""
    setup_logging(None if log_file else data_folder(), log_file, fallback=fallback_folder())
    log.error("not started, the settings have problems: %s", problem, extra={"file_only": True})


START_SERVICES_MS = 300  # ms after exec() starts: past the first frame
PREPARE_CHARTS_MS = 3000  # the slides are prepared by then, and the first stays 12 s


WINDOWED = QSize(1280, 720)  # --windowed


def chosen_screen(settings: Settings) -> QScreen:
    screens = QGuiApplication.screens()
    if settings.screen is not None and 0 <= settings.screen < len(screens):
        return screens[settings.screen]
    return QGuiApplication.primaryScreen()


def start_size(settings: Settings) -> QSize:
    """The size show_full_screen gives the window: it is built at that size, so that its
    layout is made once, not first for Qt's default size and again when shown (~8 ms)."""
    return WINDOWED if settings.windowed else chosen_screen(settings).geometry().size()


def show_full_screen(widget: QWidget, settings: Settings) -> QScreen | None:
    """Shows `widget` frameless over its whole screen (or in a normal window with
    --windowed) and returns that screen (None when windowed)."""
    screen = chosen_screen(settings)
    if settings.windowed:
        widget.resize(WINDOWED)
        widget.show()
        return None
    widget.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    widget.setScreen(screen)
    # Without a window manager (a bare X kiosk session) only the geometry makes it fill
    # the screen; with one, showFullScreen() asks for the full-screen state.
    widget.setGeometry(screen.geometry())
    widget.showFullScreen()
    return screen


def run(settings: Settings) -> int:
    folder = None if settings.log_file else data_folder()
    log_path = setup_logging(folder, settings.log_file, fallback=fallback_folder())
    install_excepthook()
    no_display = display_problem()  # else Qt aborts (SIGABRT) blaming xcb-cursor
    if no_display:
        print(f"kiosk: {no_display}", file=sys.stderr, flush=True)
        log.error("not started: %s", no_display, extra={"file_only": True})
        return 2  # a supervisor retries; the desktop session may not be up yet
    # health.json never depends on the log file opening: beside the log, else in the data
    # folder; written first thing, so a start-up that hangs leaves `state: "starting"`.
    health_folder = log_path.parent if log_path else (folder or data_folder())
    if health_folder:
        from kiosk.ui.health import HEALTH_NAME, write_starting

        write_starting(health_folder / HEALTH_NAME)
    # Where the shown content came from (kiosk.ui.problem.Shown's fields, that module
    # imported only when the content fails); sha256 None: the reloader reads the file's.
    shown_path = settings.content
    shown_sha256: str | None = None
    shown_problem: str | None = None
    sync = None
    if settings.content_url:  # a bundle URL: its last good bundle, else the bundled deck
        from kiosk.ui.remote import local_settings, make_sync

        sync = make_sync(settings)
        settings = local_settings(settings, sync)
        shown_path = settings.content
    try:
        content = load_content_cached(settings.content)
    except ContentError as exc:  # never dark: the last good content, or a problem page
        from kiosk.ui.problem import fall_back

        fallback = fall_back(settings, exc, health_folder)
        if fallback is None:
            return 0  # the operator quit on the content-problem page
        content, shown = fallback
        shown_path, shown_sha256, shown_problem = shown.path, shown.sha256, shown.problem
    log.info(
        "Park Kiosk %s starting: content %s sha256 %s, log %s",
        __version__,
        settings.content,
        file_sha256(settings.content),
        log_path,
    )
    app = application(tune_heap=False)
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(content, shown_path, settings, defer_views=True, size=start_size(settings))
    if os.environ.get("KIOSK_FIRST_FRAME_EXIT"):  # `kiosk bench` times start-up with this
        exit_after_first_frame(window)
    screen = show_full_screen(window, settings)
    if screen is not None:
        window.keep_on_screen(screen)  # shown again if unmapped or moved off its screen
    window.activateWindow()
    window.setFocus()
    services: list[object] = []  # the watcher and the health writer live as long as exec()
    from kiosk.ui.stop import StopOnSignals  # a stop writes the day's counts and health

    stop = StopOnSignals(app)

    def start_services() -> None:
        from kiosk.ui.health import HEALTH_NAME, HealthWriter
        from kiosk.ui.reload import ContentReloader

        heap.tune()  # full-screen pictures mapped and unmapped, not left as holes in the heap
        reloader = ContentReloader(
            window, settings.content, shown_sha256=shown_sha256, problem=shown_problem
        )
        services.append(reloader)
        if shown_problem is None:  # kept for a start on a broken file
            remember_good(settings.content, content)
        remote = None
        if sync is not None:  # follows the bundle URL from now on
            from kiosk.ui.remote import RemoteSync

            remote = RemoteSync(sync, reloader, settings.poll)
            remote.start()
        if health_folder:
            health = HealthWriter(window, health_folder / HEALTH_NAME, reloader, sync=remote)
            health.start()
            services.append(health)
            app.aboutToQuit.connect(lambda: health.write_stopped(stop.reason()))
        from kiosk.ui.metrics import WindowMetrics  # counts; the endpoint only with --metrics

        metrics = WindowMetrics(window, reloader)
        app.aboutToQuit.connect(metrics.stop)  # the day's last counts reach the totals file
        services.append(metrics)

    # After the first frame: a visitor sees the first slide before the watchers start.
    QTimer.singleShot(START_SERVICES_MS, start_services)
    QTimer.singleShot(PREPARE_CHARTS_MS, window.charts.prepare)
    # systemd's watchdog and `kiosk supervise`: READY=1 after the first frame, then a
    # heartbeat from this (the GUI) thread while the window is healthy.
    from kiosk.ui.heartbeat import HeartbeatTimer

    heartbeat = HeartbeatTimer(window)
    if heartbeat.start():
        app.aboutToQuit.connect(heartbeat.stop)
    code = app.exec()
    stop.die_as_received()
    return code
