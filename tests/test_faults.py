"""Faults stay local: a slide that fails to build or show is skipped, the rest carries on.

On the MINI fixture deck (one slide of each kind): the faulty slide is found by its kind."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage

from kiosk.content import ContentError, load_content
from kiosk.logs import install_excepthook
from kiosk.ui.slides.bullets import BulletsView
from kiosk.ui.slides.cards import CardsView
from kiosk.ui.slides.timeline import TimelineView
from kiosk.ui.widgets import Icon, render_image
from tests.conftest import MINI, wait_for

SLIDES = [(s["id"], s["kind"]) for s in json.loads(MINI.read_text(encoding="utf-8"))["slides"]]


def id_of(kind: str) -> str:
    return next(i for i, k in SLIDES if k == kind)


def boom(*_args, **_kwargs):
    raise RuntimeError("injected fault")


def errors(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def ids(window) -> list[str]:
    return [s.id for s in window.content.slides]


def test_a_slide_that_fails_to_build_is_left_out(make_window, qtbot, monkeypatch, caplog):
    monkeypatch.setattr(TimelineView, "build", boom)
    window = make_window()
    timeline = id_of("timeline")
    assert timeline not in ids(window)
    count = len(window.content.slides)
    assert count == len(SLIDES) - 1 == len(window.stage.views) == len(window.loop.indices("slide"))
    assert window.position.count == count
    assert [v.slide.id for v in window.stage.views] == ids(window)
    assert any(timeline in m and "could not be built" in m for m in errors(caplog))
    seen = []
    for _ in range(count + 1):  # a full loop with the keys, wrapping around
        seen.append(window.current_slide_id())
        assert window.stage.stack.currentWidget() is window.stage.views[window.navigator.index]
        qtbot.keyClick(window, Qt.Key.Key_Right)
    assert seen[0] == seen[-1]  # back where it started
    assert sorted(seen[:-1]) == sorted(ids(window))


def test_a_slide_that_fails_to_lay_out_is_skipped(make_window, qtbot, monkeypatch, caplog):
    monkeypatch.setattr(BulletsView, "relayout", boom)
    window = make_window()
    bullets = id_of("bullets")
    index = ids(window).index(bullets)
    assert 0 < index < len(ids(window)) - 1  # a slide before it and one after
    window.go_to(index - 1)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.current_slide_id() == ids(window)[index + 1]
    assert window.navigator.index == index + 1
    assert window.stage.stack.currentWidget() is window.stage.views[index + 1]
    assert any(bullets in m and "skipped" in m for m in errors(caplog))
    qtbot.keyClick(window, Qt.Key.Key_Left)  # backwards it is skipped too
    assert window.navigator.index == index - 1
    for _ in range(2 * len(ids(window))):  # and the loop keeps going round
        qtbot.keyClick(window, Qt.Key.Key_Right)
        assert window.current_slide_id() != bullets


def test_a_slide_that_fails_on_a_language_switch_is_skipped(
    make_window, qtbot, monkeypatch, caplog
):
    original = CardsView.set_language
    data = json.loads(MINI.read_text(encoding="utf-8"))
    bad = next(c["code"] for c in data["languages"] if c["code"] != data["default_language"])

    def fail_in_one_language(self, lang):
        if lang == bad:
            raise RuntimeError("injected fault")
        original(self, lang)

    monkeypatch.setattr(CardsView, "set_language", fail_in_one_language)
    window = make_window()
    index = ids(window).index(id_of("cards"))
    window.go_to(index)
    qtbot.mouseClick(window.languages.buttons[bad], Qt.MouseButton.LeftButton)
    assert window.lang == bad
    shown = window.current_slide_id()
    assert window.content.slides[window.navigator.index].kind != "cards"
    assert window.stage.stack.currentWidget() is window.stage.views[window.navigator.index]
    after = window.content.slides[index + 1 :] + window.content.slides[:index]
    assert shown == next(s.id for s in after if s.kind != "cards")  # the next good one
    assert errors(caplog)


def test_a_slide_that_fails_with_transitions_on_is_skipped(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(CardsView, "relayout", boom)
    window = make_window(transition_ms=40)
    for _ in range(2 * len(ids(window))):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda: not window.stage.overlay.isVisible(), timeout=2000)
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

    seen = 0

    def connections() -> int:
        """How many connections came in so far (accepting those waiting)."""
        nonlocal seen
        while True:
            try:
                conn, _ = server.accept()
            except BlockingIOError:
                return seen
            conn.close()
            seen += 1

    yield f"http://127.0.0.1:{server.getsockname()[1]}", connections
    server.close()


def test_the_listener_does_see_a_connection(listener):
    import socket

    base, connections = listener
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    wait_for(connections, timeout=10, what="the connection to be seen")
    assert connections() == 1  # so a zero below means nothing connected


def test_svg_with_external_references_makes_no_request(make_window, make_deck, qtbot, listener):
    from tests.conftest import slide_of

    base, connections = listener

    def hostile_icons(data):
        for card in slide_of(data, "cards")["cards"]:
            card["icon"] = "art/hostile.svg"

    path = make_deck(hostile_icons)
    art = path.parent / "art" / "hostile.svg"
    art.write_bytes((path.parent / "art" / "badge.svg").read_bytes())  # good when loaded
    window = make_window(path=path)
    # then swapped in place: validate refuses it, and so does every icon that draws it
    art.write_text(HOSTILE_SVG.format(base=base), encoding="utf-8")
    with pytest.raises(ContentError, match="refers to another file or the network"):
        load_content(path)
    pixmap = render_image(art, 64)  # the path every icon takes
    assert not pixmap.isNull()
    window.go_to(ids(window).index(id_of("cards")))
    view = window.stage.stack.currentWidget()
    icons = [icon for icon in view.findChildren(Icon) if icon.path == art]
    assert icons
    view.grab()  # paints the slide now, its icons drawn from the hostile file
    qtbot.waitUntil(lambda: all(icon._cache is not None for icon in icons), timeout=2000)
    assert connections() == 0  # a request would be waiting at the listener by now
