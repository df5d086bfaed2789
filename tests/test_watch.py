"""The window watch at start: a window shown but not yet exposed is waited for, not
'recovered' (which logged a warning and showed the window again at every start)."""

from __future__ import annotations

import logging

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from kiosk.ui import watch as watch_module
from kiosk.ui.watch import FIRST_EXPOSE_S, WindowWatch

NOT_YET = {
    "visible": True,
    "exposed": False,
    "covers_screen": True,
    "geometry": [0, 0, 1920, 1080],
    "healthy": False,
}


def test_a_window_waiting_for_its_first_expose_is_not_recovered(qtbot, monkeypatch, caplog):
    caplog.set_level(logging.INFO)
    widget = QWidget()
    qtbot.addWidget(widget)
    now = [1000.0]
    monkeypatch.setattr(watch_module.time, "monotonic", lambda: now[0])
    watch = WindowWatch(widget, live=False)
    tries: list[bool] = []
    monkeypatch.setattr(watch, "state", lambda: dict(NOT_YET))
    monkeypatch.setattr(watch, "recover", lambda: tries.append(True))
    watch.keep_on_screen(QGuiApplication.primaryScreen())
    watch.check()
    assert tries == [] and "NOT healthy" not in caplog.text
    now[0] += FIRST_EXPOSE_S + 0.1  # never exposed: that is a fault after all
    watch.check()
    assert tries == [True] and "NOT healthy" in caplog.text


def test_once_exposed_a_lost_expose_is_recovered_at_once(qtbot, monkeypatch):
    widget = QWidget()
    qtbot.addWidget(widget)
    watch = WindowWatch(widget, live=False)
    tries: list[bool] = []
    monkeypatch.setattr(watch, "recover", lambda: tries.append(True))
    monkeypatch.setattr(watch, "state", lambda: {**NOT_YET, "exposed": True, "healthy": True})
    watch.keep_on_screen(QGuiApplication.primaryScreen())
    monkeypatch.setattr(watch, "state", lambda: dict(NOT_YET))  # unmapped by another client
    watch.check()
    assert tries == [True]
