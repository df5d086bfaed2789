"""layout.json: every text box on the page a window shows, with its lines as drawn.

`kiosk render` writes one per language folder (docs/layout-report.md). Tests read it to
check line breaks and the type scale; translators read it to see whether a text fits.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGraphicsView

from kiosk.ui.fit import _box
from kiosk.ui.widgets import TextLabel

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

FORMAT = 1


def page_id(window: KioskWindow) -> str:
    """The id of the slide or chart the window shows."""
    content = window.content
    if window.charts.active and content.charts:
        return content.charts[window.charts.view.index].id
    return content.slides[window.navigator.index].id if content.slides else ""


def label_box(label: TextLabel) -> dict[str, Any]:
    paragraphs = label.lines()
    starts, at = [], 0
    for lines in paragraphs:
        starts.append(at)
        at += len(lines)
    return {
        "role": label.part,
        "px": label.drawn_pixel_size(),
        "rect": list(_box(label)),
        "lines": [line for lines in paragraphs for line in lines],
        "paragraph_starts": starts,
    }


def chart_text_boxes(window: KioskWindow) -> list[dict[str, Any]]:
    """The texts inside the chart's plot (labels, values, callouts), each line as Qt laid
    it out in the item's document."""
    import pyqtgraph as pg

    boxes = []
    for view in window.charts.view.findChildren(QGraphicsView):
        if not view.isVisible():
            continue
        for item in view.items():
            if not isinstance(item, pg.TextItem) or not item.isVisible() or item.opacity() <= 0:
                continue
            text = item.toPlainText()
            if not text:
                continue
            lines: list[str] = []
            starts: list[int] = []
            block = item.textItem.document().begin()
            while block.isValid():
                starts.append(len(lines))
                layout = block.layout()
                for n in range(layout.lineCount()):
                    line = layout.lineAt(n)
                    start = line.textStart()
                    text = block.text()[start : start + line.textLength()]
                    lines.append(text.replace("\u2028", ""))
                block = block.next()
            rect = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
            x, y = view.mapTo(window, rect.topLeft()).toTuple()
            boxes.append(
                {
                    # values are bold (the scale's heading), labels plain (its body); a
                    # text at another role of the scale names it (a progress ring's figure)
                    "role": getattr(item, "kiosk_role", None)
                    or ("chart-value" if item.textItem.font().bold() else "chart-label"),
                    "px": item.textItem.font().pixelSize(),
                    "rect": [x, y, rect.width(), rect.height()],
                    "lines": lines,
                    "paragraph_starts": starts,
                }
            )
    return boxes


def page_layout(window: KioskWindow, image: str) -> dict[str, Any]:
    """The text boxes of the page on screen, top to bottom, left to right."""
    boxes = [
        label_box(label)
        for label in window.findChildren(TextLabel)
        if label.isVisible() and label.text()
    ]
    if window.charts.active:
        boxes += chart_text_boxes(window)
    boxes.sort(key=lambda box: (box["rect"][1], box["rect"][0]))
    return {"id": page_id(window), "image": image, "boxes": boxes}


def write_layout(folder: Path, lang: str, size: tuple[int, int], pages: list[Any]) -> Path:
    """folder/layout.json for `pages` (page_layout's results), merged with the pages an
    earlier view (slides, then charts) wrote there in the same run."""
    target = folder / "layout.json"
    report = {"format": FORMAT, "language": lang, "size": list(size), "pages": pages}
    target.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target
