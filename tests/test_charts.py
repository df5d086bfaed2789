"""Charts: the model and its errors, localized ticks, rendering, the view in the window, taps.

On the MINI fixture deck (one chart of each kind): charts are found by kind, JSON paths and
counts come from the deck's data, and figures a test checks are set by the test itself."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QVariantAnimation
from PySide6.QtGui import QImage, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.cli import main
from kiosk.content import ContentError, load_content
from kiosk.i18n import _
from kiosk.ui.app import application
from kiosk.ui.chrome import ChromeButton
from kiosk.ui.fit import chart_fit_problems
from tests.conftest import (
    MINI,
    RENDER_SIZE,
    chart_of,
    index_of,
)

DATA = json.loads(MINI.read_text(encoding="utf-8"))
DECK = load_content(MINI)
LANGS = DECK.language_codes
KINDS = {"bars", "parts", "timeline", "progress"}


def at(kind: str) -> int:
    """Where the MINI deck's chart of this kind sits (for window.charts.open)."""
    return next(i for i, c in enumerate(DECK.charts) if c.kind == kind)


def language_label(data: dict, code: str) -> str:
    return next(lang["label"] for lang in data["languages"] if lang["code"] == code)


# --- the model -----------------------------------------------------------------------------


def problems(path) -> dict[str, str]:
    with pytest.raises(ContentError) as info:
        load_content(path)
    return {p.path: p.message for p in info.value.problems}


def test_the_deck_has_a_chart_of_every_kind_and_the_model_holds_its_data():
    assert {c.kind for c in DECK.charts} == KINDS
    for chart, data in zip(DECK.charts, DATA["charts"], strict=True):
        assert (chart.id, chart.kind) == (data["id"], data["kind"])
        if chart.kind == "progress":
            assert (chart.value, chart.target) == (data["value"], data["target"])
            assert chart.label["en"] == data["label"]["en"]
            continue
        assert [label["en"] for label in chart.labels] == [la["en"] for la in data["labels"]]
        if chart.kind == "timeline":
            assert chart.dates == data["dates"]
        else:
            assert chart.values == data["values"]
    bars = next(c for c in DECK.charts if c.kind == "bars")
    assert bars.target == chart_of(DATA, "bars").get("target")


def where(data: dict, kind: str) -> str:
    return f"$.charts[{index_of(data['charts'], kind)}]"


def values_one_short(d):
    c = chart_of(d, "bars")
    c["values"].pop()
    n = len(c["labels"])
    return f"{where(d, 'bars')}.values", f"has {n - 1} items for {n} labels; expected one per label"


def equal_dates(d):  # equal dates are in order: fine
    c = chart_of(d, "timeline")
    c["dates"] = [c["dates"][0]] * len(c["dates"])


def dates_one_short(d):
    c = chart_of(d, "timeline")
    c["dates"].pop()
    n = len(c["labels"])
    return (
        f"{where(d, 'timeline')}.dates",
        f"has {n - 1} items for {n} labels; expected one per label",
    )


def negative_value(d):
    chart_of(d, "bars")["values"][0] = -49
    return f"{where(d, 'bars')}.values[0]", "got -49; expected greater than or equal to 0"


def unknown_kind(d):
    path = where(d, "parts")
    chart_of(d, "parts")["kind"] = "pie"
    return path, "unknown chart kind 'pie'; expected one of bars, parts, timeline, progress"


def no_kind(d):
    path = where(d, "parts")
    chart_of(d, "parts").pop("kind")
    return path, "missing 'kind'; expected one of bars, parts, timeline, progress"


def no_source(d):
    chart_of(d, "parts").pop("source")
    return f"{where(d, 'parts')}.source", "missing; expected this field"


def at_least_one_short(d):
    c = chart_of(d, "bars")
    n = len(c["labels"])
    assert n > 1
    c["at_least"] = [True]
    return f"{where(d, 'bars')}.at_least", f"has 1 items for {n} labels; expected one per label"


