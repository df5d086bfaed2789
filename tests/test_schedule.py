"""Schedules, display-off hours and visits (kiosk.schedule) with a fake clock: plain
datetimes, no Qt, no sleeping. Decks are the MINI fixture deck with times added, validated
like any content file."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.content import load_content
from kiosk.schedule import at, next_change, parse_at
from tests.conftest import chart_of, slide_of

SHANGHAI = ZoneInfo("Asia/Shanghai")  # no daylight saving
BERLIN = ZoneInfo("Europe/Berlin")  # daylight saving: 2026-03-29 and 2026-10-25
LANGS = ("zh_Hans", "zh_Hant", "en", "ko", "ja")
WELCOME = {code: f"Welcome, Seoul Business Agency ({code})" for code in LANGS}


def park(*args: int, zone: ZoneInfo = SHANGHAI) -> datetime:
    """A moment given as the park's wall-clock time."""
    return datetime(*args, tzinfo=zone)


def ids(scheduled) -> list[str]:
    return [s.id for s in scheduled.content.slides]


@pytest.fixture
def deck(make_deck):
    """A validated MINI deck with the park's zone and `schedule` on its figures slide."""

    def make(schedule=None, zone="Asia/Shanghai", **top):
        def change(data):
            data["time_zone"] = zone
            if schedule is not None:
                slide_of(data, "figures")["schedule"] = schedule
            data.update(top)

        return load_content(make_deck(change))

    return make


def figures_id(content) -> str:
    return next(s.id for s in content.slides if s.kind == "figures")


def test_a_page_appears_and_leaves_on_time(deck):
    content = deck({"from": "2026-12-07T09:00", "until": "2026-12-11"})
    page = figures_id(content)
    assert page not in ids(at(content, park(2026, 12, 7, 8, 59)))
    assert next_change(content, park(2026, 12, 7, 8, 59)) == park(2026, 12, 7, 9, 0)
    assert page in ids(at(content, park(2026, 12, 7, 9, 0)))
    # a date `until` includes its whole day
    assert page in ids(at(content, park(2026, 12, 11, 23, 59)))
    assert next_change(content, park(2026, 12, 11, 23, 59)) == park(2026, 12, 12, 0, 0)
    assert page not in ids(at(content, park(2026, 12, 12, 0, 0)))
    # the loop order of the others is kept
    every = [s.id for s in content.slides]
    assert ids(at(content, park(2026, 12, 12))) == [i for i in every if i != page]
    assert ids(at(content, park(2026, 12, 8))) == every


def test_daily_hours_with_a_break(deck):
    content = deck({"hours": "08:00-12:00, 14:00-18:00"})
    page = figures_id(content)
    shown = {h: page in ids(at(content, park(2026, 12, 9, h, 0))) for h in range(24)}
    assert [h for h, on in shown.items() if on] == [8, 9, 10, 11, 14, 15, 16, 17]
    assert next_change(content, park(2026, 12, 9, 11, 30)) == park(2026, 12, 9, 12, 0)
    assert next_change(content, park(2026, 12, 9, 18, 0)) == park(2026, 12, 10, 0, 0)  # midnight


def test_hours_across_midnight_belong_to_the_day_they_start(deck):
    content = deck({"hours": "22:00-02:00", "weekdays": ["fri"]})
    page = figures_id(content)
    # 2026-12-11 is a Friday
    assert page in ids(at(content, park(2026, 12, 11, 23, 0)))
    assert page in ids(at(content, park(2026, 12, 12, 1, 59)))  # Saturday, after midnight
    assert page not in ids(at(content, park(2026, 12, 12, 2, 0)))
    assert page not in ids(at(content, park(2026, 12, 12, 23, 0)))  # Saturday evening
    assert page not in ids(at(content, park(2026, 12, 11, 1, 0)))  # Thursday's night
    assert next_change(content, park(2026, 12, 12, 1, 0)) == park(2026, 12, 12, 2, 0)


