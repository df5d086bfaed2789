"""Every change of page, frame by frame (issue 14, item 3): each frame grabbed from the real
window is the outgoing page, the incoming page, or a blend or offset of the two; never the
bare background between them, never a third page. Changes are made by real key and mouse
events on the MINI deck; the motion's animation is held at chosen times while it is grabbed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtTest import QTest

from kiosk.ui import motion
from kiosk.ui.window import KioskWindow

MS = 400  # the changes' length here
STEPS = 8  # frames grabbed per change, at 0, 1/8 ... 7/8 of it
TOLERANCE = 12  # per channel: opacity is blended in 8 bits, twice
OUTLIERS = 0.003  # share of pixels a frame may miss the model by (antialiased edges)


def pixels(picture: QPixmap) -> np.ndarray:
    image = picture.toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = data.reshape(image.height(), image.bytesPerLine())[:, : image.width() * 4]
    return rows.reshape(image.height(), image.width(), 4)[:, :, :3].astype(np.int16)


def area_of(window: KioskWindow, whole: bool = False) -> np.ndarray:
    """The page area's pixels now (rows, columns, RGB), as the window draws them; `whole`:
    the whole window's (a detail panel dims the chrome too, and its change covers it)."""
    area = window.charts.pages
    rect = window.rect() if whole else QRect(area.mapTo(window, QPoint(0, 0)), area.size())
    return pixels(window.grab(rect))


def grab(window: KioskWindow, whole: bool) -> np.ndarray:
    # area_of(window) alone unless whole: tests/test_detail puts its own area_of here.
    return area_of(window, True) if whole else area_of(window)


def shifted(page: np.ndarray, under: np.ndarray, dx: int, dy: int) -> np.ndarray:
    """`page` drawn `dx`, `dy` pixels from its place over `under` (which shows elsewhere)."""
    out = under.copy()
    h, w = page.shape[:2]
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
    out[yd, xd] = page[ys, xs]
    return out


@dataclass
class Fit:
    shift: int  # how far the incoming page is from its place, along the direction
    alpha: float  # its opacity over the outgoing page
    misses: float  # share of pixels the frame is not explained at


def fit(frame: np.ndarray, before: np.ndarray, after: np.ndarray, axis: int, sign: int) -> Fit:
    """The best model of `frame` as `after` shifted along `axis` (1: x, 0: y) in the travel's
    direction, laid with some opacity over `before`; how many pixels it misses."""
    h, w = frame.shape[:2]
    most = math.ceil(motion.SHIFT * (w if axis == 1 else h)) + 1
    # The search looks at every 16th line across the shift, channels summed; the best
    # shift is then checked on every pixel.
    pick = (
        (slice(None, None, 16), slice(None)) if axis == 1 else (slice(None), slice(None, None, 16))
    )
    small = [x[pick].sum(axis=2, dtype=np.int32)[..., None] for x in (frame, before, after)]

    def model(s: int, f: np.ndarray, b: np.ndarray, a: np.ndarray) -> tuple[float, np.ndarray]:
        dx, dy = (sign * s, 0) if axis == 1 else (0, sign * s)
        a = shifted(a, b, dx, dy)
        diff, change = (f - b).astype(np.float32), (a - b).astype(np.float32)
        energy = float((change * change).sum())
        alpha = float((diff * change).sum() / energy) if energy else 0.0
        alpha = min(1.0, max(0.0, alpha))
        return alpha, np.abs(diff - alpha * change).max(axis=2)

    def score(s: int) -> float:
        return float((model(s, *small)[1] > 3 * TOLERANCE).mean())

    best = min(range(most + 1), key=score)
    alpha, residual = model(best, frame, before, after)
    return Fit(best, alpha, float((residual > TOLERANCE).mean()))


def held_frames(window: KioskWindow, qtbot, whole: bool = False) -> list[np.ndarray]:
    """The running change's frames at STEPS times; then it is let finish."""
    layer = window.stage.overlay
    qtbot.waitUntil(layer.isVisible, timeout=3000)
    layer.animation.pause()
    duration = layer.animation.duration()
    frames = []
    for k in range(STEPS):
        layer.animation.setCurrentTime(round(k * duration / STEPS))
        frames.append(grab(window, whole))
    layer.animation.setCurrentTime(duration - 1)
    frames.append(grab(window, whole))
    layer.animation.setCurrentTime(duration)  # the end: the live page shows
    assert not layer.isVisible()
    return frames


@dataclass
class Change:
    before: np.ndarray
    after: np.ndarray
    frames: list[np.ndarray]
    fits: list[Fit]


