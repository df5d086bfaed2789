"""The window driven through its real inputs: keys, clicks, taps, swipes and timers.

On the MINI fixture deck (make_window's default): expectations come from the loaded content,
never from a deck's wording, ids or counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.fit import slide_fit_problems
from kiosk.ui.window import KioskWindow
from tests.conftest import first_chart, home_slide


def slide_id(window: KioskWindow) -> str:
    return window.current_slide_id()


def shown_view(window: KioskWindow) -> QWidget:
    return window.stage.stack.currentWidget()


def shows(window: KioskWindow, index: int) -> bool:
    """The navigator is at slide `index` and the stage shows that slide's view."""
    view = shown_view(window)
    return window.navigator.index == index and view.slide.id == window.content.slides[index].id


def other_language(window: KioskWindow) -> str:
    """A language the window does not show now."""
    return next(code for code in window.content.language_codes if code != window.lang)


def test_starts_on_the_first_slide_in_the_default_language(make_window):
    window = make_window()
    content = window.content
    assert content.default_language != content.language_codes[0]  # the default, not the first
    assert shows(window, 0)
    assert shown_view(window) is window.stage.views[0]
    assert window.lang == content.default_language
    assert window.park_name.text() == content.park.name[content.default_language]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (Qt.Key.Key_Right, 1),
        (Qt.Key.Key_Space, 1),
        (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_Left, -1),
        (Qt.Key.Key_PageUp, -1),
    ],
)
def test_keys_move_forward_and_back_and_wrap(make_window, qtbot, key, expected):
    window = make_window()
    count = len(window.content.slides)
    qtbot.keyClick(window, key)
    assert shows(window, expected % count)
    assert shown_view(window) is window.stage.views[expected % count]


def test_home_and_end_keys(make_window, qtbot):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert window.navigator.index == len(window.content.slides) - 1
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert window.navigator.index == 0


