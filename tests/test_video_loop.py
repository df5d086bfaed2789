"""A page that ends before its time (a video page's clip played once, #16): Qt-free,
with a fake clock. The attract loop moves on at once; a visitor's pause is kept."""

from __future__ import annotations

from kiosk.loop import Loop, Moved, Page
from kiosk.navigation import NavigationConfig

CFG = NavigationConfig(default_duration=10.0, idle_resume=30.0, idle_home=100.0)
PAGES = [Page("slide", "welcome"), Page("slide", "film", 12.5), Page("slide", "sectors")]


class FakeClock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def moves(updates: list) -> list[str]:
    return [u.page.id for u in updates if isinstance(u, Moved)]


def test_the_loop_moves_on_when_the_clip_ends() -> None:
    clock = FakeClock()
    loop = Loop(PAGES, ["en"], "en", CFG, clock)
    clock.now += 10
    assert moves(loop.tick()) == ["film"]
    clock.now += 3  # the clip ended long before the page's 12.5 s
    assert moves(loop.end_page(1)) == ["sectors"]
    assert loop.mode == "loop"
    clock.now += 9.9  # the next page has its whole time
    assert moves(loop.tick()) == []


def test_a_visitors_pause_is_kept_and_other_pages_are_untouched() -> None:
    clock = FakeClock()
    loop = Loop(PAGES, ["en"], "en", CFG, clock)
    assert moves(loop.end_page(1)) == []  # not the page shown
    assert loop.index == 0
    loop.go_to(1)  # a visitor chose the film: the loop is paused
    assert moves(loop.end_page(1)) == []
    assert loop.page is not None and loop.page.id == "film"
