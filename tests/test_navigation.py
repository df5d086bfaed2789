"""Tests for the Qt-free attract-loop state machine, driven by a fake clock."""

from __future__ import annotations

import math

import pytest

from kiosk.navigation import Change, Event, NavigationConfig, Navigator

# Short, distinct numbers so a wrong timer shows up as a wrong value, not a coincidence.
CFG = NavigationConfig(default_duration=10.0, idle_resume=30.0, idle_home=100.0)


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make(clock: FakeClock, durations=(None, None, None, None), config=CFG) -> Navigator:
    return Navigator(durations, config, clock)


def auto(index: int, previous: int) -> Change:
    return Change(index, previous, +1, "auto")


# -- config -----------------------------------------------------------------------------


def test_config_defaults_match_spec():
    cfg = NavigationConfig()
    assert (cfg.default_duration, cfg.idle_resume, cfg.idle_home) == (12.0, 45.0, 120.0)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"idle_resume": 50.0, "idle_home": 49.0},
        {"default_duration": 0.0},
        {"default_duration": -1.0},
        {"default_duration": math.nan},
        {"idle_resume": -1.0},
        {"idle_home": math.inf},
    ],
)
def test_config_rejects_invalid_values(kwargs):
    with pytest.raises(ValueError):
        NavigationConfig(**kwargs)


def test_config_allows_home_equal_to_resume(clock):
    nav = make(clock, config=NavigationConfig(idle_resume=30.0, idle_home=30.0))
    nav.go_to(2)
    clock.advance(30.0)
    assert nav.tick() == [Event.RESUMED, Change(0, 2, 0, "home"), Event.WENT_HOME]


# -- auto-advance -----------------------------------------------------------------------


def test_initial_state(clock):
    nav = make(clock)
    assert (nav.index, nav.count, nav.paused) == (0, 4, False)
    assert nav.time_to_next() == 10.0
    assert nav.progress() == 0.0
    assert nav.next_deadline() == clock.now + 10.0
    assert nav.tick() == []


def test_auto_advance_after_default_duration(clock):
    nav = make(clock)
    clock.advance(9.999)
    assert nav.tick() == []
    clock.advance(0.001)
    assert nav.tick() == [auto(1, 0)]
    assert nav.index == 1
    assert nav.time_to_next() == 10.0


def test_auto_advance_wraps_from_last_to_first(clock):
    nav = make(clock, durations=[None, None, None])
    seen = []
    for _ in range(4):
        clock.advance(10.0)
        seen += nav.tick()
    assert seen == [auto(1, 0), auto(2, 1), auto(0, 2), auto(1, 0)]


def test_per_slide_durations_and_invalid_ones_fall_back_to_default(clock):
    nav = make(clock, durations=[3.0, None, 0.0, -5.0, math.nan, 7.5])
    assert [nav.duration(i) for i in range(nav.count)] == [3.0, 10.0, 10.0, 10.0, 10.0, 7.5]
    times = []
    start = clock.now
    for _ in range(nav.count):
        clock.now = nav.next_deadline()
        assert len(nav.tick()) == 1
        times.append(clock.now - start)
    assert times == [3.0, 13.0, 23.0, 33.0, 43.0, 50.5]
    assert nav.index == 0


def test_progress_and_time_to_next_track_elapsed_time(clock):
    nav = make(clock, durations=[8.0, 4.0])
    clock.advance(2.0)
    assert nav.progress() == pytest.approx(0.25)
    assert nav.time_to_next() == pytest.approx(6.0)
    clock.advance(6.0)
    assert nav.progress() == 1.0
    assert nav.time_to_next() == 0.0
    # Overdue but not yet ticked: clamped, not > 1 or negative.
    clock.advance(5.0)
    assert nav.progress() == 1.0
    assert nav.time_to_next() == 0.0
    nav.tick()
    assert nav.progress() == 0.0
    assert nav.time_to_next() == 4.0


# -- user moves -------------------------------------------------------------------------


