"""The content format's times: schedules, display_off, visits, time_zone. Each mistake is
reported at its JSON path with what was expected; decks without times stay valid."""

from __future__ import annotations

import json

import pytest

from kiosk.content import ContentError, load_content
from kiosk.content.validate import json_schema
from tests.conftest import chart_of, index_of, slide_of

LANGS = ("zh_Hans", "zh_Hant", "en", "ko", "ja")
WELCOME = {code: f"Welcome ({code})" for code in LANGS}


def visit(**fields):
    return {
        "id": "seoul",
        "from": "2026-12-09T09:30",
        "until": "2026-12-09T11:00",
        "language": "ko",
        "welcome": {"title": WELCOME},
    } | fields


def problems(make_deck, change) -> list[tuple[str, str]]:
    with pytest.raises(ContentError) as info:
        load_content(make_deck(change))
    return [(p.path, p.message) for p in info.value.problems]


def timed(schedule=None, **top):
    """A change: the park's zone, `schedule` on the figures slide, `top` keys."""

    def change(data):
        data["time_zone"] = "Asia/Shanghai"
        if schedule is not None:
            slide_of(data, "figures")["schedule"] = schedule
        data.update(top)

    return change


def figures_path(make_deck) -> str:
    data = json.loads(make_deck().read_text(encoding="utf-8"))
    return f"$.slides[{index_of(data['slides'], 'figures')}].schedule"


def test_every_time_field_is_optional_and_read(make_deck):
    plain = load_content(make_deck())
    assert plain.time_zone is None and plain.visits == [] and plain.display_off == []
    full = load_content(
        make_deck(
            timed(
                {"from": "2026-12-01", "until": "2026-12-31T18:00", "hours": "08:00-12:00"},
                display_off=[{"hours": "22:00-07:00"}, {"weekdays": ["sat", "sun"]}],
                visits=[visit(welcome={"title": WELCOME, "line": WELCOME})],
            )
        )
    )
    page = next(s for s in full.slides if s.kind == "figures")
    assert page.schedule is not None and page.schedule.start == "2026-12-01"
    assert full.visits[0].welcome.line == WELCOME
    assert full.display_off[1].weekdays == ["sat", "sun"]


def test_until_before_from(make_deck):
    where = figures_path(make_deck)
    found = problems(make_deck, timed({"from": "2026-12-05", "until": "2026-12-01"}))
    assert found == [
        (
            where,
            "'until' '2026-12-01' is before 'from' '2026-12-05'; "
            "expected a window that ends after it starts",
        )
    ]
    # one day: a date `until` includes its day
    load_content(make_deck(timed({"from": "2026-12-05", "until": "2026-12-05"})))


@pytest.mark.parametrize("hours", ["25:00-18:00", "8-18", "08:00", "08:00-18:00;20:00-21:00"])
def test_hours_that_do_not_parse(make_deck, hours):
    where = figures_path(make_deck) + ".hours"
    path, message = problems(make_deck, timed({"hours": hours}))[0]
    assert path == where
    assert "expected daily hours 'HH:MM-HH:MM'" in message


def test_empty_windows_and_impossible_dates(make_deck):
    where = figures_path(make_deck)
    assert problems(make_deck, timed({"hours": "08:00-08:00"}))[0][0] == where
    assert "always holds" in problems(make_deck, timed({}))[0][1]
    found = problems(make_deck, timed({"from": "2026-02-30"}))
    assert found == [
        (where, "'from' '2026-02-30' is not a real date; expected a date in the calendar")
    ]
    path, message = problems(make_deck, timed({"until": "2026-12-09 10:00"}))[0]
    assert path == where + ".until" and "'YYYY-MM-DDTHH:MM'" in message


def test_unknown_weekday(make_deck):
    path, message = problems(make_deck, timed({"weekdays": ["mon", "Tuesday"]}))[0]
    assert path == figures_path(make_deck) + ".weekdays[1]"
    assert message == "got \"Tuesday\"; expected 'mon', 'tue', 'wed', 'thu', 'fri', 'sat' or 'sun'"


def test_unknown_or_missing_time_zone(make_deck):
    def zone(name):
        return lambda data: data.update(time_zone=name)

    assert problems(make_deck, zone("Asia/Beijing")) == [
        (
            "$.time_zone",
            "unknown time zone 'Asia/Beijing'; expected an IANA name such as 'Asia/Shanghai'",
        )
    ]
    assert problems(make_deck, zone("../../etc/passwd"))[0][0] == "$.time_zone"

    def untimed(data):
        chart_of(data, "bars")["schedule"] = {"weekdays": ["mon"]}

    path, message = problems(make_deck, untimed)[0]
    assert path == "$.time_zone" and message.startswith("missing; expected the park's time zone")


def test_visit_language_must_be_one_of_the_content(make_deck):
    found = problems(make_deck, timed(visits=[visit(language="pt")]))
    assert found == [
        (
            "$.visits[0].language",
            "'pt' is not in 'languages'; expected one of ['zh_Hans', 'zh_Hant', 'en', 'ko', 'ja']",
        )
    ]


def test_visit_welcome_is_checked_like_every_text(make_deck):
    partial = {"en": "Welcome"}
    found = problems(make_deck, timed(visits=[visit(welcome={"title": partial})]))
    assert (
        "$.visits[0].welcome.title",
        "missing translation for 'ko' (한국어); expected every language",
    ) in found
    boxed = WELCOME | {"ko": "환영 \U0001f600"}  # an emoji: no bundled font draws it
    found = problems(make_deck, timed(visits=[visit(welcome={"title": WELCOME, "line": boxed})]))
    assert [p for p, _ in found] == ["$.visits[0].welcome.line.ko"]
    assert "cannot be drawn by the bundled Korean font" in found[0][1]


def test_visit_times(make_deck):
    found = problems(make_deck, timed(visits=[visit(until="2026-12-09T09:00")]))
    assert found[0][0] == "$.visits[0]" and "is before 'from'" in found[0][1]
    assert problems(make_deck, timed(visits=[{"id": "x", "language": "ko"}]))[0] == (
        "$.visits[0].from",
        "missing; expected this field",
    )


def test_overlapping_visits_are_refused_back_to_back_ones_are_not(make_deck):
    kyoto = visit(
        id="kyoto", language="ja", **{"from": "2026-12-09T10:30"}, until="2026-12-09T12:00"
    )
    found = problems(make_deck, timed(visits=[visit(), kyoto]))
    assert found == [
        (
            "$.visits[1]",
            "overlaps visit 'seoul' ($.visits[0], 2026-12-09T09:30 to 2026-12-09T11:00); "
            "expected one visit at a time (the screen greets one delegation)",
        )
    ]
    after = visit(
        id="kyoto", language="ja", **{"from": "2026-12-09T11:00"}, until="2026-12-09T12:00"
    )
    assert len(load_content(make_deck(timed(visits=[after, visit()]))).visits) == 2
    twice = problems(
        make_deck,
        timed(visits=[visit(), visit(**{"from": "2026-12-10T09:00"}, until="2026-12-10T10:00")]),
    )
    assert twice == [
        (
            "$.visits[1].id",
            "duplicate visit id 'seoul' (also at $.visits[0]); expected each id once",
        )
    ]


def test_the_schema_has_the_times():
    schema = json_schema()
    assert {"time_zone", "display_off", "visits"} <= set(schema["properties"])
    window = schema["$defs"]["Window"]["properties"]
    assert {"from", "until", "hours", "weekdays"} == set(window)
    assert {"id", "from", "until", "language", "welcome"} <= set(
        schema["$defs"]["Visit"]["required"]
    )
