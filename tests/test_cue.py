"""The attract cue (fault 8 of #14: "Nothing tells a visitor that the screen can be
touched"), in the real window on the MINI fixture deck, driven by real input events and the
fake clock of conftest."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from kiosk import i18n
from kiosk.ui import cue as cue_module
from kiosk.ui import theme
from kiosk.ui.cue import prompt
from kiosk.ui.window import KioskWindow
from tests.dots import dot_centres


def invitations(window: KioskWindow) -> list[QWidget]:
    """Widgets on screen that tell, in one of the deck's languages, that it can be touched
    (read from the catalogs, not from kiosk.ui.cue: this holds for any way of doing it)."""
    prompts = {i18n.catalog(c).gettext("Touch to explore") for c in window.content.language_codes}
    return [
        w for w in window.findChildren(QWidget) if w.isVisible() and w.accessibleName() in prompts
    ]


def pixels(window: KioskWindow, rect: QRect) -> np.ndarray:
    image = window.grab(rect).toImage().convertToFormat(QImage.Format.Format_RGB888)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3].copy()


def tap(window: KioskWindow, x: float = 0.75) -> None:
    """A click on the page, sent to the window as a visitor's tap is."""
    stage = window.stage
    where = stage.mapTo(window, QPoint(round(stage.width() * x), stage.height() // 2))
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=where)


def test_fault_8_the_screen_says_it_can_be_touched(make_window, qtbot):
    window = make_window(size=(1920, 1080))
    qtbot.waitUntil(lambda: bool(invitations(window)))
    (cue,) = invitations(window)
    assert cue.accessibleName() == prompt(window.lang)
    where = QRect(cue.mapTo(window, QPoint(0, 0)), cue.size())
    shown = pixels(window, where)
    tap(window)
    qtbot.waitUntil(lambda: not invitations(window))
    # It was drawn: its place looks different once it has gone.
    assert np.abs(shown.astype(int) - pixels(window, where).astype(int)).sum() > 1000


def test_the_prompt_is_translated_in_every_language_but_the_source():
    codes = ["zh_Hans", "zh_Hant", "ko", "ja"]
    texts = {code: prompt(code) for code in codes}
    assert all(text != cue_module.PROMPT for text in texts.values()), texts
    assert len(set(texts.values())) == len(codes)  # Simplified and Traditional differ
    assert prompt(i18n.SOURCE_LANGUAGE) == cue_module.PROMPT


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (3840, 2160), (1080, 1920)])
def test_it_covers_no_page_and_no_control(make_window, qtbot, size):
    window = make_window(size=size)
    qtbot.waitUntil(window.cue.shown)
    place = window.cue.geometry()
    dots = QRect(window.position.mapTo(window, QPoint(0, 0)), window.position.size())
    assert window.rect().contains(place)
    assert abs(place.center().x() - dots.center().x()) <= 2  # centred on the dots
    if not window.scale.portrait:
        # In the bottom bar, over the dots: nothing of the page is covered.
        assert abs(place.center().y() - dots.center().y()) <= 2
        page = QRect(window.stage.mapTo(window, QPoint(0, 0)), window.stage.size())
        assert not place.intersects(page)
    else:  # the bar is too narrow there: just above the dots
        assert place.bottom() < dots.top()
    controls = [window.previous_button, window.next_button, window.overview_button]
    controls += [window.charts.button, *window.languages.buttons.values()]
    for control in controls:
        assert not place.intersects(QRect(control.mapTo(window, QPoint(0, 0)), control.size()))
    # Read from 3 m: the type scale's body size, never a caption.
    scale = theme.Scale.for_size(window.size())
    assert window.cue.font_for(window.lang).pixelSize() >= scale.text("body")


def test_a_key_sends_it_away_too(make_window, qtbot):
    window = make_window()
    qtbot.waitUntil(window.cue.shown)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    assert not window.cue.isVisible()


def test_a_touch_sends_it_away(make_window, qtbot):
    window = make_window()
    qtbot.waitUntil(window.cue.shown)
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    at = window.stage.mapTo(window, window.stage.rect().center())
    QTest.touchEvent(window.windowHandle(), device).press(0, at).commit()
    QTest.touchEvent(window.windowHandle(), device).release(0, at).commit()
    qtbot.waitUntil(lambda: not window.cue.isVisible())


def test_a_tap_on_the_cue_is_a_tap_on_the_dot_under_it(make_window, qtbot):
    window = make_window(size=(1920, 1080))
    qtbot.waitUntil(window.cue.shown)
    place = window.cue.geometry()
    last = dot_centres(window)[-1]
    assert place.contains(last)  # the cue covers the dots while it shows
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=last)
    assert not window.cue.isVisible()
    qtbot.waitUntil(lambda: window.navigator.index == len(window.content.slides) - 1)


