"""At rest the slide pictures kept for the next change are packed three bytes a pixel
(kiosk.ui.transition, #13 item 9), losslessly, and a change after the pause still plays."""

from __future__ import annotations


def test_kept_pictures_are_packed_at_rest_and_come_back_the_same(make_window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPixmap

    window = make_window(size=(1280, 720), transition_ms=120)
    overlay = window.stage.overlay
    qtbot.keyClick(window, Qt.Key.Key_Right)
    # The shown slide and the next are kept; at rest both are packed.
    qtbot.waitUntil(lambda: len(overlay.cache) == 2, timeout=10000)
    qtbot.waitUntil(
        lambda: all(isinstance(p, QImage) for p in overlay.cache.values()), timeout=10000
    )
    assert not overlay.isVisible()
    for packed in overlay.cache.values():
        assert packed.format() == QImage.Format.Format_RGB888
    shown = window.stage.page()
    packed = overlay.cache[overlay.key(shown)]
    expected = packed.convertToFormat(QImage.Format.Format_RGB32)
    # Unpacked on use: the same pixels as a fresh picture of the slide, as a pixmap again.
    again = overlay.snapshot(shown)
    assert isinstance(again, QPixmap)
    assert again.toImage().convertToFormat(QImage.Format.Format_RGB32) == expected
    fresh = overlay.on_backdrop(shown).toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert fresh == expected
    # The next change after the pause plays and lands on the next slide.
    before = window.stage.current()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.stage.current() != before, timeout=5000)
    qtbot.waitUntil(lambda: not overlay.isVisible(), timeout=5000)
    assert window.stage.page() is window.stage.views[window.stage.current()]
