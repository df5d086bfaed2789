"""Visitor-facing faults of the attract loop (issue 14), each shown in the real window on the
MINI fixture deck, driven by real key and mouse events and the fake clock of conftest."""

from __future__ import annotations

import logging
from itertools import pairwise

import numpy as np
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPointingDevice
from PySide6.QtTest import QTest

from kiosk.ui.health import HealthWriter
from kiosk.ui.window import KioskWindow
from tests.conftest import first_chart, home_slide, last_chart
from tests.dots import dot_centres


def key(window: KioskWindow, which: Qt.Key) -> None:
    QTest.keyClick(window.windowHandle(), which)


def click(window: KioskWindow, widget) -> None:
    """A left click in the middle of `widget`, sent to the window as a visitor's tap is."""
    where = widget.mapTo(window, widget.rect().center())
    QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=QPoint(where))


def ticked(window: KioskWindow, qtbot) -> None:
    """The window has looked at the clock since it was moved (its ticker fired twice)."""
    for _ in range(2):
        with qtbot.waitSignal(window.ticker.timeout, timeout=2000):
            pass


def page(window: KioskWindow) -> tuple[str, str]:
    """What is on screen: ("chart", id) while the charts view shows, else ("slide", id)."""
    if window.charts.active:
        view = window.charts.view
        return ("chart", view.charts[view.index].id)
    return ("slide", window.current_slide_id())


def other_language(window: KioskWindow, *besides: str) -> str:
    return next(c for c in window.content.language_codes if c not in (window.lang, *besides))


# --- 9: the long idle goes home in the home language, at the end of the shown page -------


def test_long_idle_goes_home_in_the_language_the_kiosk_was_started_in(make_window, qtbot, clock):
    window = make_window(lang="ko")
    assert window.content.default_language != "ko"  # the setting, not the content's default
    assert window.lang == "ko"
    other = other_language(window, "ko")
    click(window, window.languages.buttons[other])
    key(window, Qt.Key.Key_Right)
    assert (window.lang, window.navigator.index) == (other, 1)
    clock.now += window.settings.idle_home + 1
    qtbot.waitUntil(lambda: window.lang == "ko" and page(window)[1] == home_slide(window.content))
    assert window.navigator.index == 0 and not window.charts.active


def test_long_idle_does_not_cut_into_a_page_of_the_resumed_loop(make_window, qtbot, clock):
    window = make_window(lang="ko")
    shown: list[tuple[float, tuple[str, str]]] = []
    key(window, Qt.Key.Key_Right)
    key(window, Qt.Key.Key_Right)  # MINI's loop is then on a page after slide 1 at 120 s
    touched = clock.now
    shown.append((clock.now, page(window)))
    home = ("slide", home_slide(window.content))
    for _ in range(40):  # the clock moves from one deadline of the loop to the next
        if clock.now > touched + window.settings.idle_home and page(window) == home:
            break
        deadline = window.navigator.next_deadline()
        assert deadline is not None
        clock.now = max(deadline, clock.now) + 0.01
        ticked(window, qtbot)
        if page(window) != shown[-1][1]:
            shown.append((clock.now, page(window)))
    resumed = [(t, p) for t, p in shown if t > touched + window.settings.idle_resume]
    assert resumed, shown
    times = [t for t, _ in resumed]
    # Every page of the resumed loop has its full time (10 s in MINI), the last before home too.
    assert all(b - a >= window.content.default_duration for a, b in pairwise(times)), shown
    assert resumed[-1][1] == home, shown
    assert window.lang == "ko"


# --- 4: the loop resuming behind an open overview closes it ------------------------------


def test_resuming_after_idle_closes_the_overview_and_the_loop_goes_on(make_window, qtbot, clock):
    window = make_window()
    click(window, window.overview_button)
    overview = window.overview
    assert overview is not None and overview.isVisible()
    clock.now += window.settings.idle_resume + 1
    qtbot.waitUntil(lambda: not window.navigator.paused)
    ticked(window, qtbot)
    assert not overview.isVisible()  # not left on screen, stale, until the long idle
    before = page(window)
    deadline = window.navigator.next_deadline()
    assert deadline is not None
    clock.now = deadline + 0.01
    qtbot.waitUntil(lambda: page(window) != before)
    assert not overview.isVisible()
    assert window.charts.pages.currentWidget().isVisible()


# --- 3: the overview over the charts view --------------------------------------------------