def test_user_next_and_previous_wrap_both_ways(clock):
    nav = make(clock, durations=[None, None, None])
    assert nav.previous() == Change(2, 0, -1, "user")
    assert nav.next() == Change(0, 2, +1, "user")
    assert nav.next() == Change(1, 0, +1, "user")
    assert nav.index == 1


def test_first_last_and_go_to_are_jumps(clock):
    nav = make(clock)
    assert nav.last() == Change(3, 0, 0, "user")
    assert nav.first() == Change(0, 3, 0, "user")
    assert nav.go_to(2) == Change(2, 0, 0, "user")
    assert nav.go_to(2) == Change(2, 2, 0, "user")
    assert nav.index == 2


@pytest.mark.parametrize("bad", [-1, 4, 100])
def test_go_to_out_of_range_raises_and_changes_nothing(clock, bad):
    nav = make(clock)
    with pytest.raises(IndexError):
        nav.go_to(bad)
    assert (nav.index, nav.paused) == (0, False)


@pytest.mark.parametrize(
    "action", [Navigator.next, Navigator.previous, Navigator.first, Navigator.last]
)
def test_every_user_move_pauses_auto_advance(clock, action):
    nav = make(clock)
    clock.advance(5.0)
    action(nav)
    assert nav.paused
    assert nav.time_to_next() is None
    assert nav.progress() == 0.0
    index = nav.index
    clock.advance(29.0)  # well past the slide duration, short of idle_resume
    assert nav.tick() == []
    assert nav.index == index


def test_interact_pauses_without_moving(clock):
    nav = make(clock)
    clock.advance(5.0)
    nav.interact()
    assert nav.index == 0
    assert nav.paused
    assert nav.next_deadline() == clock.now + 30.0
    clock.advance(20.0)
    assert nav.tick() == []


# -- resume and home --------------------------------------------------------------------


def test_resume_after_idle_gives_current_slide_a_fresh_duration(clock):
    nav = make(clock)
    nav.go_to(2)
    clock.advance(30.0)
    assert nav.tick() == [Event.RESUMED]
    assert not nav.paused
    assert nav.index == 2
    assert nav.time_to_next() == 10.0
    clock.advance(9.0)
    assert nav.tick() == []
    clock.advance(1.0)
    assert nav.tick() == [auto(3, 2)]


def test_goes_home_after_idle_home_and_emits_went_home_once(clock):
    nav = make(clock, durations=[None, None, None, None], config=NavigationConfig(10.0, 30.0, 35.0))
    nav.go_to(2)
    clock.advance(30.0)
    assert nav.tick() == [Event.RESUMED]
    clock.advance(5.0)  # home is due, but slide 2 has 5 s left: it is not cut short
    assert nav.tick() == []
    assert nav.next_deadline() == clock.now + 5.0
    clock.advance(5.0)  # home takes the place of slide 2's auto-advance
    assert nav.tick() == [Change(0, 2, 0, "home"), Event.WENT_HOME]
    assert nav.index == 0
    # The home slide gets its full time, and WENT_HOME is not repeated.
    events = []
    for _ in range(50):
        clock.advance(10.0)
        events += nav.tick()
    assert Event.WENT_HOME not in events
    assert events[:2] == [auto(1, 0), auto(2, 1)]


def test_went_home_when_already_on_first_slide_has_no_change(clock):
    # Slide 0 lasts longer than resume-to-home, so the deck is still on 0 at home time.
    nav = make(clock, durations=[500.0, None])
    nav.interact()
    events = []
    for _ in range(200):
        clock.advance(1.0)
        events += nav.tick()
    assert events == [Event.RESUMED, Event.WENT_HOME]
    assert nav.index == 0


def test_home_from_a_slide_reached_by_auto_advance_while_idle(clock):
    # Two 35 s slides: resume at +30 on slide 0, deadline at +65 -> slide 1, home at +100.
    nav = make(clock, durations=[35.0, 35.0])
    nav.interact()
    log = []
    for _ in range(100):
        clock.advance(1.0)
        log += [(clock.now - 1000.0, e) for e in nav.tick()]
    assert log == [
        (30.0, Event.RESUMED),
        (65.0, auto(1, 0)),
        (100.0, Change(0, 1, 0, "home")),
        (100.0, Event.WENT_HOME),
    ]


