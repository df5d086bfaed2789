"""One colour meaning across the deck (#16): a planned milestone of a timeline slide is amber
like the charts' aims, and a chart's tap callout is a panel like the detail panel."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from kiosk.ui import theme
from tests.conftest import chart_of, slide_of


def close(a: QColor, b: QColor, levels: int = 24) -> bool:
    return all(abs(x - y) <= levels for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def painted(image) -> set[str]:
    """Which of the two tones a stop's pixels show (its dot)."""
    found = set()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            colour = image.pixelColor(x, y)
            for name, tone in (("achieved", theme.ACHIEVED), ("planned", theme.PLANNED)):
                if close(colour, tone, 8):
                    found.add(name)
    return found


def test_a_planned_milestone_is_amber_and_the_others_teal(make_window, make_deck, qtbot):
    def plan_last(d):
        slide_of(d, "timeline")["events"][-1]["planned"] = True

    window = make_window(path=make_deck(plan_last), size=(1920, 1080))
    index = next(i for i, s in enumerate(window.content.slides) if s.kind == "timeline")
    window.go_to(index)
    view = window.stage.views[index]
    qtbot.waitUntil(lambda: window.stage.page() is view, timeout=3000)
    QApplication.processEvents()
    dots = [painted(stop.grab().toImage()) for _date, stop, _text in view.events]
    *done, last = dots
    assert last == {"planned"}, dots
    assert all(tones == {"achieved"} for tones in done), dots
    dates = [date.palette().color(QPalette.ColorRole.WindowText) for date, _s, _t in view.events]
    assert dates == [theme.ACHIEVED] * (len(dates) - 1) + [theme.PLANNED]


def test_a_tap_on_a_bar_shows_a_rounded_panel_with_a_teal_outline(make_window, make_deck, qtbot):
    def one_bar(d):
        c = chart_of(d, "bars")
        c["labels"] = c["labels"][:1]
        c.update(values=[40], at_least=[False])
        c.pop("target", None)
        c.pop("target_label", None)

    window = make_window(path=make_deck(one_bar), size=(1920, 1080))
    at = next(i for i, c in enumerate(window.content.charts) if c.kind == "bars")
    window.charts.open(at)
    window.charts.view.finish()
    plot = window.charts.view.current()
    QApplication.processEvents()
    top, bottom = plot.rows[0]
    scene = plot.box.mapViewToScene(QPointF(20, (top + bottom) / 2))
    pos = plot.mapFromScene(scene)
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos.x(), pos.y()))
    assert plot.callout.isVisible()
    assert plot.callout.radius == plot.scale.radius() > 0
    image = plot.grab().toImage()  # the callout's place is known once it has been painted
    box = plot.mapFromScene(plot.callout.sceneBoundingRect()).boundingRect()
    stroke = max(2, round(plot.callout.stroke))
    middle_y = box.center().y()
    edge = image.pixelColor(box.left() + stroke // 2, middle_y)
    inside = image.pixelColor(box.left() + stroke * 4, box.top() + stroke * 4)
    corner = image.pixelColor(box.left() + 1, box.top() + 1)
    assert close(edge, theme.TEAL), edge.name()  # the outline, as on the detail panel
    assert close(inside, theme.SURFACE), inside.name()  # the panel's surface
    assert not close(corner, theme.TEAL) and not close(corner, theme.SURFACE), corner.name()