def test_overview_over_the_charts_marks_no_slide_and_a_key_closes_it(make_window, qtbot):
    window = make_window()
    click(window, window.charts.button)
    assert window.charts.active
    first = page(window)
    click(window, window.overview_button)
    overview = window.overview
    assert overview is not None and overview.isVisible()
    # A chart is on screen, not a slide: no thumbnail claims to be the current page.
    assert [t.index for t in overview.thumbs if t.current] == []
    key(window, Qt.Key.Key_Right)
    # The move is seen: the overview closes and the next chart shows, not one hidden behind.
    assert not overview.isVisible()
    assert page(window) != first and page(window)[0] == "chart"
    assert window.charts.view.isVisible()


def test_charts_button_over_the_overview_closes_it(make_window):
    window = make_window()
    click(window, window.overview_button)
    assert window.overview is not None and window.overview.isVisible()
    click(window, window.charts.button)
    assert window.charts.active and not window.overview.isVisible()


# --- 10: a chart whose drawing fails is skipped like a broken slide -----------------------


def break_drawing(window: KioskWindow, monkeypatch, chart_id: str) -> None:
    """The plot of chart `chart_id` raises as it is drawn (found by its kind's plot class)."""
    from kiosk.ui.charts.bars import BarsPlot
    from kiosk.ui.charts.parts import PartsPlot
    from kiosk.ui.charts.progress import ProgressPlot
    from kiosk.ui.charts.timeline import TimelinePlot

    kind = next(c.kind for c in window.content.charts if c.id == chart_id)
    plots = {"bars": BarsPlot, "parts": PartsPlot, "timeline": TimelinePlot}
    plot = {**plots, "progress": ProgressPlot}[kind]
    original = plot.set_progress

    def set_progress(self, t: float) -> None:
        if self.chart.id == chart_id:
            raise RuntimeError("injected drawing fault")
        original(self, t)

    monkeypatch.setattr(plot, "set_progress", set_progress)


def chart_errors(caplog, chart_id: str) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno >= logging.ERROR and chart_id in r.getMessage()
    ]


def test_a_chart_that_fails_to_draw_is_skipped_logged_once_and_reported(
    make_window, monkeypatch, caplog, tmp_path
):
    window = make_window()
    broken = first_chart(window.content)  # the one the Charts button opens
    break_drawing(window, monkeypatch, broken)
    label = window.charts.button.text()
    click(window, window.charts.button)
    assert window.charts.active and page(window)[0] == "chart"
    assert page(window)[1] != broken  # the next good chart, not a blank page
    assert window.charts.view.current().chart.id == page(window)[1]
    assert window.charts.button.text() != label  # it leads back to the slides now
    for _ in range(2 * len(window.content.charts)):  # round and round: the broken one is skipped
        key(window, Qt.Key.Key_Right)
        assert page(window)[0] == "chart" and page(window)[1] != broken
    assert len(chart_errors(caplog, broken)) == 1
    health = HealthWriter(window, tmp_path / "health.json").snapshot()
    assert any(broken in entry for entry in health["broken_slides"])
    assert health["state"] == "degraded"


def test_the_loop_skips_a_last_chart_that_fails_to_draw(
    make_window, monkeypatch, caplog, qtbot, clock
):
    window = make_window()
    broken = last_chart(window.content)  # the loop goes from it back to the slides
    break_drawing(window, monkeypatch, broken)
    key(window, Qt.Key.Key_End)  # the last slide: the loop goes on to the charts from there
    clock.now += window.settings.idle_resume + 1
    qtbot.waitUntil(lambda: not window.navigator.paused)
    seen = [page(window)]
    for _ in range(len(window.content.charts) + 2):
        deadline = window.navigator.next_deadline()
        assert deadline is not None
        clock.now = max(deadline, clock.now) + 0.01
        qtbot.waitUntil(lambda: page(window) != seen[-1])
        seen.append(page(window))
        if page(window) == ("slide", home_slide(window.content)):
            break
    assert ("chart", broken) not in seen
    assert [p for p in seen if p[0] == "chart"], seen  # the good charts did show
    assert seen[-1] == ("slide", home_slide(window.content)), seen
    assert window.charts.button.text() == window.charts.button.accessibleName()
    assert not window.charts.active and window.stage.isVisible()
    assert len(chart_errors(caplog, broken)) == 1