def test_weekdays(deck):
    content = deck({"weekdays": ["mon", "wed"]})
    page = figures_id(content)
    week = [page in ids(at(content, park(2026, 12, 7 + d, 12, 0))) for d in range(7)]
    assert week == [True, False, True, False, False, False, False]  # 2026-12-07 is a Monday
    assert next_change(content, park(2026, 12, 7, 12, 0)) == park(2026, 12, 8, 0, 0)


def test_display_off_at_night_and_at_weekends(deck):
    content = deck(display_off=[{"hours": "22:00-07:00"}, {"weekdays": ["sat", "sun"]}])
    off = {
        park(2026, 12, 9, 21, 59): False,  # Wednesday evening
        park(2026, 12, 9, 22, 0): True,
        park(2026, 12, 10, 6, 59): True,
        park(2026, 12, 10, 7, 0): False,
        park(2026, 12, 12, 12, 0): True,  # Saturday noon
        park(2026, 12, 13, 23, 0): True,  # Sunday night
        park(2026, 12, 14, 7, 0): False,  # Monday morning
    }
    assert {when: at(content, when).display_off for when in off} == off
    assert next_change(content, park(2026, 12, 9, 21, 0)) == park(2026, 12, 9, 22, 0)
    assert next_change(content, park(2026, 12, 10, 6, 0)) == park(2026, 12, 10, 7, 0)
    # the pages themselves are the same, on or off
    assert ids(at(content, park(2026, 12, 9, 23))) == [s.id for s in content.slides]


def visit_deck(deck, **more):
    visit = {
        "id": "seoul",
        "from": "2026-12-09T09:30",
        "until": "2026-12-09T11:00",
        "language": "ko",
        "welcome": {"title": WELCOME},
    }
    return deck(visits=[visit], display_off=[{"hours": "22:00-07:00"}], **more)


def test_a_visit_opens_the_loop_in_the_guests_language(deck):
    content = visit_deck(deck)
    before = at(content, park(2026, 12, 9, 9, 29))
    assert before.visit is None and before.content.default_language == "en"
    assert next_change(content, park(2026, 12, 9, 9, 29)) == park(2026, 12, 9, 9, 30)
    during = at(content, park(2026, 12, 9, 9, 30))
    assert during.visit is not None and during.visit.id == "seoul"
    welcome = during.content.slides[0]
    assert welcome.kind == "title" and welcome.title == WELCOME
    assert welcome.eyebrow == content.park.name
    assert ids(during)[1:] == [s.id for s in content.slides]
    assert during.content.default_language == "ko"  # the home language of the idle reset
    assert during.next_change == park(2026, 12, 9, 11, 0)


def test_the_end_of_a_visit(deck):
    content = visit_deck(deck)
    after = at(content, park(2026, 12, 9, 11, 0))
    assert after.visit is None
    assert ids(after) == [s.id for s in content.slides]
    assert after.content.default_language == content.default_language
    assert after.content == at(content, park(2026, 12, 9, 9, 0)).content  # as before


def test_a_visit_keeps_the_display_on(deck):
    content = deck(
        display_off=[{"hours": "18:00-08:00"}],
        visits=[
            {
                "id": "late",
                "from": "2026-12-09T19:00",
                "until": "2026-12-09T21:00",
                "language": "ja",
                "welcome": {"title": WELCOME, "line": WELCOME},
            }
        ],
    )
    assert at(content, park(2026, 12, 9, 18, 59)).display_off
    evening = at(content, park(2026, 12, 9, 20, 0))
    assert not evening.display_off and evening.content.slides[0].subtitle == WELCOME
    assert at(content, park(2026, 12, 9, 21, 0)).display_off


def test_shanghai_has_no_daylight_saving(deck):
    content = deck({"hours": "08:00-18:00"})
    page = figures_id(content)
    for day in (datetime(2026, 1, 15), datetime(2026, 7, 15)):
        utc = day.replace(tzinfo=UTC)  # 08:00 in Shanghai is 00:00 UTC all year
        assert page not in ids(at(content, utc.replace(hour=23, day=day.day - 1)))
        assert page in ids(at(content, utc.replace(hour=0)))
        assert next_change(content, utc.replace(hour=9)) == utc.replace(hour=10)