def test_it_comes_back_after_the_long_idle_in_the_home_language(make_window, qtbot, clock):
    window = make_window(lang="ko")
    qtbot.waitUntil(window.cue.shown)
    other = next(c for c in window.content.language_codes if c != "ko")
    button = window.languages.buttons[other]
    QTest.mouseClick(
        window.windowHandle(),
        Qt.MouseButton.LeftButton,
        pos=button.mapTo(window, button.rect().center()),
    )
    assert window.lang == other and not window.cue.isVisible()
    clock.now += window.settings.idle_resume + 1  # the loop resumes: the cue waits for home
    qtbot.waitSignal(window.model.resumed, timeout=2000)
    assert not window.cue.isVisible()
    clock.now += window.settings.idle_home
    qtbot.waitUntil(window.cue.shown)
    assert window.cue.accessibleName() == prompt("ko")


def test_it_cycles_through_the_deck_languages(make_window, qtbot, monkeypatch):
    monkeypatch.setattr(cue_module, "HOLD_MS", 60)
    monkeypatch.setattr(cue_module, "FADE_MS", 40)
    window = make_window()
    qtbot.waitUntil(window.cue.shown)
    cue, codes = window.cue, window.content.language_codes
    seen = [cue.lang]
    for _ in codes[1:]:
        qtbot.waitUntil(lambda: cue.lang != seen[-1] and cue.opacity == 1.0, timeout=5000)
        seen.append(cue.lang)
        assert cue.accessibleName() == prompt(cue.lang)
    assert sorted(seen) == sorted(codes)  # each language once, the one shown first included
    assert seen[0] == window.lang
    assert window.lang == seen[0]  # the cue changes its own text, never the kiosk's language


def test_it_never_shows_in_a_render(make_window, qtbot):
    from kiosk.content import load_content
    from kiosk.settings import Settings
    from tests.conftest import MINI

    window = KioskWindow(load_content(MINI), MINI, Settings(content=MINI), live=False)
    qtbot.addWidget(window)
    window.resize(960, 540)
    window.show()
    qtbot.waitExposed(window)
    assert not invitations(window)


def test_the_readme_pictures_of_the_cue_and_a_detail_are_made_by_make_docs(qtbot, tmp_path):
    import importlib.util

    from PySide6.QtGui import QImage

    from tests.conftest import MINI, ROOT

    spec = importlib.util.spec_from_file_location("make_docs", ROOT / "tools" / "make_docs.py")
    assert spec is not None and spec.loader is not None
    make_docs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_docs)
    cue, detail = make_docs.make_touch_shots(MINI, tmp_path, "960x540")
    assert (cue.name, detail.name) == ("attract-cue.png", "detail.png")
    pictures = [QImage(str(cue)), QImage(str(detail))]
    assert [(p.width(), p.height()) for p in pictures] == [(960, 540), (960, 540)]
    assert pictures[0] != pictures[1]


def test_its_fade_repaints_its_own_few_pixels_not_the_window(make_window, qtbot, monkeypatch):
    from PySide6.QtCore import QEvent, QObject

    monkeypatch.setattr(cue_module, "HOLD_MS", 50)
    monkeypatch.setattr(cue_module, "FADE_MS", 200)
    window = make_window(size=(1920, 1080), interval=3600)  # no page turns meanwhile
    qtbot.waitUntil(window.cue.shown)
    qtbot.wait(100)  # the first frame's paints are over
    painted: list[QRect] = []

    class Paints(QObject):
        def eventFilter(self, watched, event) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and watched is not window.position:
                rect = event.region().boundingRect()
                painted.append(QRect(watched.mapTo(window, rect.topLeft()), rect.size()))
            return False

    paints = Paints()
    watched = [window, window.stage, *window.stage.findChildren(QWidget)]
    for widget in watched:
        widget.installEventFilter(paints)
    first = window.cue.lang
    qtbot.waitUntil(lambda: window.cue.lang != first and window.cue.opacity == 1.0)
    for widget in watched:
        widget.removeEventFilter(paints)
    assert painted  # the page under the cue is drawn again as it fades: only there
    place = window.cue.geometry()
    assert all(place.contains(rect) or not rect.intersects(window.rect()) for rect in painted), (
        place,
        [r for r in painted if not place.contains(r)][:5],
    )


def test_the_readme_shows_the_pictures_of_the_live_window():
    import re

    from tests.conftest import ROOT

    shown = re.findall(r"docs/touch/[a-z-]+\.png", (ROOT / "README.md").read_text("utf-8"))
    assert sorted(set(shown)) == ["docs/touch/attract-cue.png", "docs/touch/detail.png"]
    for path in shown:
        assert 10_000 < (ROOT / path).stat().st_size < 200_000  # made, and compressed
