"""What the loop shows at a given moment: scheduled pages, the display-off hours, visits.

Qt-free and clock-free: `at(content, now)` takes the content and an aware datetime and
returns the deck to show then (only the pages in their window, in loop order; during a
visit its welcome page first and the guests' language as the home language), whether the
display is off, the visit, and the next moment something may change. The window calls it
from a timer armed for that moment (see kiosk.ui.window), the renderer for `--at`.

Rules:
* Times in the content are wall-clock times in the park's zone (`Content.time_zone`; the
  machine's own zone when a deck without schedules leaves it out), so "08:00" is 08:00 on
  both sides of a daylight-saving change.
* A visit keeps the display on: a delegation that comes at night is greeted anyway.
* Never dark by mistake: when no slide is in its window (and no visit is on), every page
  shows as if it had no schedule, and `fallback` says so for the log.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from kiosk.content.model import Content, TitleSlide
from kiosk.content.schedules import (
    DAY,
    WEEKDAYS,
    Visit,
    Window,
    end_of,
    parse_hours,
    start_of,
)
from kiosk.frozen import frozen

HORIZON_DAYS = 8  # daily hours and weekdays repeat within a week: look a little further


@frozen
class Scheduled:
    content: Content  # the deck to show: active pages, the welcome page first, home language
    display_off: bool
    visit: Visit | None
    fallback: bool  # no slide was in its window: every page shows, unscheduled
    next_change: datetime | None  # (aware) the next moment this may change; None: never

    @property
    def key(self) -> tuple[object, ...]:
        """Equal keys: nothing the screen shows changed."""
        c = self.content
        pages = tuple(s.id for s in c.slides) + tuple(ch.id for ch in c.charts)
        return pages, c.default_language, self.display_off, self.visit


def zone_of(content: Content) -> tzinfo:
    if content.time_zone:
        return ZoneInfo(content.time_zone)
    return datetime.now().astimezone().tzinfo or UTC


def parse_at(text: str, content: Content) -> datetime:
    """An ISO time for `kiosk render --at`: naive times are in the park's zone."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"--at {text!r}: expected an ISO time such as 2026-12-09T10:00 (park time)"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=zone_of(content))


def holds(window: Window, wall: datetime) -> bool:
    """Whether `window` holds at the park's wall-clock time `wall` (naive)."""
    if window.start is not None and wall < start_of(window.start):
        return False
    if window.until is not None and wall >= end_of(window.until):
        return False
    days = {WEEKDAYS.index(d) for d in window.weekdays or WEEKDAYS}
    today, yesterday = wall.weekday(), (wall.weekday() - 1) % 7
    if not window.hours:
        return today in days
    minute = wall.hour * 60 + wall.minute
    for start, end in parse_hours(window.hours):
        if start < end:
            if start <= minute < end and today in days:
                return True
        elif (minute >= start and today in days) or (minute < end and yesterday in days):
            return True  # across midnight: the part after it belongs to the day before
    return False


def visit_at(content: Content, wall: datetime) -> Visit | None:
    return next((v for v in content.visits if start_of(v.start) <= wall < end_of(v.until)), None)


def welcome_page(content: Content, visit: Visit) -> TitleSlide:
    """The visit's welcome as a title slide: the park's name above the welcome text."""
    return TitleSlide(
        kind="title",
        id=visit.page_id,
        title=visit.welcome.title,
        eyebrow=content.park.name,
        subtitle=visit.welcome.line,
    )


def at(content: Content, now: datetime) -> Scheduled:
    """The deck as it shows at `now` (an aware datetime); see the module's rules."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    wall = now.astimezone(zone_of(content)).replace(tzinfo=None)
    slides = [s for s in content.slides if s.schedule is None or holds(s.schedule, wall)]
    charts = [c for c in content.charts if c.schedule is None or holds(c.schedule, wall)]
    visit = visit_at(content, wall)
    fallback = not slides and visit is None
    if fallback:
        slides, charts = list(content.slides), list(content.charts)
    home = content.default_language
    if visit is not None:
        slides.insert(0, welcome_page(content, visit))
        home = visit.language
    off = visit is None and any(holds(w, wall) for w in content.display_off)
    shown = replace(content, slides=slides, charts=charts, default_language=home)
    return Scheduled(shown, off, visit, fallback, next_change(content, now))


def unscheduled(content: Content) -> Scheduled:
    """Every page, no visit, never off: a deck shown without a clock (`kiosk render`)."""
    return Scheduled(content, False, None, False, None)


def next_change(content: Content, now: datetime) -> datetime | None:
    """The first moment after `now` at which a window may open or close (aware, UTC)."""
    zone = zone_of(content)
    wall = now.astimezone(zone).replace(tzinfo=None)
    windows = [p.schedule for p in [*content.slides, *content.charts] if p.schedule]
    windows += content.display_off
    moments: set[datetime] = set()
    for visit in content.visits:
        moments.update((start_of(visit.start), end_of(visit.until)))
    daily = False
    for window in windows:
        if window.start:
            moments.add(start_of(window.start))
        if window.until:
            moments.add(end_of(window.until))
        for start, end in parse_hours(window.hours or ""):
            daily = True
            for day in range(-1, HORIZON_DAYS):
                midnight = datetime.combine(wall.date() + timedelta(days=day), time())
                moments.add(midnight + timedelta(minutes=start))
                moments.add(midnight + timedelta(minutes=end + (DAY if end < start else 0)))
        daily = daily or window.weekdays is not None
    if daily:  # weekdays change at midnight
        moments.update(
            datetime.combine(wall.date() + timedelta(days=d), time())
            for d in range(1, HORIZON_DAYS)
        )
    # Wall-clock moments to instants: a time skipped by a daylight-saving change happens
    # at the shifted instant (zoneinfo's fold=0), one repeated happens the first time.
    later = [m.replace(tzinfo=zone).astimezone(UTC) for m in moments]
    return min((m for m in later if m > now), default=None)
