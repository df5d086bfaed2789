"""The position dots as a visitor sees them: where each is drawn, found in the pixels."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow


def dot_centres(window: KioskWindow) -> list[QPoint]:
    """Where the dots are drawn (window pixels), found in a picture of the bar: each run of
    drawn pixels along its middle row is a dot (the current one a short bar)."""
    dots = window.position
    image = dots.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    y = image.height() // 2
    row = [image.pixelColor(x, y).lightness() for x in range(image.width())]
    base = max(set(row), key=row.count)  # the background, the most common value
    runs, start = [], None
    for x, value in enumerate([*row, base]):
        if abs(value - base) > 12 and start is None:
            start = x
        elif abs(value - base) <= 12 and start is not None:
            runs.append((start + x) // 2)
            start = None
    return [dots.mapTo(window, QPoint(x, y)) for x in runs]
