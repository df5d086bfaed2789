"""Faults stay local: a slide that fails to build or show is skipped, the rest carries on."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage

from kiosk.logs import install_excepthook
from kiosk.ui.slides.bullets import BulletsView
from kiosk.ui.slides.cards import CardsView
from kiosk.ui.slides.timeline import TimelineView
from kiosk.ui.widgets import Icon, render_image
from tests import test_window

clock = test_window.clock  # the window fixtures, shared
make_window = test_window.make_window


def boom(*_args, **_kwargs):
    raise RuntimeError("injected fault")


def errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def ids(window) -> list[str]:
    return [s.id for s in window.content.slides]


def test_a_slide_that_fails_to_build_is_left_out(make_window, qtbot, monkeypatch, caplog):
    monkeypatch.setattr(TimelineView, "build", boom)
    window = make_window()
    assert "milestones" not in ids(window)
    count = len(window.content.slides)
    assert count == 9 == len(window.stage.views) == window.navigator.count
    assert window.position.count == count
    assert [v.slide.id for v in window.stage.views] == ids(window)
    assert any("milestones" in m and "could not be built" in m for m in errors(caplog))
    seen = []
    for _ in range(count + 1):  # a full loop with the keys, wrapping around
        seen.append(window.current_slide_id())
        assert window.stage.stack.currentWidget() is window.stage.views[window.navigator.index]
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert seen[0] == seen[-1] == "welcome"
    assert sorted(seen[:-1]) == sorted(ids(window))


def test_a_slide_that_fails_to_lay_out_is_skipped(make_window, qtbot, monkeypatch, caplog):
    monkeypatch.setattr(BulletsView, "relayout", boom)
    window = make_window()
    index = ids(window).index("ecosystem")
    window.go_to(index - 1)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_slide_id() == ids(window)[index + 1]
    assert window.navigator.index == index + 1
    assert window.stage.stack.currentWidget() is window.stage.views[index + 1]
    assert any("ecosystem" in m and "skipped" in m for m in errors(caplog))
    qtbot.keyClick(window, Qt.Key.Key_Left)  # backwards it is skipped too
    assert window.navigator.index == index - 1
    for _ in range(2 * len(ids(window))):  # and the loop keeps going round
        qtbot.keyClick(window, Qt.Key.Key_Right)
        assert window.current_slide_id() != "ecosystem"


def test_a_slide_that_fails_on_a_language_switch_is_skipped(
    make_window, qtbot, monkeypatch, caplog
):
    original = CardsView.set_language

    def fail_in_english(self, lang):
        if lang == "en":
            raise RuntimeError("injected fault")
        original(self, lang)

    monkeypatch.setattr(CardsView, "set_language", fail_in_english)
    window = make_window()
    window.go_to(ids(window).index("core-sectors"))
    qtbot.mouseClick(window.languages.buttons["en"], Qt.MouseButton.LeftButton)
    assert window.lang == "en"
    shown = window.current_slide_id()
    assert window.content.slides[window.navigator.index].kind != "cards"
    assert window.stage.stack.currentWidget() is window.stage.views[window.navigator.index]
    assert shown == "iasp-2025"  # both card slides after it fail in English too
    assert errors(caplog)


def test_a_slide_that_fails_with_transitions_on_is_skipped(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(CardsView, "relayout", boom)
    window = make_window(transition_ms=40)
    for _ in range(2 * len(ids(window))):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        qtbot.wait(60)
        assert window.content.slides[window.navigator.index].kind != "cards"
    assert window.isVisible()


def test_unhandled_exceptions_in_qt_callbacks_are_logged_not_fatal(
    make_window, qtbot, monkeypatch, caplog
):
    window = make_window()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    caplog.set_level(logging.INFO)
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: any("unhandled exception" in m for m in errors(caplog)), timeout=2000)
    record = next(r for r in caplog.records if "unhandled exception" in r.getMessage())
    assert record.exc_info and "injected fault" in str(record.exc_info[1])
    qtbot.keyClick(window, Qt.Key.Key_Right)  # the window still works
    assert window.navigator.index == 1


def _ring(pixmap) -> set[int]:
    image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return {image.pixel(x, y) for x in range(image.width()) for y in range(image.height())}


@pytest.mark.parametrize("name", ["missing.svg", "broken.svg", "broken.png", "missing.png"])
def test_an_image_that_will_not_load_shows_a_neutral_placeholder(qtbot, tmp_path: Path, name):
    from kiosk.ui.app import application

    application()
    (tmp_path / "broken.svg").write_text("<svg><unclosed", encoding="utf-8")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    icon = Icon(tmp_path / name)
    qtbot.addWidget(icon)
    icon.set_side(64)
    pixmap = icon.pixmap()
    assert not pixmap.isNull() and pixmap.width() == 64
    colours = _ring(pixmap)
    assert len(colours) > 1  # something is drawn (the ring), not an empty square
    assert colours == _ring(render_image(None, 64))  # the same quiet ring as no image at all
    icon.show()
    qtbot.waitExposed(icon)
    icon.repaint()  # painting it raises nothing
