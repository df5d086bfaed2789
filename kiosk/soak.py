"""Soak test: drive the real window through thousands of slide changes and language switches.

The window is the kiosk's own KioskWindow, live (timers, transitions, the application
event filter), in an offscreen QApplication. Slides change through real key events and
languages through real clicks on the language buttons; each transition is played to its
end. Every ERROR logged and every unhandled exception counts as an exception.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.logs import install_excepthook, rss_mb

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def run_soak(
    content: Path | None = None,
    slide_changes: int = 2000,
    language_switches: int = 200,
    transition_ms: int = 40,
    size: tuple[int, int] = (1280, 720),
    window_factory: Callable[[], KioskWindow] | None = None,
) -> dict[str, Any]:
    """Returns the counts, resident memory before and after (MB) and the exceptions seen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest

    from kiosk.content import load_content
    from kiosk.resources import default_content_path
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    counter = _Counter()
    root = logging.getLogger()
    root.addHandler(counter)
    previous_hook = sys.excepthook
    install_excepthook()  # unhandled exceptions are logged at ERROR, so counted once
    if window_factory is not None:
        window = window_factory()
    else:
        path = Path(content or default_content_path())
        settings = Settings(content=path, transition_ms=transition_ms)
        window = KioskWindow(load_content(path), path, settings)
    seen = {"slides": 0, "languages": 0}
    window.slide_changed.connect(lambda _i: seen.__setitem__("slides", seen["slides"] + 1))
    window.language_changed.connect(lambda _c: seen.__setitem__("languages", seen["languages"] + 1))
    started = time.monotonic()
    try:
        window.resize(*size)
        window.show()
        QTest.qWaitForWindowExposed(window)
        overlay = window.stage.overlay

        def settle() -> None:
            deadline = time.monotonic() + (3 * window.settings.transition_ms + 500) / 1000
            QCoreApplication.processEvents()
            while overlay.isVisible() and time.monotonic() < deadline:
                QTest.qWait(5)
            QCoreApplication.processEvents()

        def switch_language() -> None:
            codes = window.content.language_codes
            code = codes[(codes.index(window.lang) + 1) % len(codes)]
            QTest.mouseClick(window.languages.buttons[code], Qt.MouseButton.LeftButton)
            QCoreApplication.processEvents()

        def change_slide(step: int) -> None:
            key = Qt.Key.Key_Left if step % 10 == 9 else Qt.Key.Key_Right
            QTest.keyClick(window, key)
            settle()

        # Warm up: every slide in every language once, so caches and fonts are loaded
        # before the first memory figure.
        rss_before_warm_up = rss_mb()
        for _lang in window.content.language_codes:
            switch_language()
            for step in range(len(window.content.slides)):
                change_slide(step)
        gc.collect()
        QCoreApplication.processEvents()
        rss_start = rss_mb()
        seen["slides"] = seen["languages"] = 0
        soak_started = time.monotonic()

        switched = 0
        for step in range(slide_changes):
            change_slide(step)
            # Spread the language switches evenly over the slide changes.
            while switched < language_switches and (
                (switched + 1) * slide_changes <= (step + 1) * language_switches
            ):
                switch_language()
                switched += 1
        while switched < language_switches:
            switch_language()
            switched += 1

        gc.collect()
        QCoreApplication.processEvents()
        rss_end = rss_mb()
        exceptions = counter.records  # the warm-up's count too
        return {
            "slide_changes": seen["slides"],
            "language_switches": seen["languages"],
            "rss_mb_before_warm_up": rss_before_warm_up,
            "rss_mb_start": rss_start,
            "rss_mb_end": rss_end,
            "rss_mb_growth": (
                round(rss_end - rss_start, 1)
                if rss_start is not None and rss_end is not None
                else None
            ),
            "exceptions": len(exceptions),
            "exception_messages": [r.getMessage() for r in exceptions[:10]],
            "seconds": round(time.monotonic() - soak_started, 1),
            "seconds_total": round(time.monotonic() - started, 1),
            "transition_ms": window.settings.transition_ms,
            "slides_in_deck": len(window.content.slides),
            "languages": len(window.content.language_codes),
            "window": f"{window.width()}x{window.height()}",
        }
    finally:
        root.removeHandler(counter)
        sys.excepthook = previous_hook
        window.allow_close = True
        window.close()
        window.deleteLater()  # no window left behind in a process that goes on (#14 item 8)
        window.deleteLater()
        QCoreApplication.processEvents()


def soak_command(slides: int, languages: int, as_json: bool, content: Path | None) -> int:
    import json

    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a soak never needs, nor uses, a display
    from kiosk.content import ContentError

    try:
        result = run_soak(content, slide_changes=slides, language_switches=languages)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0 if result["exceptions"] == 0 else 1
