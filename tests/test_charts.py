"""Charts: the model and its errors, localized ticks, rendering, the view in the window, taps."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyqtgraph as pg
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
from tests.conftest import CONTENT, ROOT, write

DECK = load_content(CONTENT)
LANGS = DECK.language_codes


# --- the model -----------------------------------------------------------------------------


def problems(path) -> dict[str, str]:
    with pytest.raises(ContentError) as info:
        load_content(path)
    return {p.path: p.message for p in info.value.problems}


def test_the_deck_has_at_least_four_charts_of_every_kind():
    assert len(DECK.charts) >= 4
    assert {c.kind for c in DECK.charts} == {"bars", "parts", "timeline"}
    floor = next(c for c in DECK.charts if c.id == "floor-area")
    assert floor.values == [170000, 280000] and sum(floor.values) == 450000
    companies = next(c for c in DECK.charts if c.id == "companies")
    assert (companies.values, companies.target) == ([49], 150)
    milestones = next(c for c in DECK.charts if c.kind == "timeline")
    assert milestones.dates[0] == "2020-09" and milestones.dates[-1] == "2026"


@pytest.mark.parametrize(
    ("damage", "path", "message"),
    [
        (lambda d: d["charts"][2].update(values=[40, 122]), "$.charts[2].values",
         "has 2 items for 3 labels; expected one per label"),
        (lambda d: d["charts"][4].update(dates=["2020-09"] * 6 + ["2026"]), None, None),
        (lambda d: d["charts"][4]["dates"].pop(), "$.charts[4].dates",
         "has 6 items for 7 labels; expected one per label"),
        (lambda d: d["charts"][1].update(values=[-49]), "$.charts[1].values[0]",
         "got -49; expected greater than or equal to 0"),
        (lambda d: d["charts"][0].update(kind="pie"), "$.charts[0]",
         "unknown chart kind 'pie'; expected one of bars, parts, timeline"),
        (lambda d: d["charts"][0].pop("kind"), "$.charts[0]",
         "missing 'kind'; expected one of bars, parts, timeline"),
        (lambda d: d["charts"][3].pop("source"), "$.charts[3].source",
         "missing; expected this field"),
        (lambda d: d["charts"][2].update(at_least=[True]), "$.charts[2].at_least",
         "has 1 items for 3 labels; expected one per label"),
        (lambda d: d["charts"][4]["dates"].reverse(), "$.charts[4].dates",
         "not in date order; expected the earliest first"),
        (lambda d: d["charts"][4]["dates"].__setitem__(0, "Sept 2020"), "$.charts[4].dates[0]",
         "got \"Sept 2020\"; expected a year or a month as 'YYYY' or 'YYYY-MM', e.g. '2024-11'"),
        (lambda d: d["charts"][1].update(id="floor-area"), "$.charts[1].id",
         "duplicate chart id 'floor-area' (also at $.charts[0]); expected each id once"),
        (lambda d: d["charts"][0]["labels"][1].pop("ko"), "$.charts[0].labels[1]",
         "missing translation for 'ko' (한국어); expected every language"),
        (lambda d: d["charts"][0]["title"].pop("ja"), "$.charts[0].title",
         "missing translation for 'ja' (日本語); expected every language"),
        (lambda d: d["charts"][3].update(values=[0, 0]), "$.charts[3].values",
         "all parts are 0; expected a whole to divide"),
        (lambda d: d["charts"][1].update(unit="square metres"), "$.charts[1].unit",
         "got \"square metres\"; expected a CLDR unit id such as 'area-square-meter'"),
    ],
)  # fmt: skip
def test_bad_chart_data_is_rejected_with_path_and_message(
    content_copy, document, damage, path, message
):
    damage(document)
    write(content_copy, document)
    if path is None:  # equal dates are in order: fine
        load_content(content_copy)
        return
    found = problems(content_copy)
    assert found.get(path) == message, found


def test_kiosk_validate_names_file_path_and_expectation(content_copy, document, capsys):
    document["charts"][2]["values"] = [40, -122]
    document["charts"][1]["kind"] = "donut"
    write(content_copy, document)
    assert main(["validate", str(content_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{content_copy}: $.charts[2].values[1]: got -122; expected greater" in err
    assert f"{content_copy}: $.charts[1]: unknown chart kind 'donut'" in err
    assert "Traceback" not in err


def test_lists_that_do_not_pair_up_are_reported_with_other_problems(content_copy, document):
    document["charts"][2]["values"] = [40, 122]
    document["charts"][0]["kind"] = "pie"
    write(content_copy, document)
    found = problems(content_copy)
    assert found["$.charts[2].values"] == "has 2 items for 3 labels; expected one per label"
    assert "unknown chart kind 'pie'" in found["$.charts[0]"]


def test_charts_are_optional(content_copy, document):
    del document["charts"]
    write(content_copy, document)
    assert load_content(content_copy).charts == []


# --- plots ---------------------------------------------------------------------------------


def flush_deletes() -> None:
    """Delete what deleteLater() queued: leftover plots and windows slow later tests."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(scope="module")
