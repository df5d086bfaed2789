"""Ownership (#14 item 8): every widget gets its parent when it is built, so the window is
the application's only top-level widget; conftest's no_stray_windows fails a test that
leaves another one behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.content import load_content
from kiosk.settings import Settings
from kiosk.ui.window import KioskWindow
from tests.conftest import MINI, ROOT


def others(window: KioskWindow) -> list[str]:
    return [
        f"{type(w).__module__}.{type(w).__qualname__}"
        for w in QApplication.topLevelWidgets()
        if w is not window
    ]


def click(window: KioskWindow, widget) -> None:
    where = widget.mapTo(window, widget.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=QPoint(where))


def test_the_window_is_the_only_top_level_widget_once_built(qtbot):
    window = KioskWindow(load_content(MINI), MINI, Settings(content=MINI), clock=lambda: 0.0)
    qtbot.addWidget(window)
    assert others(window) == []  # before any event is processed: no parentless widget at all


def test_and_after_every_page_the_charts_and_the_overview(make_window, qtbot):
    window = make_window()
    for _ in range(len(window.content.slides)):
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    click(window, window.charts.button)  # the charts' plots: pyqtgraph's menus included
    qtbot.waitUntil(lambda: window.charts.active)
    for _ in range(len(window.content.charts)):
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    click(window, window.overview_button)
    qtbot.waitUntil(lambda: window.overview is not None and window.overview.isVisible())
    assert others(window) == []


LEAK = """
from PySide6.QtWidgets import QWidget

kept = []

def test_leaves_a_window_behind(qapp):
    kept.append(QWidget())

def test_cleans_up(qapp):
    widget = QWidget()
    widget.deleteLater()
"""


def test_a_test_that_leaves_a_top_level_widget_behind_fails(tmp_path: Path):
    test = tmp_path / "test_leak.py"
    test.write_text(LEAK, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-q", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), str(test)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    # The leak is an error at its test's teardown; the clean test after it passes.
    assert "2 passed, 1 error" in result.stdout, result.stdout + result.stderr
    assert "ERROR" in result.stdout and "test_leak.py::test_leaves_a_window_behind" in result.stdout
    assert "top-level widgets left behind" in result.stdout
    assert "PySide6.QtWidgets.QWidget" in result.stdout


def test_resting_the_mouse_on_a_language_opens_no_window(make_window, qtbot):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent

    window = make_window()
    for button in window.languages.buttons.values():
        centre = button.rect().center()
        # What Qt sends a widget when the mouse rests on it: a tooltip would be a window.
        help_event = QHelpEvent(QEvent.Type.ToolTip, centre, button.mapToGlobal(centre))
        QApplication.sendEvent(button, help_event)
    assert others(window) == []