def test_a_chart_that_fails_in_a_later_frame_of_its_growth_is_skipped(
    make_window, monkeypatch, caplog, qtbot
):
    window = make_window()
    broken = first_chart(window.content)
    from kiosk.ui.charts.base import ChartPlot

    original = ChartPlot.set_progress

    def set_progress(self, t: float) -> None:
        if self.chart.id == broken and 0.0 < t < 1.0:  # the first frame draws, a later fails
            raise RuntimeError("injected drawing fault")
        original(self, t)

    monkeypatch.setattr(ChartPlot, "set_progress", set_progress)
    click(window, window.charts.button)
    qtbot.waitUntil(lambda: page(window)[0] == "chart" and page(window)[1] != broken)
    assert window.charts.view.current().chart.id == page(window)[1]
    assert len(chart_errors(caplog, broken)) == 1
    assert f"chart:{broken}" in window.broken


# --- 1 and 2: a change starts from the pixels on screen, not from the stage's old slide ---


def frame(window: KioskWindow) -> np.ndarray:
    """The pixels of the page area (the stage or the charts view in its place) right now."""
    area = window.charts.pages
    picture = window.grab(QRect(area.mapTo(window, QPoint(0, 0)), area.size()))
    image = picture.toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].astype(int)


def first_frame(window: KioskWindow, qtbot) -> np.ndarray:
    """The transition's first frame (t = 0), held while it is grabbed."""
    overlay = window.stage.overlay
    qtbot.waitUntil(overlay.isVisible)
    overlay.animation.pause()
    overlay.animation.setCurrentTime(0)
    return frame(window)


def closer(to: np.ndarray, than: np.ndarray, picture: np.ndarray) -> bool:
    return float(np.abs(picture - to).mean()) < float(np.abs(picture - than).mean())


def test_a_jump_from_the_overview_starts_from_the_overview(make_window, qtbot):
    window = make_window(transition_ms=400)
    before = frame(window)  # the slide shown before the overview opened
    click(window, window.overview_button)
    overview = window.overview
    assert overview is not None
    target = next(i for i, s in enumerate(window.content.slides) if s.kind == "timeline")
    thumb = overview.thumbs[target]
    qtbot.waitUntil(lambda: not thumb.picture.isNull())
    qtbot.waitUntil(lambda: not window.stage.overlay.isVisible())  # the overview is open
    on_screen = frame(window)
    click(window, thumb)
    start = first_frame(window, qtbot)
    # Before the fix the first frame was the previous slide again, at full opacity.
    assert closer(on_screen, before, start)


def test_the_loop_leaves_the_last_chart_from_the_chart_not_the_last_slide(
    make_window, qtbot, clock
):
    window = make_window(transition_ms=400)
    overlay = window.stage.overlay
    key(window, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: not overlay.isVisible())
    last_slide = frame(window)
    clock.now += window.settings.idle_resume + 1
    qtbot.waitUntil(lambda: not window.navigator.paused)
    the_last = ("chart", last_chart(window.content))
    for _ in range(len(window.content.charts) + 1):
        if page(window) == the_last:
            break
        before = page(window)
        clock.now = max(window.navigator.next_deadline() or 0, clock.now) + 0.01
        qtbot.waitUntil(lambda before=before: page(window) != before)
    assert page(window) == the_last
    view = window.charts.view
    qtbot.waitUntil(lambda: view.animation.state() == view.animation.State.Stopped)
    chart = frame(window)
    clock.now = max(window.navigator.next_deadline() or 0, clock.now) + 0.01
    qtbot.waitUntil(lambda: not window.charts.active)
    start = first_frame(window, qtbot)
    assert page(window) == ("slide", home_slide(window.content))
    # Before the fix the first frame was the last slide at full opacity (the stage's old page).
    assert closer(chart, last_slide, start)


# --- 5: one motion: no hard cut into the charts, no dip to the background, a direction -----


def held(window: KioskWindow, qtbot, steps: int = 8) -> list[np.ndarray]:
    """The running change's frames at `steps` times, grabbed while it is held; then its end."""
    animation = window.stage.overlay.animation
    assert window.stage.overlay.isVisible()  # the change is in motion, not a cut
    animation.pause()
    frames = []
    for k in range(steps):
        animation.setCurrentTime(round(k * animation.duration() / steps))
        frames.append(frame(window))
    animation.setCurrentTime(animation.duration())
    qtbot.waitUntil(lambda: not window.stage.overlay.isVisible())
    return frames


