"""The design system in one place: palette, type scale, spacing, radii.

Sizes are in "units": one unit is one pixel on a 1080-pixel-high landscape screen, so a
layout scales with the window instead of using fixed pixels.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

# Palette: deep navy and teal for an industrial-internet park, one warm accent.
BACKGROUND = QColor("#0B1B3A")
BACKGROUND_2 = QColor("#102A52")
SURFACE = QColor("#15325F")
SURFACE_LINE = QColor("#24497F")
TEAL = QColor("#19C3B1")
TEXT = QColor("#F4F7FB")
MUTED = QColor("#AFC0DA")
ACCENT = QColor("#FFB547")

# Type scale, in units (pixels at 1080p). Body text is 2.5%+ of a 1080p screen's height.
TYPE = {
    "display": 84,
    "title": 60,
    "figure": 76,
    "heading": 38,
    "lead": 36,
    "body": 31,
    "small": 27,
    "chrome": 26,
}


@dataclass(frozen=True)
class Scale:
    """Pixels per unit for a window size."""

    unit: float
    portrait: bool

    @classmethod
    def for_size(cls, size: QSize) -> Scale:
        w, h = max(size.width(), 1), max(size.height(), 1)
        portrait = h > w
        # The short side sets the scale; portrait screens are read closer to their width.
        unit = min(w, h) / 1080 * (1.1 if portrait else 1.0)
        unit = min(unit, w / 1920 * 1.25) if not portrait else unit  # very wide, short windows
        return cls(unit=max(unit, 0.2), portrait=portrait)

    def px(self, units: float) -> int:
        return max(1, round(units * self.unit))

    def text(self, role: str, factor: float = 1.0) -> int:
        return self.px(TYPE[role] * factor)