def test_interaction_restarts_idle_timers(clock):
    nav = make(clock)
    nav.next()
    clock.advance(25.0)
    nav.interact()
    clock.advance(25.0)  # 50 s since the first touch, only 25 s since the last
    assert nav.tick() == []
    assert nav.paused
    clock.advance(5.0)
    assert nav.tick() == [Event.RESUMED]
    # Another touch after resume pauses again and re-arms WENT_HOME from that moment.
    clock.advance(60.0)  # 90 s since last interaction
    nav.tick()
    nav.interact()
    clock.advance(99.0)
    assert Event.WENT_HOME not in nav.tick()  # late: resumes and advances, at +99
    clock.advance(1.0)
    assert nav.tick() == []  # home is due, but waits for the end of the shown slide
    clock.advance(9.0)
    assert nav.tick()[-1] == Event.WENT_HOME


def test_went_home_again_in_a_new_idle_period(clock):
    nav = make(clock)
    nav.go_to(1)
    clock.advance(100.0)
    assert nav.tick()[-2:] == [Change(0, 1, 0, "home"), Event.WENT_HOME]
    nav.go_to(3)
    clock.advance(100.0)
    assert nav.tick() == [Event.RESUMED, Change(0, 3, 0, "home"), Event.WENT_HOME]


# -- late ticks -------------------------------------------------------------------------


def test_late_tick_resumes_goes_home_then_advances_only_once(clock):
    nav = make(clock)
    nav.go_to(2)
    clock.advance(300.0)
    assert nav.tick() == [
        Event.RESUMED,
        Change(0, 2, 0, "home"),
        Event.WENT_HOME,
        auto(1, 0),
    ]
    # The new slide's timer starts at the tick time, not at home + 10 s.
    assert nav.time_to_next() == 10.0
    assert nav.next_deadline() == clock.now + 10.0


def test_late_tick_before_home_goes_home_without_advancing_if_not_due(clock):
    nav = make(clock)
    nav.go_to(2)
    clock.advance(105.0)  # home at +100, slide 0 would advance at +110
    assert nav.tick() == [Event.RESUMED, Change(0, 2, 0, "home"), Event.WENT_HOME]
    assert nav.time_to_next() == pytest.approx(5.0)


def test_late_tick_without_interaction_advances_at_most_once(clock):
    nav = make(clock)
    clock.advance(95.0)  # nine slide lengths overdue
    assert nav.tick() == [auto(1, 0)]
    assert nav.time_to_next() == 10.0
    assert nav.tick() == []


def test_late_tick_after_resume_advances_once_from_tick_time(clock):
    nav = make(clock)
    nav.go_to(1)
    clock.advance(75.0)  # resume at +30; slide 1 due at +40; tick at +75
    assert nav.tick() == [Event.RESUMED, auto(2, 1)]
    assert nav.next_deadline() == clock.now + 10.0  # not +40 + 10: timer restarted at the tick
    clock.advance(10.0)
    assert nav.tick() == [auto(3, 2)]


# -- next_deadline ----------------------------------------------------------------------


def test_next_deadline_is_the_earliest_pending_work(clock):
    nav = make(clock, durations=[None, 50.0])
    t0 = clock.now
    assert nav.next_deadline() == t0 + 10.0  # auto-advance
    nav.go_to(1)
    assert nav.next_deadline() == t0 + 30.0  # resume while paused
    clock.now = nav.next_deadline()
    assert nav.tick() == [Event.RESUMED]
    assert nav.next_deadline() == t0 + 80.0  # slide 1 (50 s) is due before home (+100)
    nav.replace_slides([None, 500.0], keep_index=1)
    # Home (+100) waits for the end of the shown slide (+530): the loop has resumed.
    assert nav.next_deadline() == t0 + 530.0
    clock.now = nav.next_deadline()
    assert nav.tick() == [Change(0, 1, 0, "home"), Event.WENT_HOME]
    assert nav.next_deadline() == clock.now + 10.0