def test_berlin_hours_follow_daylight_saving(deck):
    content = deck({"hours": "08:00-18:00"}, zone="Europe/Berlin")
    page = figures_id(content)

    def shown(*utc: int) -> bool:
        return page in ids(at(content, datetime(*utc, tzinfo=UTC)))

    # Saturday 2026-03-28, winter time (UTC+1): 08:00 is 07:00 UTC
    assert not shown(2026, 3, 28, 6, 30) and shown(2026, 3, 28, 7, 0)
    # Sunday 2026-03-29, summer time from 02:00 (UTC+2): 08:00 is 06:00 UTC
    assert not shown(2026, 3, 29, 5, 59) and shown(2026, 3, 29, 6, 0)
    assert not shown(2026, 3, 29, 16, 0)  # 18:00 summer time
    sunday_0700 = datetime(2026, 3, 29, 5, 0, tzinfo=UTC)
    assert next_change(content, sunday_0700) == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    # Sunday 2026-10-25, winter time again: 08:00 is 07:00 UTC
    assert not shown(2026, 10, 25, 6, 30) and shown(2026, 10, 25, 7, 0)
    assert park(2026, 3, 29, 8, 0, zone=BERLIN) == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)


def test_a_deck_with_every_slide_out_of_its_window_is_never_dark(make_deck):
    def change(data):
        data["time_zone"] = "Asia/Shanghai"
        for page in data["slides"] + data["charts"]:
            page["schedule"] = {"until": "2020-01-01"}

    content = load_content(make_deck(change))
    shown = at(content, park(2026, 12, 9, 10))
    assert shown.fallback
    assert ids(shown) == [s.id for s in content.slides]
    assert [c.id for c in shown.content.charts] == [c.id for c in content.charts]
    assert not at(content, park(2019, 12, 31, 10)).fallback


def test_charts_follow_their_schedule_too(make_deck):
    def change(data):
        data["time_zone"] = "Asia/Shanghai"
        chart_of(data, "bars")["schedule"] = {"weekdays": ["sat", "sun"]}

    content = load_content(make_deck(change))
    chart = next(c.id for c in content.charts if c.kind == "bars")
    weekday = [c.id for c in at(content, park(2026, 12, 9, 10)).content.charts]
    weekend = [c.id for c in at(content, park(2026, 12, 12, 10)).content.charts]
    assert chart not in weekday and chart in weekend


def test_a_deck_without_times_is_shown_whole(make_deck):
    content = load_content(make_deck())
    shown = at(content, datetime(2026, 12, 9, tzinfo=UTC))
    assert shown.content == content and not shown.display_off and shown.visit is None
    assert shown.next_change is None


def test_render_at_reads_naive_times_in_the_park_zone(deck):
    content = deck()
    assert parse_at("2026-12-09T10:00", content) == park(2026, 12, 9, 10, 0)
    assert parse_at("2026-12-09T10:00+00:00", content) == datetime(2026, 12, 9, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="expected an ISO time"):
        parse_at("tomorrow", content)


def test_a_whole_day_and_an_evening_to_midnight(deck):
    content = deck({"hours": "00:00-24:00", "weekdays": ["sat"]})
    page = figures_id(content)
    assert page in ids(at(content, park(2026, 12, 12, 0, 0)))
    assert page in ids(at(content, park(2026, 12, 12, 23, 59)))
    assert page not in ids(at(content, park(2026, 12, 13, 0, 0)))
    evening = deck({"hours": "18:00-24:00"})
    assert figures_id(evening) in ids(at(evening, park(2026, 12, 9, 23, 59)))
    assert next_change(evening, park(2026, 12, 9, 20, 0)) == park(2026, 12, 10, 0, 0)
