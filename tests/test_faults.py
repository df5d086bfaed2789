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


# --- content never reaches the network --------------------------------------------------

HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 64 64" width="64" height="64">
  <style>@import url("{base}/style.css"); rect {{ fill: url("{base}/fill.svg#p"); }}</style>
  <image href="{base}/x.png" x="0" y="0" width="64" height="64"/>
  <image xlink:href="{base}/y.png" x="0" y="0" width="64" height="64"/>
  <use xlink:href="{base}/z.svg#shape"/>
  <rect width="10" height="10" filter="url({base}/f.svg#blur)"/>
  <circle cx="32" cy="32" r="20" fill="#1fb5a5"/>
</svg>
"""


@pytest.fixture
def listener():
    """A local TCP socket that records whether anything connects to it."""
    import socket

    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)

    def connections() -> int:
        count = 0
        while True:
            try:
                conn, _ = server.accept()
            except BlockingIOError:
                return count
            conn.close()
            count += 1

    yield f"http://127.0.0.1:{server.getsockname()[1]}", connections
    server.close()


def test_the_listener_does_see_a_connection(listener):
    import socket

    base, connections = listener
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    import time

    time.sleep(0.1)
    assert connections() == 1  # so a zero below means nothing connected


def test_svg_with_external_references_makes_no_request(
    make_window, qtbot, listener, content_copy, document
):
    from tests.conftest import write

    base, connections = listener
    art = content_copy.parent / "art" / "hostile.svg"
    art.write_text(HOSTILE_SVG.format(base=base), encoding="utf-8")
    pixmap = render_image(art, 64)  # the path every icon takes
    assert not pixmap.isNull()
    index = next(i for i, s in enumerate(document["slides"]) if s["kind"] == "cards")
    for card in document["slides"][index]["cards"]:
        card["icon"] = "art/hostile.svg"
    write(content_copy, document)
    window = make_window(path=content_copy)
    window.go_to(index)
    window.repaint()
    qtbot.wait(1500)  # time for any request to be made
    assert connections() == 0