def change(
    window: KioskWindow,
    qtbot,
    act: Callable[[], None],
    direction: motion.Direction,
    whole: bool = False,
) -> Change:
    """Make a change and check every frame of it against its two ends (of the page area,
    or of the `whole` window)."""
    layer = window.stage.overlay
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    before = grab(window, whole)
    act()
    frames = held_frames(window, qtbot, whole)
    after = grab(window, whole)  # the live page, as the change left it
    axis, sign = (1, direction[0]) if direction[0] else (0, direction[1] or 1)
    fits = [fit(f, before, after, axis, sign) for f in frames]
    assert float(np.abs(before - after).mean()) > 1.0, "nothing changed"
    for k, f in enumerate(fits):
        assert f.misses < OUTLIERS, (k, f)  # a blend or offset of the two pages, nothing else
    # It starts on what was on screen and ends on the live page, smoothly between.
    assert fits[0].alpha < 0.1 and fits[-1].alpha > 0.9, fits
    alphas = [f.alpha for f in fits]
    assert all(b >= a - 0.02 for a, b in zip(alphas, alphas[1:], strict=False)), alphas
    if direction != motion.NONE:  # the new page travels in from its side, to its place
        middle = fits[STEPS // 4 : STEPS // 2 + 1]
        assert all(f.shift > 0 for f in middle), fits
        assert fits[-1].shift <= 1, fits
    return Change(before, after, frames, fits)


def key(window: KioskWindow, which: Qt.Key) -> Callable[[], None]:
    return lambda: QTest.keyClick(window.windowHandle(), which)


def click(window: KioskWindow, widget) -> Callable[[], None]:
    def act() -> None:
        where = widget.mapTo(window, widget.rect().center())
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=QPoint(where))

    return act


@pytest.fixture
def window(make_window, qtbot) -> KioskWindow:
    made = make_window(transition_ms=MS)
    # A key that moves nothing: the loop waits (only the test's own moves happen) and the
    # attract cue goes, as at a visitor's first touch.
    QTest.keyClick(made.windowHandle(), Qt.Key.Key_Shift)
    qtbot.waitUntil(lambda: not made.cue.isVisible(), timeout=3000)
    return made


def test_forward_and_back_are_blends_that_travel_opposite_ways(window, qtbot):
    forward = change(window, qtbot, key(window, Qt.Key.Key_Right), motion.FORWARD)
    back = change(window, qtbot, key(window, Qt.Key.Key_Left), motion.BACK)
    assert np.abs(forward.before - back.after).mean() < 1.0  # back where it started
    # The direction shows: a middle frame of each is not the other way's motion.
    middle = STEPS // 4
    going, coming = forward.frames[middle], back.frames[middle]
    assert fit(going, forward.before, forward.after, 1, -1).misses > 10 * OUTLIERS
    assert fit(coming, back.before, back.after, 1, 1).misses > 10 * OUTLIERS


def test_the_attract_cue_stays_over_the_loops_changes(make_window, qtbot, clock):
    window = make_window(transition_ms=MS)
    cue, layer = window.cue, window.stage.overlay
    qtbot.waitUntil(cue.shown, timeout=3000)  # no one has touched it yet
    cue.hold.stop()  # held as it is (it fades between its languages now and then)
    cue.fade.stop()
    before = window.grab()
    deadline = window.navigator.next_deadline()
    assert deadline is not None
    clock.now = deadline + 0.01  # the loop moves on by itself
    qtbot.waitUntil(layer.isVisible, timeout=3000)
    layer.animation.pause()
    layer.animation.setCurrentTime(0)
    start = window.grab()
    # The first frame is the page as it was, the cue on it: it never blinks out.
    where = cue.geometry()  # over the dots (or, on a narrow bar, the page's bottom edge)
    # (its text is drawn from a picture: antialiased edges differ by a few levels)
    assert np.abs(pixels(start.copy(where)) - pixels(before.copy(where))).mean() < 3.0
    assert cue.isVisible()


