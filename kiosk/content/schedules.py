"""Times in the content: when a page shows, when the display is off, visits. No Qt here.

Every time is a wall-clock time in the park's time zone (`Content.time_zone`), written
without an offset: "2026-12-09", "2026-12-09T10:00", daily hours "08:00-18:00". Times are
kept as the strings of the file (the model stays plain data); kiosk.schedule reads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kiosk.content.types import STRICT, LanguageCode, Rule, SlideId, Text, record

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # datetime.weekday() order
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

_CLOCK = r"(?:[01]\d|2[0-3]):[0-5]\d"
_RANGE = rf"{_CLOCK}\s*-\s*(?:{_CLOCK}|24:00)"
HOURS_PATTERN = rf"^\s*{_RANGE}(?:\s*,\s*{_RANGE})*\s*$"
WHEN_PATTERN = r"^\d{4}-\d\d-\d\d(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$"

When = Annotated[
    str,
    Rule(
        pattern=WHEN_PATTERN,
        description="A date 'YYYY-MM-DD' or a date and time 'YYYY-MM-DDTHH:MM', park time",
    ),
]
Hours = Annotated[
    str,
    Rule(
        pattern=HOURS_PATTERN,
        max_length=200,
        description="Daily hours 'HH:MM-HH:MM', several joined by commas; may cross midnight",
    ),
]
TimeZone = Annotated[
    str,
    Rule(
        pattern=r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$",
        max_length=64,
        description="The park's IANA time zone, e.g. 'Asia/Shanghai'",
    ),
]
DAY = 24 * 60  # minutes


def _file_key(name: str) -> str:
    """The key in the file of a field: `from` is a Python keyword, so the field is `start`."""
    return "from" if name == "start" else name


# pydantic reads this config (a plain dict: no pydantic import here)
TIMED = {**STRICT, "alias_generator": _file_key}


def parse_hours(text: str) -> list[tuple[int, int]]:
    """'08:00-12:00, 22:00-07:00' -> [(480, 720), (1320, 420)]: minutes after midnight; an
    end before its start crosses midnight, an end of 24:00 is 1440."""

    def minutes(clock: str) -> int:
        h, m = clock.split(":")
        return int(h) * 60 + int(m)

    ranges: list[tuple[int, int]] = []
    for part in text.split(",") if text.strip() else ():
        start, end = (p.strip() for p in part.split("-"))
        ranges.append((minutes(start), minutes(end)))
    return ranges


def start_of(text: str) -> datetime:
    """The first moment of 'YYYY-MM-DD' (midnight) or 'YYYY-MM-DDTHH:MM[:SS]' (naive)."""
    return datetime.fromisoformat(text)


def end_of(text: str) -> datetime:
    """The moment a window with this `until` ends: a date includes its whole day."""
    if "T" in text:
        return datetime.fromisoformat(text)
    return datetime.combine(date.fromisoformat(text) + timedelta(days=1), datetime.min.time())


def _span_problem(start: str | None, until: str | None) -> str | None:
    for name, value in (("from", start), ("until", until)):
        if value is not None:
            try:
                start_of(value)
            except ValueError:
                return f"'{name}' {value!r} is not a real date; expected a date in the calendar"
    if start is not None and until is not None and end_of(until) <= start_of(start):
        return (
            f"'until' {until!r} is before 'from' {start!r}; "
            "expected a window that ends after it starts"
        )
    return None


@record
class Window:
    """When something holds: within `from`..`until` (a date `until` includes its day), on
    the `weekdays`, within the daily `hours`; whatever is left out does not limit it. A
    range of hours that crosses midnight belongs to the weekday it starts on."""

    __pydantic_config__ = TIMED
    start: When | None = None
    until: When | None = None
    hours: Hours | None = None
    weekdays: Annotated[list[Weekday], Rule(min_length=1, max_length=7)] | None = None

    def __post_init__(self) -> None:
        if self.start is self.until is self.hours is self.weekdays is None:
            raise ValueError(
                "an empty window always holds; expected 'from', 'until', 'hours' or 'weekdays'"
            )
        problem = _span_problem(self.start, self.until)
        if problem:
            raise ValueError(problem)
        for start, end in parse_hours(self.hours or ""):
            if start == end:  # 00:00-24:00 is the whole day
                raise ValueError(
                    f"hours {self.hours!r}: a range that ends when it starts is empty; "
                    "expected e.g. '08:00-18:00'"
                )


@record
class Welcome:
    """The page that opens the loop during a visit: a big title and an optional line."""

    __pydantic_config__ = STRICT
    title: Text
    line: Text | None = None


@record
class Visit:
    """A delegation's visit: from `from` to `until` the loop opens with its welcome page
    and the kiosk's home language is the guests' `language`."""

    __pydantic_config__ = TIMED
    id: SlideId
    start: When
    until: When
    language: LanguageCode
    welcome: Welcome

    def __post_init__(self) -> None:
        problem = _span_problem(self.start, self.until)
        if problem:
            raise ValueError(problem)

    @property
    def page_id(self) -> str:
        """The id of its welcome page in the loop."""
        return f"visit-{self.id}"


def zone_problem(name: str) -> str | None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return f"unknown time zone {name!r}; expected an IANA name such as 'Asia/Shanghai'"
    return None


def schedule_problems(content: Any) -> Iterator[tuple[str, str]]:
    """(JSON path, message) for what only the whole content shows: the time zone, the
    guests' languages, visits that overlap. `content` is a parsed Content."""
    timed = (
        content.display_off
        or content.visits
        or any(page.schedule for page in [*content.slides, *content.charts])
    )
    if content.time_zone is not None:
        problem = zone_problem(content.time_zone)
        if problem:
            yield "$.time_zone", problem
    elif timed:
        yield (
            "$.time_zone",
            "missing; expected the park's time zone (e.g. 'Asia/Shanghai') when pages have a "
            "schedule, the display has off hours or visits are planned",
        )
    codes = content.language_codes
    ids = {slide.id for slide in content.slides}
    seen: dict[str, int] = {}
    for i, visit in enumerate(content.visits):
        if visit.language not in codes:
            yield (
                f"$.visits[{i}].language",
                f"{visit.language!r} is not in 'languages'; expected one of {codes}",
            )
        if visit.id in seen:
            yield (
                f"$.visits[{i}].id",
                f"duplicate visit id {visit.id!r} (also at $.visits[{seen[visit.id]}]); "
                "expected each id once",
            )
        seen.setdefault(visit.id, i)
        if visit.page_id in ids:
            yield (
                f"$.visits[{i}].id",
                f"its welcome page would be {visit.page_id!r}, a slide's id; expected another id",
            )
    order = sorted(range(len(content.visits)), key=lambda i: start_of(content.visits[i].start))
    for before, after in zip(order, order[1:], strict=False):
        a, b = content.visits[before], content.visits[after]
        if start_of(b.start) < end_of(a.until):
            yield (
                f"$.visits[{after}]",
                f"overlaps visit {a.id!r} ($.visits[{before}], {a.start} to {a.until}); "
                "expected one visit at a time (the screen greets one delegation)",
            )