def test_driving_only_by_next_deadline_matches_the_rules(clock):
    nav = make(clock, durations=[None, 20.0, None])
    t0 = clock.now
    clock.advance(3.0)
    nav.go_to(2)
    log = []
    for _ in range(20):  # bounded: a deadline stuck in the past must fail, not hang
        if clock.now - t0 >= 160.0:
            break
        clock.now = nav.next_deadline()
        log += [(clock.now - t0, e) for e in nav.tick()]
    assert log == [
        (33.0, Event.RESUMED),
        (43.0, auto(0, 2)),
        (53.0, auto(1, 0)),
        (73.0, auto(2, 1)),
        (83.0, auto(0, 2)),
        (93.0, auto(1, 0)),
        (113.0, Change(0, 1, 0, "home")),  # home (+103) waits for slide 1's end
        (113.0, Event.WENT_HOME),
        (123.0, auto(1, 0)),
        (143.0, auto(2, 1)),
        (153.0, auto(0, 2)),
        (163.0, auto(1, 0)),
    ]


# -- replace_slides ---------------------------------------------------------------------


def test_replace_slides_keeps_mapped_index_and_restarts_timer(clock):
    nav = make(clock)
    nav.replace_slides([None] * 6, keep_index=4)
    assert (nav.index, nav.count) == (4, 6)
    clock.advance(7.0)
    nav.replace_slides([None, None, 2.0, None, None], keep_index=2)
    assert nav.index == 2
    assert nav.time_to_next() == 2.0


@pytest.mark.parametrize(
    ("current", "keep", "new_count", "expected"),
    [
        (3, None, 2, 1),  # current index clamped into the shorter deck
        (1, None, 5, 1),  # current index kept when still valid
        (0, 9, 3, 2),  # mapped index clamped high
        (2, -4, 3, 0),  # mapped index clamped low
        (2, None, 0, 0),  # empty deck
    ],
)
def test_replace_slides_clamps_index(clock, current, keep, new_count, expected):
    nav = make(clock)
    nav.replace_slides([None] * 4, keep_index=current)
    nav.replace_slides([None] * new_count, keep_index=keep)
    assert nav.index == expected
    assert nav.count == new_count


def test_replace_slides_is_not_an_interaction(clock):
    nav = make(clock)
    nav.replace_slides([None, None])
    assert not nav.paused
    nav.interact()
    clock.advance(20.0)
    nav.replace_slides([None, None, None])
    assert nav.paused
    clock.advance(10.0)  # resume still counts from the interaction, not the reload
    assert nav.tick() == [Event.RESUMED]


# -- small decks ------------------------------------------------------------------------


def test_single_slide_never_auto_advances(clock):
    nav = make(clock, durations=[5.0])
    assert nav.time_to_next() is None
    assert nav.progress() == 0.0
    assert nav.next_deadline() is None
    clock.advance(1000.0)
    assert nav.tick() == []
    assert nav.next() == Change(0, 0, +1, "user")
    assert nav.previous() == Change(0, 0, -1, "user")
    assert nav.last() == Change(0, 0, 0, "user")
    assert nav.paused
    clock.advance(100.0)
    assert nav.tick() == [Event.RESUMED, Event.WENT_HOME]
    assert nav.next_deadline() is None


def test_empty_deck_does_not_crash(clock):
    nav = make(clock, durations=[])
    assert (nav.index, nav.count) == (0, 0)
    assert nav.tick() == []
    assert nav.time_to_next() is None
    assert nav.progress() == 0.0
    assert nav.next_deadline() is None
    for move in (nav.next, nav.previous, nav.first, nav.last):
        assert move().index == 0
    with pytest.raises(IndexError):
        nav.go_to(0)
    with pytest.raises(IndexError):
        nav.duration()
    clock.advance(100.0)
    assert nav.tick() == [Event.RESUMED, Event.WENT_HOME]
    # Content arriving later starts the loop.
    nav.replace_slides([None, None])
    assert nav.next_deadline() == clock.now + 10.0


def test_uses_monotonic_clock_by_default():
    nav = Navigator([None, None])
    remaining = nav.time_to_next()
    assert remaining is not None and 0.0 < remaining <= NavigationConfig().default_duration
