"""`kiosk render` draws each chart as the live screen shows it (#16 item 4).

For every chart of the MINI deck (and of the bundled deck, with -m bundled), the offscreen
render (kiosk.ui.render's window and chart_pages, as `kiosk render` runs them) is compared
with a grab of a live window of the same size, reached with real input: a click on the
Charts button, then the Right key, and waiting until the chart has grown in. Both are
drawn by the same process with the same fonts, so they must be all but pixel-equal. The
one tolerance is for the antialiasing of large text: the progress ring's 66-px figure came
out up to 12 levels (of 255) apart at its glyphs' pixels between the render's one paint
and the live screen's many, at the same place, size and opacity. A tick label, a bar or a
text that one of them lacks, or a shift of a pixel, differs by far more (100+ levels).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QVariantAnimation
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.content import load_content
from kiosk.ui.render import chart_pages, offscreen_window
from tests.conftest import CONTENT, MINI

LEVELS = 16  # the most a channel may differ at a pixel (text antialiasing), out of 255


def rendered(path: Path, size: tuple[int, int], lang: str) -> dict[str, QImage]:
    images = {}
    with offscreen_window(load_content(path), path, size) as window:
        window.set_language(lang)
        for stem in chart_pages(window):
            images[stem] = window.grab().toImage()
    return images


def click(window: QWidget, button: QWidget) -> None:
    at = button.mapTo(window, button.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=at)


def differences(a: QImage, b: QImage) -> tuple[int, int]:
    """(pixels that differ at all, the largest difference of a channel)."""
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    assert a.size() == b.size()
    raw_a, raw_b = bytes(a.constBits()), bytes(b.constBits())
    if raw_a == raw_b:
        return 0, 0
    import numpy as np  # loaded by the charts already

    da = np.frombuffer(raw_a, dtype=np.uint8).astype(np.int16)
    db = np.frombuffer(raw_b, dtype=np.uint8).astype(np.int16)
    diff = np.abs(da - db).reshape(-1, 4)
    return int((diff.max(axis=1) > 0).sum()), int(diff.max())


@pytest.mark.slow
@pytest.mark.parametrize(
    "deck",
    [MINI, pytest.param(CONTENT, marks=pytest.mark.bundled, id="bundled")],
    ids=lambda p: p.parent.name,
)
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
def test_the_render_of_each_chart_equals_the_live_screen(make_window, qtbot, deck, size, tmp_path):
    lang = "ko"  # a language other than the deck's default: the live window switches to it
    expected = rendered(deck, size, lang)
    window = make_window(size=size, path=deck)
    charts = window.content.charts
    # Through the window's QWindow, as a visitor's input arrives: the attract cue goes
    click(window, window.languages.buttons[lang])
    click(window, window.charts.button)
    view = window.charts.view
    for i, chart in enumerate(charts):
        if i:
            QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
        qtbot.waitUntil(lambda i=i: window.charts.active and view.index == i)
        qtbot.waitUntil(lambda: view.animation.state() == QVariantAnimation.State.Stopped)
        QApplication.processEvents()
        live = window.grab().toImage()
        count, most = differences(expected[f"charts-{chart.id}"], live)
        if most > LEVELS:  # both kept, to look at
            expected[f"charts-{chart.id}"].save(str(tmp_path / f"{chart.id}-render.png"))
            live.save(str(tmp_path / f"{chart.id}-live.png"))
        assert most <= LEVELS, (chart.id, size, f"{count} pixels differ by up to {most}", tmp_path)
