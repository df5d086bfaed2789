"""The whole loop over slides and charts (kiosk.loop), Qt-free, with a fake clock: pause on
a touch, resume, home in the home language, broken pages skipped, the modes."""

from __future__ import annotations

import pytest

from kiosk.loop import (
    Change,
    Event,
    LanguageChanged,
    Loop,
    ModeChanged,
    Moved,
    Page,
)
from kiosk.navigation import NavigationConfig

CFG = NavigationConfig(default_duration=10.0, idle_resume=30.0, idle_home=100.0)
LANGS = ["zh_Hans", "en", "ko"]
PAGES = [
    Page("slide", "welcome"),
    Page("slide", "sectors", 7.0),
    Page("slide", "outlook"),
    Page("chart", "floor", 4.0),
    Page("chart", "companies"),
]


class FakeClock:
    def __init__(self, now: float = 500.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make(clock: FakeClock, pages=PAGES, home: str = "en") -> Loop:
    return Loop(pages, LANGS, home, CFG, clock)


def ids(updates) -> list[str]:
    return [u.page.id for u in updates if isinstance(u, Moved)]


def run_until(loop: Loop, clock: FakeClock, limit: float, home: bool = False) -> list:
    """Tick at every deadline until ``limit`` s from now, or (``home``) until the loop has
    gone home; what happened, and when."""
    end, seen = clock.now + limit, []
    while (deadline := loop.next_deadline()) is not None and deadline <= end:
        clock.now = max(clock.now, deadline)
        seen += [(clock.now, u) for u in loop.tick()]
        if home and Event.WENT_HOME in [u for _, u in seen]:
            return seen
    clock.now = end
    return seen


def test_the_attract_loop_shows_every_slide_then_every_chart_for_its_time(clock):
    loop = make(clock)
    start = clock.now
    seen = run_until(loop, clock, 10 + 7 + 10 + 4 + 10 + 1)
    moves = [(t - start, u.page.key) for t, u in seen if isinstance(u, Moved)]
    assert moves == [
        (10, "sectors"),
        (17, "outlook"),
        (27, "chart:floor"),
        (31, "chart:companies"),
        (41, "welcome"),  # after the last chart, slide 1 again
    ]
    assert loop.mode == "loop" and not loop.paused


def test_a_touch_pauses_the_loop_and_it_resumes_after_the_idle_time(clock):
    loop = make(clock)
    clock.now += 3
    assert loop.interact() == [ModeChanged("visitor", "loop")]
    assert loop.paused and loop.next_deadline() == clock.now + 30
    assert run_until(loop, clock, 29.9) == []  # nothing moves while a visitor is there
    [(_, resumed), (_, mode)] = run_until(loop, clock, 0.2)
    assert (resumed, mode) == (Event.RESUMED, ModeChanged("loop", "visitor"))
    assert loop.time_to_next() == pytest.approx(9.9)  # a fresh full time from the resume


def test_visitor_moves_stay_among_pages_of_the_shown_kind(clock):
    loop = make(clock)
    assert ids(loop.previous()) == ["outlook"]  # the slides wrap to the last slide
    assert ids(loop.next()) == ["welcome"]
    assert ids(loop.toggle_charts()) == ["floor"]
    assert loop.section() == (0, 2)
    assert ids(loop.next()) == ["companies"]
    assert ids(loop.next()) == ["floor"]  # the charts wrap to the first chart
    assert ids(loop.previous()) == ["companies"]
    assert ids(loop.first()) == ["floor"] and ids(loop.last()) == ["companies"]
    assert ids(loop.toggle_charts()) == ["welcome"]  # back to the slide it left from


def test_long_idle_goes_home_in_the_home_language_with_the_charts_included(clock):
    loop = make(clock, home="ko")
    assert loop.lang == "ko"
    loop.choose_language("zh_Hans")
    loop.toggle_charts()
    loop.next()
    assert (loop.page, loop.lang) == (PAGES[4], "zh_Hans")
    touched = clock.now
    seen = run_until(loop, clock, 200, home=True)
    home = [(t, u) for t, u in seen if t >= touched + 100]
    assert [u for _, u in home] == [
        Moved(Change(0, home[0][1].change.previous, 0, "home"), PAGES[0]),
        LanguageChanged("ko"),
        Event.WENT_HOME,
    ]
    assert (loop.index, loop.lang, loop.mode) == (0, "ko", "loop")


def test_going_home_waits_for_the_end_of_a_page_of_the_resumed_loop(clock):
    loop = make(clock)
    loop.next()
    touched = clock.now
    seen = run_until(loop, clock, 200, home=True)
    times = [t for t, u in seen if isinstance(u, Moved)]
    assert all(b - a >= 4 for a, b in zip(times, times[1:], strict=False))  # none cut short
    went = next(t for t, u in seen if u is Event.WENT_HOME)
    assert went >= touched + 100 and loop.index == 0


def test_the_loop_and_the_moves_skip_broken_pages(clock):
    loop = make(clock)
    assert loop.mark_broken(1) == []  # not shown: nothing moves
    assert loop.mark_broken(3) == []
    assert ids(loop.next()) == ["outlook"]  # a visitor's move skips it
    assert ids(loop.toggle_charts()) == ["companies"]
    loop = make(clock)
    loop.mark_broken(1)
    loop.mark_broken(3)
    seen = [u.page.key for _, u in run_until(loop, clock, 60) if isinstance(u, Moved)]
    assert seen[:3] == ["outlook", "chart:companies", "welcome"]
    assert loop.broken == {"sectors", "chart:floor"}


def test_a_shown_page_that_breaks_is_left_for_the_next_good_one(clock):
    loop = make(clock)
    loop.toggle_charts()
    [moved] = loop.mark_broken(3)
    assert isinstance(moved, Moved) and moved.page.key == "chart:companies"


def test_home_skips_a_broken_first_slide(clock):
    loop = make(clock)
    loop.next()
    loop.mark_broken(0)
    run_until(loop, clock, 200, home=True)
    assert loop.page is not None and loop.page.key == "sectors"


def test_overview_and_detail_are_modes_closed_by_a_move_a_close_or_the_idle(clock):
    loop = make(clock)
    assert loop.open_overview() == [ModeChanged("overview", "loop")]
    updates = loop.next()  # the page moves, then the overview goes
    assert ids(updates) == ["sectors"] and updates[1:] == [ModeChanged("visitor", "overview")]
    loop.open_detail("figure-3")
    assert (loop.mode, loop.detail) == ("detail", "figure-3")
    assert loop.close() == [ModeChanged("visitor", "detail")] and loop.detail is None
    loop.open_detail("figure-3")
    seen = [u for _, u in run_until(loop, clock, 31)]
    assert seen == [Event.RESUMED, ModeChanged("loop", "detail")]  # the idle closes it
    assert loop.detail is None


def test_new_content_keeps_the_shown_page_by_id_and_forgets_broken_marks(clock):
    loop = make(clock)
    loop.toggle_charts()
    loop.mark_broken(1)
    fewer = [PAGES[0], PAGES[2], PAGES[3]]
    loop.replace_pages(fewer, ["en"])
    assert loop.page == PAGES[3] and loop.broken == set()
    assert loop.lang == "en" and loop.home_lang == "en"
    loop.next()  # the last chart, then it is taken out: the chart at its place shows
    loop.replace_pages([PAGES[0], PAGES[3]])
    assert loop.page == PAGES[3]
    loop.toggle_charts()
    loop.replace_pages([PAGES[1], PAGES[2], PAGES[3]])  # the slide shown is gone
    assert loop.page == PAGES[1]


def test_a_language_the_content_lacks_falls_back_to_the_default_listed_first(clock):
    loop = make(clock, home="fr")
    assert loop.lang == loop.home_lang == "zh_Hans"
    loop.choose_language("ko")
    assert loop.choose_language("xx") == [LanguageChanged("zh_Hans")]
    fresh = make(clock)
    assert fresh.set_language("ko") == [LanguageChanged("ko")] and not fresh.paused


def test_restart_goes_home_at_once_in_the_new_home_language(clock):
    loop = make(clock)
    loop.toggle_charts()
    updates = loop.restart("ko")
    assert (loop.index, loop.lang, loop.mode) == (0, "ko", "loop")
    assert LanguageChanged("ko") in updates


def test_an_empty_playlist_moves_nowhere(clock):
    loop = make(clock, pages=[])
    assert loop.page is None and loop.section() == (0, 0)
    assert ids(loop.next()) == [] and loop.tick() == []