def plots(qapp):
    application()
    from kiosk.ui.charts.view import plot_for

    made = {chart.id: plot_for(chart) for chart in DECK.charts}
    yield made
    for plot in made.values():
        plot.deleteLater()
    flush_deletes()


@pytest.mark.parametrize(
    ("chart", "lang", "values", "expected"),
    [
        ("floor-area", "zh_Hans", [100000, 200000], ["10万", "20万"]),
        ("floor-area", "zh_Hant", [100000, 200000], ["10萬", "20萬"]),
        ("floor-area", "ko", [100000, 300000], ["10만", "30만"]),
        ("floor-area", "ja", [100000, 200000], ["10万", "20万"]),
        ("floor-area", "en", [100000, 200000], ["100,000", "200,000"]),
        ("companies", "en", [20, 1000], ["20", "1,000"]),
        ("iasp-papers", "en", [0.2, 0.6000000000000001], ["20%", "60%"]),
        ("milestones", "zh_Hans", [2021.0, 2024.0], ["2021年", "2024年"]),
        ("milestones", "ko", [2021.0, 2024.0], ["2021년", "2024년"]),
        ("milestones", "ja", [2021.0], ["2021年"]),
        ("milestones", "en", [2021.0], ["2021"]),
    ],
)
def test_ticks_are_formatted_for_the_language(plots, chart, lang, values, expected):
    plot = plots[chart]
    plot.set_language(lang)
    assert plot.axis.tickStrings(values, 1.0, 1.0) == expected


def test_plots_use_the_deck_palette_and_fonts(plots):
    from kiosk.ui import fonts, theme

    plot = plots["companies"]
    plot.set_language("ko")
    assert plot.bars.opts["brush"] == theme.TEAL
    assert plot.axis.textPen().color() == theme.MUTED
    assert plot.values[0].textItem.font().families() == fonts.families("ko")
    assert plot.labels[0].textItem.font().families() == fonts.families("ko")


# --- rendering -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("charts")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "render", "--view", "charts", "--lang", "all",
         "--size", "960x540", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


def test_every_chart_renders_in_every_language_and_is_not_blank(rendered):
    for lang in LANGS:
        names = sorted(p.name for p in (rendered / lang).glob("*.png"))
        assert names == sorted(f"charts-{c.id}.png" for c in DECK.charts)
        for name in names:
            image = QImage(str(rendered / lang / name))
            assert (image.width(), image.height()) == (960, 540)
            sample = {image.pixel(x, y) for x in range(0, 960, 13) for y in range(120, 470, 11)}
            assert len(sample) > 40, f"{lang}/{name} looks blank"


def test_languages_render_differently(rendered):
    for chart in DECK.charts:
        images = {(rendered / lang / f"charts-{chart.id}.png").read_bytes() for lang in LANGS}
        assert len(images) == len(LANGS), chart.id


