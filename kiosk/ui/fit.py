"""What is wrong with the page a kiosk window shows now, as drawn: text cut off, a page that
does not fit, a chart's texts outside it or on each other (errors), and bad line breaks
(warnings, by kiosk.textfit's rules). Used by the tests and by `kiosk review`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QWidget

from kiosk.textfit import Finding, break_problems
from kiosk.ui.widgets import TextLabel

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

Box = tuple[int, int, int, int]


def _box(widget: QWidget, rect: QRectF | None = None) -> Box:
    """`rect` (default: all of `widget`), in `widget`'s pixels, as x, y, w, h in the window's."""
    r = (rect or QRectF(widget.rect())).toAlignedRect()
    top_left = widget.mapTo(widget.window(), r.topLeft())
    return top_left.x(), top_left.y(), r.width(), r.height()


def label_lines(label: TextLabel) -> list[list[str]]:
    """The label's text as it is broken into lines on screen, paragraph by paragraph (a
    "\\n" of the content's own starts a paragraph): the lines kiosk.linebreak gave it,
    which are the lines it draws."""
    return label.lines()


def shown(text: str, limit: int = 60) -> str:
    """A text for a message: quoted, and cut short when long."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def overflows(label: TextLabel) -> bool:
    """Whether the label's text needs more height than it was given (it is cut off)."""
    return label.heightForWidth(label.width()) > label.height() + 1


def label_findings(labels: list[TextLabel]) -> list[Finding]:
    """Text cut off (error) and bad line breaks (warning) in the visible labels."""
    found = []
    for label in labels:
        if not label.isVisible() or not label.text():
            continue
        if overflows(label):
            found.append(Finding("error", f"text cut off: {shown(label.text())}", _box(label)))
        for lines in label_lines(label):
            problems = break_problems(lines, label.lang)
            found += [Finding("warning", m, _box(label)) for m in problems]
    return found


def slide_findings(window: KioskWindow) -> list[Finding]:
    """Everything wrong with the slide the window shows now."""
    view = window.stage.page()
    if view is None:
        return [Finding("error", "no slide on screen")]
    found = label_findings(view.labels)
    if not view.fits():
        found.insert(
            0, Finding("error", "too much for the screen, even at the smallest type", _box(view))
        )
    elif view.fit_factor < 1:  # the last resort: the whole page below the type scale
        message = f"too long for the type scale: drawn at {round(view.fit_factor * 100)}%"
        found.insert(0, Finding("long", message, _box(view)))
    return found


def chart_findings(window: KioskWindow) -> list[Finding]:
    """Everything wrong with the chart the window shows now: its title or source cut off or
    badly broken, a text of the plot outside its box or on top of another text."""
    import pyqtgraph as pg

    view = window.charts.view
    found = label_findings([view.title, view.source])
    plot = view.current()
    area = plot.box.sceneBoundingRect().adjusted(-2, -2, 2, 2)
    texts = [
        item
        for item in plot.added
        if isinstance(item, pg.TextItem) and item.isVisible() and item.opacity() > 0
    ]

    def where(*rects: QRectF) -> Box:
        united = QRectF()
        for rect in rects:
            united |= rect
        return _box(plot, plot.mapFromScene(united).boundingRect().toRectF())

    for n, item in enumerate(texts):  # inside the plot, and clear of each other
        rect = item.sceneBoundingRect()
        if not area.contains(rect):
            found.append(
                Finding("error", f"outside the plot: {shown(item.toPlainText())}", where(rect))
            )
        for other in texts[n + 1 :]:
            if not (rect & other.sceneBoundingRect()).isEmpty():
                found.append(
                    Finding(
                        "error",
                        f"overlap: {shown(item.toPlainText())} and {shown(other.toPlainText())}",
                        where(rect, other.sceneBoundingRect()),
                    )
                )
    return found


def slide_fit_problems(window: KioskWindow) -> list[str]:
    """The slide's errors only (a test's "fits"): text cut off, a layout too big."""
    return [f.message for f in slide_findings(window) if f.level == "error"]


def chart_fit_problems(window: KioskWindow) -> list[str]:
    """The chart's errors only: a title or source cut off, plot texts outside or overlapping."""
    return [f.message for f in chart_findings(window) if f.level == "error"]
