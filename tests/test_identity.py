"""The park's identity in the chrome (issue #16): the short name heads every page but the
welcome page (the deck's first slide, a title slide, which carries the full name), and the
mark is sized from the type scale."""

from __future__ import annotations

from PySide6.QtCore import Qt


def test_the_short_name_heads_every_page_but_the_welcome_page(make_window, qtbot):
    window = make_window()
    first = window.content.slides[0]
    assert first.kind == "title" and window.current_slide_id() == first.id
    qtbot.waitUntil(lambda: not window.park_name.isVisible(), timeout=2000)
    assert not window.logo.isVisible()  # the welcome page shows the mark at its own size
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(window.park_name.isVisible, timeout=2000)
    assert window.logo.isVisible()
    assert window.park_name.text() == window.content.park.short_name[window.lang]
    qtbot.keyClick(window, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: not window.park_name.isVisible(), timeout=2000)


def test_the_top_bar_keeps_its_height_when_the_name_hides(make_window, qtbot):
    window = make_window()
    qtbot.waitUntil(lambda: not window.park_name.isVisible(), timeout=2000)
    top = window.charts.pages.geometry().top()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(window.park_name.isVisible, timeout=2000)
    assert window.charts.pages.geometry().top() == top


def test_the_mark_is_two_chrome_lines_tall_at_every_size(make_window, qtbot):
    window = make_window(size=(1920, 1080))
    qtbot.keyClick(window, Qt.Key.Key_Right)  # off the welcome page, where the bar shows it
    for size in ((1920, 1080), (1080, 1920), (1280, 720)):
        window.resize(*size)
        qtbot.waitUntil(lambda size=size: window.logo.width() > 0 and window.width() == size[0])
        qtbot.waitUntil(lambda: window.logo.height() >= 2 * window.scale.text("chrome"))
        assert window.logo.width() == window.logo.height()
