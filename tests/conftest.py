"""Shared fixtures.

QT_QPA_PLATFORM is set to offscreen (with setdefault, so a developer can still choose
xcb) before anything imports Qt: widget tests must run on machines without a display.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "assets" / "content" / "park.json"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content folder; returns the JSON file's path."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT.parent, folder)
    return folder / CONTENT.name


@pytest.fixture
def document() -> dict:
    """The bundled content as plain JSON data, to break in tests."""
    return json.loads(CONTENT.read_text(encoding="utf-8"))


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


class Clock:
    """A clock the tests move by hand: the window's timers run, but time only passes here."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_window(qtbot, clock):
    """Builds kiosk windows on the bundled (or given) content, closed after the test."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    made: list[KioskWindow] = []

    def make(size=(1280, 720), path=CONTENT, clock=clock, **settings) -> KioskWindow:
        settings.setdefault("transition_ms", 0)
        window = KioskWindow(load_content(path), path, Settings(content=path, **settings), clock)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        made.append(window)
        return window

    yield make
    for window in made:
        window.allow_close = True
        window.close()
        window.deleteLater()
    # Delete what deleteLater() queued: leftover windows and plots slow later tests.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
