"""Memory of the real window: steady, after live reloads, over many page changes.

Run as its own process (`python -m kiosk.memory --json`), so that its figures are those of
a kiosk and nothing else: `kiosk bench` starts it on an Xvfb display at 1920x1080 when it
can (a real X window, with its backing store), offscreen otherwise. The window is the
kiosk's own KioskWindow, live; pages change through real key presses and clicks, each
transition played (its snapshots made) and jumped to its end; reloads go through the live
reloader (ContentReloader.check -> window.set_content) on two valid edits in turn.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.logs import rss_mb

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


def settle(window: KioskWindow) -> None:
    """Let the window do what it does in idle time: prepare slides, build plots, delete
    what was replaced."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    while window.warmer.isActive() or window.charts.preparer.isActive():
        QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def measure(window: KioskWindow) -> float:
    """RSS (MB) at rest: once idle work, deferred deletes and Python's garbage are done and
    a visitor's pause has passed (the window trims the heap after IDLE_MS of quiet)."""
    from PySide6.QtTest import QTest

    from kiosk.ui import heap

    settle(window)
    gc.collect()
    settle(window)
    QTest.qWait(heap.IDLE_MS + 200)
    settle(window)
    return rss_mb() or 0.0


class Driver:
    """Moves a window through its pages the way a visitor does, transitions included."""

    def __init__(self, window: KioskWindow) -> None:
        self.window = window
        self.changes = 0

    def _finish(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        w = self.window
        QCoreApplication.sendPostedEvents(w, QEvent.Type.UpdateRequest)  # the first frame
        animation = w.stage.overlay.animation
        if w.stage.overlay.isVisible():
            animation.setCurrentTime(animation.duration())  # the last frame: the live page
        w.charts.view.finish()
        settle(w)
        self.changes += 1

    def key(self, key: Any) -> None:
        from PySide6.QtTest import QTest

        QTest.keyClick(self.window, key)
        self._finish()

    def click(self, widget: Any) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        self._finish()

    def language(self, code: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        QTest.mouseClick(self.window.languages.buttons[code], Qt.MouseButton.LeftButton)
        settle(self.window)

    def loop(self) -> None:
        """Every slide, then every chart, once, in the current language."""
        from PySide6.QtCore import Qt

        w = self.window
        for _ in range(len(w.stage.views)):
            self.key(Qt.Key.Key_Right)
        if w.charts.view.count:
            self.click(w.charts.button)  # the first chart
            for _ in range(w.charts.view.count - 1):
                self.key(Qt.Key.Key_Right)
            self.click(w.charts.button)  # back to the slides

    def every_language(self, loops: int) -> None:
        for _ in range(loops):
            for code in self.window.content.language_codes:
                self.language(code)
                self.loop()

    def pages(self, count: int, language_every: int = 50) -> None:
        """`count` page changes (slides and charts), a language switch every so often."""
        codes = self.window.content.language_codes
        start, switched = self.changes, 0
        while self.changes - start < count:
            self.loop()
            if (self.changes - start) // language_every > switched:
                switched += 1
                self.language(codes[switched % len(codes)])


def two_edits(path: Path) -> tuple[bytes, bytes]:
    """Two valid versions of a content file that differ in a visible text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    versions = []
    for mark in ("", " ·"):
        edited = json.loads(json.dumps(data))
        name = edited["park"]["name"]
        first = next(iter(name))
        name[first] = data["park"]["name"][first] + mark
        versions.append(json.dumps(edited, ensure_ascii=False).encode("utf-8"))
    return versions[0], versions[1]


def run_memory(
    content: Path | None = None,
    loops: int = 2,
    reloads: int = 100,
    page_changes: int = 2000,
    size: tuple[int, int] = (1920, 1080),
) -> dict[str, Any]:
    """The window's RSS: steady after `loops` loops over every page in every language,
    after `reloads` live reloads, and after `page_changes` page changes."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from kiosk.content.cache import load_content_cached
    from kiosk.resources import default_content_path
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.reload import ContentReloader
    from kiosk.ui.window import KioskWindow

    source = Path(content or default_content_path())
    with tempfile.TemporaryDirectory(prefix="kiosk-memory-") as tmp:
        folder = Path(tmp) / "content"
        shutil.copytree(source.parent, folder)
        path = folder / source.name
        edits = two_edits(path)
        path.write_bytes(edits[0])
        application()
        rss_app = rss_mb() or 0.0
        window = KioskWindow(
            load_content_cached(path), path, Settings(content=path, transition_ms=400)
        )
        try:
            window.setGeometry(0, 0, *size)
            window.show()
            QTest.qWaitForWindowExposed(window)
            settle(window)
            window.charts.prepare()  # as the kiosk does 3 s after start
            settle(window)
            driver = Driver(window)
            rss_first = measure(window)
            driver.every_language(loops)
            rss_steady = measure(window)
            loop_changes = driver.changes

            reloader = ContentReloader(window, path, poll_ms=0)
            results = []
            for n in range(reloads):
                path.write_bytes(edits[(n + 1) % 2])
                results.append(reloader.check())
                settle(window)
            driver.loop()  # every page shown once more, as after a reload on site
            rss_reloads = measure(window)

            before_pages = driver.changes
            driver.pages(page_changes)
            rss_pages = measure(window)
            screen = QGuiApplication.primaryScreen()
            return {
                "platform": QGuiApplication.platformName(),
                "screen": f"{screen.size().width()}x{screen.size().height()}",
                "window": f"{window.width()}x{window.height()}",
                "languages": len(window.content.language_codes),
                "slides": len(window.stage.views),
                "charts": window.charts.view.count,
                "rss_mb_app": rss_app,
                "rss_mb_first": rss_first,
                "loop_page_changes": loop_changes,
                "rss_mb_steady": rss_steady,
                "reloads": sum(1 for r in results if r == "ok"),
                "rss_mb_after_reloads": rss_reloads,
                "rss_growth_mb_reloads": round(rss_reloads - rss_steady, 1),
                "page_changes": driver.changes - before_pages,
                "rss_mb_after_page_changes": rss_pages,
                "rss_growth_mb_page_changes": round(rss_pages - rss_reloads, 1),
            }
        finally:
            window.allow_close = True
            window.close()
            window.deleteLater()  # no window left behind in a process that goes on (#14 item 8)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.memory", description=__doc__)
    parser.add_argument("--content", type=Path, default=None)
    parser.add_argument("--loops", type=int, default=2)
    parser.add_argument("--reloads", type=int, default=100)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run_memory(args.content, args.loops, args.reloads, args.pages)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