def dates_reversed(d):
    c = chart_of(d, "timeline")
    assert c["dates"][0] != c["dates"][-1]
    c["dates"].reverse()
    return f"{where(d, 'timeline')}.dates", "not in date order; expected the earliest first"


def date_in_words(d):
    chart_of(d, "timeline")["dates"][0] = "Sept 2020"
    return f"{where(d, 'timeline')}.dates[0]", (
        "got \"Sept 2020\"; expected a year or a month as 'YYYY' or 'YYYY-MM', e.g. '2024-11'"
    )


def duplicate_id(d):
    first, second = sorted((index_of(d["charts"], "bars"), index_of(d["charts"], "parts")))
    taken = d["charts"][first]["id"]
    d["charts"][second]["id"] = taken
    return f"$.charts[{second}].id", (
        f"duplicate chart id '{taken}' (also at $.charts[{first}]); expected each id once"
    )


def missing_translation(d, field: str):
    code = next(c["code"] for c in d["languages"] if c["code"] != d["default_language"])
    c = chart_of(d, "parts")
    text = c["labels"][1] if field == "labels" else c[field]
    text.pop(code)
    path = f"{where(d, 'parts')}.labels[1]" if field == "labels" else f"{where(d, 'parts')}.{field}"
    label = language_label(d, code)
    return path, f"missing translation for '{code}' ({label}); expected every language"


def all_parts_zero(d):
    c = chart_of(d, "parts")
    c["values"] = [0] * len(c["values"])
    return f"{where(d, 'parts')}.values", "all parts are 0; expected a whole to divide"


def unit_in_words(d):
    chart_of(d, "bars")["unit"] = "square metres"
    return f"{where(d, 'bars')}.unit", (
        "got \"square metres\"; expected a CLDR unit id such as 'area-square-meter'"
    )


@pytest.mark.parametrize(
    "damage",
    [
        values_one_short,
        equal_dates,
        dates_one_short,
        negative_value,
        unknown_kind,
        no_kind,
        no_source,
        at_least_one_short,
        dates_reversed,
        date_in_words,
        duplicate_id,
        lambda d: missing_translation(d, "labels"),
        lambda d: missing_translation(d, "title"),
        all_parts_zero,
        unit_in_words,
    ],
)
def test_bad_chart_data_is_rejected_with_path_and_message(make_deck, damage):
    expected = []
    path = make_deck(lambda d: expected.append(damage(d)))
    if expected[0] is None:  # a change that is fine
        load_content(path)
        return
    found = problems(path)
    where_, message = expected[0]
    assert found.get(where_) == message, found


def test_kiosk_validate_names_file_path_and_expectation(make_deck, capsys):
    def damage(d):
        chart_of(d, "bars")["values"][-1] = -122
        chart_of(d, "parts")["kind"] = "donut"

    path = make_deck(damage)
    bars, parts = index_of(DATA["charts"], "bars"), index_of(DATA["charts"], "parts")
    last = len(chart_of(DATA, "bars")["values"]) - 1
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: $.charts[{bars}].values[{last}]: got -122; expected greater" in err
    assert f"{path}: $.charts[{parts}]: unknown chart kind 'donut'" in err
    assert "Traceback" not in err


def test_lists_that_do_not_pair_up_are_reported_with_other_problems(make_deck):
    expected = {}

    def damage(d):
        path, message = values_one_short(d)
        expected[path] = message
        chart_of(d, "parts")["kind"] = "pie"

    found = problems(make_deck(damage))
    ((path, message),) = expected.items()
    assert found[path] == message
    assert "unknown chart kind 'pie'" in found[f"$.charts[{index_of(DATA['charts'], 'parts')}]"]


def test_charts_are_optional(make_deck):
    assert load_content(make_deck(lambda d: d.pop("charts"))).charts == []


# --- plots ---------------------------------------------------------------------------------