def test_tap_right_half_goes_next_left_half_goes_back(make_window, qtbot):
    window = make_window()
    stage = window.stage
    qtbot.mouseClick(stage, Qt.MouseButton.LeftButton, pos=QPoint(stage.width() * 3 // 4, 200))
    assert window.navigator.index == 1
    qtbot.mouseClick(stage, Qt.MouseButton.LeftButton, pos=QPoint(stage.width() // 4, 200))
    assert window.navigator.index == 0


def test_arrow_buttons(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert window.navigator.index == 2
    qtbot.mouseClick(window.previous_button, Qt.MouseButton.LeftButton)
    assert window.navigator.index == 1


def test_touch_target_size(make_window):
    window = make_window(size=(1920, 1080))
    for button in [window.next_button, window.previous_button, *window.languages.buttons.values()]:
        assert button.width() >= 48 and button.height() >= 48


def test_mouse_swipe_left_goes_next(make_window, qtbot):
    window = make_window()
    stage = window.stage
    y = stage.height() // 2
    qtbot.mousePress(stage, Qt.MouseButton.LeftButton, pos=QPoint(stage.width() // 4, y))
    qtbot.mouseRelease(stage, Qt.MouseButton.LeftButton, pos=QPoint(stage.width() // 8, y))
    # A swipe to the left from the left half is "next", not a tap on the left half.
    assert window.navigator.index == 1


def touch(window: KioskWindow, *stage_points: tuple[float, float]) -> None:
    """One finger down at the first point, along the others, up at the last (stage fractions)."""
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    stage = window.stage
    points = [
        stage.mapTo(window, QPoint(round(stage.width() * x), round(stage.height() * y)))
        for x, y in stage_points
    ]
    QTest.touchEvent(window, device).press(0, points[0]).commit()
    for point in points[1:-1]:
        QTest.touchEvent(window, device).move(0, point).commit()
    QTest.touchEvent(window, device).release(0, points[-1]).commit()


def test_touch_swipe_right_goes_back(make_window):
    window = make_window()
    touch(window, (0.35, 0.5), (0.5, 0.5), (0.75, 0.5))
    assert window.navigator.index == len(window.content.slides) - 1


def test_touch_swipe_left_goes_next(make_window):
    window = make_window()
    touch(window, (0.3, 0.5), (0.2, 0.5), (0.1, 0.5))
    assert window.navigator.index == 1


def test_touch_tap_right_goes_next(make_window):
    window = make_window()
    touch(window, (0.8, 0.2), (0.8, 0.2))
    assert window.navigator.index == 1


def test_slides_advance_on_their_own_through_the_timer(make_window, qtbot, clock):
    window = make_window()
    first = shown_view(window).slide
    clock.now += (first.duration or window.content.default_duration) + 0.1
    qtbot.waitUntil(lambda: window.navigator.index == 1, timeout=2000)
    assert shows(window, 1)


def test_interval_flag_sets_the_default_duration(make_window, make_deck, qtbot, clock):
    def no_own_duration(data):
        for slide in data["slides"]:
            slide.pop("duration", None)
        data["default_duration"] = 30

    window = make_window(path=make_deck(no_own_duration), interval=5)
    assert all(slide.duration is None for slide in window.content.slides)
    clock.now += 5.1
    qtbot.waitUntil(lambda: window.navigator.index == 1, timeout=2000)


def test_interaction_pauses_then_resumes_after_idle(make_window, qtbot, clock):
    window = make_window()
    resume = window.settings.idle_resume
    touched = clock.now
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.navigator.paused
    duration = window.navigator.duration()
    assert duration < resume  # the check below means something
    clock.now += (duration + resume) / 2  # longer than a slide, shorter than idle: stays put
    for _ in range(2):  # the window has looked at the clock since (its ticker fired)
        with qtbot.waitSignal(window.ticker.timeout, timeout=2000):
            pass
    assert window.navigator.index == 1 and window.navigator.paused
    clock.now = touched + resume + 1  # idle long enough: auto-advance resumes, fresh duration
    qtbot.waitUntil(lambda: not window.navigator.paused, timeout=2000)
    assert window.navigator.index == 1
    clock.now += window.navigator.duration() + 0.1
    qtbot.waitUntil(lambda: window.navigator.index == 2, timeout=2000)


def test_long_idle_returns_to_first_slide_and_default_language(make_window, qtbot, clock):
    window = make_window()
    default, other = window.lang, other_language(window)
    qtbot.mouseClick(window.languages.buttons[other], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert (window.navigator.index, window.lang) == (2, other)
    clock.now += window.settings.idle_home + 1
    qtbot.waitUntil(lambda: window.navigator.index == 0 and window.lang == default, timeout=2000)


def test_language_tap_changes_texts_and_keeps_the_slide(make_window, qtbot):
    window = make_window()
    default, other = window.lang, other_language(window)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    view = shown_view(window)
    before = [label.text() for label in view.labels]
    qtbot.mouseClick(window.languages.buttons[other], Qt.MouseButton.LeftButton)
    assert window.navigator.index == 1 and shown_view(window) is view
    after = [label.text() for label in view.labels]
    assert after != before
    assert view.title.text() == view.slide.title[other]
    assert window.park_name.text() == window.content.park.short_name[other]
    assert window.languages.buttons[other].isChecked()
    assert not window.languages.buttons[default].isChecked()


def test_escape_and_close_requests_do_not_exit(make_window, qtbot):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    window.close()
    assert window.isVisible()


def test_operator_shortcut_quits(make_window, qtbot, monkeypatch):
    window = make_window()
    quits = []
    monkeypatch.setattr(QApplication, "quit", lambda *_args: quits.append(True))
    qtbot.keyClick(
        window,
        Qt.Key.Key_Q,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert quits and not window.isVisible()


def test_cursor_hides_when_idle_and_returns_on_movement(make_window, qtbot):
    window = make_window(cursor_hide=0.05)
    qtbot.waitUntil(lambda: window.cursor().shape() == Qt.CursorShape.BlankCursor, timeout=2000)
    qtbot.mouseMove(window.stage, QPoint(50, 50))
    qtbot.mouseMove(window.stage, QPoint(60, 60))
    assert window.cursor().shape() != Qt.CursorShape.BlankCursor


def test_transition_is_animated_and_short(make_window, qtbot):
    window = make_window(transition_ms=300)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    overlay = window.stage.overlay
    assert overlay.isVisible() and overlay.animation.duration() <= 400
    qtbot.waitUntil(lambda: not overlay.isVisible(), timeout=1500)
    assert shows(window, 1)


def test_content_text_is_plain_text_never_html(make_window, make_deck):
    def markup(data):
        codes = [lang["code"] for lang in data["languages"]]
        data["slides"][0]["title"] = {c: "<b>bold?</b> <a href='x'>link</a>" for c in codes}

    window = make_window(path=make_deck(markup))
    title = shown_view(window).title
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert title.text() == "<b>bold?</b> <a href='x'>link</a>"
    assert not title.openExternalLinks()


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (3840, 2160)])
def test_layout_keeps_the_window_size_and_fits_every_slide(make_window, size):
    window = make_window(size=size)
    for lang in window.content.language_codes:
        window.set_language(lang)
        for i in range(len(window.content.slides)):
            window.go_to(i)
            QApplication.processEvents()
            assert (window.width(), window.height()) == size
            assert slide_fit_problems(window) == [], (lang, window.current_slide_id())


def test_overview_shows_every_slide_and_a_tap_jumps_there(make_window, qtbot):
    window = make_window(size=(1920, 1080))
    last = next(s.id for s in window.content.slides if s.kind == "timeline")
    qtbot.mouseClick(window.overview_button, Qt.MouseButton.LeftButton)
    overview = window.overview
    assert overview.isVisible()
    assert len(overview.thumbs) == len(window.content.slides)
    assert all(not thumb.picture.isNull() for thumb in overview.thumbs)
    assert overview.thumbs[0].current
    target = window.content.slides.index(next(s for s in window.content.slides if s.id == last))
    assert target > 1  # a jump, not a step
    qtbot.mouseClick(overview.thumbs[target], Qt.MouseButton.LeftButton)
    assert not overview.isVisible()
    assert shows(window, target) and window.current_slide_id() == last


def test_overview_follows_the_language_and_closes_when_idle(make_window, qtbot, clock):
    window = make_window()
    default = window.lang
    qtbot.mouseClick(window.overview_button, Qt.MouseButton.LeftButton)
    heading = window.overview.heading.text()
    other = next(c for c in window.content.language_codes if c not in (default, "en"))
    qtbot.mouseClick(window.languages.buttons[other], Qt.MouseButton.LeftButton)
    assert window.overview.isVisible() and window.overview.heading.text() != heading
    assert all(thumb.lang == other for thumb in window.overview.thumbs)
    clock.now += window.settings.idle_home + 1
    qtbot.waitUntil(lambda: not window.overview.isVisible(), timeout=2000)
    assert window.lang == default


def test_the_first_slide_is_logged_as_shown_at_start(make_window, caplog):
    # The operators' log (and the Xvfb test) sees every page come on screen, the first too.
    caplog.set_level("INFO", logger="kiosk.ui.window")
    window = make_window()
    first = home_slide(window.content)
    assert any(
        f"slide 1/{len(window.content.slides)} {first}" in r.getMessage() for r in caplog.records
    )


def test_the_window_s_parts_follow_the_loop_through_its_adapter(make_window, qtbot, clock):
    window = make_window(lang="ko")
    seen: list[tuple] = []
    model = window.model
    model.page_changed.connect(lambda moved: seen.append(("page", moved.page.key)))
    model.mode_changed.connect(lambda mode, _previous: seen.append(("mode", mode)))
    model.language_changed.connect(lambda code: seen.append(("language", code)))
    model.went_home.connect(lambda: seen.append(("home",)))
    other = next(c for c in window.content.language_codes if c != "ko")
    qtbot.mouseClick(window.languages.buttons[other], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    chart = f"chart:{first_chart(window.content)}"
    assert seen == [("mode", "visitor"), ("language", other), ("page", chart)]
    assert window.charts.active and window.lang == other  # the views followed
    seen.clear()
    clock.now += window.settings.idle_home + 1
    qtbot.waitUntil(lambda: ("home",) in seen, timeout=3000)
    first = home_slide(window.content)
    assert ("page", first) in seen and ("language", "ko") in seen
    assert not window.charts.active and window.lang == "ko" and window.current_slide_id() == first