def test_a_change_interrupted_by_another_starts_from_the_frame_on_screen(window, qtbot):
    layer = window.stage.overlay
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    qtbot.waitUntil(layer.isVisible)
    layer.animation.pause()
    layer.animation.setCurrentTime(MS // 2)
    halfway = area_of(window)
    layer.animation.resume()
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    layer.animation.pause()
    layer.animation.setCurrentTime(0)
    assert np.abs(area_of(window) - halfway).mean() < 1.0  # no jump to either slide


@pytest.mark.slow  # about 5 s
def test_into_and_out_of_the_charts(window, qtbot):
    button = window.charts.button
    change(window, qtbot, click(window, button), motion.FORWARD)
    assert window.charts.active and window.charts.view.isVisible()
    change(window, qtbot, key(window, Qt.Key.Key_Right), motion.FORWARD)  # chart to chart
    change(window, qtbot, key(window, Qt.Key.Key_Left), motion.BACK)
    change(window, qtbot, click(window, button), motion.BACK)  # back to the slides
    assert not window.charts.active and window.stage.isVisible()


def test_the_chart_grows_once_it_is_in_place(window, qtbot):
    view = window.charts.view
    QTest.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    layer = window.stage.overlay
    qtbot.waitUntil(layer.isVisible)
    assert view.animation.state() != view.animation.State.Running  # still: the motion ends on it
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    qtbot.waitUntil(lambda: view.animation.state() == view.animation.State.Running, timeout=1000)


def test_the_overview_comes_and_goes_and_a_jump_from_it(window, qtbot):
    overview = window.overview
    assert overview is not None
    change(window, qtbot, click(window, window.overview_button), motion.UP)
    assert overview.isVisible()
    change(window, qtbot, click(window, window.overview_button), motion.DOWN)
    assert not overview.isVisible()
    change(window, qtbot, click(window, window.overview_button), motion.UP)
    target = next(i for i, s in enumerate(window.content.slides) if s.kind == "timeline")
    thumb = overview.thumbs[target]
    change(window, qtbot, click(window, thumb), motion.NONE)
    assert not overview.isVisible() and window.current_slide_id() == "history"


def test_the_overview_over_the_charts_closes_into_the_next_chart(window, qtbot):
    QTest.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    change(window, qtbot, click(window, window.overview_button), motion.UP)
    change(window, qtbot, key(window, Qt.Key.Key_Right), motion.FORWARD)
    assert window.overview is not None and not window.overview.isVisible()
    assert window.charts.active


def test_a_detail_panel_comes_and_goes(window, qtbot):
    from tests.test_detail import element, panel_of, show_page, tap

    _index, view = show_page(window, qtbot, "cards")
    target = element(view, with_detail=True)
    # The panel dims the chrome too: its change covers the whole window (over=window).
    change(window, qtbot, lambda: tap(qtbot, view, target), motion.UP, whole=True)
    assert panel_of(window).isVisible()
    change(window, qtbot, key(window, Qt.Key.Key_Escape), motion.DOWN, whole=True)
    assert not panel_of(window).isVisible()


# --- drags: the page under the finger ---------------------------------------------------------


def strip_offset(
    frame: np.ndarray, before: np.ndarray, after: np.ndarray, near: int | None = None
) -> int | None:
    """The x at which `frame` is `before` and `after` side by side on one strip, if it is
    (looked for within 2 pixels of `near` if given)."""
    w = frame.shape[1]
    for x in range(-w + 1, w) if near is None else range(near - 2, near + 3):
        if x <= 0:
            model = np.concatenate([before[:, -x:], after[:, : -x if x else 0]], axis=1)
            if x == 0:
                model = before
        else:
            model = np.concatenate([after[:, w - x :], before[:, : w - x]], axis=1)
        rough = float((np.abs(frame[::16] - model[::16]).max(axis=2) > TOLERANCE).mean())
        if rough < OUTLIERS and misses(frame, model) < OUTLIERS:
            return x
    return None


def misses(frame: np.ndarray, model: np.ndarray) -> float:
    return float((np.abs(frame - model).max(axis=2) > TOLERANCE).mean())


def press_at(window: KioskWindow, x: float, y: float) -> QPoint:
    stage = window.stage
    return stage.mapTo(window, QPoint(round(x * stage.width()), round(y * stage.height())))


def neighbour_picture(window: KioskWindow, qtbot, which: Qt.Key) -> np.ndarray:
    """The page area once the key's move is over; then back where it was."""
    QTest.keyClick(window.windowHandle(), which)
    layer = window.stage.overlay
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    picture = area_of(window)
    back = Qt.Key.Key_Left if which == Qt.Key.Key_Right else Qt.Key.Key_Right
    QTest.keyClick(window.windowHandle(), back)
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    return picture


def test_a_mouse_drag_takes_the_page_and_completes_the_move(window, qtbot):
    handle, layer = window.windowHandle(), window.stage.overlay
    following = neighbour_picture(window, qtbot, Qt.Key.Key_Right)
    before, start = area_of(window), window.current_slide_id()
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(handle, left, pos=press_at(window, 0.7, 0.5))
    seen = []
    for x in (0.6, 0.5, 0.4):  # the finger moves left: the page goes with it
        QTest.mouseMove(handle, press_at(window, x, 0.5))
        moved = press_at(window, x, 0.5).x() - press_at(window, 0.7, 0.5).x()
        seen.append(strip_offset(area_of(window), before, following, near=moved))
    assert None not in seen, seen
    QTest.mouseRelease(handle, left, pos=press_at(window, 0.4, 0.5))
    assert layer.isVisible()  # the strip goes on to the next page
    layer.animation.pause()
    layer.animation.setCurrentTime(layer.animation.duration() // 2)
    mid = strip_offset(area_of(window), before, following, near=layer.offset())
    assert mid is not None and mid < seen[-1]  # on its way left
    layer.animation.resume()
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    assert window.current_slide_id() != start
    assert np.abs(area_of(window) - following).mean() < 1.0


def test_a_short_drag_springs_back(window, qtbot):
    handle, layer = window.windowHandle(), window.stage.overlay
    before, start = area_of(window), window.current_slide_id()
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(handle, left, pos=press_at(window, 0.5, 0.5))
    QTest.mouseMove(handle, press_at(window, 0.55, 0.5))  # towards the previous page, a little
    assert layer.isVisible()
    QTest.mouseRelease(handle, left, pos=press_at(window, 0.55, 0.5))
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    assert window.current_slide_id() == start
    assert np.abs(area_of(window) - before).mean() < 1.0


def test_a_touch_drag_takes_the_page_too(window, qtbot):
    device = QTest.createTouchDevice()
    handle, layer = window.windowHandle(), window.stage.overlay
    previous = neighbour_picture(window, qtbot, Qt.Key.Key_Left)
    before, start = area_of(window), window.current_slide_id()
    QTest.touchEvent(handle, device).press(0, press_at(window, 0.3, 0.5)).commit()
    QTest.touchEvent(handle, device).move(0, press_at(window, 0.5, 0.5)).commit()
    moved = press_at(window, 0.5, 0.5).x() - press_at(window, 0.3, 0.5).x()
    assert strip_offset(area_of(window), before, previous, near=moved) is not None
    QTest.touchEvent(handle, device).release(0, press_at(window, 0.5, 0.5)).commit()
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    assert window.current_slide_id() != start
    assert np.abs(area_of(window) - previous).mean() < 1.0


def test_a_drag_on_a_chart_takes_it_along_and_brings_the_next(window, qtbot):
    handle, layer, view = window.windowHandle(), window.stage.overlay, window.charts.view
    QTest.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    view.animation.stop()
    view.current().set_progress(1.0)
    left = Qt.MouseButton.LeftButton
    QTest.mousePress(handle, left, pos=press_at(window, 0.7, 0.5))  # the attract cue goes
    before, first = area_of(window), view.index
    QTest.mouseMove(handle, press_at(window, 0.45, 0.5))
    moved = press_at(window, 0.45, 0.5).x() - press_at(window, 0.7, 0.5).x()
    dragged = area_of(window)
    w = before.shape[1]
    assert layer.isVisible() and view.index == first
    assert misses(dragged[:, : w + moved], before[:, -moved:]) < OUTLIERS  # under the finger
    QTest.mouseRelease(handle, left, pos=press_at(window, 0.45, 0.5))
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    assert window.charts.active and view.index != first
    view.animation.stop()
    view.current().set_progress(0.0)  # as it came in, before it grew
    arrived = area_of(window)
    # Beside it, the next chart (its axis labels may come a moment later: a small share).
    assert misses(dragged[:, w + moved :], arrived[:, :-moved]) < 0.02


def test_a_touch_drag_on_a_chart_takes_it_along(window, qtbot):
    device = QTest.createTouchDevice()
    handle, layer, view = window.windowHandle(), window.stage.overlay, window.charts.view
    QTest.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    first = view.index
    QTest.touchEvent(handle, device).press(0, press_at(window, 0.3, 0.5)).commit()
    QTest.touchEvent(handle, device).move(0, press_at(window, 0.5, 0.5)).commit()
    assert layer.isVisible() and layer.offset() > 0  # the chart went right with the finger
    QTest.touchEvent(handle, device).release(0, press_at(window, 0.5, 0.5)).commit()
    qtbot.waitUntil(lambda: not layer.isVisible(), timeout=3000)
    assert window.charts.active and view.index != first  # the previous chart came in