def flush_deletes() -> None:
    """Delete what deleteLater() queued: leftover plots and windows slow later tests."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(scope="module")
def plots(qapp):
    """A plot of each kind from the MINI deck, plus "percent": the parts chart as shares."""
    application()
    from kiosk.ui.charts.view import plot_for

    parts = next(c for c in DECK.charts if c.kind == "parts")
    charts = {c.kind: c for c in DECK.charts}
    charts["percent"] = replace(parts, id="percent", style="percent", unit=None)
    made = {name: plot_for(chart) for name, chart in charts.items()}
    yield made
    for plot in made.values():
        plot.deleteLater()
    flush_deletes()


def test_the_label_cases_below_match_the_deck():
    parts = chart_of(DATA, "parts")
    assert (parts["unit"], parts["style"], parts["values"]) == (
        "area-square-meter",
        "compact",
        [4000, 8000],
    )
    assert chart_of(DATA, "bars").get("style", "decimal") == "decimal"
    assert chart_of(DATA, "timeline")["dates"] == ["2021-03", "2024"]
    assert chart_of(DATA, "progress")["value"] == 30


@pytest.mark.parametrize(
    ("chart", "lang", "expected"),
    [  # numbers with their units, on the data: CLDR units through babel, or the content's words
        ("parts", "zh_Hans", ["4000平方米", "8000平方米"]),
        ("parts", "zh_Hant", ["4000 平方公尺", "8000 平方公尺"]),
        ("parts", "en", ["4,000 m²", "8,000 m²"]),
        ("parts", "ko", ["4천m²", "8천m²"]),
        ("parts", "ja", ["4000 m²", "8000 m²"]),
        ("timeline", "zh_Hans", ["2021年3月\n开工", "2024年\n竣工"]),  # the dates, printed
        ("timeline", "en", ["Mar 2021\nStart", "2024\nEnd"]),
        ("timeline", "ko", ["2021년 3월\n착공", "2024년\n준공"]),
        ("progress", "en", ["30 companies"]),
        ("progress", "ko", ["30개사"]),
        ("progress", "ja", ["30社"]),
    ],
)
def test_figures_are_written_on_the_data_with_their_units(plots, chart, lang, expected):
    plot = plots[chart]
    plot.set_language(lang)
    items = {"parts": "insides", "percent": "insides", "timeline": "labels"}
    shown = getattr(plot, items[chart]) if chart in items else [plot.figure]
    assert [plot.unbroken(item) for item in shown] == expected


def test_no_chart_has_an_axis(plots):
    import pyqtgraph as pg

    for plot in plots.values():
        axes = [i for i in plot.scene().items() if isinstance(i, pg.AxisItem)]
        assert axes == [], plot.chart.id


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh_Hans", "35余"), ("zh_Hant", "逾35"), ("en", "35+"), ("ko", "35여"), ("ja", "35以上")],
)
def test_a_lower_bound_on_a_bar_is_written_as_on_a_figures_page(plots, lang, expected):
    from kiosk.formatting import format_quantity

    plot = plots["bars"]
    assert chart_of(DATA, "bars")["at_least"] == [False, True]
    plot.set_language(lang)
    assert plot.values[1].textItem.toPlainText() == expected
    assert format_quantity(35, lang, at_least=True) == expected  # the figures' formatting


def test_a_lower_bound_is_drawn_as_more_than_its_value(make_window, qtbot):
    """A lower bound, 35+, runs on past 35 and fades out: the bar is drawn longer than its
    value, its colour fading to nothing at its end, and its figure stands after the fade."""
    window = make_window(size=(1920, 1080))
    window.charts.open(at("bars"))
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    end = plot.ends()[1]
    assert end > 35 and plot.ends()[0] == 20  # only the lower bound runs on
    image = plot.grab().toImage()
    y = sum(plot.rows[1]) / 2

    def pixel(x: float):
        at = plot.mapFromScene(plot.box.mapViewToScene(QPointF(x, y)))
        return image.pixelColor(at.x(), at.y())

    solid, fading = pixel(30), pixel(35 + (end - 35) * 0.8)
    assert solid.name() == plot.colors[1].name()
    assert abs(fading.green() - solid.green()) > 40  # fading towards the track behind it
    assert plot.values[1].pos().x() > end  # its figure after the open end


def test_plots_use_the_deck_colour_meanings_and_fonts(plots, make_deck):
    from kiosk.ui import fonts, theme

    plot = plots["bars"]
    plot.set_language("ko")
    assert [c.name() for c in plot.colors] == [theme.ACHIEVED.name()] * 2  # no tones: achieved
    assert plot.aim.pen.color() == theme.PLANNED  # an aim is planned
    assert plot.values[0].textItem.font().families() == fonts.families("ko")
    assert plot.labels[0].textItem.font().families() == fonts.families("ko")
    parts = plots["parts"]  # no tones: the first part is the story, the rest context
    assert [parts.segments[i].opts["brush"] for i in range(2)] == [theme.ACHIEVED, theme.CONTEXT]


def test_tones_in_the_content_colour_bars_parts_and_milestones(make_deck):
    from kiosk.ui import theme
    from kiosk.ui.charts.view import plot_for

    def toned(d):
        chart_of(d, "bars")["tones"] = ["other", "planned"]
        chart_of(d, "parts")["tones"] = ["achieved", "planned"]
        chart_of(d, "timeline")["tones"] = ["achieved", "planned"]

    deck = load_content(make_deck(toned))
    made = {c.kind: plot_for(c) for c in deck.charts}
    try:
        assert made["bars"].colors == [theme.CONTEXT, theme.PLANNED]
        assert [made["parts"].segments[i].opts["brush"] for i in range(2)] == [
            theme.ACHIEVED,
            theme.PLANNED,
        ]
        assert [made["timeline"].tone(i) for i in range(2)] == ["achieved", "planned"]
    finally:
        for plot in made.values():
            plot.deleteLater()
        flush_deletes()


def test_a_unit_label_needs_its_number_and_no_unit(make_deck):
    def bad(d):
        progress = chart_of(d, "progress")
        progress["unit_label"]["ko"] = "개사"
        progress["unit"] = "area-square-meter"

    where_ = f"$.charts[{index_of(DATA['charts'], 'progress')}]"
    found = problems(make_deck(bad))
    assert found[f"{where_}.unit_label.ko"] == (
        "'개사' has no single '{0}'; expected one where the number goes"
    )
    assert found[f"{where_}.unit_label"] == "given with 'unit'; expected one of the two"


def test_a_progress_past_its_aim_is_an_error(make_deck):
    def past(d):
        chart_of(d, "progress").update(value=200, target=120)

    where_ = f"$.charts[{index_of(DATA['charts'], 'progress')}]"
    assert problems(make_deck(past)) == {
        f"{where_}.value": "is more than 'target'; expected at most the target"
    }


# --- rendering (the session's one render of MINI) ------------------------------------------


def test_every_chart_renders_in_every_language_and_is_not_blank(mini_render):
    width, height = RENDER_SIZE
    for lang in LANGS:
        names = sorted(p.name for p in (mini_render / lang).glob("charts-*.png"))
        assert names == sorted(f"charts-{c.id}.png" for c in DECK.charts)
        for name in names:
            image = QImage(str(mini_render / lang / name))
            assert (image.width(), image.height()) == (width, height)
            sample = {
                image.pixel(x, y)
                for x in range(0, width, 13)
                for y in range(height * 2 // 9, height * 7 // 8, 11)
            }
            assert len(sample) > 40, f"{lang}/{name} looks blank"


def test_languages_render_differently(mini_render):
    for chart in DECK.charts:
        images = {(mini_render / lang / f"charts-{chart.id}.png").read_bytes() for lang in LANGS}
        assert len(images) == len(LANGS), chart.id


# (That a second render draws the same charts, whichever language comes first, is checked
# in test_render.py, against the same session render.)


# --- in the window ------------------------------------------------------------------------


def test_charts_button_opens_the_charts_and_goes_back_to_the_slide(make_window, qtbot):
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    button = window.findChild(ChromeButton, "charts")
    assert button is window.charts.button and button.isVisible()
    assert button.text() == _("Charts")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert button.text() == _("Slides")
    assert window.charts.active
    assert window.charts.pages.currentWidget() is window.charts.view
    view = window.charts.view
    shown = view.current().chart
    assert view.title.text() == shown.title[window.lang]
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # pages the charts
    after = view.current().chart
    assert after.id != shown.id and view.title.text() == after.title[window.lang]
    assert view.index == 1
    assert window.position.index == 1 and window.position.count == len(DECK.charts)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not window.charts.active
    assert window.charts.pages.currentWidget() is window.stage
    assert window.navigator.index == 2 and window.stage.current() == 2


def test_language_toggle_updates_the_chart_texts(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    view = window.charts.view
    first = view.current().chart
    for lang in [c for c in LANGS if c != window.lang]:
        qtbot.mouseClick(window.languages.buttons[lang], Qt.MouseButton.LeftButton)
        assert view.title.text() == first.title[lang]
        assert view.source.text() == first.source[lang]
        plot = view.current()
        assert plot.lang == lang
        assert plot.legend[0].toPlainText() == first.labels[0][lang]


def test_a_language_chosen_while_the_charts_are_hidden_shows_when_they_open(make_window, qtbot):
    window = make_window()
    one, two = [c for c in LANGS if c != window.lang][:2]
    button = window.charts.button
    qtbot.mouseClick(window.languages.buttons[one], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # back to the slides
    qtbot.mouseClick(window.languages.buttons[two], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    view = window.charts.view
    shown = view.current().chart
    assert view.title.text() == shown.title[two]
    assert view.source.text() == shown.source[two]
    assert view.current().lang == two
    assert view.current().legend[0].toPlainText() == shown.labels[0][two]


def test_plots_are_built_ahead_in_idle_time_and_showing_one_builds_nothing(make_window, qtbot):
    window = make_window()
    view = window.charts.view
    assert view.plots == {}  # nothing before it is asked for (the program asks 3 s in)
    window.charts.prepare()
    qtbot.waitUntil(lambda: not window.charts.preparer.isActive(), timeout=20_000)
    built = dict(view.plots)
    assert sorted(built) == [0, 1]  # the first chart and the next: never every plot
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert view.plots == built  # chart 2 follows in idle time
    assert view.stack.currentWidget() is built[1]
    qtbot.waitUntil(lambda: not window.charts.preparer.isActive(), timeout=20_000)
    assert sorted(view.plots) == [0, 1, 2]


def test_preparing_waits_while_a_transition_plays(make_window, qtbot):
    window = make_window(transition_ms=600)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.overlay.isVisible()
    window.charts.prepare()
    QApplication.processEvents()
    assert window.charts.view.plots == {}  # not during the transition's frames
    qtbot.waitUntil(lambda: not window.charts.preparer.isActive(), timeout=20_000)
    assert len(window.charts.view.plots) == min(2, len(DECK.charts))


def in_a_window(body: str, live: bool = True) -> str:
    """A script for a fresh process: the kiosk window on the MINI deck, shown offscreen at
    1280x720 as `window` (the application as `app`), then `body`."""
    setup = f"""
    import os, sys, time
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    app = application()
    path = Path({str(MINI)!r})
    settings = Settings(content=path, transition_ms=0)
    window = KioskWindow(load_content(path), path, settings, live={live})
    window.resize(1280, 720)
    window.show()
    """
    return textwrap.dedent(setup) + textwrap.dedent(body)


EARLY_PREPARE = in_a_window(
    """
    window.charts.prepare()  # before the first frame
    deadline = time.monotonic() + 60
    while window.charts.preparer.isActive() and time.monotonic() < deadline:
        app.processEvents()
    print(len(window.charts.view.plots))
    """
)


def run_python(script: str):
    import subprocess
    import sys

    from tests.conftest import ROOT, kiosk_env

    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=kiosk_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_preparing_before_the_first_frame_waits_for_it():
    """A plot built before the window's first frame crashed PySide in a later slide render
    (a segfault, hence the subprocess)."""
    result = run_python(EARLY_PREPARE)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == str(min(2, len(DECK.charts)))


def click_at(qtbot, plot, x: float, y: float) -> None:
    """A real click on the plot at data point (x, y)."""
    scene = plot.box.mapViewToScene(QPointF(x, y))
    pos = plot.mapFromScene(scene)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))


def label(data: dict, kind: str, i: int, lang: str) -> str:
    return chart_of(data, kind)["labels"][i][lang]


def test_tapping_a_bar_shows_its_exact_value(make_window, make_deck, qtbot):
    def figures(d):  # two bars, the first a lower bound; no aim
        c = chart_of(d, "bars")
        c["labels"] = c["labels"][:2]
        c.update(values=[40, 122], at_least=[True, False])
        c.pop("target", None)
        c.pop("target_label", None)

    path = make_deck(figures)
    data = json.loads(path.read_text(encoding="utf-8"))
    window = make_window(path=path, size=(1920, 1080))
    window.set_language("en")
    window.charts.open(at("bars"))
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    top, bottom = plot.rows[1]
    click_at(qtbot, plot, 60, (top + bottom) / 2)
    assert plot.callout.isVisible()
    assert plot.callout.textItem.toPlainText() == f"{label(data, 'bars', 1, 'en')}\n122"
    top, bottom = plot.rows[0]
    click_at(qtbot, plot, 20, (top + bottom) / 2)
    assert plot.callout.textItem.toPlainText() == f"{label(data, 'bars', 0, 'en')}\n40+"
    click_at(qtbot, plot, 100, (top + bottom) / 2)  # past the bar: nothing there, it goes
    assert not plot.callout.isVisible()


def test_a_finger_tap_on_a_bar_shows_its_value(make_window, make_deck):
    def figures(d):  # a bar of 49 and an aim of 150
        c = chart_of(d, "bars")
        c["labels"] = c["labels"][:1]
        c.update(values=[49], at_least=[False], target=150)

    path = make_deck(figures)
    data = json.loads(path.read_text(encoding="utf-8"))
    aim = chart_of(data, "bars")["target_label"]["ko"]
    window = make_window(path=path, size=(1920, 1080))
    window.set_language("ko")
    window.charts.open(at("bars"), animate=False)
    plot = window.charts.view.current()
    QApplication.processEvents()
    top, bottom = plot.rows[0]
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)

    def finger(x: float) -> None:  # down and up at data point (x, bar centre), via the window
        at = plot.mapFromScene(plot.box.mapViewToScene(QPointF(x, (top + bottom) / 2)))
        at = plot.viewport().mapTo(window, at)
        QTest.touchEvent(window, device).press(0, at).commit()
        QTest.touchEvent(window, device).release(0, at).commit()

    finger(20)
    assert plot.callout.isVisible()
    assert plot.callout.textItem.toPlainText() == f"{label(data, 'bars', 0, 'ko')}\n49"
    finger(120)  # on the track, short of the aim
    assert plot.callout.textItem.toPlainText() == f"{aim}\n150"


def test_tapping_a_part_and_a_milestone_shows_exact_figures(make_window, make_deck, qtbot):
    def figures(d):
        parts = chart_of(d, "parts")
        parts["labels"] = parts["labels"][:2]
        parts.update(values=[170000, 280000], unit="area-square-meter", style="compact")
        timeline = chart_of(d, "timeline")
        timeline["dates"] = [*timeline["dates"][:-1], "2099-11"]

    path = make_deck(figures)
    data = json.loads(path.read_text(encoding="utf-8"))
    window = make_window(path=path, size=(1920, 1080))
    window.set_language("zh_Hans")
    window.charts.open(at("parts"))
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    top, bottom = plot.band
    click_at(qtbot, plot, 300000, (top + bottom) / 2)
    second = label(data, "parts", 1, "zh_Hans")
    assert plot.callout.textItem.toPlainText() == f"{second}\n280,000平方米 · 62%"
    window.charts.open(at("timeline"))
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    last = len(plot.dots_at) - 1
    click_at(qtbot, plot, plot.dots_at[last].x(), plot.dots_at[last].y())
    milestone = label(data, "timeline", last, "zh_Hans")
    assert plot.callout.textItem.toPlainText() == f"2099年11月\n{milestone}"


def test_charts_grow_in_within_800_ms(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    view = window.charts.view
    assert view.animation.duration() <= 800
    assert 0.0 <= view.current().progress < 1.0  # growing
    qtbot.waitUntil(lambda: view.animation.state() == QVariantAnimation.State.Stopped)
    assert view.current().progress == 1.0


def test_the_attract_loop_visits_every_chart_then_slide_one(make_window, qtbot, clock):
    window = make_window(clock=clock, interval=5)
    for i in range(1, len(DECK.slides)):
        clock.now += window.navigator.duration() + 0.1  # a slide may set its own
        qtbot.waitUntil(lambda i=i: window.navigator.index == i, timeout=2000)
    for i in range(len(DECK.charts)):
        clock.now += window.navigator.duration() + 0.1
        qtbot.waitUntil(lambda i=i: window.charts.active and window.charts.view.index == i)
        assert window.charts.view.title.text() == DECK.charts[i].title[window.lang]
    assert window.navigator.duration() == 5  # the charts set none: the interval
    clock.now += 5.1
    qtbot.waitUntil(lambda: not window.charts.active, timeout=2000)
    assert window.navigator.index == 0 and window.stage.current() == 0


def test_going_home_leaves_the_charts(make_window, qtbot, clock):
    window = make_window(clock=clock)
    default = window.lang
    other = next(c for c in LANGS if c != default)
    qtbot.mouseClick(window.languages.buttons[other], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    assert window.charts.active
    clock.now += window.settings.idle_home + 1
    qtbot.waitUntil(lambda: not window.charts.active and window.lang == default, timeout=2000)
    assert window.navigator.index == 0


@pytest.mark.parametrize(
    "size",
    [(1920, 1080), (1080, 1920), (3840, 2160)],
)
def test_chart_texts_fit_and_the_window_keeps_its_size(make_window, size):
    window = make_window(size=size)
    for lang in LANGS:
        window.set_language(lang)
        for i, chart in enumerate(DECK.charts):
            window.charts.open(i, animate=False)
            QApplication.processEvents()
            assert (window.width(), window.height()) == size
            assert chart_fit_problems(window) == [], (lang, chart.id)


# --- start-up ------------------------------------------------------------------------------

LAZY = in_a_window(
    """
    app.processEvents()
    before = sorted(m for m in ("pyqtgraph", "numpy") if m in sys.modules)
    window.charts.open(0, animate=False)
    after = sorted(m for m in ("pyqtgraph", "numpy") if m in sys.modules)
    print(before, after)
    """,
    live=False,
)


def test_pyqtgraph_is_imported_only_when_a_chart_is_shown():
    result = run_python(LAZY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[] ['numpy', 'pyqtgraph']"


def test_tapping_the_ring_shows_the_count_and_the_aim(make_window, qtbot):
    data = chart_of(DATA, "progress")
    window = make_window(size=(1920, 1080))
    window.set_language("ja")
    window.charts.open(at("progress"))
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    ring = plot.targets[0][0]
    click_at(qtbot, plot, ring.center().x(), ring.top() + plot.thickness / 2)  # on the ring
    assert plot.callout.isVisible()
    count = data["unit_label"]["ja"].replace("{0}", str(data["value"]))
    expected = f"{data['label']['ja']}\n{count} · {data['target_label']['ja']}"
    assert plot.callout.textItem.toPlainText() == expected
    assert plot.count.path().length() > 0  # the count's arc is drawn