def test_render_is_deterministic(rendered, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "render", "--view", "all", "--lang", "ja",
         "--size", "960x540", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    names = {p.name for p in (tmp_path / "ja").glob("*.png")}
    assert {f"charts-{c.id}.png" for c in DECK.charts} <= names
    assert len(names) == len(DECK.charts) + len(DECK.slides)  # --view all: slides too
    for chart in DECK.charts:
        name = f"charts-{chart.id}.png"
        assert QImage(str(tmp_path / "ja" / name)) == QImage(str(rendered / "ja" / name)), name


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
    assert view.title.text() == DECK.charts[0].title[window.lang]
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)  # pages the charts
    assert view.index == 1 and view.title.text() == DECK.charts[1].title[window.lang]
    assert window.position.index == 1 and window.position.count == len(DECK.charts)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not window.charts.active
    assert window.charts.pages.currentWidget() is window.stage
    assert window.navigator.index == 2 and window.stage.current() == 2


def test_language_toggle_updates_the_chart_texts(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    view = window.charts.view
    for lang in ("en", "ko", "zh_Hant"):
        qtbot.mouseClick(window.languages.buttons[lang], Qt.MouseButton.LeftButton)
        assert view.title.text() == DECK.charts[0].title[lang]
        assert view.source.text() == DECK.charts[0].source[lang]
        plot = view.current()
        assert plot.lang == lang
        assert plot.legend[0].toPlainText() == DECK.charts[0].labels[0][lang]


def test_a_language_chosen_while_the_charts_are_hidden_shows_when_they_open(make_window, qtbot):
    window = make_window()
    button = window.charts.button
    qtbot.mouseClick(window.languages.buttons["en"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # back to the slides
    qtbot.mouseClick(window.languages.buttons["ko"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    view = window.charts.view
    assert view.title.text() == DECK.charts[0].title["ko"]
    assert view.source.text() == DECK.charts[0].source["ko"]
    assert view.current().lang == "ko"
    assert view.current().legend[0].toPlainText() == DECK.charts[0].labels[0]["ko"]


def test_plots_are_built_ahead_in_idle_time_and_showing_one_builds_nothing(make_window, qtbot):
    window = make_window()
    view = window.charts.view
    assert view.plots == {}  # nothing before it is asked for (the program asks 3 s in)
    window.charts.prepare()
    qtbot.waitUntil(lambda: not window.charts.preparer.isActive(), timeout=20_000)
    built = dict(view.plots)
    assert sorted(built) == list(range(len(DECK.charts)))
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.next_button, Qt.MouseButton.LeftButton)
    assert view.plots == built
    assert view.stack.currentWidget() is built[1]


def test_preparing_waits_while_a_transition_plays(make_window, qtbot):
    window = make_window(transition_ms=600)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.stage.overlay.isVisible()
    window.charts.prepare()
    QApplication.processEvents()
    assert window.charts.view.plots == {}  # not during the transition's frames
    qtbot.waitUntil(lambda: not window.charts.preparer.isActive(), timeout=20_000)
    assert len(window.charts.view.plots) == len(DECK.charts)


def in_a_window(body: str, live: bool = True) -> str:
    """A script for a fresh process: the kiosk window on the bundled content, shown offscreen
    at 1280x720 as `window` (the application as `app`), then `body`."""
    setup = f"""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.resources import default_content_path
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    app = application()
    path = default_content_path()
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


def test_preparing_before_the_first_frame_waits_for_it():
    """A plot built before the window's first frame crashed PySide in a later slide render
    (a segfault, hence the subprocess)."""
    result = subprocess.run(
        [sys.executable, "-c", EARLY_PREPARE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == str(len(DECK.charts))


def click_at(qtbot, plot, x: float, y: float) -> None:
    """A real click on the plot at data point (x, y)."""
    scene = plot.box.mapViewToScene(QPointF(x, y))
    pos = plot.mapFromScene(scene)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))


def test_tapping_a_bar_shows_its_exact_value(make_window, qtbot):
    window = make_window(size=(1920, 1080))
    qtbot.mouseClick(window.languages.buttons["en"], Qt.MouseButton.LeftButton)
    window.charts.open(2)  # IASP 2025: three bars
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    top, bottom = plot.rows[1]
    click_at(qtbot, plot, 60, (top + bottom) / 2)
    assert plot.callout.isVisible()
    assert plot.callout.textItem.toPlainText() == "Papers submitted\n122"
    top, bottom = plot.rows[0]
    click_at(qtbot, plot, 20, (top + bottom) / 2)
    assert plot.callout.textItem.toPlainText() == "Countries and regions taking part\n40+"
    click_at(qtbot, plot, 100, plot.rows[2][1] + 200)  # nothing there: the callout goes
    assert not plot.callout.isVisible()


def test_a_finger_tap_on_a_bar_shows_its_value(make_window):
    window = make_window(size=(1920, 1080))
    window.set_language("ko")
    window.charts.open(1, animate=False)  # companies: a bar and an aim
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
    assert plot.callout.textItem.toPlainText() == "유치한 기술기업(2025년 9월 기준)\n49"
    finger(120)  # on the track, short of the aim
    assert plot.callout.textItem.toPlainText() == "장기 목표: 150개사 가까이\n150"


def test_tapping_a_part_and_a_milestone_shows_exact_figures(make_window, qtbot):
    window = make_window(size=(1920, 1080))
    window.set_language("zh_Hans")
    window.charts.open(0)
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    top, bottom = plot.band
    click_at(qtbot, plot, 300000, (top + bottom) / 2)
    assert plot.callout.textItem.toPlainText() == "二期（预计2026年建成）\n280,000平方米 · 62%"
    window.charts.open(4)
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    click_at(qtbot, plot, plot.dots_at[4].x(), plot.dots_at[4].y())
    assert plot.callout.textItem.toPlainText() == "2024年11月\n一期正式开园"


def test_charts_grow_in_within_800_ms(make_window, qtbot):
    window = make_window()
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    view = window.charts.view
    assert view.animation.duration() <= 800
    assert 0.0 <= view.current().progress < 1.0  # growing
    qtbot.wait(850)  # the animation runs on wall-clock time: done by now
    assert view.animation.state() == QVariantAnimation.State.Stopped
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
    qtbot.mouseClick(window.languages.buttons["ja"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    assert window.charts.active
    clock.now += 121
    qtbot.waitUntil(lambda: not window.charts.active and window.lang == "zh_Hans", timeout=2000)
    assert window.navigator.index == 0


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (3840, 2160)])
def test_chart_texts_fit_and_the_window_keeps_its_size(make_window, size):
    window = make_window(size=size)
    for lang in LANGS:
        window.set_language(lang)
        for i in range(len(DECK.charts)):
            window.charts.open(i, animate=False)
            QApplication.processEvents()
            view = window.charts.view
            assert (window.width(), window.height()) == size
            for label in (view.title, view.source):
                assert label.heightForWidth(label.width()) <= label.height() + 1, (lang, i)
            plot = view.current()
            area = plot.box.sceneBoundingRect().adjusted(-2, -2, 2, 2)
            texts = [
                item
                for item in plot.getPlotItem().items
                if isinstance(item, pg.TextItem) and item.isVisible() and item.opacity() > 0
            ]
            for n, item in enumerate(texts):  # inside the plot, and clear of each other
                where = (lang, DECK.charts[i].id, item.toPlainText())
                assert area.contains(item.sceneBoundingRect()), where
                for other in texts[n + 1 :]:
                    overlap = item.sceneBoundingRect() & other.sceneBoundingRect()
                    assert overlap.isEmpty(), (*where, other.toPlainText())


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
    result = subprocess.run(
        [sys.executable, "-c", LAZY], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[] ['numpy', 'pyqtgraph']"