def background(window: KioskWindow) -> np.ndarray:
    """The bare background behind the page area (the window's, as it paints it)."""
    area = window.charts.pages
    rect = QRect(area.mapTo(window, QPoint(0, 0)), area.size())
    image = window.background.copy(rect).toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4].astype(int)


def dips(frames: list[np.ndarray], before: np.ndarray, after: np.ndarray, bare: np.ndarray):
    """Frames that show the bare background where both pages have something drawn."""
    drawn = (np.abs(before - bare) > 40) & (np.abs(after - bare) > 40)
    return [k for k, f in enumerate(frames) if (np.abs(f - bare)[drawn] < 8).mean() > 0.5]


def test_every_change_is_a_blend_of_its_pages_and_shows_its_direction(make_window, qtbot):
    window = make_window(transition_ms=400)
    window.navigator.interact()
    bare, start = background(window), frame(window)
    key(window, Qt.Key.Key_Right)
    forward = held(window, qtbot)
    second = frame(window)
    key(window, Qt.Key.Key_Left)
    back = held(window, qtbot)
    # Before: the old slide faded out to the bare background, then the new one rose in.
    assert dips(forward, start, second, bare) == [] and dips(back, second, start, bare) == []
    # Before, forward and back were the same motion; now the new page comes in from its
    # side: a frame of each is explained by its own direction of travel, not the other's.
    from tests.test_motion import OUTLIERS, fit

    k = len(forward) // 4
    rgb = [x.reshape(x.shape[0], -1, 4)[:, :, :3] for x in (forward[k], back[k], start, second)]
    going, coming, first, other = rgb
    assert fit(going, first, other, 1, 1).misses < OUTLIERS < fit(going, first, other, 1, -1).misses
    assert (
        fit(coming, other, first, 1, -1).misses < OUTLIERS < fit(coming, other, first, 1, 1).misses
    )
    # Into the charts: a change in motion too (it was a hard cut), again without a dip.
    click(window, window.charts.button)
    frames = held(window, qtbot)
    chart = frame(window)
    assert window.charts.active and dips(frames, start, chart, bare) == []
    middle = frames[len(frames) // 2]
    assert np.abs(middle - start).mean() > 0.5 and np.abs(middle - chart).mean() > 0.5


# --- 6 and 7: one set of touch rules on slides and charts, elements and dots first -------


def finger(window: KioskWindow, *points: QPoint) -> None:
    """One finger down at the first point (window pixels), along the others, up at the last:
    a real QTouchEvent from a touch screen, as the lobby's display sends."""
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    QTest.touchEvent(window, device).press(0, points[0]).commit()
    for point in points[1:-1]:
        QTest.touchEvent(window, device).move(0, point).commit()
    QTest.touchEvent(window, device).release(0, points[-1]).commit()


def mouse(window: KioskWindow, *points: QPoint) -> None:
    """The mouse pressed at the first point, moved along the others, released at the last."""
    handle = window.windowHandle()
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, pos=points[0])
    for point in points[1:-1]:
        QTest.mouseMove(handle, point)
    QTest.mouseRelease(handle, Qt.MouseButton.LeftButton, pos=points[-1])


def at(window: KioskWindow, widget, x: float, y: float) -> QPoint:
    """The window pixel at (x, y), fractions of `widget`."""
    return widget.mapTo(window, QPoint(round(widget.width() * x), round(widget.height() * y)))


def empty_spot(window: KioskWindow, half: float) -> QPoint:
    """A spot of the charts view in its `half` (0.25 or 0.75 of the width), at the height
    of the chart's title: no bar, part or milestone there, only the page's tap zones."""
    view = window.charts.view
    title = view.title.mapTo(window, view.title.rect().center())
    return QPoint(view.mapTo(window, QPoint(round(view.width() * half), 0)).x(), title.y())


def chart_id(window: KioskWindow) -> str:
    assert window.charts.active, page(window)
    return page(window)[1]


def test_a_tap_on_a_chart_s_halves_moves_like_on_a_slide(make_window, qtbot):
    window = make_window()
    click(window, window.charts.button)
    ids = [c.id for c in window.content.charts]
    assert chart_id(window) == ids[0]
    mouse(window, empty_spot(window, 0.75))
    assert chart_id(window) == ids[1]  # the right half: the next chart
    finger(window, empty_spot(window, 0.75))
    assert chart_id(window) == ids[2]
    finger(window, empty_spot(window, 0.25))
    assert chart_id(window) == ids[1]  # the left half: back
    mouse(window, empty_spot(window, 0.25))
    assert chart_id(window) == ids[0]


def test_a_swipe_on_a_chart_moves_like_on_a_slide(make_window, qtbot):
    window = make_window()
    click(window, window.charts.button)
    view, ids = window.charts.view, [c.id for c in window.content.charts]
    finger(
        window, at(window, view, 0.7, 0.5), at(window, view, 0.5, 0.5), at(window, view, 0.3, 0.5)
    )
    assert chart_id(window) == ids[1]  # a swipe to the left: the next chart
    mouse(
        window, at(window, view, 0.3, 0.5), at(window, view, 0.5, 0.5), at(window, view, 0.7, 0.5)
    )
    assert chart_id(window) == ids[0]
    finger(window, at(window, view, 0.3, 0.5), at(window, view, 0.7, 0.5))
    assert chart_id(window) == ids[-1]  # back from the first chart: the last one


def test_presenter_keys_page_the_charts_as_they_page_the_slides(make_window, qtbot):
    window = make_window()
    click(window, window.charts.button)
    ids = [c.id for c in window.content.charts]
    for which, expected in [
        (Qt.Key.Key_PageDown, ids[1]),
        (Qt.Key.Key_Space, ids[2]),
        (Qt.Key.Key_PageUp, ids[1]),
        (Qt.Key.Key_Up, ids[0]),
        (Qt.Key.Key_End, ids[-1]),
        (Qt.Key.Key_Home, ids[0]),
    ]:
        key(window, which)
        assert chart_id(window) == expected, which


def test_a_tap_on_a_bar_shows_its_figure_and_turns_no_page(make_window, qtbot):
    window = make_window()
    click(window, window.charts.button)
    view = window.charts.view
    view.finish()
    shown = chart_id(window)
    spot = next(
        (x / 20, y / 20)
        for y in range(2, 19)
        for x in range(1, 10)  # in the left half: a tap there would go back
        if window.charts.takes_tap(x / 20, y / 20)
    )
    finger(window, at(window, view, *spot))
    assert chart_id(window) == shown
    assert view.current().callout.isVisible()


def test_a_tap_on_a_card_in_the_left_half_takes_the_tap_not_the_page(make_window, qtbot):
    window = make_window()
    index = next(i for i, s in enumerate(window.content.slides) if s.kind == "cards")
    for _ in range(index):
        key(window, Qt.Key.Key_Right)
    here = window.content.slides[index].id
    assert window.current_slide_id() == here
    stage, cards = window.stage, window.stage.page().cards
    left = [c for c, _box in cards if c.mapTo(stage, c.rect().center()).x() < stage.width() / 2]
    assert left, "no card in the left half"
    finger(window, at(window, left[0], 0.5, 0.5))
    mouse(window, at(window, left[0], 0.5, 0.5))
    assert window.current_slide_id() == here  # not back a slide
    slide = window.content.slides[index]
    with_detail = next(c for (c, _box), card in zip(cards, slide.cards, strict=True) if card.detail)
    finger(window, at(window, with_detail, 0.5, 0.5))
    panel = window.details.panel
    assert panel.isVisible() and window.current_slide_id() == here  # its detail opens
    key(window, Qt.Key.Key_Escape)
    assert not panel.isVisible() and window.current_slide_id() == here


def test_a_dot_jumps_to_its_page_by_mouse_and_by_finger(make_window, qtbot):
    window = make_window()
    slides, charts = window.content.slides, window.content.charts
    assert len(dot_centres(window)) == len(slides)
    timeline = next(i for i, s in enumerate(slides) if s.kind == "timeline")
    mouse(window, dot_centres(window)[timeline])  # a slide's dot is in the slide's place
    assert window.current_slide_id() == slides[timeline].id
    figures = next(i for i, s in enumerate(slides) if s.kind == "figures")
    finger(window, dot_centres(window)[figures])
    assert window.current_slide_id() == slides[figures].id
    click(window, window.charts.button)  # on the charts the dots are the charts'
    parts = next(i for i, c in enumerate(charts) if c.kind == "parts")
    finger(window, dot_centres(window)[parts])
    assert chart_id(window) == charts[parts].id
